"""``spoton report``: records → figures → charts → blocks → DOCX, HTML or PDF, and FILE.figures.json
beside it with every number of the report under stable keys (CONTRACT.md, "spoton.report/1")."""

from __future__ import annotations

import json
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline import atomic
from pipeline.errors import ConfigError
from pipeline.report import charts, content, figures, inputs, render_docx, render_html, render_pdf
from pipeline.report.texts import LANGUAGES, Texts, default_language

FORMATS = (".docx", ".html", ".pdf")
COUNTRIES = ("RS", "MK", "AL", "ME")
DEFAULT_REVIEW_URL = "http://127.0.0.1:8000"  # `spoton review` on this machine
VERDICT_VIEW = "/verdicts/{doc_id}"  # the review application's verdict view


@dataclass
class ReportResult:
    path: Path
    figures_path: Path
    figures: dict[str, Any]
    seconds: float


def figures_path_for(out: Path) -> Path:
    """report.docx → report.figures.json (FILE.figures.json beside FILE)."""
    return out.with_suffix(".figures.json")


def _sort_key(record: dict[str, Any]) -> tuple:
    case = record.get("case")
    return (str(inputs.get(case, "country") or "~"), str(inputs.get(case, "decision_date") or "~"),
            str(inputs.get(case, "court") or "~"), str(inputs.get(case, "case_number") or "~"),
            str(record.get("document_id") or ""))


def build_report(source: Path | None, out: Path, *, db_url: str | None = None, lang: str | None = None,
                 country: str | None = None, year_from: int | None = None, year_to: int | None = None,
                 drafts: bool = False, regional: bool = False, small_cell: int = 3,
                 review_url: str = DEFAULT_REVIEW_URL) -> ReportResult:
    """Build the report at ``out`` (its suffix picks the format) from a batch folder / JSONL file
    (``source``) or the review database (``db_url``). Raises ConfigError for bad usage and for an empty
    selection, with a message that says what to do."""
    started = time.perf_counter()
    suffix = out.suffix.lower()
    if suffix not in FORMATS:
        raise ConfigError(f"--out must end in {', '.join(FORMATS)} (got {out.name})")
    if lang is not None and lang not in LANGUAGES:
        raise ConfigError(f"--lang must be one of {', '.join(LANGUAGES)} (got {lang})")
    if country is not None and country not in COUNTRIES:
        raise ConfigError(f"--country must be one of {', '.join(COUNTRIES)} (got {country})")
    if year_from is not None and year_to is not None and year_from > year_to:
        raise ConfigError(f"--from {year_from} is after --to {year_to}")
    if small_cell < 1:
        raise ConfigError("--small-cell must be 1 or more")
    if source is None and db_url is None:
        raise ConfigError("give INPUT (a processed batch folder or a records JSONL file) or --db URL")

    if source is not None:
        records = inputs.read_batch(source)
        label = source.resolve().name or str(source)  # the folder's name: no machine path in a published report
    else:
        records = inputs.read_database(db_url)
        label = "review database"
    selection = inputs.select(records, source=label, drafts=drafts, country=country, year_from=year_from,
                              year_to=year_to, from_database=source is None)
    if not selection.records:
        raise ConfigError(_empty_message(records, selection, drafts))
    order = sorted(range(len(selection.records)), key=lambda i: _sort_key(selection.records[i]))
    selection.records = [selection.records[i] for i in order]
    selection.confirmed = [selection.confirmed[i] for i in order]

    if lang is None:
        present = Counter(str(inputs.get(r.get("case"), "country") or "") for r in selection.records)
        # the country's language, English beside it; a regional paper: the commonest country's
        lang = default_language(country or (present.most_common(1)[0][0] if present else None))
    texts = Texts(lang, None if lang == "en" else "en")
    counted = figures.compute(selection, regional=regional, small_cell=small_cell)
    drawn = charts.draw_all(counted, texts)

    def link(record: dict[str, Any]) -> str | None:
        if not selection.from_database or not record.get("document_id"):
            return None
        return review_url.rstrip("/") + VERDICT_VIEW.format(doc_id=record["document_id"])

    report = content.compose(counted, texts, drawn, source=label, link=link, country=country,
                             period=(year_from, year_to))
    out.parent.mkdir(parents=True, exist_ok=True)
    if suffix == ".docx":
        render_docx.render(report, out)
    elif suffix == ".html":
        render_html.render(report, out, small_title=texts("report.note_small", threshold=small_cell).inline(),
                           draft_title=texts("report.note_drafts").inline(),
                           open_title=texts("report.open_in_review").inline())
    else:
        render_pdf.render(report, out)
    numbers = figures.figures_json(counted, language=lang, secondary=texts.secondary, drafts_included=drafts)
    numbers["format"] = suffix.lstrip(".")
    numbers["filters"] = {"country": country, "from": year_from, "to": year_to, "drafts": drafts}
    target = figures_path_for(out)
    atomic.write_text(target, json.dumps(numbers, ensure_ascii=False, indent=2, sort_keys=False) + "\n")
    return ReportResult(out, target, numbers, time.perf_counter() - started)


def _empty_message(records: list[dict[str, Any]], selection: inputs.Selection, drafts: bool) -> str:
    left = selection.left_out
    if not records:
        return f"{selection.source} holds no records"
    if not drafts and left.get("draft") == sum(left.values()):
        return (f"no confirmed records in {selection.source}: its {left['draft']} record(s) are drafts that no "
                "lawyer has confirmed yet. Confirm them in the review application, or pass --drafts to build "
                "the report from the drafts (every figure resting on them is marked).")
    reasons = ", ".join(f"{n} {reason.replace('_', ' ')}" for reason, n in sorted(left.items()))
    return f"no records of {selection.source} fit the report's filters (left out: {reasons})"
