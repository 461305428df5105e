"""Errors a batch reports per document, and the exit codes of the command line.

Every error names the stage and says what is wrong in words a lawyer understands; the batch writes
it to errors.jsonl and goes on with the next document.
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_FAILURE = 1  # anything else
EXIT_USAGE = 2  # bad usage or unreadable configuration
EXIT_SOME_FAILED = 3  # the batch ran but some documents failed


class PipelineError(Exception):
    """A document could not be processed. ``error`` is a stable machine code, ``message`` is for people."""

    stage = "pipeline"
    error = "error"

    def __init__(self, message: str, *, error: str | None = None, stage: str | None = None):
        super().__init__(message)
        self.message = message
        if error:
            self.error = error
        if stage:
            self.stage = stage


class InputError(PipelineError):
    """The file itself is unusable: empty, corrupt, encrypted, of an unknown kind."""

    stage = "ingest"
    error = "bad_input"


class LimitExceeded(PipelineError):
    """The file is too big for the configured limits (pages, pixels, uncompressed size, time, memory)."""

    stage = "ingest"
    error = "limit_exceeded"


class OcrError(PipelineError):
    stage = "ocr"
    error = "ocr_failed"


class ConfigError(Exception):
    """Bad usage or an unreadable configuration file (exit status 2)."""
