"""Running a batch: articles through a thread pool into the writer, and stopping it cleanly.

On SIGINT or SIGTERM no new article starts; those in progress get ``grace_s`` seconds to finish
and be written, then (or at a second signal) they are abandoned: their lines are never written,
so no line is torn, and a rerun redoes them.
"""

from __future__ import annotations

import contextlib
import signal
import time
from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
from dataclasses import dataclass

from .batch import Output, Record, process


class StopRequest:
    """Counts SIGINT/SIGTERM while installed, instead of KeyboardInterrupt or death."""

    def __init__(self, notice: Callable[[str], None]):
        self.count = 0
        self._first = 0.0
        self._notice = notice

    def __call__(self, signum, frame) -> None:
        self.count += 1
        if self.count == 1:
            self._first = time.monotonic()
            self._notice(
                f"{signal.Signals(signum).name}: finishing the article in progress (send it again to stop at once)"
            )

    def waited(self) -> float:
        return time.monotonic() - self._first

    @contextlib.contextmanager
    def installed(self):
        previous = {sig: signal.signal(sig, self) for sig in (signal.SIGINT, signal.SIGTERM)}
        try:
            yield self
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)


@dataclass
class RunResult:
    abandoned: bool = False  # articles in progress were left running (a model call cannot be interrupted)


def run_records(
    todo: Iterable[Record], extractor, output: Output, workers: int, stop: StopRequest, grace_s: float
) -> RunResult:
    """The local run (``workers`` threads over one loaded model) that stops on request: lines
    go to ``output``, which counts them."""
    result = RunResult()

    def one(rec: Record) -> None:
        output.put(rec.id, process(rec, extractor))

    pool = ThreadPoolExecutor(max_workers=workers)
    pending: set = set()
    queue = iter(todo)
    try:
        while True:
            while not stop.count and len(pending) < workers and (rec := next(queue, None)) is not None:
                pending.add(pool.submit(one, rec))
            if not pending:
                break
            finished, pending = wait(pending, timeout=0.2, return_when=FIRST_COMPLETED)
            for fut in finished:
                fut.result()  # only a failing write gets here (process() turns errors into lines)
            if stop.count and pending and (stop.count > 1 or stop.waited() > grace_s):
                output.stop_writing()  # a line being written is finished first; then nothing more is
                result.abandoned = True
                break
    finally:
        pool.shutdown(wait=False, cancel_futures=True)
    return result
