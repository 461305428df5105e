"""Where batch tasks run: a local process pool or a Dask cluster, behind one small interface.

Both run the same task functions from :mod:`pipeline.batch.tasks` and hand back their
:class:`~pipeline.batch.tasks.TaskResult`. A worker that dies (crash, killed by the system for lack of
memory, or killed by the runner because it hung) shows up as :class:`WorkerLost` on the tasks it held.

Dask: workers must see the input files and the output folder under the same paths as the machine that
runs ``spoton run`` (a shared filesystem), and have this package installed in the same version.
Per-task memory caps are not applied to Dask workers (use the worker's own ``--memory-limit``), and a
task that hangs there cannot be killed from here: its document fails when its time is up.
"""

from __future__ import annotations

import concurrent.futures as cf
import logging
import multiprocessing
import os
from concurrent.futures.process import BrokenProcessPool
from typing import Any, Protocol

from pipeline.errors import ConfigError

log = logging.getLogger("pipeline.batch")


class WorkerLost(Exception):
    """The worker process running a task stopped before answering."""


class Executor(Protocol):
    kind: str
    capacity: int  # tasks that run at the same time

    def submit(self, fn, *args) -> Any: ...
    def wait(self, handles: list[Any], timeout: float) -> set[Any]: ...
    def result(self, handle: Any) -> Any: ...
    def after_loss(self, handle: Any) -> None: ...
    def kill_workers(self) -> bool: ...
    def close(self) -> None: ...


def default_workers() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


PRELOAD = ["pipeline.batch.preload"]  # what the forkserver imports before it forks any worker


def prestart_local() -> None:
    """Start the process pool's forkserver now, so that its imports (the page readers, see
    :mod:`pipeline.batch.preload`) overlap this process listing and hashing the inputs. Harmless when it
    already runs."""
    from multiprocessing import forkserver

    multiprocessing.get_context("forkserver").set_forkserver_preload(PRELOAD)
    try:
        forkserver.ensure_running()
    except OSError:  # pragma: no cover - the pool starts it later, or reports why it cannot
        log.debug("forkserver could not be started early", exc_info=True)


class LocalExecutor:
    """A process pool with a memory cap per worker; recreated after a worker dies."""

    kind = "local"

    def __init__(self, workers: int, memory_bytes: int | None = None):
        self.capacity = max(1, workers)
        self._memory = memory_bytes
        # forkserver: workers start from a clean process that has imported the page readers (see
        # pipeline.batch.preload), not from a fork of this one (which has threads)
        self._ctx = multiprocessing.get_context("forkserver")
        self._ctx.set_forkserver_preload(PRELOAD)
        self._generation = 0
        self._of: dict[cf.Future, int] = {}
        self._pool = self._new_pool()

    def _new_pool(self) -> cf.ProcessPoolExecutor:
        from pipeline.batch.tasks import init_worker

        return cf.ProcessPoolExecutor(
            max_workers=self.capacity, mp_context=self._ctx, initializer=init_worker, initargs=(self._memory,)
        )

    def submit(self, fn, *args) -> cf.Future:
        try:
            fut = self._pool.submit(fn, *args)
        except BrokenProcessPool:
            self._restart()
            fut = self._pool.submit(fn, *args)
        self._of[fut] = self._generation
        return fut

    def wait(self, handles: list[cf.Future], timeout: float) -> set[cf.Future]:
        done, _ = cf.wait(handles, timeout=timeout, return_when=cf.FIRST_COMPLETED)
        return done

    def result(self, handle: cf.Future):
        try:
            value = handle.result()
        except (BrokenProcessPool, cf.CancelledError) as exc:
            raise WorkerLost(str(exc) or type(exc).__name__) from exc  # after_loss() forgets the handle
        except BaseException:
            self._of.pop(handle, None)
            raise
        self._of.pop(handle, None)
        return value

    def after_loss(self, handle: cf.Future) -> None:
        """Recreate the pool once per breakage (every task of a broken pool reports the loss)."""
        generation = self._of.pop(handle, self._generation)
        if generation == self._generation:
            self._restart()

    def _restart(self) -> None:
        log.info("a worker process was lost; starting a new process pool")
        old = self._pool
        self._kill(old)
        old.shutdown(wait=False, cancel_futures=True)
        self._generation += 1
        self._pool = self._new_pool()

    @staticmethod
    def _kill(pool: cf.ProcessPoolExecutor) -> bool:
        import psutil

        # _processes is private but stable (3.8-3.13); there is no public way to stop a hung worker
        procs = list((getattr(pool, "_processes", None) or {}).values())
        killed = False
        for proc in procs:
            try:
                tree = psutil.Process(proc.pid)
                victims = [*tree.children(recursive=True), tree]  # Tesseract runs as a child
            except psutil.Error:
                continue
            for victim in victims:
                try:
                    victim.kill()
                    killed = True
                except psutil.Error:
                    pass
        return killed

    def kill_workers(self) -> bool:
        """Kill every worker (a task hung in C code); their tasks report WorkerLost."""
        return self._kill(self._pool)

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)

    def terminate(self) -> None:
        self._kill(self._pool)
        self._pool.shutdown(wait=False, cancel_futures=True)


