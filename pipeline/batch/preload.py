"""Imported once by the process-pool's forkserver, before it forks any worker.

Workers are forked from the forkserver, so what it loads here they start with, already in memory and
shared page by page until written to: the coding models are loaded once per batch instead of once per
worker (0.8 s of CPU each, saved on every core after the first), and a pool recreated after a lost
worker starts warm. The single-thread settings go first, before numpy or any native library reads them.
"""

from __future__ import annotations

import os

from pipeline.batch.limits import SINGLE_THREAD_ENV

os.environ.update(SINGLE_THREAD_ENV)

from pipeline.batch.tasks import ensure_models  # noqa: E402 - after the environment above

ensure_models()
