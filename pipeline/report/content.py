"""The report as a sequence of blocks (headings, paragraphs, tables, charts, annex), built once from the
figures and the texts, and set by each renderer (DOCX, HTML, PDF) in its own way.

Every count is printed with its share and every share with its count; cells under the small-cell
threshold are marked *, figures resting on unconfirmed drafts †. Victims appear only as V1, V2, ... in
the annex; no name from a record is ever printed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from pipeline import __version__
from pipeline.coding.codebook import codebook
from pipeline.report.figures import ALL, UNKNOWN, Figures, Ref, Row, Summary, Table
from pipeline.report.inputs import get, year_of
from pipeline.report.texts import Bi, Texts

SMALL = "*"
DRAFT = "†"
STATS = ("n", "median", "q1", "q3", "min", "max", "mean")


@dataclass
class Cell:
    text: str | Bi
    small: bool = False
    draft: bool = False
    number: bool = False  # right-aligned

    def plain(self) -> str:
        text = self.text.inline() if isinstance(self.text, Bi) else self.text
        return text + (SMALL if self.small else "") + (DRAFT if self.draft else "")


@dataclass
class Heading:
    level: int
    text: Bi
    anchor: str = ""


@dataclass
class Paragraph:
    text: Bi
    style: str = "body"  # body | lead | note | narrative | colophon


@dataclass
class TableBlock:
    key: str
    title: Bi
    header: list[Bi | str]
    rows: list[list[Cell]]
    notes: list[Bi] = field(default_factory=list)
    draft: bool = False
    widths: list[float] | None = None  # relative column widths


@dataclass
class ChartBlock:
    key: str
    title: Bi
    png: bytes
    notes: list[Bi] = field(default_factory=list)


@dataclass
class AnnexVerdict:
    ref: str
    case_number: str
    court: str
    date: str
    country: str
    status: Bi
    link: str | None = None


@dataclass
class AnnexFigure:
    figure: Bi  # table title
    value: Bi  # row label
    refs: list[tuple[str, str]]  # (reference text "R12 (V1, V2)", anchor "R12")


@dataclass
class Annex:
    title: Bi
    intro: Bi
    verdicts_title: Bi
    verdicts_header: list[Bi]
    verdicts: list[AnnexVerdict]
    figures_title: Bi
    figures: list[AnnexFigure]


@dataclass
class ReportContent:
    title: Bi
    subtitle: Bi
    blocks: list[Any]
    annex: Annex
    languages: list[str]


# --------------------------------------------------------------------------- cells


def count_cell(texts: Texts, figures: Figures, n: int, total: int, draft: bool) -> Cell:
    share = f" ({texts.share(n, total)})" if total else ""
    return Cell(f"{texts.number(n)}{share}", small=figures.small(n), draft=draft and n > 0, number=True)


def row_label(texts: Texts, table: Table, row: Row) -> Bi:
    return texts.value(table.field, row.kind, row.key)


def table_block(texts: Texts, figures: Figures, table: Table) -> TableBlock:
    title = texts(f"tables.{table.key}.title")
    groups = [g for g in figures.groups if g != ALL]
    header: list[Bi | str] = [texts("columns.value")]
    header += [texts.country(g) for g in groups]
    header.append(texts("columns.total") if groups else texts("columns.count"))
    rows = []
    for row in table.rows:
        cells = [Cell(row_label(texts, table, row))]
        for group in groups:
            draft = any(figures.is_draft(r) for r in row.refs
                        if str(get(figures.records[r.record].get("case"), "country") or UNKNOWN) == group)
            cells.append(count_cell(texts, figures, row.counts.get(group, 0), table.totals.get(group, 0), draft))
        cells.append(count_cell(texts, figures, row.count, table.total, row.drafts))
        rows.append(cells)
    total_row = [Cell(texts("columns.total"))]
    total_row += [Cell(texts.number(table.totals.get(g, 0)), number=True) for g in groups]
    total_row.append(Cell(f"{texts.number(table.total)} {texts.word(texts.primary, 'units.' + table.unit)}",
                          number=True))
    rows.append(total_row)
    notes = []
    note = texts.optional(f"tables.{table.key}.note")
    if note:
        notes.append(note)
    if table.multi:
        notes.append(texts("report.note_multi"))
    if table.top:
        notes.append(texts("report.note_top", top=table.top))
    widths = [3.0] + [1.2] * len(groups) + [1.4]
    return TableBlock(table.key, title, header, rows, notes, table.drafts, widths)


def _stat_text(texts: Texts, key: str, x: float | int | None) -> str:
    if x is None:
        return "–"
    if key == "n":
        return texts.number(int(x))
    return texts.number(round(float(x), 1))


def summary_block(texts: Texts, figures: Figures, summary: Summary) -> TableBlock:
    title = texts(f"tables.{summary.key}.title")
    groups = [g for g in figures.groups if g != ALL]
    columns: list[tuple[str, str]] = []  # (part key, group)
    for part in summary.parts:
        for group in [*groups, ALL]:
            columns.append((part.key, group))
    header: list[Bi | str] = [texts("columns.statistic")]
    for part_key, group in columns:
        label = texts.country(group).primary if group != ALL else texts.word(texts.primary, "columns.total")
        header.append(" ".join(x for x in (part_key, label if groups else "") if x) or texts("columns.value"))
    parts = {p.key: p for p in summary.parts}
    rows = []
    for stat in STATS:
        cells = [Cell(texts(f"columns.{stat}"))]
        for part_key, group in columns:
            part = parts[part_key]
            stats = part.stats(group)
            cells.append(Cell(_stat_text(texts, stat, stats[stat]), number=True,
                              small=stat == "n" and figures.small(int(stats["n"] or 0)),
                              draft=stat == "n" and part.drafts and bool(stats["n"])))
        rows.append(cells)
    missing = [Cell(texts("values.unknown"))]
    for _part_key, group in columns:
        missing.append(Cell(texts.number(summary.missing.get(group, 0)), number=True))
    rows.append(missing)
    notes = []
    note = texts.optional(f"tables.{summary.key}.note")
    if note:
        notes.append(note)
    widths = [3.0] + [1.3] * len(columns)
    return TableBlock(summary.key, title, header, rows, notes, summary.drafts, widths)


def narrative_block(texts: Texts, figures: Figures, spec: dict[str, Any]) -> Paragraph | None:
    table = figures.tables.get(spec["table"])
    if table is None:
        return None
    row = table.row(str(spec["value"]))
    n = row.count if row else 0
    total = table.known_total() if spec.get("of_known") else table.total
    if not total:
        return None
    text = texts(f"narrative.{spec['key']}", n=n, total=total, share=lambda lang: texts.share(n, total, lang))
    if figures.small(n):
        text = Bi(tuple((lang, f"{t} {SMALL}") for lang, t in text.parts))
    if row is not None and row.drafts:
        text = Bi(tuple((lang, f"{t} {DRAFT}") for lang, t in text.parts))
    return Paragraph(text, "narrative")


# --------------------------------------------------------------------------- annex


def format_refs(refs: list[Ref]) -> list[tuple[str, str]]:
    """[(text, anchor)]: "R3–R7" for runs of whole verdicts, "R12 (V1, V2)" for entries within one."""
    by_record: dict[int, list[str]] = {}
    for ref in sorted(set(refs)):
        by_record.setdefault(ref.record, [])
        if ref.who:
            by_record[ref.record].append(ref.who)
    out: list[tuple[str, str]] = []
    run: list[int] = []

    def flush() -> None:
        if not run:
            return
        if len(run) > 2:
            out.append((f"R{run[0] + 1}–R{run[-1] + 1}", f"R{run[0] + 1}"))
        else:
            out.extend((f"R{i + 1}", f"R{i + 1}") for i in run)
        run.clear()

    for record, who in by_record.items():
        if who:
            flush()
            out.append((f"R{record + 1} ({', '.join(who)})", f"R{record + 1}"))
        elif run and record == run[-1] + 1:
            run.append(record)
        else:
            flush()
            run.append(record)
    flush()
    return out


def build_annex(texts: Texts, figures: Figures, link: Callable[[dict[str, Any]], str | None]) -> Annex:
    verdicts = []
    for index, record in enumerate(figures.records):
        case = record.get("case")
        country = get(case, "country")
        verdicts.append(AnnexVerdict(
            ref=f"R{index + 1}",
            case_number=str(get(case, "case_number") or "–"),
            court=str(get(case, "court") or "–"),
            date=str(get(case, "decision_date") or "–"),
            country=str(country or "–"),
            status=texts("report.confirmed") if figures.selection.confirmed[index] else texts("report.draft"),
            link=link(record),
        ))
    entries = []
    for item in figures.items:
        if item.type == "table":
            table = figures.tables[item.key]
            title = texts(f"tables.{item.key}.title")
            for row in table.rows:
                if row.count:
                    entries.append(AnnexFigure(title, row_label(texts, table, row), format_refs(row.refs)))
        elif item.type == "summary":
            summary = figures.summaries[item.key]
            title = texts(f"tables.{item.key}.title")
            for part in summary.parts:
                if part.refs:
                    label = Bi(((texts.primary, part.key),)) if part.key else texts("columns.n")
                    entries.append(AnnexFigure(title, label, format_refs(part.refs)))
    header = [texts("columns.ref"), texts("columns.case_number"), texts("columns.court"), texts("columns.date"),
              texts("columns.country"), texts("columns.status")]
    return Annex(texts("report.annex"), texts("report.annex_intro"), texts("report.annex_verdicts"), header,
                 verdicts, texts("report.annex_figures"), entries)


# --------------------------------------------------------------------------- the whole report


def compose(figures: Figures, texts: Texts, charts: dict[str, bytes], *, source: str,
            link: Callable[[dict[str, Any]], str | None], country: str | None, period: tuple[int | None, int | None],
            today: dt.date | None = None) -> ReportContent:
    """Blocks of the report in order, from tables.yaml's sections."""
    selection = figures.selection
    blocks: list[Any] = []
    title = texts("report.title")
    subtitle = texts("report.subtitle", verdicts=len(figures.records))
    # scope
    blocks.append(Heading(2, texts("report.scope"), "scope"))
    if figures.regional:
        blocks.append(Paragraph(texts("report.regional"), "lead"))
    countries = sorted({str(get(r.get("case"), "country")) for r in figures.records if get(r.get("case"), "country")})
    where = [texts.country(country)] if country else [texts.country(c) for c in countries]
    where_text = Bi(tuple((lang, ", ".join(dict(w.parts).get(lang, w.primary) for w in where)
                           or texts.word(lang, "report.all_countries")) for lang in texts.languages))
    blocks.append(Paragraph(Bi(tuple((lang, f"{texts.word(lang, 'report.countries')}: {t}")
                                     for lang, t in where_text.parts)), "lead"))
    start, end = period
    years = sorted(y for y in map(year_of, figures.records) if y is not None)
    if start is None and years:
        start = years[0]
    if end is None and years:
        end = years[-1]
    period_text = (texts("report.period_value", start=start, end=end) if start is not None and end is not None
                   else texts("report.all_years"))
    blocks.append(Paragraph(Bi(tuple((lang, f"{texts.word(lang, 'report.period')}: {t}")
                                     for lang, t in period_text.parts)), "lead"))
    confirmed = len(figures.records) - selection.drafts
    records_line = Bi(tuple(
        (lang, f"{texts.word(lang, 'report.records')}: {texts.word(lang, 'report.records_confirmed', confirmed=confirmed)}"
         + (f"; {texts.word(lang, 'report.records_drafts', drafts=selection.drafts)}" if selection.drafts else ""))
        for lang in texts.languages))
    blocks.append(Paragraph(records_line, "lead"))
    blocks.append(Heading(3, texts("report.how_to_read"), "how-to-read"))
    for key in ("report.note_counts", "report.note_small", "report.note_drafts", "report.note_unknown",
                "report.note_annex"):
        if key == "report.note_drafts" and not selection.drafts:
            continue
        blocks.append(Paragraph(texts(key, threshold=figures.small_cell), "note"))
    blocks.append(Paragraph(texts("report.generated", date=(today or dt.date.today()).isoformat(),
                                  version=__version__, codebook=codebook().version, source=source), "colophon"))
    section = None
    for item in figures.items:
        if item.section != section:
            section = item.section
            blocks.append(Heading(2, texts(f"sections.{section}"), section))
        if item.type == "table":
            blocks.append(table_block(texts, figures, figures.tables[item.key]))
        elif item.type == "summary":
            blocks.append(summary_block(texts, figures, figures.summaries[item.key]))
        elif item.type == "narrative":
            paragraph = narrative_block(texts, figures, item.spec)
            if paragraph:
                blocks.append(paragraph)
        elif item.type == "chart" and item.key in charts:
            notes = []
            if item.key == "chart.sentence_range" and figures.ranges_to_confirm:
                notes.append(texts("report.note_ranges", to_confirm=", ".join(figures.ranges_to_confirm)))
            blocks.append(ChartBlock(item.key, texts(f"charts.{item.key}.title"), charts[item.key], notes))
    annex = build_annex(texts, figures, link)
    return ReportContent(title, subtitle, blocks, annex, texts.languages)
