"""``spoton run``: every verdict file under the inputs → DIR, resumable, parallel down to single pages.

The main process only plans and bookkeeps; workers (a process pool or Dask) do all reading, OCR,
assembly, coding and writing through the task functions of :mod:`pipeline.batch.tasks`.

How one document moves: a *start* task checks and sniffs the file; whole-file formats (DOCX, text,
HTML) and one-page scans are finished inside it. A longer paged document comes back after page 1 is
read (its language narrows the OCR languages of the rest) and its other pages become separate tasks,
so the pages of one big PDF spread over all workers; a *finish* task then assembles, codes and writes
it. Pages travel between tasks through DIR/.work/<doc_id>/ on disk, never through the main process.
At most ``capacity`` tasks run at once and at most ``2 x capacity + 1`` documents are open, oldest
first, so memory stays bounded however large the batch.

A worker that dies takes only its own document down: the pool is recreated, tasks that were merely
sharing the pool are run again (one at a time until the culprit is known), and the rest of the batch
goes on.
"""

from __future__ import annotations

import logging
import os
import time
from collections import Counter, deque
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline import __version__, atomic
from pipeline.batch import outputs
from pipeline.batch.executors import Executor, WorkerLost, default_workers, make_executor, prestart_local
from pipeline.batch.limits import time_limit_error
from pipeline.batch.progress import BatchProgress
from pipeline.batch.tasks import (
    Failure,
    Finished,
    PageDone,
    Plan,
    TaskResult,
    alarm_seconds,
    finish_document,
    other_page,
    start_document,
    unexpected_failure,
)
from pipeline.config import RunConfig
from pipeline.errors import EXIT_OK, EXIT_SOME_FAILED, ConfigError
from pipeline.ingest import PageTask, doc_id_for, file_sha256, ocr

log = logging.getLogger("pipeline.batch")



def kill_after(limit_s: float) -> float:
    """When the main process kills a worker whose task should have stopped itself (stuck in C code, stopped)."""
    return alarm_seconds(limit_s) + min(30.0, 5.0 + limit_s)

WAIT_TICK_S = 1.0


# --------------------------------------------------------------------------- inputs


def expand_inputs(inputs: Iterable[Path | str], out: Path | None = None) -> list[Path]:
    """Files and directories (recursively, sorted) in the order given; hidden files and folders and batch
    output folders are left out. A missing input is a usage error."""
    out_resolved = Path(out).resolve() if out is not None else None
    files: list[Path] = []
    for raw in inputs:
        path = Path(raw)
        if path.is_file():
            files.append(path)
            continue
        if not path.is_dir():
            raise ConfigError(f"input not found: {path}")
        for root, dirs, names in os.walk(path):
            root_path = Path(root)
            dirs[:] = sorted(
                d for d in dirs
                if not d.startswith(".") and not _is_batch_output(root_path / d, out_resolved)
            )
            if _is_batch_output(root_path, out_resolved):
                dirs[:] = []
                continue
            files.extend(root_path / n for n in sorted(names) if not n.startswith("."))
    return files


def _is_batch_output(folder: Path, out_resolved: Path | None) -> bool:
    if (folder / outputs.BATCH_MARKER).exists():
        return True
    return out_resolved is not None and folder.resolve() == out_resolved


# --------------------------------------------------------------------------- summary


