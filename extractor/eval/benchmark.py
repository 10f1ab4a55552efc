"""Speed and memory on the seeds: load time, seconds per article, tokens/s, constraint cost.

Every number goes through the ``Engine`` interface, so the transformers and llama.cpp engines,
and an inference server through the openai engine, are measured the same way.
"""

from __future__ import annotations

import platform
import resource
import statistics
import time

from ..config import SEEDS_DIR, get_settings
from ..llm.engines import Engine
from ..llm.prompts import messages
from ..llm.questions import actors_schema
from ..runtime import build_extractor
from .evaluation import git_commit


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _per_token(engine: Engine, msgs: list[dict], schema: dict | None, n_tokens: int) -> tuple[float, int]:
    """Seconds per output token, without the prompt: an n-token run minus a 1-token run, both
    after a warm-up call, so an engine that caches the prompt prefix pays the same in both."""
    engine.generate(msgs, schema, 1)
    one = engine.generate(msgs, schema, 1)
    run = engine.generate(msgs, schema, n_tokens)
    return (run.seconds - one.seconds) / max(run.output_tokens - 1, 1), run.output_tokens


def _constraint_overhead(engine: Engine, text: str, n_tokens: int = 64) -> dict:
    """Decoding cost per token with and without the constraint, on the same prompt."""
    msgs = messages("actors", article=text[:1500], max_items=6, min_items=0)
    schema = actors_schema(6)
    t0 = time.perf_counter()
    engine.constraints.processor({**schema, "title": f"fresh-{time.time()}"})
    first_compile = time.perf_counter() - t0
    engine.constraints.processor(schema)
    t1 = time.perf_counter()
    engine.constraints.processor(schema)
    cached_compile = time.perf_counter() - t1
    constrained, produced = _per_token(engine, msgs, schema, n_tokens)
    free, _ = _per_token(engine, msgs, None, produced)
    return {
        "free_s_per_token": free,
        "constrained_s_per_token": constrained,
        "overhead_pct": 100 * (constrained - free) / free,
        "compile_first_s": first_compile,
        "compile_cached_s": cached_compile,
    }


def _prefill_tps(engine: Engine, text: str) -> float:
    # a prompt the engine has not seen (no cached prefix beyond the system prompt)
    gen = engine.generate([{"role": "user", "content": f"{time.time()}\n{text}"}], None, 1)
    return gen.prompt_tokens / gen.seconds


def run_benchmark(model: str | None, limit: int | None, engine_name: str | None = None) -> str:
    settings = get_settings()
    if engine_name:
        settings = settings.model_copy(update={"engine": engine_name})
    t0 = time.perf_counter()
    extractor = build_extractor(settings, model)
    load_s = time.perf_counter() - t0
    engine = extractor.engine
    rows, secs, out_tps = [], [], []
    seeds = sorted(SEEDS_DIR.glob("*.txt"))[:limit] if limit else sorted(SEEDS_DIR.glob("*.txt"))
    texts = [p.read_text(encoding="utf-8") for p in seeds]
    for path, text in zip(seeds, texts, strict=False):
        m = extractor.extract(text).meta
        secs.append(m.seconds)
        tps = m.output_tokens / m.seconds if m.seconds else 0.0
        out_tps.append(tps)
        rows.append(
            f"| {path.stem[:3]} | {len(text)} | {m.prompt_tokens} | {m.output_tokens} | {m.seconds:.1f} | {tps:.1f} |"
        )
    ov = _constraint_overhead(engine, texts[0])
    prefill = _prefill_tps(engine, texts[0])
    on_server = engine.constraints.backend == "server"  # the openai engine: decoding is remote
    compile_line = (
        "- grammar compile: on the server (not seen from here)"
        if on_server
        else f"- grammar compile: first {ov['compile_first_s'] * 1000:.0f} ms, cached "
        f"{ov['compile_cached_s'] * 1000:.2f} ms"
    )
    lines = [
        f"## {engine.model_name} on {engine.backend}",
        "",
        f"- commit `{git_commit()}`, {time.strftime('%Y-%m-%d')}, {platform.machine()}, "
        f"threads setting {settings.threads or 'default'}",
        f"- load (cold start: model file to first call): {load_s:.1f} s",
        f"- seconds per article: median {statistics.median(secs):.1f}, max {max(secs):.1f}",
        f"- prompt (prefill) tokens/s: {prefill:.0f}; output tokens/s (whole article, prompt time included): "
        f"median {statistics.median(out_tps):.1f}",
        f"- decoding s/token unconstrained {ov['free_s_per_token']:.4f}, constrained "
        f"{ov['constrained_s_per_token']:.4f}: overhead {ov['overhead_pct']:+.1f}%",
        compile_line,
        f"- peak RSS: {_rss_mb():.0f} MB" + (" (this client; the server's memory is its own)" if on_server else ""),
        "",
        "| seed | chars | prompt tokens | output tokens | seconds | output tok/s |",
        "|---|---|---|---|---|---|",
        *rows,
        "",
    ]
    return "\n".join(lines)


def run_isolated(model: str | None, limit: int | None, engine_name: str | None = None) -> str:
    """One configuration in a fresh process, so load time and peak RSS are its own."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn")) as pool:
        return pool.submit(run_benchmark, model, limit, engine_name).result()
