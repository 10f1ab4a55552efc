"""Speed and memory on the seeds or the devset: load time, seconds per article, tokens/s,
constraint cost; on llama.cpp also the physical floor of this CPU and a one-prompt baseline.

Every number goes through the ``Engine`` interface, so the transformers and llama.cpp engines,
and an inference server through the openai engine, are measured the same way.
"""

from __future__ import annotations

import platform
import resource
import statistics
import threading
import time
from pathlib import Path
from typing import get_args

import numpy as np

from ..config import EVALS_DIR, SEEDS_DIR, get_settings
from ..contract import ActorType, AgreementKind, AgreementStatus
from ..llm.engines import Engine
from ..llm.engines.llamacpp_engine import default_threads
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
    engine.constraints.compile({**schema, "title": f"fresh-{time.time()}"})
    first_compile = time.perf_counter() - t0
    engine.constraints.compile(schema)
    t1 = time.perf_counter()
    engine.constraints.compile(schema)
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


def articles(dataset: str, limit: int | None) -> list[Path]:
    folder = SEEDS_DIR if dataset == "seeds" else EVALS_DIR / "devset" / "articles"
    paths = sorted(folder.glob("*.txt"))
    return paths[:limit] if limit else paths


# -- the physical floor -------------------------------------------------------------------------
def memory_bandwidth(threads: int, mb: int = 256) -> float:
    """Bytes/s that ``threads`` threads move copying large arrays (read + write counted)."""
    n = mb * 2**20 // 4 // threads
    src = [np.ones(n, dtype=np.float32) for _ in range(threads)]
    dst = [np.empty_like(a) for a in src]
    best = 0.0
    for _ in range(3):
        workers = [threading.Thread(target=np.copyto, args=(d, a)) for d, a in zip(dst, src, strict=True)]
        t0 = time.perf_counter()
        for w in workers:
            w.start()
        for w in workers:
            w.join()
        best = max(best, 2 * n * 4 * threads / (time.perf_counter() - t0))
    return best


def matmul_flops(size: int = 1024) -> float:
    """Floating-point operations/s of a float32 matrix product (BLAS, all its threads)."""
    a = np.random.default_rng(0).random((size, size), dtype=np.float32)
    a @ a
    t0 = time.perf_counter()
    for _ in range(4):
        a @ a
    return 4 * 2 * size**3 / (time.perf_counter() - t0)


def floor_line(engine: Engine, threads: int, prefill_tps: float, decode_s: float) -> tuple[str, dict] | None:
    """What this CPU allows the model at best: decoding reads every weight once per step
    (weights / memory bandwidth), a prompt token costs 2 × parameters operations (at the
    CPU's measured float32 matrix rate; the quantised kernels are integer dot products, so
    this is a yardstick, not a bound)."""
    llama = getattr(engine, "llama", None)
    if llama is None:
        return None
    import llama_cpp

    weights = llama_cpp.llama_model_size(llama.model)
    params = llama_cpp.llama_model_n_params(llama.model)
    bw, flops = memory_bandwidth(threads), matmul_flops()
    floor = {"decode_s": weights / bw, "prefill_tps": flops / (2 * params)}
    text = (
        f"- physical floor on this CPU: weights {weights / 2**20:.0f} MiB, {params / 1e9:.2f} B parameters; "
        f"memory bandwidth {bw / 1e9:.1f} GB/s → a decoding step ≥ {floor['decode_s'] * 1000:.0f} ms "
        f"(measured {decode_s * 1000:.0f} ms, {floor['decode_s'] / decode_s:.0%} of the floor's speed); "
        f"float32 matmul {flops / 1e9:.0f} GFLOP/s → prefill ≤ {floor['prefill_tps']:.0f} tokens/s "
        f"(measured {prefill_tps:.0f}, {prefill_tps / floor['prefill_tps']:.0%})"
    )
    return text, floor


# -- the one-prompt baseline ---------------------------------------------------------------------
def baseline_schema() -> dict:
    """One JSON answer for the whole record, as a user of a generic extraction library writes it."""

    def obj(props: dict) -> dict:
        return {"type": "object", "properties": props, "required": list(props)}

    names = {"type": "array", "items": {"type": "string"}}
    return obj(
        {
            "actors": {
                "type": "array",
                "items": obj({"name": {"type": "string"}, "type": {"enum": list(get_args(ActorType))}}),
            },
            "agreements": {
                "type": "array",
                "items": obj(
                    {
                        "kind": {"enum": list(get_args(AgreementKind))},
                        "status": {"enum": list(get_args(AgreementStatus))},
                        "parties": names,
                        "mediators": names,
                        "date": {"type": ["string", "null"]},
                    }
                ),
            },
            "dates": {"type": "array", "items": obj({"text": {"type": "string"}, "value": {"type": "string"}})},
        }
    )


def one_prompt(engine: Engine, text: str, max_tokens: int = 1024) -> tuple[float, int]:
    """The same model, one prompt per article under llama.cpp's own JSON-schema grammar."""
    llama = engine.llama
    llama.reset()
    t0 = time.perf_counter()
    out = llama.create_chat_completion(
        messages=[
            {"role": "system", "content": "You extract structured records from Arabic news articles."},
            {
                "role": "user",
                "content": "List the actors, the agreements (kind, status, parties, mediators, date) and the "
                "dates (as written, and as YYYY-MM-DD) of this article, as JSON.\n\n" + text,
            },
        ],
        response_format={"type": "json_object", "schema": baseline_schema()},
        temperature=0.0,
        max_tokens=max_tokens,
    )
    return time.perf_counter() - t0, out["usage"]["completion_tokens"]