@dataclass
class BatchSummary:
    out: Path
    documents: int = 0  # distinct documents (by content) among the inputs
    done: int = 0
    skipped: int = 0  # unchanged since an earlier run
    failed: int = 0
    duplicates: int = 0  # inputs with the same content as an earlier input
    pages: int = 0
    ocr_pages: int = 0
    seconds: float = 0.0
    errors: list[dict[str, Any]] = field(default_factory=list)
    records: int = 0  # lines in records.jsonl
    warnings: Counter[str] = field(default_factory=Counter)  # records flagged, per code (coding.checks)

    @property
    def exit_code(self) -> int:
        return EXIT_SOME_FAILED if self.failed else EXIT_OK

    @property
    def docs_per_s(self) -> float:
        return self.done / self.seconds if self.seconds else 0.0

    @property
    def pages_per_s(self) -> float:
        return self.pages / self.seconds if self.seconds else 0.0

    def describe(self) -> str:
        dup = f", {self.duplicates} duplicate inputs" if self.duplicates else ""
        flagged = ""
        if self.warnings:
            flagged = "; flagged records: " + ", ".join(
                f"{n} {code.replace('_', ' ')}" for code, n in sorted(self.warnings.items()))
        return (
            f"documents: {self.done} done, {self.skipped} skipped (unchanged), {self.failed} failed{dup}; "
            f"pages: {self.pages} ({self.ocr_pages} OCR); {self.seconds:.1f} s, "
            f"{self.docs_per_s:.2f} docs/s, {self.pages_per_s:.1f} pages/s{flagged}"
        )


# --------------------------------------------------------------------------- bookkeeping


@dataclass(eq=False)
class _Doc:
    """A document of this run; its ``plan`` arrives once page 1 of a paged document is read."""

    path: Path
    sha256: str
    doc_id: str
    plan: Plan | None = None
    next_page: int = 1
    pages_in: int = 0
    finish_sent: bool = False
    started: float = 0.0
    closed: bool = False

    @property
    def name(self) -> str:
        return self.path.name


@dataclass(eq=False)
class _Task:
    doc: _Doc
    kind: str  # start | page | finish
    fn: Any
    args: tuple
    limit_s: float | None  # the limit the worker enforces itself
    page: int | None = None
    submitted: float = 0.0
    isolated: bool = False  # ran alone: a lost worker is its fault
    killed: bool = False  # killed by us for running too long
    innocent: bool = False  # lost because we killed the pool for another task

    @property
    def stage(self) -> str:
        return {"start": "ingest", "page": "ingest", "finish": "assemble"}[self.kind]

    def hard_deadline(self) -> float | None:
        if not self.limit_s:
            return None
        return self.submitted + kill_after(self.limit_s)


