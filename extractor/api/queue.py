"""Bounded concurrency: ``workers`` requests run, ``queue_size`` wait, the rest get 503.

On shutdown the gate closes: new and waiting requests are refused at once (``ShuttingDown``),
running ones get until the grace deadline, then their wait is cancelled.
"""

from __future__ import annotations

from contextlib import asynccontextmanager

import anyio


class Busy(Exception):
    """Both the running slots and the waiting queue are full."""


class ShuttingDown(Exception):
    """The server is stopping: the request was not started, or not finished within the grace period."""


class Gate:
    def __init__(self, workers: int, queue_size: int):
        self._limiter = anyio.CapacityLimiter(workers)
        self._capacity = workers + queue_size
        self._admitted = 0
        self._running = 0
        self._waiting_scopes: set[anyio.CancelScope] = set()
        self._running_scopes: set[anyio.CancelScope] = set()
        self.closed = False

    @property
    def admitted(self) -> int:
        return self._admitted

    @property
    def running(self) -> int:
        return self._running

    @property
    def waiting(self) -> int:
        return self._admitted - self._running

    @asynccontextmanager
    async def slot(self):
        """Hold one running slot; the body runs inside a scope that shutdown can cancel."""
        if self.closed:
            raise ShuttingDown()
        if self._admitted >= self._capacity:
            raise Busy()
        self._admitted += 1  # single event loop: no lock needed around these counters
        try:
            with anyio.CancelScope() as wait_scope:
                self._waiting_scopes.add(wait_scope)
                try:
                    await self._limiter.acquire()
                finally:
                    self._waiting_scopes.discard(wait_scope)
            if wait_scope.cancelled_caught:
                raise ShuttingDown()
            try:
                self._running += 1
                with anyio.CancelScope() as run_scope:
                    self._running_scopes.add(run_scope)
                    try:
                        yield
                    finally:
                        self._running_scopes.discard(run_scope)
                if run_scope.cancelled_caught:
                    raise ShuttingDown()
            finally:
                self._running -= 1
                self._limiter.release()
        finally:
            self._admitted -= 1

    def close(self, grace_s: float) -> None:
        """Refuse what waits now; cancel what runs once ``grace_s`` has passed."""
        self.closed = True
        for scope in list(self._waiting_scopes):
            scope.cancel()
        deadline = anyio.current_time() + grace_s
        for scope in list(self._running_scopes):
            scope.deadline = min(scope.deadline, deadline)
