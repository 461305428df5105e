"""What the report tests check, written without the report's code: counts computed straight from
records.jsonl (CONTRACT.md's definitions), the text of a .docx / .pdf, and the numbers in a .docx table."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import Any

from pipeline.coding.codebook import codebook


def val(node: Any) -> Any:
    return node.get("value") if isinstance(node, dict) and "confidence" in node else node


def independent_counts(records: list[dict[str, Any]]) -> dict[str, Any]:
    """The contract's figures, counted here from the records themselves."""
    cb = codebook()
    outcomes: Counter = Counter()
    sentences: Counter = Counter()
    compensation: Counter = Counter()
    years: Counter = Counter()
    countries: Counter = Counter()
    for record in records:
        case = record["case"]
        date = val(case["decision_date"])
        if date:
            years[date[:4]] += 1
        if val(case["country"]):
            countries[val(case["country"])] += 1
        for defendant in record["defendants"]:
            charge_outcomes = [val(c["outcome"]) for c in defendant["charges"]]
            if "convicted" in charge_outcomes:
                outcomes["convicted"] += 1
            elif charge_outcomes and charge_outcomes[0]:
                outcomes[charge_outcomes[0]] += 1
            if val(defendant["sentence"]["type"]):
                sentences[val(defendant["sentence"]["type"])] += 1
        for victim in record["victims"]:
            if val(victim["compensation"]["outcome"]):
                compensation[val(victim["compensation"]["outcome"])] += 1
    return {
        "verdicts": len(records),
        "defendants": sum(len(r["defendants"]) for r in records),
        "victims": sum(len(r["victims"]) for r in records),
        "defendant_outcomes": {v: outcomes[v] for v in cb.enum("charge.outcome")},
        "sentence_types": {v: sentences[v] for v in cb.enum("defendant.sentence.type")},
        "compensation_outcomes": {v: compensation[v] for v in cb.enum("victim.compensation.outcome")},
        "by_year": dict(sorted(years.items())),
        "by_country": dict(countries),
    }


def victim_names(records: list[dict[str, Any]]) -> set[str]:
    """Every victim's name as written in the records (initials included), for the privacy checks."""
    names = set()
    for record in records:
        for victim in record["victims"]:
            name = val(victim["name"])
            if isinstance(name, str) and len(name.replace(" ", "").replace(".", "")) >= 2:
                names.add(name.strip())
    return names


def name_in(name: str, text: str) -> bool:
    """The name appears as a name (not inside a longer word: 'A.K.' is not found in 'NA.K.')."""
    return re.search(rf"(?<![\w.]){re.escape(name)}(?!\w)", text) is not None


def docx_text(path: Path) -> str:
    import docx

    document = docx.Document(str(path))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    parts.extend([document.core_properties.title or "", document.core_properties.subject or ""])
    return "\n".join(parts)


def pdf_text(path: Path) -> str:
    import pypdfium2

    pdf = pypdfium2.PdfDocument(str(path))
    try:
        return "\n".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    finally:
        pdf.close()


def docx_tables(path: Path) -> dict[str, list[list[str]]]:
    """Tables of a report .docx by their caption (the paragraph just before each table), cell texts."""
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    document = docx.Document(str(path))
    tables: dict[str, list[list[str]]] = {}
    caption = ""
    for element in document.element.body.iterchildren():
        tag = element.tag.rsplit("}", 1)[-1]
        if tag == "p":
            text = Paragraph(element, document).text.strip()
            if text:
                caption = text
        elif tag == "tbl":
            table = Table(element, document)
            tables[caption] = [[cell.text for cell in row.cells] for row in table.rows]
    return tables


def table_by_english_title(tables: dict[str, list[list[str]]], title: str) -> list[list[str]]:
    found = [rows for caption, rows in tables.items() if caption.splitlines()[-1].strip() == title]
    assert found, f"no table titled {title!r} in the report (captions: {list(tables)[:8]}...)"
    return found[0]


def leading_count(cell: str) -> int:
    """'542 (66,3%)†' → 542; '1 234 (5,0%)' → 1234 (narrow no-break space as thousands separator)."""
    match = re.match(r"\s*([\d\u202f\u00a0 ]+)", cell)
    assert match, f"no count in cell {cell!r}"
    return int(re.sub(r"\D", "", match.group(1)))


def counts_of(rows: list[list[str]], english_labels: dict[str, str]) -> dict[str, int]:
    """{value: count} from a report table whose first column holds 'local\\nEnglish' labels (the total column
    is the last)."""
    by_label = {}
    for row in rows[1:]:
        lines = [line.strip() for line in row[0].splitlines() if line.strip()]
        if lines:
            by_label[lines[-1]] = leading_count(row[-1])
    return {value: by_label.get(label, 0) for value, label in english_labels.items()}
