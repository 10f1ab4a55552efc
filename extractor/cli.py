"""Command line: ``extractor extract|batch|review|eval|serve|bench|schema``."""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import sys
from pathlib import Path
from typing import Optional

import typer

from .config import get_settings

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Structured extraction of actors, agreements and dates from Arabic news.",
)

EXIT_FAILED_ITEMS = 3  # batch: some articles failed
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130  # batch: stopped by SIGINT or SIGTERM; rerun the same command to resume

ModelOpt = typer.Option(
    None, "--model", "-m", help="embedded alias, HF id, model folder or .gguf (env EXTRACTOR_MODEL)"
)


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


def _cached_extractor(cache: Path):
    def build(model: Optional[str]):
        from .llm.engines.cached import CachedEngine

        extractor = _extractor(model)
        extractor.engine = CachedEngine(extractor.engine, cache)
        return extractor

    return build


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
        _fail(
            f"{'standard input' if file == '-' else file} is not valid UTF-8 "
            f"(byte 0x{exc.object[exc.start]:02x} at byte {exc.start}); save it as UTF-8"
        )


@app.callback()
def _main(verbose: bool = typer.Option(False, "--verbose", "-v")) -> None:
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
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
    workers: int = typer.Option(
        1,
        min=1,
        help="articles processed at once: threads over one loaded model, "
        "or with --ray the Ray actors, each with its own model",
    ),
    ray: Optional[str] = typer.Option(
        None,
        "--ray",
        metavar="[ADDRESS]",
        help="run on a Ray cluster: --ray alone starts a local Ray instance; "
        "ADDRESS is host:port of a cluster's head, ray://host:10001, or auto "
        "(the cluster this machine joined)",
    ),
    worker_cpus: float = typer.Option(
        1.0, "--worker-cpus", min=0.01, help="with --ray: CPUs reserved per actor (fewer for the openai engine)"
    ),
) -> None:
    """Extract many articles into JSONL; resumable after any interruption.

    Ctrl-C or SIGTERM: no new article starts, the ones in progress get EXTRACTOR_SHUTDOWN_GRACE_S
    seconds to finish and be written (a second signal abandons them at once: they are redone on
    resume); no line is ever torn. Exit status 130 then: rerun the same command to resume.
    With --ray, Ctrl-C stops the run (the lines written are kept) with status 130 as well.
    """
    from .batch import Output, plan_batch
    from .batch_run import StopRequest, run_records

    settings = get_settings()
    stop = StopRequest(lambda notice: typer.echo(notice, err=True))
    with stop.installed():
        try:
            planned = plan_batch(input, out, retry_errors, limit, settings.max_text_chars)
        except (FileNotFoundError, IsADirectoryError, PermissionError) as exc:
            _fail(str(exc))
        for note in planned.duplicates:
            typer.echo(note, err=True)
        todo, skipped = planned.todo, planned.skipped
        dupes = f", {len(planned.duplicates)} duplicates skipped" if planned.duplicates else ""
        typer.echo(f"{len(todo)} to do, {skipped} already done{dupes}", err=True)
        if stop.count:
            typer.echo("interrupted before any article: rerun the same command to resume", err=True)
            raise typer.Exit(EXIT_INTERRUPTED)
        if not todo:
            raise typer.Exit(0)
        if ray is None:
            needs_model = any(r.error is None for r in todo)
            extractor = _extractor(model) if needs_model else None
            output = Output(out, len(todo))
            try:
                result = run_records(todo, extractor, output, workers, stop, settings.shutdown_grace_s)
            finally:
                output.close()
            typer.echo(output.summary(skipped), err=True)
            n = output.ok + output.failed
            if stop.count and n < len(todo):
                abandoned = " (the article in progress abandoned)" if result.abandoned else ""
                typer.echo(
                    f"interrupted: {len(todo) - n} not done{abandoned}; rerun the same command to resume", err=True
                )
                if result.abandoned:  # a model call cannot be interrupted: end without waiting for it
                    sys.stderr.flush()
                    os._exit(EXIT_INTERRUPTED)
                raise typer.Exit(EXIT_INTERRUPTED)
            raise typer.Exit(EXIT_FAILED_ITEMS if output.failed else 0)

    from .distributed import RayRunError, run_on_ray

    output = Output(out, len(todo))
    interrupted = False
    try:
        run_on_ray(todo, output, settings, model, ray, workers, worker_cpus)
    except RayRunError as exc:
        _fail(str(exc))
    except KeyboardInterrupt:
        interrupted = True
    finally:
        output.close()
    typer.echo(output.summary(skipped), err=True)
    if interrupted:
        typer.echo(
            f"interrupted: {len(todo) - output.ok - output.failed} not done; rerun the same command to resume", err=True
        )
        raise typer.Exit(EXIT_INTERRUPTED)
    raise typer.Exit(EXIT_FAILED_ITEMS if output.failed else 0)