class _Scheduler:
    """Feeds tasks to the executor and reacts to their results; one instance per run."""

    def __init__(self, executor: Executor, docs: Sequence[_Doc], out: Path, config: RunConfig,
                 progress: BatchProgress, summary: BatchSummary, task_out: str, task_path):
        self.ex = executor
        self.queue = deque(docs)
        self.active: list[_Doc] = []
        self.inflight: dict[Any, _Task] = {}
        self.retry: deque[_Task] = deque()
        self.suspects: deque[_Task] = deque()
        self.out = out
        self.task_out = task_out
        self.task_path = task_path  # the path string a worker opens
        self.config = config
        self.progress = progress
        self.summary = summary
        self.cap = max(1, executor.capacity)
        self.max_active = 2 * self.cap + 1

    # ---- choosing the next task

    def _next_task(self) -> _Task | None:
        if self.suspects:
            if self.inflight:
                return None  # suspects run alone, so a second loss names its culprit
            while self.suspects:
                task = self.suspects.popleft()
                if not task.doc.closed:
                    task.isolated = True
                    return task
            return None
        while self.retry:
            task = self.retry.popleft()
            if not task.doc.closed:
                return task
        for doc in self.active:
            task = self._ready_task(doc)
            if task is not None:
                return task
        if self.queue and len(self.active) < self.max_active:
            doc = self.queue.popleft()
            doc.started = time.monotonic()
            self.active.append(doc)
            self.progress.started(doc.name)
            lim = self.config.limits
            return _Task(doc, "start", start_document,
                         (self.task_path(doc.path), doc.sha256, self.task_out, self.config),
                         lim.document_seconds)
        return None

    def _ready_task(self, doc: _Doc) -> _Task | None:
        plan = doc.plan
        if doc.closed or plan is None:
            return None
        if doc.next_page < plan.pages:
            i = doc.next_page
            doc.next_page += 1
            page = PageTask(self.task_path(doc.path), plan.format, i, self.config, langs=plan.langs)
            return _Task(doc, "page", other_page, (page, self.task_out, doc.doc_id),
                         self.config.limits.page_seconds, page=i)
        if doc.pages_in == plan.pages and not doc.finish_sent:
            doc.finish_sent = True
            left = self._seconds_left(doc)
            return _Task(doc, "finish", finish_document,
                         (self.task_path(doc.path), plan.format, doc.sha256, plan.size, plan.pages,
                          self.task_out, self.config, left), left)
        return None

    def _seconds_left(self, doc: _Doc) -> float | None:
        limit = self.config.limits.document_seconds
        if not limit:
            return None
        return max(1.0, limit - (time.monotonic() - doc.started))

    # ---- the loop

    def run(self) -> None:
        while self.queue or self.active:
            while len(self.inflight) < self.cap:
                task = self._next_task()
                if task is None:
                    break
                task.submitted = time.monotonic()
                self.inflight[self.ex.submit(task.fn, *task.args)] = task
            if not self.inflight:  # nothing runs and nothing could start: every document is closed
                if self.active or self.queue:
                    raise RuntimeError("batch scheduler stalled")  # a bug, never a document's fault
                break
            for handle in self.ex.wait(list(self.inflight), WAIT_TICK_S):
                self._collect(handle)
            self._check_time()
            self.progress.tick()

    def _collect(self, handle) -> None:
        task = self.inflight.pop(handle)
        doc = task.doc
        try:
            result: TaskResult = self.ex.result(handle)
        except WorkerLost as exc:
            self.ex.after_loss(handle)
            self._lost(task, exc)
            return
        except Exception as exc:  # noqa: BLE001 - e.g. a result that cannot be unpickled
            result = TaskResult(failure=unexpected_failure(doc.name, task.stage, exc))
        if doc.closed:
            return
        if result.failure is not None:
            self._fail(doc, result.failure)
            return
        value = result.value
        if isinstance(value, Finished):
            self._finished(doc, value, count_pages=task.kind == "start")
        elif isinstance(value, Plan):
            doc.plan = value
            doc.pages_in = 1
            self.progress.pages_done(1, int(value.first_ocr))
        elif isinstance(value, PageDone):
            doc.pages_in += 1
            self.progress.pages_done(1, int(value.ocr))

    def _lost(self, task: _Task, exc: WorkerLost) -> None:
        doc = task.doc
        log.debug("worker lost while running %s task of %s: %s", task.kind, doc.name, exc)
        if doc.closed:
            return
        if task.killed:
            lim = self.config.limits
            seconds = lim.page_seconds if task.kind == "page" else lim.document_seconds
            setting = "page_seconds" if task.kind == "page" else "document_seconds"
            err = time_limit_error(doc.name, seconds, "reading it" if task.kind != "finish"
                                   else "assembling and coding it", setting)
            self._fail(doc, Failure(task.stage, err.error, err.message))
            return
        if task.innocent:
            task.innocent = False
            self.retry.append(task)
            return
        if task.isolated or self.cap == 1 or self.ex.kind == "dask":
            self._fail(doc, Failure(
                task.stage, "worker_crashed",
                f"{doc.name}: the worker process reading it stopped unexpectedly (it crashed, or the system "
                "stopped it, most often for lack of memory). The other documents were not affected.",
            ))
            return
        self.suspects.append(task)

    def _check_time(self) -> None:
        now = time.monotonic()
        limit = self.config.limits.document_seconds
        for doc in list(self.active):
            # a backstop: the worker's own alarm (from the real start of its task) normally fires first
            if not doc.closed and limit and now - doc.started > kill_after(limit):
                err = time_limit_error(doc.name, limit, "processing it", "document_seconds")
                self._fail(doc, Failure("ingest", err.error, err.message))
        overdue = [t for t in self.inflight.values()
                   if not t.killed and (d := t.hard_deadline()) is not None and now > d]
        if not overdue:
            return
        for task in overdue:
            task.killed = True
        for task in self.inflight.values():
            if not task.killed:
                task.innocent = True
        if not self.ex.kill_workers():  # Dask: cannot stop it; its document fails now, the task runs on
            for task in overdue:
                task.innocent = False
                self._lost(task, WorkerLost("time limit"))
            for task in self.inflight.values():
                task.innocent = False

    # ---- outcomes

    def _close(self, doc: _Doc) -> None:
        doc.closed = True
        if doc.plan is not None:
            outputs.remove_scratch(self.out, doc.doc_id)
        doc.plan = None
        if doc in self.active:
            self.active.remove(doc)

    def _fail(self, doc: _Doc, failure: Failure) -> None:
        if failure.debug:
            log.debug("%s (%s) failed in %s:\n%s", doc.path, doc.sha256, failure.stage, failure.debug)
        log.info("failed: %s [%s/%s]", doc.path, failure.stage, failure.error)
        self.summary.errors.append({
            "path": str(doc.path), "sha256": doc.sha256, "stage": failure.stage,
            "error": failure.error, "message": failure.message,
        })
        self.summary.failed += 1
        self.progress.document_done(False)
        self._close(doc)

    def _finished(self, doc: _Doc, fin: Finished, count_pages: bool) -> None:
        if not (outputs.doc_dir(self.out, doc.doc_id) / outputs.RECORD_JSON).is_file():
            self._fail(doc, Failure(
                "write", "output_missing",
                f"{doc.name}: the worker wrote its results where this machine cannot see them "
                f"({self.out}); with --executor dask, --out must be a folder shared with the workers.",
            ))
            return
        if count_pages:
            self.progress.pages_done(fin.pages, fin.ocr_pages)
        self.summary.pages += fin.pages
        self.summary.ocr_pages += fin.ocr_pages
        self.summary.done += 1
        self.progress.document_done(True)
        self._close(doc)


