"""``extractor batch --ray``: a batch on a Ray cluster, with the guarantees of a local batch.

A pool of Ray actors each loads one extractor (a local model, or a client of an inference
server with ``EXTRACTOR_ENGINE=openai``) and extracts the articles the driver hands it. Results
come back to the driver, which alone writes the output (``batch.Output``): one line per id, each
written whole and fsynced, so a crash of the driver, a worker or the cluster loses nothing and a
rerun skips the ids already written (``batch.plan_batch``).
"""

from __future__ import annotations

import logging
import math
import os
import sys
from collections import deque

from .batch import Output, Record, error_line, process
from .config import Settings

LOCAL = "local"
OBJECT_STORE_BYTES = 100 * 1024 * 1024  # results are small JSON; Ray's default takes 30% of RAM
IN_FLIGHT_PER_WORKER = 2  # the next article waits in the actor while the driver writes the last
MAX_RESTARTS = 2  # a worker process that dies (OOM, a crash) is restarted and its article retried once


class RayRunError(RuntimeError):
    """The run cannot go on (no Ray, no cluster, workers that cannot load the model); a rerun
    resumes where it stopped."""


class _Worker:
    """One Ray actor: one loaded extractor, reused for every article it is handed."""

    def __init__(self, settings: Settings, model: str | None, cpus: float):
        if not settings.threads:  # llama.cpp would take every core of the node, not the actor's share
            settings = settings.model_copy(update={"threads": max(1, int(cpus))})
        from .runtime import build_extractor

        self.extractor = build_extractor(settings, model)

    def describe(self) -> str:
        engine = self.extractor.engine
        return f"{engine.model_name} on {engine.backend}"

    def process(self, record: Record) -> dict:
        return process(record, self.extractor)


def _connect(ray, address: str, cpus: float) -> None:
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")  # no usage report from a batch job
    quiet = {"logging_level": logging.WARNING, "log_to_driver": False}
    try:
        if address == LOCAL:  # a fresh instance on this machine, never one a `ray start` left running
            ray.init(
                address=LOCAL,
                num_cpus=max(1, math.ceil(cpus)),
                include_dashboard=False,
                object_store_memory=OBJECT_STORE_BYTES,
                _node_ip_address="127.0.0.1",
                **quiet,
            )
        else:
            ray.init(address=address, **quiet)
    except (ConnectionError, ValueError, RuntimeError) as exc:
        raise RayRunError(f"cannot start or reach Ray at {address!r}: {exc}") from exc


def _reason(exc: BaseException) -> str:
    return str(getattr(exc, "cause", None) or exc).strip().splitlines()[-1][:400]


def run_on_ray(
    todo: list[Record],
    output: Output,
    settings: Settings,
    model: str | None,
    address: str = LOCAL,
    workers: int = 1,
    worker_cpus: float = 1.0,
) -> None:
    try:
        import ray
        from ray.exceptions import RayActorError, RayTaskError
    except ImportError as exc:
        raise RayRunError("--ray needs Ray: pip install '.[ray]'") from exc

    for rec in todo:  # records that are bad as input need no model
        if rec.error is not None:
            output.put(rec.id, process(rec, None))
    work = deque(rec for rec in todo if rec.error is None)
    if not work:
        return
    n_workers = min(workers, len(work))
    _connect(ray, address, n_workers * worker_cpus)
    try:
        worker_class = ray.remote(num_cpus=worker_cpus, max_restarts=MAX_RESTARTS, max_task_retries=1)(_Worker)
        actors = [worker_class.remote(settings, model, worker_cpus) for _ in range(n_workers)]
        try:
            described = ray.get([actor.describe.remote() for actor in actors])
        except (RayActorError, RayTaskError) as exc:
            raise RayRunError(f"a Ray worker could not load the model: {_reason(exc)}") from exc
        print(f"{n_workers} Ray workers: {described[0]}", file=sys.stderr, flush=True)

        pending: dict = {}

        def submit(actor) -> None:
            if work:
                rec = work.popleft()
                pending[actor.process.remote(rec)] = (actor, rec)

        for actor in actors:
            for _ in range(IN_FLIGHT_PER_WORKER):
                submit(actor)
        lost: dict = {}
        while pending:
            [ref], _ = ray.wait(list(pending), num_returns=1)
            actor, rec = pending.pop(ref)
            try:
                line = ray.get(ref)
            except RayActorError as exc:  # the worker died twice on this article
                line = error_line(rec.id, "worker_lost", f"the Ray worker died: {_reason(exc)}")
                lost[actor] = lost.get(actor, 0) + 1
            except RayTaskError as exc:  # an unexpected error in the worker: this article's line
                line = error_line(rec.id, "internal_error", _reason(exc))
            output.put(rec.id, line)
            if lost.get(actor, 0) <= MAX_RESTARTS:
                submit(actor)
            elif not any(a is not actor and lost.get(a, 0) <= MAX_RESTARTS for a in actors):
                raise RayRunError("every Ray worker died; rerun the same command to resume")
    finally:
        ray.shutdown()