class DaskExecutor:
    """Tasks on a ``distributed`` cluster (given by its scheduler address), or on a LocalCluster."""

    kind = "dask"

    def __init__(self, scheduler: str | None, workers: int):
        try:
            from distributed import Client, LocalCluster
        except ImportError as exc:  # pragma: no cover - a dependency of the package
            raise ConfigError("--executor dask needs the 'distributed' package.") from exc
        self._cluster = None
        # distributed logs its scheduler's and nanny's life at INFO to stderr by itself: that is noise in a
        # lawyer's terminal and breaks --quiet. Warnings and errors still show.
        self._distributed_log = logging.getLogger("distributed")
        self._log_level = self._distributed_log.level
        self._distributed_log.setLevel(logging.WARNING)
        if scheduler:
            try:
                self._client = Client(scheduler, timeout="10s", set_as_default=False)
            except Exception as exc:  # noqa: BLE001 - any failure to connect is a usage problem
                raise ConfigError(f"cannot reach the Dask scheduler at {scheduler!r}: {exc}") from exc
        else:
            # Loopback only, and the scheduler's HTTP endpoint on a free port (distributed opens it even
            # without a dashboard, by default on 8787, which a second run on the same machine then lacks).
            self._cluster = LocalCluster(
                n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1",
                dashboard_address="127.0.0.1:0", silence_logs=logging.ERROR,
            )
            self._client = Client(self._cluster, set_as_default=False)
        self.capacity = max(1, sum(self._client.nthreads().values()))
        from pipeline.batch.tasks import warm_up

        self._client.run(warm_up)  # models loaded on every worker before the first document's clock starts

    def submit(self, fn, *args):
        return self._client.submit(fn, *args, pure=False)

    def wait(self, handles: list[Any], timeout: float) -> set[Any]:
        from distributed import wait

        try:
            with self._client.as_current():
                done, _ = wait(handles, timeout=timeout, return_when="FIRST_COMPLETED")
        except TimeoutError:
            return set()
        return set(done)

    def result(self, handle):
        from distributed import KilledWorker

        try:
            return handle.result()
        except (KilledWorker, cf.CancelledError) as exc:
            raise WorkerLost(str(exc) or type(exc).__name__) from exc
        finally:
            handle.release()

    def after_loss(self, handle) -> None:
        """Dask reschedules by itself."""

    def kill_workers(self) -> bool:
        return False

    def close(self) -> None:
        self._client.close()
        if self._cluster is not None:
            self._cluster.close()
        self._distributed_log.setLevel(self._log_level)

    terminate = close


def make_executor(kind: str, workers: int, scheduler: str | None, memory_bytes: int | None) -> Executor:
    if kind == "dask":
        return DaskExecutor(scheduler, workers)
    if scheduler:
        raise ConfigError("--scheduler only applies with --executor dask.")
    return LocalExecutor(workers, memory_bytes)
