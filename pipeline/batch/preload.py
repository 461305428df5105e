"""Imported once by the process-pool's forkserver, before it forks any worker.

Workers are forked from the forkserver, so what it imports here they start with, already in memory and
shared page by page until written to. It imports what reading a page needs (the readers, numpy, Pillow,
pdfium) and nothing slower, so that the first page of a batch starts at once; the coding models load in
each worker's background while its first pages are read (:func:`pipeline.batch.tasks.init_worker`).
The single-thread settings go first, before numpy or any native library reads them.
"""

from __future__ import annotations

import os

from pipeline.batch.limits import SINGLE_THREAD_ENV

os.environ.update(SINGLE_THREAD_ENV)

import pipeline.batch.tasks  # noqa: E402, F401 - after the environment above
import pipeline.ingest.images  # noqa: E402, F401
import pipeline.ingest.ocr  # noqa: E402, F401
import pipeline.ingest.pdf  # noqa: E402, F401
