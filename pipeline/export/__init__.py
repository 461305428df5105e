"""Export of confirmed coding data: `spoton export` and the app's export route share this.

Formats (``FORMATS``: name → file extension):
- ``csv``, ``parquet``: one row per defendant x charge (:func:`pipeline.coding.table.record_rows`);
- ``xlsx``: a sheet per level: ``cases`` (one row per verdict), ``defendants_charges``, ``victims``;
- ``jsonl``: one record per line (record.json shape, evidence included);
- ``labelstudio``: Label Studio tasks with the verdict text inline and the confirmed entity spans;
- ``docbin``: the same spans as a spaCy DocBin (``.spacy``) for retraining.

Only confirmed records are exported. Victims' names are pseudonymised by default (V1, V2, ... in the order of
the record's victims, so the same victim is the same pseudonym in every format of one record): in the
fields, in evidence text, in entity spans, and in the verdict text of the Label Studio and DocBin exports,
where every span is moved to the pseudonymised text. ``pseudonymise=False`` is for admins only (the CLI
and the API check it).
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from pipeline import atomic
from pipeline.store import paths
from pipeline.store.schema import DocumentRow, RecordRow

FORMATS = {"csv": "csv", "xlsx": "xlsx", "parquet": "parquet", "jsonl": "jsonl", "labelstudio": "json",
           "docbin": "spacy"}
VICTIM_LABELS = ("VICTIM",)  # entity labels whose text is a victim's name


# --------------------------------------------------------------------------- pseudonyms


def pseudonyms(record: dict[str, Any]) -> dict[str, str]:
    """Victim name → V1, V2, ... in the order of the record's victims (stable for a record)."""
    out: dict[str, str] = {}
    for victim in record.get("victims") or []:
        name = paths.get(victim, "name", {})
        value = name.get("value") if paths.is_field_value(name) else None
        if isinstance(value, str) and value.strip() and value not in out:
            out[value] = f"V{len(set(out.values())) + 1}"
    return out


def _pattern(mapping: dict[str, str]) -> re.Pattern[str] | None:
    names = sorted((n for n in mapping if len(n.strip()) >= 2), key=len, reverse=True)
    if not names:
        return None
    return re.compile("|".join(re.escape(n) for n in names))


def _scrub(text: str, mapping: dict[str, str], pattern: re.Pattern[str] | None) -> str:
    return pattern.sub(lambda m: mapping[m.group(0)], text) if pattern and text else text


def pseudonymise_record(record: dict[str, Any], mapping: dict[str, str] | None = None) -> dict[str, Any]:
    """A copy of the record with victims' names replaced in fields, evidence and entity spans."""
    mapping = pseudonyms(record) if mapping is None else mapping
    pattern = _pattern(mapping)
    out = copy.deepcopy(record)
    for victim in out.get("victims") or []:
        name = victim.get("name")
        if paths.is_field_value(name) and isinstance(name.get("value"), str):
            name["value"] = mapping.get(name["value"], name["value"])
    for _, fv in paths.iter_fields(out):
        for ev in fv.get("evidence") or []:
            if isinstance(ev.get("text"), str):
                ev["text"] = _scrub(ev["text"], mapping, pattern)
        if isinstance(fv.get("value"), str):
            fv["value"] = _scrub(fv["value"], mapping, pattern)
    for ent in out.get("entities") or []:
        if ent.get("label") in VICTIM_LABELS:
            ent["text"] = mapping.get(ent.get("text"), "V?")
        elif isinstance(ent.get("text"), str):
            ent["text"] = _scrub(ent["text"], mapping, pattern)
    return out


def pseudonymise_text(text: str, record: dict[str, Any], spans: list[dict[str, Any]],
                      mapping: dict[str, str] | None = None) -> tuple[str, list[dict[str, Any]]]:
    """The verdict text with every victim name (each VICTIM span and every other occurrence of a name)
    replaced by its pseudonym, and the spans moved to the new offsets (a span over a name covers its
    pseudonym)."""
    mapping = pseudonyms(record) if mapping is None else mapping
    cuts: list[tuple[int, int, str]] = []
    for ent in spans:
        if ent.get("label") in VICTIM_LABELS:
            original = text[ent["start"]:ent["end"]]
            cuts.append((ent["start"], ent["end"], mapping.get(original) or mapping.get(ent.get("text", "")) or "V?"))
    pattern = _pattern(mapping)
    if pattern:
        cuts += [(m.start(), m.end(), mapping[m.group(0)]) for m in pattern.finditer(text)]
    cuts.sort(key=lambda c: (c[0], -(c[1] - c[0])))
    merged: list[tuple[int, int, str]] = []
    for cut in cuts:
        if merged and cut[0] < merged[-1][1]:
            continue  # inside a cut already made
        merged.append(cut)
    pieces, shifts, pos, delta = [], [], 0, 0
    for start, end, repl in merged:
        pieces.append(text[pos:start])
        pieces.append(repl)
        shifts.append((start, end, delta, len(repl)))
        delta += len(repl) - (end - start)
        pos = end
    pieces.append(text[pos:])
    new_text = "".join(pieces)

    def move(offset: int, is_end: bool) -> int:
        shift = 0
        for start, end, before, length in shifts:
            if offset < start or (is_end and offset == start):
                return offset + before
            if offset < end or (is_end and offset == end):
                return start + before + (length if is_end else 0)
            shift = before + length - (end - start)
        return offset + shift

    moved = []
    for ent in spans:
        start, end = move(ent["start"], False), move(ent["end"], True)
        if end > start:
            moved.append({**ent, "start": start, "end": end, "text": new_text[start:end]})
    return new_text, moved


# --------------------------------------------------------------------------- reading


