"""The task functions a batch runs in worker processes (process pool or Dask), the same for both.

A task never raises: it returns a :class:`TaskResult` holding either its value or a :class:`Failure`
(stage, error code, message for people, traceback for the debug log only). That keeps exceptions of
any reader picklable and lets the runner write one clear errors.jsonl line per failed document.
"""

from __future__ import annotations

import os
import resource
import signal
import threading
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.batch.limits import (
    SINGLE_THREAD_ENV,
    TimeLimitHit,
    memory_limit_error,
    time_limit,
    time_limit_error,
)
from pipeline.config import RunConfig
from pipeline.errors import PipelineError
from pipeline.ingest import (
    PAGED_FORMATS,
    PageTask,
    build_document,
    check_file,
    doc_id_for,
    page_count,
    read_first_page,
    read_page,
    read_whole,
)
from pipeline.model import Format


def alarm_seconds(limit_s: float) -> float:
    """When the in-worker alarm fires: a little after the configured limit, because readers enforce the
    limits themselves (Tesseract's timeout) and their own message is the better one."""
    return limit_s * 1.2 + min(10.0, limit_s)


@dataclass(slots=True)
class Failure:
    stage: str
    error: str
    message: str
    debug: str | None = None  # traceback: debug log only, never errors.jsonl


@dataclass(slots=True)
class TaskResult:
    value: Any = None
    failure: Failure | None = None
    seconds: float = 0.0


@dataclass(slots=True)
class Plan:
    """A paged document after its first task: format, page count, OCR languages for the other pages.
    Page 1 is already read and waits in the document's scratch folder like every other page."""

    format: Format
    size: int
    pages: int
    langs: str | None = None
    first_ocr: bool = False


@dataclass(slots=True)
class PageDone:
    """A page read and stored in the scratch folder (the page itself never travels to the main process)."""

    ocr: bool


@dataclass(slots=True)
class Finished:
    """A document whose document.json and record.json are written."""

    doc_id: str
    pages: int
    ocr_pages: int
    language: str | None = None
    warnings: list[str] = field(default_factory=list)


class _Steps(threading.local):
    stage = "ingest"


_steps = _Steps()


def _stage(name: str) -> None:
    """Name the step now running: an unexpected exception is reported under it."""
    _steps.stage = name


def _name_in(message: str, name: str) -> str:
    return message if name in message else f"{name}: {message}"


def guarded(fn, name: str, limit_s: float | None, limit_setting: str, memory_bytes: int | None, *args):
    """Run ``fn(*args)`` for the file ``name`` under a time limit; every outcome becomes a TaskResult."""
    _stage("ingest")
    t0 = time.monotonic()
    try:
        with time_limit(alarm_seconds(limit_s) if limit_s else None):
            value = fn(*args)
        return TaskResult(value=value, seconds=time.monotonic() - t0)
    except PipelineError as exc:
        fail = Failure(exc.stage, exc.error, _name_in(exc.message, name))
    except TimeLimitHit:
        err = time_limit_error(name, limit_s or 0, _STAGE_WORDS.get(_steps.stage, _steps.stage), limit_setting)
        fail = Failure(_steps.stage, err.error, err.message)
    except MemoryError:
        err = memory_limit_error(name, memory_bytes or 0)
        fail = Failure(_steps.stage, err.error, err.message)
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as exc:  # noqa: BLE001 - any reader bug must fail one document, not the batch
        fail = unexpected_failure(name, _steps.stage, exc)
    return TaskResult(failure=fail, seconds=time.monotonic() - t0)


def unexpected_failure(name: str, stage: str, exc: BaseException) -> Failure:
    """An exception nobody anticipated: type and (shortened) text for people, traceback for the debug log."""
    text = " ".join(str(exc).split())
    if len(text) > 300:
        text = text[:300] + "…"
    detail = f"{type(exc).__name__}: {text}" if text else type(exc).__name__
    return Failure(
        stage,
        "internal",
        f"{name}: unexpected error while {_STAGE_WORDS.get(stage, stage)}: {detail}. This is a bug in "
        "SPOT ON (an error its code did not expect): please report it with the traceback from debug.log in "
        "the output folder",
        debug="".join(traceback.format_exception(exc)),
    )


_STAGE_WORDS = {
    "ingest": "reading the file",
    "ocr": "recognising the text (OCR)",
    "assemble": "assembling the text",
    "coding": "building the coding record",
    "write": "writing the results",
    "table": "making its rows of records.parquet",
}


# --------------------------------------------------------------------------- warm-up

WARM_UP_SAMPLE = Path(__file__).resolve().parents[1] / "samples" / "sources" / "rs_k_57_2019_latn.txt"
_models = threading.Event()  # set once this process has run warm_up


def warm_up(config: RunConfig | None = None) -> float:
    """Run one fictitious sample verdict through reading, assembly and coding without writing anything.

    Loading language models, tokenizers, trained taggers and rule files takes most of a second. Pool
    workers do it in a background thread while their first pages are read (:func:`warm_up_in_background`),
    Dask workers at connection, any other process before its first record (:func:`ensure_models`). A
    finishing task waits for them before its clock starts. A load error shows up here as nothing and
    on the real document as its own failure.
    Returns the seconds it took; never fails (a real document reports the problem).
    """
    t0 = time.monotonic()
    if not WARM_UP_SAMPLE.is_file():
        _models.set()
        return 0.0
    try:
        from pipeline.coding import build_record

        config = config or RunConfig()
        pages, encoding = read_whole(WARM_UP_SAMPLE, "txt", config)
        build_record(build_document(WARM_UP_SAMPLE, "txt", "0" * 64, WARM_UP_SAMPLE.stat().st_size,
                                    pages, encoding))
    except Exception:  # noqa: BLE001 - see docstring
        pass
    _models.set()
    return time.monotonic() - t0


