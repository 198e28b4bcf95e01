"""The `tts` command: a thin typer layer over the library. Nothing else lives here.

All errors the user can fix are TTSError; they are turned into one line on stderr and a
non-zero exit code in exactly one place (_Group.invoke).
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer.core import TyperGroup

from tts import __version__
from tts.errors import TTSError

if TYPE_CHECKING:
    from rich.progress import Progress, TaskID

    from tts.article import Script
    from tts.batch import BatchProgress
    from tts.config import Settings
    from tts.events import Event
    from tts.pipeline import Result


class _Group(TyperGroup):
    """The CLI's single error boundary: a TTSError is one line and exit 1 (with --debug, the
    traceback and its cause first); Ctrl-C is one line and exit 130."""

    def invoke(self, ctx: typer.Context) -> object:  # type: ignore[override]  # vendored click
        try:
            return super().invoke(ctx)
        except TTSError as error:
            _debug_trace(ctx, error)
            typer.echo(f"Error: {error}", err=True)
            raise typer.Exit(code=error.exit_code) from None
        except MemoryError as error:
            _debug_trace(ctx, error)
            typer.echo(
                "Error: out of memory; nothing was written. Try a shorter article "
                "(max_chars in tts.toml) or a machine with more memory",
                err=True,
            )
            raise typer.Exit(code=1) from None
        except KeyboardInterrupt:
            typer.echo("Interrupted; no episode was written", err=True)
            raise typer.Exit(code=130) from None


def _debug_trace(ctx: typer.Context, error: BaseException) -> None:
    if ctx.obj and ctx.obj.get("debug"):
        import traceback

        traceback.print_exception(type(error), error, error.__traceback__, file=sys.stderr)


app = typer.Typer(
    cls=_Group,
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    help="Turn German news articles into podcast-quality audio with a local Piper voice.",
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"tts (artikel-tts) {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    ctx: typer.Context,
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
    debug: Annotated[
        bool, typer.Option("--debug", help="On an error, show the traceback and its cause.")
    ] = False,
) -> None:
    """Turn German news articles into podcast-quality audio with a local Piper voice."""
    ctx.obj = {"debug": debug}


def _lines_or_argument(text: str | None) -> list[str]:
    if text is not None:
        return [text]
    return sys.stdin.read().split("\n")


@app.command()
def normalize(
    text: Annotated[
        str | None, typer.Argument(help="Text to normalise; without it, stdin.")
    ] = None,
    lexicon: Annotated[
        Path | None, typer.Option(help="User lexicon (TSV: word, replacement or [[ phonemes ]]).")
    ] = None,
) -> None:
    """Print the spoken form of German text: one output line per input line."""
    from tts.normalize import Lexicon, Normalizer

    normalize_text = Normalizer(Lexicon.load(lexicon) if lexicon else None)
    lines = _lines_or_argument(text)
    if text is None and lines and lines[-1] == "":
        lines.pop()
    for line in lines:
        typer.echo(normalize_text(line))


@app.command()
def split(
    text: Annotated[
        str | None, typer.Argument(help="Paragraph to split; without it, stdin.")
    ] = None,
) -> None:
    """Print one German sentence per line, nothing else."""
    from tts.segment import split_sentences

    paragraph = text if text is not None else sys.stdin.read()
    for sentence in split_sentences(paragraph):
        typer.echo(sentence)


voices_app = typer.Typer(
    no_args_is_help=True, help="Piper voices: the catalogue, verified downloads, details."
)
app.add_typer(voices_app, name="voices")


def _voice_settings() -> Settings:
    from tts.config import load_settings

    return load_settings()


def _note(message: str | None) -> None:
    if message:
        typer.echo(f"Note: {message}", err=True)


@voices_app.command("list")
def voices_list(
    language: Annotated[
        str | None, typer.Option("--language", "-l", help="Only this language: de, de_DE.")
    ] = None,
    installed: Annotated[
        bool, typer.Option("--installed", help="Only installed voices (no network needed).")
    ] = False,
) -> None:
    """List voices with language, quality, size; offline, from the cached catalogue."""
    from tts.voices import cached_catalogue, load_catalogue
    from tts.voices.listing import format_rows, voice_rows

    settings = _voice_settings()
    voices_dir = settings.voices_dir
    catalogue = (
        cached_catalogue(voices_dir)
        if installed
        else load_catalogue(voices_dir, settings.voices_url, retry_delays=settings.retry_delays)
    )
    _note(catalogue.note if catalogue else None)
    rows = voice_rows(voices_dir, catalogue, language, installed_only=installed)
    if rows:
        typer.echo(format_rows(rows))
    elif installed:
        typer.echo(f"No voices installed in {voices_dir}; get one with `tts voices download NAME`.")
    else:
        typer.echo(f"No voices for language {language!r} in the catalogue.")


@voices_app.command("download")
def voices_download(
    names: Annotated[list[str], typer.Argument(help="Voice names, e.g. de_DE-thorsten-medium.")],
) -> None:
    """Download voices, verified against the catalogue; an interrupted download resumes."""
    from tts.events import Event
    from tts.voices import (
        download_voice,
        ensure_writable,
        is_installed,
        load_catalogue,
    )

    settings = _voice_settings()
    voices_dir = settings.voices_dir
    ensure_writable(voices_dir)
    catalogue = load_catalogue(voices_dir, settings.voices_url, retry_delays=settings.retry_delays)
    _note(catalogue.note)
    entries = [catalogue.entry(name) for name in names]  # every name checked before any download
    for entry in entries:
        if is_installed(entry.key, voices_dir):
            typer.echo(f"{entry.key}: already installed in {voices_dir}")
            continue
        with _progress() as bars:
            download_voice(
                entry,
                voices_dir,
                settings.voices_url,
                lambda name, done, total: bars.event(Event("download", done, total, name)),
                retry_delays=settings.retry_delays,
            )
        typer.echo(f"{entry.key}: installed in {voices_dir}")


@voices_app.command("remove")
def voices_remove(
    names: Annotated[list[str], typer.Argument(help="Installed voice names.")],
) -> None:
    """Delete installed voices (and unfinished downloads of them)."""
    from tts.voices import remove_voice

    voices_dir = _voice_settings().voices_dir
    for name in names:
        removed = remove_voice(name, voices_dir)
        typer.echo(f"{name}: removed {len(removed)} files from {voices_dir}")


@voices_app.command("info")
def voices_info(
    name: Annotated[str, typer.Argument(help="Voice name, or path to a .onnx voice.")],
) -> None:
    """Show a voice: language, quality, sample rate, speakers (to pick one), license, model card."""
    from tts.voices import cached_catalogue, is_installed, load_catalogue
    from tts.voices.listing import voice_info
    from tts.voices.local import is_voice_path

    settings = _voice_settings()
    voices_dir = settings.voices_dir
    if is_voice_path(name):
        voices_dir, name = Path(name).parent, Path(name).name.removesuffix(".onnx")
    catalogue = cached_catalogue(voices_dir)
    if not is_installed(name, voices_dir) and (catalogue is None or catalogue.get(name) is None):
        # perhaps a voice newer than the cached catalogue
        catalogue = load_catalogue(
            voices_dir, settings.voices_url, retry_delays=settings.retry_delays
        )
        _note(catalogue.note)
    typer.echo(voice_info(name, voices_dir, catalogue))


ConfigOption = Annotated[
    Path | None, typer.Option("--config", help="Settings file (default: ./tts.toml when present).")
]
ArticleArgument = Annotated[
    str,
    typer.Argument(
        help="The article: an .html, .md or .txt file, - for stdin, or an http(s) URL.",
        show_default=False,
    ),
]
LexiconOption = Annotated[
    Path | None,
    typer.Option(
        help="User lexicon (TSV: word, replacement or [[ phonemes ]]); overrides tts.toml."
    ),
]
FormatOption = Annotated[
    str | None,
    typer.Option(
        "--format", help="html, markdown or text (default: from the extension or the content)."
    ),
]


def _load(config: Path | None, **overrides: Any) -> Settings:
    from tts.config import load_settings

    return load_settings(config).with_overrides(**overrides)


@app.command()
def script(
    article: ArticleArgument,
    spoken: Annotated[
        bool, typer.Option("--spoken", help="Show the spoken (normalised) form.")
    ] = False,
    review: Annotated[
        bool,
        typer.Option(
            "--review",
            help="List every place the normaliser rewrote or guessed; '?' marks the guesses.",
        ),
    ] = False,
    config: ConfigOption = None,
    fmt: FormatOption = None,
    lexicon: LexiconOption = None,
) -> None:
    """Print what will be read, without synthesising: '## chapter' lines, one utterance per line."""
    from tts.pipeline import prepare

    settings = _load(config, lexicon=lexicon)
    prepared = prepare(article, settings, fmt)
    lines = _review_lines(prepared.script, settings) if review else None
    for line in lines if lines is not None else _script_lines(prepared.script, spoken):
        typer.echo(line)


def _review_lines(script: Script, settings: Settings) -> list[str]:
    """For an editor: each rewritten place as 'written -> spoken (kind)', guesses first marked
    '?' with the reason, under the chapter they are in; a count at the end."""
    from tts.normalize import Lexicon
    from tts.normalize.review import review

    lexicon = Lexicon.load(settings.lexicon) if settings.lexicon else None
    lines: list[str] = []
    section, places, guesses = -1, 0, 0
    for utterance in script.utterances:
        found = review(utterance.written, lexicon)
        if not found:
            continue
        if utterance.section_index != section:
            section = utterance.section_index
            lines.append(f"## {script.chapter_titles[section]}")
        for place in found:
            places += 1
            guesses += place.ambiguous
            mark = "?" if place.ambiguous else " "
            why = f"; {place.reason}" if place.reason else ""
            lines.append(f"{mark} {place.written} -> {place.spoken}  ({place.kind}{why})")
    lines.append(f"{places} places rewritten, {guesses} to check (marked ?)")
    return lines


def _script_lines(script: Script, spoken: bool) -> list[str]:
    lines: list[str] = []
    section = -1
    for utterance in script.utterances:
        if utterance.section_index != section:
            section = utterance.section_index
            lines.append(f"## {script.chapter_titles[section]}")
        lines.append(utterance.text if spoken else utterance.written)
    return lines


@app.command()
def synth(
    article: ArticleArgument,
    output_dir: Annotated[
        Path | None,
        typer.Option("--output-dir", "-o", help="Where the episode goes (default: output)."),
    ] = None,
    voice: Annotated[
        str | None,
        typer.Option(help="Piper voice: a name in the voices directory, or a .onnx path."),
    ] = None,
    engine: Annotated[str | None, typer.Option(help="piper (default) or espeak.")] = None,
    no_fallback: Annotated[
        bool, typer.Option("--no-fallback", help="Fail instead of falling back to espeak-ng.")
    ] = False,
    force: Annotated[
        bool, typer.Option("--force", help="Redo the episode even when nothing changed.")
    ] = False,
    speaker: Annotated[
        str | None, typer.Option(help="Speaker of a multi-speaker voice (name or number).")
    ] = None,
    length_scale: Annotated[
        float | None, typer.Option("--length-scale", help="Speaking pace: >1 slower, <1 faster.")
    ] = None,
    noise_scale: Annotated[
        float | None, typer.Option("--noise-scale", help="Voice variation.")
    ] = None,
    noise_w_scale: Annotated[
        float | None, typer.Option("--noise-w-scale", help="Rhythm variation.")
    ] = None,
    sentence_silence: Annotated[
        float | None, typer.Option("--sentence-silence", help="Extra seconds after each sentence.")
    ] = None,
    max_chars: Annotated[
        int | None,
        typer.Option("--max-chars", help="Refuse inputs longer than this (default: 200000)."),
    ] = None,
    config: ConfigOption = None,
    fmt: FormatOption = None,
    lexicon: LexiconOption = None,
) -> None:
    """Read an article aloud: OUTPUT/<slug>.mp3 with chapters, and OUTPUT/<slug>.json."""
    from tts.pipeline import produce

    settings = _load(
        config,
        output_dir=output_dir,
        voice=voice,
        engine=engine,
        fallback=False if no_fallback else None,
        lexicon=lexicon,
        max_chars=max_chars,
    ).with_voice_flags(
        speaker=_speaker(speaker),
        length_scale=length_scale,
        noise_scale=noise_scale,
        noise_w_scale=noise_w_scale,
        sentence_silence=sentence_silence,
    )
    with _progress() as progress:
        result = produce(article, settings, on_event=progress.event, force=force, fmt=fmt)
    typer.echo(_summary(result))


def _speaker(value: str | None) -> str | int | None:
    return int(value) if value is not None and value.isdigit() else value


def _summary(result: Result) -> str:
    episode = result.episode
    minutes, seconds = divmod(round(episode.duration_ms / 1000), 60)
    chapters = len(episode.chapters)
    unchanged = "unchanged: " if result.status == "unchanged" else ""
    return (
        f"{unchanged}{result.audio_path} ({minutes}:{seconds:02d}, {chapters} "
        f"{'chapter' if chapters == 1 else 'chapters'}, {episode.engine} voice {episode.voice})"
    )


_STAGE_LABELS = {
    "synthesis": "Synthesising",
    "assembly": "Assembling",
    "levelling": "Levelling loudness",
    "encoding": "Encoding MP3",
    "writing": "Writing tags and files",
}


@dataclass
class _Bars:
    """One progress display on stderr for a whole run, fed by the library's events: a bar per
    counted stage (download, synthesis, assembly), a line for each stage that is not counted,
    so no long phase sits silently at 100 %."""

    bars: Progress
    tasks: dict[str, TaskID]
    live: bool

    def event(self, event: Event) -> None:
        if event.stage == "warning":
            if self.live:  # above the bars, which stay at the bottom
                self.bars.console.print(f"Warning: {event.message}", markup=False, highlight=False)
            else:
                typer.echo(f"Warning: {event.message}", err=True)
            return
        if event.stage == "download":
            self._show(f"Downloading voice {event.message}", event.done, event.total)
        elif event.stage in _STAGE_LABELS:
            self._show(_STAGE_LABELS[event.stage], event.done, event.total)

    def _show(self, label: str, done: int, total: int) -> None:
        if label not in self.tasks:
            for task in self.tasks.values():  # an earlier stage is over
                self.bars.update(task, visible=False)
            self.tasks[label] = self.bars.add_task(label, total=total or None)
        self.bars.update(self.tasks[label], completed=done, total=total or None)


@contextmanager
def _progress() -> Iterator[_Bars]:
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    console = Console(stderr=True)
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
    )
    with Progress(
        *columns, console=console, transient=True, disable=not console.is_terminal
    ) as bars:
        yield _Bars(bars, {}, live=console.is_terminal)


OutputOption = Annotated[
    Path | None,
    typer.Option("--output-dir", "-o", help="The output directory (default: output)."),
]
BaseUrlOption = Annotated[
    str | None,
    typer.Option("--base-url", help="Where the output directory is published; overrides tts.toml."),
]


@app.command()
def feed(
    base_url: BaseUrlOption = None,
    output_dir: OutputOption = None,
    config: ConfigOption = None,
) -> None:
    """Build OUTPUT/feed.xml (RSS 2.0, Apple and Podcasting 2.0 tags) and the listener pages
    from the catalogue."""
    from tts.publish import podcast_for, publish

    settings = _load(config, output_dir=output_dir)
    written = publish(settings.output_dir, podcast_for(settings, base_url))
    typer.echo(f"{written[0]} ({len(written) - 1} pages and assets beside it)")


@app.command()
def batch(
    inputs: Annotated[
        list[str],
        typer.Argument(
            help="Files, directories (their .txt, .md and .html, recursively), globs, "
            "@list.txt (one path or URL per line) or - (one article on stdin).",
            show_default=False,
        ),
    ],
    output_dir: OutputOption = None,
    jobs: Annotated[
        int | None,
        typer.Option(
            "--jobs", "-j", min=1, help="Worker processes (default: one per core, one thread each)."
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Redo every article, even the unchanged ones.")
    ] = False,
    json_file: Annotated[
        Path | None, typer.Option("--json", help="Also write the summary as JSON to this file.")
    ] = None,
    rebuild_feed: Annotated[
        bool, typer.Option("--feed", help="Rebuild feed.xml and the pages at the end.")
    ] = False,
    base_url: BaseUrlOption = None,
    scheduler: Annotated[
        str | None,
        typer.Option(
            "--scheduler",
            help="A Dask scheduler (tcp://host:8786): synthesise on its cluster "
            "(pip install 'artikel-tts[dask]').",
        ),
    ] = None,
    cache_size: Annotated[
        str | None,
        typer.Option("--cache-size", help="Cap of the sentence cache, e.g. 500M (default: 2G)."),
    ] = None,
    voice: Annotated[
        str | None,
        typer.Option(help="Piper voice: a name in the voices directory, or a .onnx path."),
    ] = None,
    config: ConfigOption = None,
    lexicon: LexiconOption = None,
) -> None:
    """Convert many articles: every core busy, unchanged ones skipped, only edited sentences
    synthesised again. Exit 0: all done; 1: some failed; 2: the batch could not start."""
    from tts.batch import BatchOptions, format_summary, run_batch, write_json

    settings = _load(
        config, output_dir=output_dir, voice=voice, lexicon=lexicon, cache_size=cache_size
    )
    podcast = None
    if rebuild_feed:  # checked before hours of work, not after
        from tts.publish import podcast_for

        podcast = podcast_for(settings, base_url)
    options = BatchOptions(workers=jobs, force=force, scheduler=scheduler)
    with _batch_progress() as progress:
        report = run_batch(
            inputs, settings, options, on_event=progress.event, on_progress=progress.update
        )
    typer.echo(format_summary(report))
    if json_file is not None:
        write_json(report, json_file)
    if podcast is not None:
        from tts.publish import publish

        written = publish(settings.output_dir, podcast)
        typer.echo(f"{written[0]} rebuilt")
    raise typer.Exit(code=report.exit_code)


@dataclass
class _BatchBars:
    """The batch's display on stderr: one bar over the articles with the audio minutes done,
    one over the sentences to synthesise, and a line per finished article."""

    bars: Progress
    articles: TaskID
    sentences: TaskID
    live: bool

    def event(self, event: Event) -> None:
        if event.stage == "warning":
            self._line(f"Warning: {event.message}")

    def update(self, progress: BatchProgress) -> None:
        minutes = progress.audio_ms_done / 60000
        self.bars.update(
            self.articles,
            completed=progress.articles_done,
            total=progress.articles_total,
            description=f"Articles ({minutes:.1f} min of audio)",
        )
        self.bars.update(
            self.sentences,
            completed=progress.sentences_done,
            total=progress.sentences_total or None,
            visible=bool(progress.sentences_total),
        )
        row = progress.finished
        if row is not None:
            what = row.audio or row.error
            self._line(f"{row.status}: {row.title or row.source}: {what}")

    def _line(self, text: str) -> None:
        if self.live:
            self.bars.console.print(text, markup=False, highlight=False)
        else:
            typer.echo(text, err=True)


@contextmanager
def _batch_progress() -> Iterator[_BatchBars]:
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    console = Console(stderr=True)
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
    )
    with Progress(
        *columns, console=console, transient=True, disable=not console.is_terminal
    ) as bars:
        articles = bars.add_task("Articles", total=None)
        sentences = bars.add_task("Sentences to synthesise", total=None, visible=False)
        yield _BatchBars(bars, articles, sentences, live=console.is_terminal)


cache_app = typer.Typer(no_args_is_help=True, help="The sentence cache.")
app.add_typer(cache_app, name="cache")


@cache_app.command("info")
def cache_info(config: ConfigOption = None) -> None:
    """Where the cache is, its entries and size, and the hit rate of the last run."""
    from tts.synth.cache import ClipCache, format_cache_info

    settings = _load(config)
    cache = ClipCache(settings.cache_dir, max_bytes=settings.cache_size)
    typer.echo(format_cache_info(cache.info()))


@cache_app.command("clear")
def cache_clear(config: ConfigOption = None) -> None:
    """Delete every cached sentence (the next run synthesises them again)."""
    from tts.synth.cache import ClipCache

    settings = _load(config)
    removed = ClipCache(settings.cache_dir, max_bytes=settings.cache_size).clear()
    typer.echo(f"{settings.cache_dir}: removed {removed:,} cached sentences")


episodes_app = typer.Typer(no_args_is_help=True, help="The episode catalogue.")
app.add_typer(episodes_app, name="episodes")


@episodes_app.command("list")
def episodes_list(output_dir: OutputOption = None, config: ConfigOption = None) -> None:
    """Slug, GUID, title, date and duration of every catalogued episode, newest first."""
    from tts.publish import open_catalog

    entries = open_catalog(_load(config, output_dir=output_dir).output_dir).episodes()
    if not entries:
        typer.echo("No episodes yet; make one with `tts synth ARTIKEL`.")
    for entry in entries:
        minutes, seconds = divmod(round(entry.episode.duration_ms / 1000), 60)
        typer.echo(
            f"{entry.episode.slug}\t{entry.guid}\t{entry.episode.title}\t"
            f"{entry.date.date().isoformat()}\t{minutes}:{seconds:02d}"
        )


@episodes_app.command("remove")
def episodes_remove(
    episode: Annotated[str, typer.Argument(help="The episode's id or slug.")],
    output_dir: OutputOption = None,
    config: ConfigOption = None,
) -> None:
    """Remove an episode: its catalogue row and its files; the feed and pages are rebuilt."""
    from tts.publish import open_catalog, podcast_for, refresh

    settings = _load(config, output_dir=output_dir)
    removed = open_catalog(settings.output_dir).remove(episode)
    podcast = podcast_for(settings) if settings.podcast else None
    refresh(settings.output_dir, podcast)
    typer.echo(f"{episode}: removed {len(removed)} files from {settings.output_dir}")


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    output_dir: OutputOption = None,
    config: ConfigOption = None,
) -> None:
    """Serve the output directory (feed, episodes, pages) for preview and small sites."""
    from tts.publish import serve as serve_output

    settings = _load(config, output_dir=output_dir)
    typer.echo(f"Serving {settings.output_dir} on http://{host}:{port}/ (Ctrl-C stops)", err=True)
    serve_output(settings.output_dir, host, port)


@app.command()
def embed(
    episode: Annotated[str, typer.Argument(help="The episode's id or slug.")],
    base_url: BaseUrlOption = None,
    output_dir: OutputOption = None,
    config: ConfigOption = None,
) -> None:
    """Print the HTML snippet that puts the episode's player into the article's own page."""
    from tts.publish import embed_snippet, podcast_for

    settings = _load(config, output_dir=output_dir)
    url = base_url or podcast_for(settings).base_url
    typer.echo(embed_snippet(settings.output_dir, episode, url))


def main() -> None:
    app()