# --------------------------------------------------------------------------- entry point


def current_models() -> set[str] | None:
    """The trained models active now, as records name them ("ner-sr@1"); None if unknown.

    A record stays valid while every model it names is still the active version of its component
    (pipeline.train.registry): a promoted or rolled-back model makes the documents it touched run again.
    """
    try:
        from pipeline.train.registry import active_names
    except ImportError:
        return None
    return active_names()


def _log_handlers(out: Path) -> list[logging.Handler]:
    """Everything (with tracebacks) to DIR/debug.log; warnings also to stderr. Never verdict text."""
    debug = logging.FileHandler(out / outputs.DEBUG_LOG, encoding="utf-8")
    debug.setLevel(logging.DEBUG)
    debug.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
    console = logging.StreamHandler()
    console.setLevel(logging.WARNING)
    console.setFormatter(logging.Formatter("spoton run: %(message)s"))
    return [debug, console]


def run_batch(inputs: Iterable[Path | str], out: Path | str, config: RunConfig | None = None,
              progress: bool = True) -> BatchSummary:
    """Process every file under ``inputs`` into ``out``; see the module docstring and CONTRACT.md."""
    config = config or RunConfig()
    t0 = time.monotonic()
    if config.executor == "local":
        prestart_local()
    out = Path(out)
    files = expand_inputs(inputs, out)
    out.mkdir(parents=True, exist_ok=True)
    (out / outputs.BATCH_MARKER).touch()
    atomic.cleanup_temporaries(out)
    outputs.remove_scratch(out)  # pages of documents a killed run left unfinished
    ocr.sweep_temporaries()  # page images of OCR workers killed mid-page
    summary = BatchSummary(out=out)
    handlers = _log_handlers(out)
    propagate = log.propagate
    for handler in handlers:
        log.addHandler(handler)
    log.setLevel(logging.DEBUG)
    log.propagate = False  # tracebacks go to DIR/debug.log only
    try:
        _run(files, out, config, progress, summary)
        summary.seconds = time.monotonic() - t0
        log.info("summary: %s", summary.describe())
    finally:
        log.propagate = propagate
        for handler in handlers:
            log.removeHandler(handler)
            handler.close()
    return summary