_warming: threading.Thread | None = None


def warm_up_in_background() -> None:
    """Start :func:`warm_up` in a thread of this process (a pool worker, right after it starts)."""
    global _warming
    if _warming is None and not _models.is_set():
        _warming = threading.Thread(target=warm_up, name="spoton-warm-up", daemon=True)
        _warming.start()


def ensure_models() -> None:
    """The coding models, loaded once per process: wait for the background load, or load them now."""
    if _models.is_set():
        return
    if _warming is not None:
        _warming.join()
    if not _models.is_set():
        warm_up()


def init_worker(memory_bytes: int | None, warm: bool = True) -> None:
    """Process-pool initializer: cap the worker's address space, keep libraries single-threaded, and
    start loading the coding models in the background (``warm``).

    Reading a page needs none of them, and while Tesseract reads it the worker's own process waits:
    the models load in that time instead of before the first page. The first record waits for them
    (:func:`ensure_models`)."""
    os.environ.update(SINGLE_THREAD_ENV)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the main process's to handle: it stops us
    if memory_bytes:
        _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        cap = memory_bytes if hard == resource.RLIM_INFINITY else min(memory_bytes, hard)
        resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
    if warm:
        warm_up_in_background()


# --------------------------------------------------------------------------- task bodies


def _write_outputs(document, out: str) -> Finished:
    from pipeline.batch.outputs import write_document_outputs
    from pipeline.coding import build_record

    _stage("coding")
    ensure_models()
    record = build_record(document)
    _stage("write")
    write_document_outputs(Path(out), document, record)
    return Finished(
        doc_id=document.id,
        pages=len(document.pages),
        ocr_pages=sum(1 for p in document.pages if p.method == "ocr"),
        language=document.language,
    )


def _start(path: str, sha256: str, out: str, config: RunConfig) -> Plan | Finished:
    from pipeline.batch.outputs import scratch_dir, write_page

    _stage("ingest")
    fmt, size = check_file(Path(path), config)
    if fmt in PAGED_FORMATS:
        n = page_count(Path(path), fmt, config)
        first, langs = read_first_page(PageTask(path, fmt, 0, config))
        if n > 1:
            write_page(scratch_dir(Path(out), doc_id_for(sha256)), 0, first)
            return Plan(fmt, size, n, langs, first.method == "ocr")
        pages, encoding = [first], None
    else:
        pages, encoding = read_whole(Path(path), fmt, config)
    _stage("assemble")
    document = build_document(Path(path), fmt, sha256, size, pages, encoding, low_conf=config.ocr.low_conf)
    return _write_outputs(document, out)


def _page(task: PageTask, out: str, doc_id: str) -> PageDone:
    from pipeline.batch.outputs import scratch_dir, write_page

    page = read_page(task)
    write_page(scratch_dir(Path(out), doc_id), task.index, page)
    return PageDone(page.method == "ocr")


def _finish(path: str, fmt: Format, sha256: str, size: int, n_pages: int, out: str,
            low_conf: float) -> Finished:
    from pipeline.batch.outputs import read_pages, remove_scratch, scratch_dir

    _stage("assemble")
    doc_id = doc_id_for(sha256)
    pages = read_pages(scratch_dir(Path(out), doc_id), n_pages)
    document = build_document(Path(path), fmt, sha256, size, pages, None, low_conf=low_conf)
    del pages
    finished = _write_outputs(document, out)
    remove_scratch(Path(out), doc_id)
    return finished


def start_document(path: str, sha256: str, out: str, config: RunConfig) -> TaskResult:
    """Check the file and read it. Whole-file formats and one-page documents are read, coded and written
    right here (one task); longer paged documents store page 1, return a :class:`Plan` and go on as
    page tasks (:func:`other_page`) and a :func:`finish_document` task."""
    lim = config.limits
    return guarded(_start, Path(path).name, lim.document_seconds, "document_seconds", lim.memory_bytes,
                    path, sha256, out, config)


def other_page(task: PageTask, out: str, doc_id: str) -> TaskResult:
    """Read one page (not the first) into the document's scratch folder; its value is a :class:`PageDone`."""
    lim = task.config.limits
    return guarded(_page, Path(task.path).name, lim.page_seconds, "page_seconds", lim.memory_bytes,
                   task, out, doc_id)


def finish_document(
    path: str, fmt: Format, sha256: str, size: int, n_pages: int, out: str, config: RunConfig,
    seconds_left: float | None = None,
) -> TaskResult:
    """Assemble the stored pages, build the record and write document.json then record.json."""
    lim = config.limits
    ensure_models()  # not on the document's clock
    return guarded(_finish, Path(path).name, seconds_left, "document_seconds", lim.memory_bytes,
                   path, fmt, sha256, size, n_pages, out, config.ocr.low_conf)
