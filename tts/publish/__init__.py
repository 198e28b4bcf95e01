"""Publishing: the episode catalogue, side-cars, the podcast feed, listener pages, a server."""
