"""Speed and memory on the seeds: load time, seconds per article, tokens/s, constraint cost."""

from __future__ import annotations

import platform
import resource
import statistics
import time

import torch

from .config import SEEDS_DIR, get_settings
from .evaluation import _commit
from .passes import actors_schema
from .prompts import messages
from .runtime import build_extractor


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _constraint_overhead(engine, text: str, n_tokens: int = 48) -> dict:
    """Seconds per token with and without the constraint over the same number of tokens."""
    msgs = messages("actors", article=text[:1500], max_items=6, min_items=0)
    schema = actors_schema(6)
    t0 = time.perf_counter()
    engine.constraints.processor({**schema, "title": f"fresh-{time.time()}"})
    first_compile = time.perf_counter() - t0
    t0 = time.perf_counter()
    engine.constraints.processor(schema)
    engine.constraints.processor(schema)
    t1 = time.perf_counter()
    engine.constraints.processor(schema)
    cached_compile = time.perf_counter() - t1
    model, tok = engine.loaded.hf_model, engine.loaded.tokenizer
    prompt = tok.apply_chat_template(msgs, tokenize=False, add_generation_prompt=True)
    ids = tok(prompt, return_tensors="pt").to(model.device)

    def timed(processor, n: int) -> tuple[float, int]:
        kwargs = {"logits_processor": [processor]} if processor is not None else {"min_new_tokens": n}
        start = time.perf_counter()
        with torch.inference_mode():
            out = model.generate(**ids, max_new_tokens=n, do_sample=False, temperature=None, top_p=None,
                                 top_k=None, **kwargs)
        produced = out.shape[1] - ids["input_ids"].shape[1]
        return (time.perf_counter() - start) / max(produced, 1), produced

    # the constrained run ends where the grammar ends; the free run is held to the same length
    constrained, produced = timed(engine.constraints.processor(schema), n_tokens)
    free, _ = timed(None, produced)
    return {"free_s_per_token": free, "constrained_s_per_token": constrained,
            "overhead_pct": 100 * (constrained - free) / free,
            "compile_first_s": first_compile, "compile_cached_s": cached_compile}


def run_benchmark(model: str | None, limit: int | None) -> str:
    settings = get_settings()
    t0 = time.perf_counter()
    extractor = build_extractor(settings, model)
    load_s = time.perf_counter() - t0
    engine = extractor.engine
    rows, secs, out_tps = [], [], []
    seeds = sorted(SEEDS_DIR.glob("*.txt"))[:limit] if limit else sorted(SEEDS_DIR.glob("*.txt"))
    for path in seeds:
        text = path.read_text(encoding="utf-8")
        r = extractor.extract(text)
        m = r.meta
        secs.append(m.seconds)
        tps = m.output_tokens / m.seconds if m.seconds else 0.0
        out_tps.append(tps)
        rows.append(f"| {path.stem[:3]} | {len(text)} | {m.prompt_tokens} | {m.output_tokens} | {m.seconds:.1f} | "
                    f"{tps:.1f} |")
    first_seed = seeds[0].read_text(encoding="utf-8")
    ov = _constraint_overhead(engine, first_seed)
    ids = engine.loaded.tokenizer(first_seed, return_tensors="pt").to(engine.loaded.hf_model.device)
    start = time.perf_counter()
    with torch.inference_mode():
        engine.loaded.hf_model(**ids)  # one forward pass over the whole seed: prefill speed
    prompt_tps = ids["input_ids"].shape[1] / (time.perf_counter() - start)
    lines = [
        f"## {engine.model_name} on {engine.backend}",
        "",
        f"- commit `{_commit()}`, {time.strftime('%Y-%m-%d')}, {platform.machine()} "
        f"{torch.get_num_threads()} threads, torch {torch.__version__}",
        f"- load (cold, includes GGUF dequantisation): {load_s:.1f} s",
        f"- seconds per article: median {statistics.median(secs):.1f}, max {max(secs):.1f}",
        f"- prompt (prefill) tokens/s: {prompt_tps:.0f}; output tokens/s (whole article, both passes): "
        f"median {statistics.median(out_tps):.1f}",
        f"- decoding s/token unconstrained {ov['free_s_per_token']:.3f}, constrained "
        f"{ov['constrained_s_per_token']:.3f}: overhead {ov['overhead_pct']:+.1f}%",
        f"- grammar compile: first {ov['compile_first_s'] * 1000:.0f} ms, cached {ov['compile_cached_s'] * 1000:.2f} ms",
        f"- peak RSS: {_rss_mb():.0f} MB",
        "",
        "| seed | chars | prompt tokens | output tokens | seconds | output tok/s |",
        "|---|---|---|---|---|---|",
        *rows,
        "",
    ]
    return "\n".join(lines)
