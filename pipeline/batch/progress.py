"""Progress of a batch on stderr: a live bar in a terminal, plain periodic lines elsewhere (CI, logs).

Only file names and counts are shown, never verdict text.
"""

from __future__ import annotations

import os
import sys
import time
from typing import TextIO


def interactive(stream: TextIO) -> bool:
    return stream.isatty() and not os.environ.get("CI")


class BatchProgress:
    """Counts documents and pages; renders them. ``enabled=False`` renders nothing."""

    def __init__(self, total: int, *, enabled: bool = True, stream: TextIO | None = None, interval: float = 10.0):
        self.total = total
        self.done = self.failed = self.pages = self.ocr_pages = 0
        self.current = ""
        self._stream = stream or sys.stderr
        self._enabled = enabled
        self._interval = interval
        self._t0 = time.monotonic()
        self._last_line = self._t0
        self._bar = None
        if enabled and interactive(self._stream):
            self._start_bar()

    def _start_bar(self) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        self._bar = Progress(
            TextColumn("documents"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[rates]}"),
            TimeElapsedColumn(),
            TextColumn("{task.fields[current]}", style="dim"),
            console=Console(file=self._stream),
            transient=False,
        )
        self._task = self._bar.add_task("batch", total=self.total, rates="", current="")
        self._bar.start()

    def rates(self) -> tuple[float, float]:
        seconds = max(time.monotonic() - self._t0, 1e-9)
        return self.done / seconds, self.pages / seconds

    def _render(self) -> None:
        if not self._enabled:
            return
        docs_s, pages_s = self.rates()
        if self._bar is not None:
            self._bar.update(
                self._task,
                completed=self.done + self.failed,
                rates=f"{docs_s:.2f} docs/s  {self.pages} pages {pages_s:.1f}/s  {self.failed} failed",
                current=self.current,
            )
            return
        now = time.monotonic()
        if now - self._last_line >= self._interval:
            self._last_line = now
            print(
                f"[{now - self._t0:7.0f} s] {self.done + self.failed}/{self.total} documents "
                f"({self.failed} failed), {self.pages} pages; {docs_s:.2f} docs/s, {pages_s:.1f} pages/s",
                file=self._stream,
                flush=True,
            )

    def started(self, name: str) -> None:
        self.current = name
        self._render()

    def pages_done(self, n: int, ocr: int = 0) -> None:
        self.pages += n
        self.ocr_pages += ocr
        self._render()

    def document_done(self, ok: bool) -> None:
        if ok:
            self.done += 1
        else:
            self.failed += 1
        self._render()

    def tick(self) -> None:
        self._render()

    def close(self) -> None:
        if self._bar is not None:
            self.current = ""
            self._render()
            self._bar.stop()
            self._bar = None
