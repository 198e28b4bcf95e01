"""artikel-tts: German news articles to podcast-quality audio, locally."""

__version__ = "0.1.0"