def run_benchmark(
    model: str | None,
    limit: int | None,
    engine_name: str | None = None,
    dataset: str = "seeds",
    baseline: int = 0,
) -> str:
    settings = get_settings()
    if engine_name:
        settings = settings.model_copy(update={"engine": engine_name})
    t0 = time.perf_counter()
    extractor = build_extractor(settings, model)
    load_s = time.perf_counter() - t0
    engine = extractor.engine
    calls: list = []
    generate = engine.generate

    def recorded(*args, **kwargs):
        gen = generate(*args, **kwargs)
        calls.append(gen)
        return gen

    engine.generate = recorded
    rows, secs, out_tps, work = [], [], [], []  # work: (computed prompt tokens, decoding steps) per article
    paths = articles(dataset, limit)
    texts = [p.read_text(encoding="utf-8") for p in paths]
    for path, text in zip(paths, texts, strict=False):
        calls.clear()
        m = extractor.extract(text).meta
        secs.append(m.seconds)
        tps = m.output_tokens / m.seconds if m.seconds else 0.0
        out_tps.append(tps)
        read = sum(g.prompt_read or 0 for g in calls)
        steps = sum(g.steps if g.steps is not None else g.output_tokens for g in calls)
        work.append((read, steps))
        rows.append(
            f"| {path.stem[:3]} | {len(text)} | {m.prompt_tokens} | {read} | {m.output_tokens} | {steps} "
            f"| {m.seconds:.1f} | {tps:.1f} |"
        )
    engine.generate = generate
    ov = _constraint_overhead(engine, texts[0])
    prefill = _prefill_tps(engine, texts[0])
    on_server = engine.constraints.backend == "server"  # the openai engine: decoding is remote
    compile_line = (
        "- grammar compile: on the server (not seen from here)"
        if on_server
        else f"- grammar compile: first {ov['compile_first_s'] * 1000:.0f} ms, cached "
        f"{ov['compile_cached_s'] * 1000:.2f} ms"
    )
    rss = _rss_mb()  # before the floor's measuring arrays
    threads = settings.threads or default_threads()
    floor = floor_line(engine, threads, prefill, ov["free_s_per_token"])
    lines = [
        f"## {engine.model_name} on {engine.backend}",
        "",
        f"- commit `{git_commit()}`, {time.strftime('%Y-%m-%d')}, {platform.machine()}, "
        f"threads setting {settings.threads or 'default'}, {dataset} ({len(paths)} articles)",
        f"- load (cold start: model file to first call): {load_s:.1f} s",
        f"- seconds per article: median {statistics.median(secs):.1f}, mean {statistics.mean(secs):.1f}, "
        f"max {max(secs):.1f}; one after another: {3600 / statistics.mean(secs):.0f} articles/hour",
        f"- prompt (prefill) tokens/s: {prefill:.0f}; output tokens/s (whole article, prompt time included): "
        f"median {statistics.median(out_tps):.1f}",
        f"- decoding s/token unconstrained {ov['free_s_per_token']:.4f}, constrained "
        f"{ov['constrained_s_per_token']:.4f}: overhead {ov['overhead_pct']:+.1f}%",
        compile_line,
        f"- peak RSS: {rss:.0f} MB" + (" (this client; the server's memory is its own)" if on_server else ""),
    ]
    if floor is not None:
        text, f = floor
        # an article at the floor: its computed prompt tokens at the floor's prefill rate, its
        # decoding steps at the floor's step time
        ideal = [int(r.split("|")[4]) / f["prefill_tps"] + int(r.split("|")[6]) * f["decode_s"] for r in rows]
        lines += [
            text,
            f"- an article at that floor (its computed prompt tokens and decoding steps): median "
            f"{statistics.median(ideal):.1f} s; measured/floor: {statistics.median(secs) / statistics.median(ideal):.1f}×",
        ]
    if baseline and hasattr(engine, "llama"):
        base = [one_prompt(engine, t) for t in texts[:baseline]]
        ours = secs[:baseline]
        lines.append(
            f"- one-prompt baseline (same model, llama.cpp's own JSON-schema grammar, {len(base)} articles): "
            f"median {statistics.median(b[0] for b in base):.1f} s ({statistics.median(b[1] for b in base):.0f} "
            f"output tokens) against this pipeline's {statistics.median(ours):.1f} s on the same articles: "
            f"{statistics.median(b[0] for b in base) / statistics.median(ours):.1f}× faster"
        )
    lines += [
        "",
        "| article | chars | prompt tokens | computed | output tokens | steps | seconds | output tok/s |",
        "|---|---|---|---|---|---|---|---|",
        *rows,
        "",
    ]
    return "\n".join(lines)


def run_isolated(
    model: str | None, limit: int | None, engine_name: str | None = None, dataset: str = "seeds", baseline: int = 0
) -> str:
    """One configuration in a fresh process, so load time and peak RSS are its own."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn")) as pool:
        return pool.submit(run_benchmark, model, limit, engine_name, dataset, baseline).result()