def _finished_records(out: Path, docs: list[_Doc], failed: set[str]) -> Iterator[tuple[str, str]]:
    """(doc_id, record.json text) of every document of the batch that has its record, in input order."""
    for doc in docs:
        if doc.doc_id in failed:
            continue
        try:
            yield doc.doc_id, (outputs.doc_dir(out, doc.doc_id) / outputs.RECORD_JSON).read_text(encoding="utf-8")
        except OSError:
            continue


def _absolute_path(path: Path) -> str:
    return str(path.absolute())


def _run(files: list[Path], out: Path, config: RunConfig, progress: bool, summary: BatchSummary) -> None:
    models = current_models()
    from pipeline.coding.field_models import active_names as field_models

    required = field_models()
    docs: list[_Doc] = []  # distinct documents in input order
    seen: set[str] = set()
    todo: list[_Doc] = []
    for path in files:
        try:
            sha = file_sha256(path)
        except OSError as exc:
            summary.errors.append({
                "path": str(path), "sha256": None, "stage": "ingest", "error": "unreadable",
                "message": f"{path.name} cannot be read: {exc.strerror or exc}.",
            })
            summary.failed += 1
            continue
        doc_id = doc_id_for(sha)
        if doc_id in seen:
            summary.duplicates += 1
            continue
        seen.add(doc_id)
        doc = _Doc(path, sha, doc_id)
        docs.append(doc)
        if not config.force and outputs.finished_record(out, doc_id, sha, __version__, models, required) is not None:
            summary.skipped += 1
            continue
        todo.append(doc)
    summary.documents = len(docs) + sum(1 for e in summary.errors if e["sha256"] is None)
    log.info("run: %d inputs, %d documents, %d to do", len(files), len(docs), len(todo))

    bar = BatchProgress(len(todo), enabled=progress)
    try:
        if todo:
            workers = config.workers or default_workers()
            executor = make_executor(config.executor, workers, config.scheduler, config.limits.memory_bytes)
            dask = executor.kind == "dask"
            task_out = str(out.absolute()) if dask else str(out)
            task_path = _absolute_path if dask else str
            scheduler = _Scheduler(executor, todo, out, config, bar, summary, task_out, task_path)
            try:
                scheduler.run()
            except BaseException:
                executor.terminate()
                raise
            if scheduler.inflight:  # tasks of documents already failed for time: do not wait for them
                executor.terminate()
            else:
                executor.close()
            outputs.remove_scratch(out)
    finally:
        bar.close()

    failed_ids = {doc_id_for(e["sha256"]) for e in summary.errors if e["sha256"]}
    by_id = {doc.doc_id: doc for doc in docs}
    summary.records, failures = outputs.write_record_tables(out, _finished_records(out, docs, failed_ids),
                                                            summary.warnings)
    for doc_id, exc in failures:
        doc = by_id[doc_id]
        failure = unexpected_failure(doc.name, "table", exc)
        log.debug("table rows of %s failed:\n%s", doc.path, failure.debug)
        summary.errors.append({"path": str(doc.path), "sha256": doc.sha256, "stage": "table",
                               "error": failure.error, "message": failure.message})
        summary.failed += 1
    position = {str(p): i for i, p in enumerate(files)}
    summary.errors.sort(key=lambda e: position.get(e["path"], len(files)))  # input order, not finishing order
    outputs.write_errors_jsonl(out, summary.errors)