def confirmed(session: Session, countries: list[str] | None = None) -> Iterator[tuple[DocumentRow, dict[str, Any]]]:
    """(document, record) of every confirmed verdict, optionally of some countries only, by doc_id."""
    stmt = (select(DocumentRow, RecordRow.record).join(RecordRow, RecordRow.doc_id == DocumentRow.doc_id)
            .where(DocumentRow.status == "confirmed").order_by(DocumentRow.doc_id))
    if countries:
        stmt = stmt.where(DocumentRow.country.in_(countries))
    yield from ((doc, record) for doc, record in session.execute(stmt))


def _spans(record: dict[str, Any]) -> list[dict[str, Any]]:
    return [{"label": e["label"], "start": e["start"], "end": e["end"], "text": e.get("text", "")}
            for e in record.get("entities") or [] if isinstance(e.get("start"), int) and isinstance(e.get("end"), int)]


# --------------------------------------------------------------------------- writers


def _table_rows(items: list[tuple[DocumentRow, dict[str, Any]]], pseudonymise: bool):
    from pipeline.coding.table import record_rows, victim_rows

    cases, charges, victims = [], [], []
    for _doc, record in items:
        rec = pseudonymise_record(record) if pseudonymise else record
        rows = record_rows(rec)
        charges.extend(rows)
        if rows:
            cases.append({k: v for k, v in rows[0].items()
                          if not k.startswith(("defendant.", "charge."))} | {"defendants.count": len(rec.get("defendants") or [])})
        victims.extend(victim_rows(rec, pseudonymise=pseudonymise))
    return cases, charges, victims


def _write_csv(out: Path, rows: list[dict[str, Any]]) -> None:
    import pandas

    frame = pandas.DataFrame(rows)
    atomic.write_text(out, frame.to_csv(index=False))


def _write_parquet(out: Path, rows: list[dict[str, Any]]) -> None:
    import pandas

    tmp = out.with_name(out.name + ".tmp")
    pandas.DataFrame(rows).to_parquet(tmp, index=False)
    tmp.replace(out)


def _write_xlsx(out: Path, sheets: dict[str, list[dict[str, Any]]]) -> None:
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        columns: list[str] = []
        for row in rows:
            columns.extend(k for k in row if k not in columns)
        sheet.append(columns)
        for row in rows:
            sheet.append([_cell(row.get(c)) for c in columns])
        sheet.freeze_panes = "A2"
    tmp = out.with_name(out.name + ".tmp")
    book.save(tmp)
    tmp.replace(out)


def _cell(value: Any) -> Any:
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, float) and value != value:  # NaN
        return None
    return value


def _labelstudio_tasks(items, pseudonymise: bool) -> list[dict[str, Any]]:
    tasks = []
    for n, (doc, record) in enumerate(items, start=1):
        text, spans = doc.text or "", _spans(record)
        if pseudonymise:
            text, spans = pseudonymise_text(text, record, spans)
        result = [{"id": f"{doc.doc_id}-{i}", "from_name": "label", "to_name": "text", "type": "labels",
                   "value": {"start": s["start"], "end": s["end"], "text": text[s["start"]:s["end"]],
                             "labels": [s["label"]]}} for i, s in enumerate(spans)]
        tasks.append({"id": n, "data": {"text": text, "doc_id": doc.doc_id, "language": doc.language,
                                        "country": doc.country, "case_number": doc.case_number},
                      "annotations": [{"result": result, "ground_truth": True}]})
    return tasks


def _write_docbin(out: Path, items, pseudonymise: bool) -> None:
    import spacy
    from spacy.tokens import DocBin

    nlp = spacy.blank("xx")
    docbin = DocBin(store_user_data=True)
    for doc_row, record in items:
        text, spans = doc_row.text or "", _spans(record)
        if pseudonymise:
            text, spans = pseudonymise_text(text, record, spans)
        doc = nlp.make_doc(text)
        ents, taken = [], set()
        for s in sorted(spans, key=lambda s: (s["start"], -(s["end"] - s["start"]))):
            span = doc.char_span(s["start"], s["end"], label=s["label"], alignment_mode="expand")
            if span is None or any(i in taken for i in range(span.start, span.end)):
                continue  # overlapping spans: spaCy entities may not overlap; the longer one is kept
            taken.update(range(span.start, span.end))
            ents.append(span)
        doc.ents = ents
        doc.user_data["doc_id"] = doc_row.doc_id
        docbin.add(doc)
    atomic.write_bytes(out, docbin.to_bytes())


def export_records(session: Session, fmt: str, out: Path | str, *, countries: list[str] | None = None,
                   pseudonymise: bool = True) -> int:
    """Write the confirmed records (of ``countries``, None: all) to ``out`` in ``fmt``; returns how many
    verdicts went in. The caller decides who may ask for ``pseudonymise=False``."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r} (one of {', '.join(FORMATS)})")
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    items = list(confirmed(session, countries))
    if fmt in ("csv", "parquet", "xlsx"):
        cases, charges, victims = _table_rows(items, pseudonymise)
        if fmt == "csv":
            _write_csv(out, charges)
        elif fmt == "parquet":
            _write_parquet(out, charges)
        else:
            _write_xlsx(out, {"cases": cases, "defendants_charges": charges, "victims": victims})
    elif fmt == "jsonl":
        lines = [json.dumps(pseudonymise_record(r) if pseudonymise else r, ensure_ascii=False) for _, r in items]
        atomic.write_text(out, "".join(line + "\n" for line in lines))
    elif fmt == "labelstudio":
        atomic.write_text(out, json.dumps(_labelstudio_tasks(items, pseudonymise), ensure_ascii=False, indent=1))
    else:
        _write_docbin(out, items, pseudonymise)
    return len(items)
