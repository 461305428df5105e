"""Whole-document checks that flag input which is not a verdict, instead of coding it silently.

A batch over a folder of court downloads also meets cover letters, English translations and files saved
under the wrong extension. They are still coded (a lawyer decides), but their record says why it is
doubtful: ``record.warnings`` holds ``{code, message}`` items (``not_a_verdict``, ``language_unsupported``,
``extension_mismatch``) and the batch summary counts them. What counts is data: ``resources/checks/verdict.yaml``.
"""

from __future__ import annotations

from pathlib import PurePath
from typing import Any

from pipeline.datafiles import load_yaml
from pipeline.errors import ConfigError
from pipeline.model import Document, Record, RecordWarning

RULES = "checks/verdict.yaml"


def _rules() -> dict[str, Any]:
    rules = load_yaml(RULES, "verdict check file")
    for key in ("verdict_languages", "not_a_verdict", "extensions", "messages"):
        if key not in rules:
            raise ConfigError(f"verdict check file {RULES}: missing key {key!r}")
    return rules


def _found(record: Record, name: str) -> bool:
    fv = record.case.get(name)
    return getattr(fv, "value", None) not in (None, "", [])


def verdict_warnings(document: Document, record: Record) -> list[RecordWarning]:
    """The reasons to doubt that ``document`` is a verdict this pipeline can code (empty: none)."""
    rules = _rules()
    messages = rules["messages"]
    out: list[RecordWarning] = []

    if document.language is None:
        out.append(RecordWarning(code="language_unsupported", message=messages["language_unknown"]))
    elif document.language not in rules["verdict_languages"]:
        out.append(RecordWarning(code="language_unsupported", message=messages["language_unsupported"].format(
            language=document.language, expected=", ".join(rules["verdict_languages"]))))

    nav = rules["not_a_verdict"]
    operative = set(nav["operative_sections"])
    if not any(_found(record, name) for name in nav["case_fields"]) and not any(
        s.section in operative for s in record.sentences
    ):
        out.append(RecordWarning(code="not_a_verdict", message=messages["not_a_verdict"]))

    fmt = document.provenance.format
    extension = PurePath(document.provenance.path).suffix.lower().lstrip(".")
    known = {ext: name for name, exts in rules["extensions"].items() for ext in exts}
    if extension in known and known[extension] != fmt:
        out.append(RecordWarning(code="extension_mismatch", message=messages["extension_mismatch"].format(
            extension=extension, format=fmt)))
    return out
