"""Command line: ``extractor extract|batch|eval|serve|bench|schema``."""

from __future__ import annotations

import datetime as dt
import logging
import os
import sys
import time
from pathlib import Path
from typing import Optional

import typer

from .config import get_settings

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Structured extraction of actors, agreements and dates from Arabic news.")

EXIT_FAILED_ITEMS = 3  # batch: some articles failed
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130  # batch: stopped by SIGINT or SIGTERM; rerun the same command to resume

ModelOpt = typer.Option(None, "--model", "-m", help="embedded alias, HF id, model folder or .gguf (env EXTRACTOR_MODEL)")


def _published(value: Optional[str]) -> Optional[dt.date]:
    if value is None:
        return None
    from .published_date import parse_published

    try:
        return parse_published(value)
    except ValueError as exc:
        raise typer.BadParameter(f"{exc} (use YYYY-MM-DD)", param_hint="--published") from None


def _fail(message: str, code: int = EXIT_USAGE) -> None:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code)


def _extractor(model: Optional[str]):
    from .models.embedded import ModelIntegrityError
    from .models.sources import ModelSourceError
    from .runtime import build_extractor

    try:
        return build_extractor(get_settings(), model)
    except (ModelSourceError, ModelIntegrityError) as exc:
        _fail(str(exc))


def _read_text(file: str) -> str:
    """An article file (or - for standard input) as UTF-8, a BOM dropped, line ends kept as
    they are (the offsets in the output index this exact text)."""
    if file == "-":
        data = sys.stdin.buffer.read()
    else:
        path = Path(file)
        if not path.is_file():
            _fail(f"file not found: {file}")
        data = path.read_bytes()
    try:
        return data.removeprefix(b"\xef\xbb\xbf").decode("utf-8")
    except UnicodeDecodeError as exc:
        _fail(f"{'standard input' if file == '-' else file} is not valid UTF-8 "
              f"(byte 0x{exc.object[exc.start]:02x} at byte {exc.start}); save it as UTF-8")


@app.callback()
def _main(verbose: bool = typer.Option(False, "--verbose", "-v")) -> None:
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    from pydantic import ValidationError

    from .config import describe_settings_error

    try:  # a bad EXTRACTOR_* value is a usage error, reported in one line before any work
        get_settings()
    except ValidationError as exc:
        _fail(describe_settings_error(exc))


@app.command()
def extract(
    file: str = typer.Argument(..., help="article text file, or - for standard input"),
    published: Optional[str] = typer.Option(None, help="publication date YYYY-MM-DD"),
    model: Optional[str] = ModelOpt,
    id: Optional[str] = typer.Option(None, help="id to put in the output"),
) -> None:
    """Extract one article and print its JSON."""
    from .pipeline import InputError

    pub = _published(published)
    text = _read_text(file)
    extractor = _extractor(model)
    try:
        result = extractor.extract(text, pub, id)
    except InputError as exc:
        _fail(str(exc))
    typer.echo(result.model_dump_json(indent=2))


