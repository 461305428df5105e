"""Atomic file writes: a reader (or a batch resumed after kill -9) never sees a half-written file.

Every writer goes through :func:`replacing`: a temporary ``.<name>.*.tmp`` beside the target, synced, then
renamed over it; :func:`cleanup_temporaries` removes what a killed run left.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any, TextIO


@contextlib.contextmanager
def replacing(path: Path, mode: str = "wb", **open_args: Any) -> Iterator[IO[Any]]:
    """A file opened for writing that appears under ``path`` only when the block ends without an error."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, mode, **open_args) as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def stream_text(path: Path) -> contextlib.AbstractContextManager[TextIO]:
    """Write a UTF-8 text file line by line (``\\n`` line ends), visible only when complete."""
    return replacing(path, "w", encoding="utf-8", newline="\n")


def write_bytes(path: Path, data: bytes) -> None:
    with replacing(path, "wb") as fh:
        fh.write(data)


def write_text(path: Path, text: str) -> None:
    write_bytes(path, text.encode("utf-8"))


def cleanup_temporaries(directory: Path) -> int:
    """Remove temporaries left by a killed run; returns how many were removed."""
    n = 0
    for tmp in Path(directory).rglob(".*.tmp"):
        tmp.unlink(missing_ok=True)
        n += 1
    return n