@app.command()
def review(
    out: Path = typer.Argument(..., help="batch output JSONL (extractor batch --out)"),
    articles: str = typer.Option(..., "--articles", "-a", help="the batch's input: folder of .txt or JSONL"),
    html_dir: Path = typer.Option(..., "--html", help="folder for the HTML pages (index.html and one per article)"),
) -> None:
    """Write a static HTML review report of a batch: each article with its extraction marked."""
    from .review.report import build_report

    try:
        summary = build_report(out, articles, html_dir)
    except FileNotFoundError as exc:
        _fail(str(exc))
    pages = sum(r.page is not None for r in summary.rows)
    typer.echo(
        f"{pages} article pages ({summary.count('ok')} ok, {summary.count('error')} failed in the batch, "
        f"{summary.count('invalid')} invalid, {summary.count('no_text')} without text, "
        f"{summary.count('not_processed')} not processed, {len(summary.bad_lines)} unreadable lines); "
        f"open {summary.index}",
        err=True,
    )


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
    split: Optional[str] = typer.Option(None, help="devset only: d (tuning) or e (check); default both, each reported"),
    predictions: Optional[Path] = typer.Option(None, help="score this JSONL instead of running a model"),
    limit: Optional[int] = typer.Option(None, min=1),
    out: Optional[Path] = typer.Option(
        None, "--out", "--report-dir", "-o", help="where reports are written (default evals/runs/, git-ignored)"
    ),
    record: bool = typer.Option(False, "--record", help="write reports of record into evals/reports/"),
    compare: Optional[list[Path]] = typer.Option(None, help="two report JSON files to compare"),
    cache: Optional[Path] = typer.Option(
        None,
        help="experiments: answers of the model kept in this JSONL, "
        "keyed by the exact request; a question asked before is not asked again",
    ),
) -> None:
    """Score extraction against the hand-labeled gold and write a report."""
    from .eval import evaluation

    if compare:
        if len(compare) != 2:
            _fail("--compare takes two report files")
        typer.echo(evaluation.compare_reports(*compare))
        return
    if record and out is not None:
        _fail("--record writes into evals/reports/; give either --record or --out")
    report_dir = evaluation.RECORD_DIR if record else out or evaluation.RUNS_DIR
    try:
        paths = evaluation.run(
            dataset=dataset,
            model=model,
            predictions=predictions,
            limit=limit,
            report_dir=report_dir,
            build=_cached_extractor(cache) if cache else _extractor,
            split=split,
        )
    except (FileNotFoundError, ValueError) as exc:
        _fail(str(exc))
    typer.echo(Path(paths[0]).read_text(encoding="utf-8"))
    missing = json.loads(Path(paths[1]).read_text(encoding="utf-8"))["missing_predictions"]
    if missing:
        typer.echo(
            f"warning: no prediction for {len(missing)} article(s), scored as empty: {', '.join(missing)}", err=True
        )
    typer.echo(f"report: {paths[0]}, {paths[1]} and {paths[2]}", err=True)


@app.command()
def serve(
    host: Optional[str] = typer.Option(None),
    port: Optional[int] = typer.Option(None),
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
    limit: Optional[int] = typer.Option(None, min=1, help="first N articles only"),
    dataset: str = typer.Option("seeds", help="seeds or devset (all 27 articles)"),
    baseline: int = typer.Option(
        0, min=0, help="also time the one-prompt baseline (llama.cpp's own grammar) on the first N articles"
    ),
    out: Optional[Path] = typer.Option(None, help="append the Markdown result to this file"),
    engine: Optional[list[str]] = typer.Option(
        None,
        help="transformers, llamacpp or openai (the server at "
        "EXTRACTOR_BASE_URL); repeat to compare engines in one run "
        "(default: the configured engine)",
    ),
) -> None:
    """Benchmark speed and memory on the seeds or the devset."""
    from .eval.benchmark import run_isolated
    from .llm.engines import ENGINES

    if dataset not in ("seeds", "devset"):
        raise typer.BadParameter(f"unknown dataset {dataset!r}; choose seeds or devset", param_hint="--dataset")
    for name in engine or [None]:
        if name is not None and name not in ENGINES:
            raise typer.BadParameter(f"unknown engine {name!r}", param_hint="--engine")
        text = run_isolated(model, limit, name, dataset, baseline)
        typer.echo(text)
        if out:
            with out.open("a", encoding="utf-8") as fh:
                fh.write(text + "\n")


def _optional_ray_address(args: list[str]) -> list[str]:
    """``--ray`` takes an optional address, which Typer's parser cannot express: a bare
    ``--ray`` (last, or followed by another option) becomes ``--ray local``."""
    out = list(args)
    for i, arg in enumerate(out):
        if arg == "--ray" and (i + 1 == len(out) or out[i + 1].startswith("-")):
            out[i + 1 : i + 1] = ["local"]
            break
    return out


def main() -> None:
    app(args=_optional_ray_address(sys.argv[1:]), prog_name="extractor")


if __name__ == "__main__":
    main()
