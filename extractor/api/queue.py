"""Bounded concurrency: ``workers`` requests run, ``queue_size`` wait, the rest get 503."""

from __future__ import annotations

from contextlib import asynccontextmanager

import anyio


class Busy(Exception):
    """Both the running slots and the waiting queue are full."""


class Gate:
    def __init__(self, workers: int, queue_size: int):
        self._limiter = anyio.CapacityLimiter(workers)
        self._capacity = workers + queue_size
        self._admitted = 0

    @property
    def admitted(self) -> int:
        return self._admitted

    @asynccontextmanager
    async def slot(self):
        if self._admitted >= self._capacity:
            raise Busy()
        self._admitted += 1  # single event loop: no lock needed around this counter
        try:
            async with self._limiter:
                yield
        finally:
            self._admitted -= 1
