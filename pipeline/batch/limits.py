"""Per-document limits inside worker processes: memory (address-space cap) and time (alarm).

The main process enforces the same limits from outside as a last resort (a worker stuck in C code
cannot be interrupted by a signal): it kills the worker and recreates the pool, see
:mod:`pipeline.batch.executors`.
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator

from pipeline.errors import LimitExceeded

# One thread per worker for the libraries that would otherwise start one per core each: N workers
# already use N cores, and every extra thread reserves address space under RLIMIT_AS.
SINGLE_THREAD_ENV = {
    "OMP_THREAD_LIMIT": "1",  # Tesseract (OpenMP), inherited by its subprocess
    "OMP_NUM_THREADS": "1",
    "OPENBLAS_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
    "MALLOC_ARENA_MAX": "2",  # glibc reserves 64 MiB of address space per arena
}


def memory_limit_error(name: str, memory_bytes: int) -> LimitExceeded:
    return LimitExceeded(
        f"{name} needs more than {memory_bytes / 1024**3:.1f} GB of memory "
        "(raise limits.memory_bytes in the configuration to process it).",
        error="memory_limit",
    )


def time_limit_error(name: str, seconds: float, what: str, setting: str) -> LimitExceeded:
    return LimitExceeded(
        f"{name}: {what} took longer than {seconds:.0f} seconds "
        f"(raise limits.{setting} in the configuration to process it).",
        error="time_limit",
    )


class TimeLimitHit(BaseException):
    """Raised by SIGALRM; a BaseException so that no reader's ``except Exception`` swallows it."""


def _on_alarm(signum, frame):  # noqa: ARG001 - signal handler signature
    raise TimeLimitHit()


@contextlib.contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Raise :class:`TimeLimitHit` when the block runs longer than ``seconds``.

    Only in a process's main thread (process-pool workers); in threads (Dask workers) it does
    nothing and the main process's deadline applies instead.
    """
    if not seconds or threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGALRM, _on_alarm)
    signal.setitimer(signal.ITIMER_REAL, max(seconds, 0.001))
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