@app.command()
def batch(
    input: str = typer.Argument(..., help="folder of .txt files, JSONL file, or - for JSONL on stdin"),
    out: Path = typer.Option(..., "--out", "-o", help="JSONL output (appended to; rerun to resume)"),
    model: Optional[str] = ModelOpt,
    limit: Optional[int] = typer.Option(None, min=1, help="process at most N new articles"),
    retry_errors: bool = typer.Option(False, "--retry-errors", help="redo ids whose line is an error"),
    workers: int = typer.Option(1, min=1, help="articles processed at once over one loaded model"),
) -> None:
    """Extract many articles into JSONL; resumable after any interruption.

    Ctrl-C or SIGTERM: no new article starts, the ones in progress get EXTRACTOR_SHUTDOWN_GRACE_S
    seconds to finish and be written (a second signal abandons them at once: they are redone on
    resume); no line is ever torn. Exit status 130 then: rerun the same command to resume.
    """
    from tqdm import tqdm

    from .batch import JsonlWriter, load_done, plan, read_input
    from .batch_run import StopRequest, run_records

    stop = StopRequest(lambda notice: typer.echo(notice, err=True))
    with stop.installed():
        settings = get_settings()
        try:
            records = read_input(input, settings.max_text_chars)
            planned = plan(records, load_done(out, retry_errors))
        except (FileNotFoundError, IsADirectoryError, PermissionError) as exc:
            _fail(str(exc))
        for note in planned.duplicates:
            typer.echo(note, err=True)
        todo, skipped = planned.todo, planned.skipped
        if limit:
            todo = todo[:limit]
        dupes = f", {len(planned.duplicates)} duplicates skipped" if planned.duplicates else ""
        typer.echo(f"{len(todo)} to do, {skipped} already done{dupes}", err=True)
        if stop.count:
            typer.echo("interrupted before any article: rerun the same command to resume", err=True)
            raise typer.Exit(EXIT_INTERRUPTED)
        if not todo:
            raise typer.Exit(0)
        needs_model = any(r.error is None for r in todo)
        extractor = _extractor(model) if needs_model else None
        writer = JsonlWriter(out)
        started = time.perf_counter()
        bar = tqdm(total=len(todo), unit="article", disable=not sys.stderr.isatty(), file=sys.stderr)

        def progress(rec, line, done) -> None:
            bar.update(1)
            if bar.disable:
                typer.echo(f"[{done.ok + done.failed}/{len(todo)}] {rec.id}: {'error' if 'error' in line else 'ok'}",
                           err=True)

        try:
            result = run_records(todo, extractor, writer, workers, stop, settings.shutdown_grace_s, progress)
        finally:
            bar.close()
            writer.close()
        n = result.ok + result.failed
        typer.echo(f"done {result.ok}, failed {result.failed}, skipped {skipped}, "
                   f"{(time.perf_counter() - started) / max(n, 1):.1f} s/article", err=True)
        if stop.count and n < len(todo):
            abandoned = " (the article in progress abandoned)" if result.abandoned else ""
            typer.echo(f"interrupted: {len(todo) - n} not done{abandoned}; rerun the same command to resume",
                       err=True)
            if result.abandoned:  # a model call cannot be interrupted: end without waiting for it
                sys.stderr.flush()
                os._exit(EXIT_INTERRUPTED)
            raise typer.Exit(EXIT_INTERRUPTED)
    raise typer.Exit(EXIT_FAILED_ITEMS if result.failed else 0)


@app.command()
def schema(check: bool = typer.Option(False, help="exit 1 if schemas/ is out of date")) -> None:
    """Write (or check) the JSON Schema of the output contract in schemas/."""
    from .schema_export import export, is_current

    if check:
        raise typer.Exit(0 if is_current() else 1)
    typer.echo(str(export()))


@app.command("eval")
def eval_(
    model: Optional[str] = ModelOpt,
    dataset: str = typer.Option("seeds", help="seeds or devset"),
    predictions: Optional[Path] = typer.Option(None, help="score this JSONL instead of running a model"),
    limit: Optional[int] = typer.Option(None, min=1),
    report_dir: Path = typer.Option(Path("evals/reports"), help="where reports are written"),
    compare: Optional[list[Path]] = typer.Option(None, help="two report JSON files to compare"),
) -> None:
    """Score extraction against the hand-labeled gold and write a report."""
    from . import evaluation

    if compare:
        if len(compare) != 2:
            _fail("--compare takes two report files")
        typer.echo(evaluation.compare_reports(*compare))
        return
    try:
        paths = evaluation.run(dataset=dataset, model=model, predictions=predictions,
                               limit=limit, report_dir=report_dir, build=_extractor)
    except (FileNotFoundError, ValueError) as exc:
        _fail(str(exc))
    typer.echo(Path(paths[0]).read_text(encoding="utf-8"))
    typer.echo(f"report: {paths[0]} and {paths[1]}", err=True)


@app.command()
def serve(
    host: Optional[str] = typer.Option(None), port: Optional[int] = typer.Option(None),
    model: Optional[str] = ModelOpt,
) -> None:
    """Run the HTTP API (Litestar on uvicorn); SIGTERM stops it gracefully (status 0)."""
    from .api.server import serve as run_server

    settings = get_settings()
    logging.getLogger("extractor").setLevel(logging.INFO)  # the request log
    extractor = _extractor(model)  # loaded before listening: a bad model is one line, not a traceback
    raise typer.Exit(run_server(settings, extractor, host or settings.host, port or settings.port))


@app.command()
def bench(
    model: Optional[str] = ModelOpt,
    limit: Optional[int] = typer.Option(None, min=1, help="first N seeds only"),
    out: Optional[Path] = typer.Option(None, help="append the Markdown result to this file"),
    engine: Optional[list[str]] = typer.Option(None, help="transformers or llamacpp; repeat to compare "
                                               "engines in one run (default: the configured engine)"),
) -> None:
    """Benchmark speed and memory on the seeds."""
    from .benchmark import run_isolated
    from .engines import ENGINES

    for name in engine or [None]:
        if name is not None and name not in ENGINES:
            raise typer.BadParameter(f"unknown engine {name!r}", param_hint="--engine")
        text = run_isolated(model, limit, name)
        typer.echo(text)
        if out:
            with out.open("a", encoding="utf-8") as fh:
                fh.write(text + "\n")


if __name__ == "__main__":
    app()
