"""`spoton report` on the processed sample verdicts, as a researcher runs it: a report in .docx, .html and .pdf
whose numbers equal the counts taken straight from records.jsonl, in both languages, with no victim's name
anywhere, confirmed records only unless --drafts, small cells and drafts marked, filters, the regional mode,
and the review database as input."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path

import pytest
from conftest import REPO, read_jsonl, spoton
from report_checks import (
    counts_of,
    docx_tables,
    docx_text,
    independent_counts,
    name_in,
    pdf_text,
    table_by_english_title,
    victim_names,
)

from pipeline.coding.codebook import codebook

FORMATS = ("docx", "html", "pdf")
CONTRACT_KEYS = ("schema", "language", "drafts_included", "verdicts", "defendants", "victims", "defendant_outcomes",
                 "sentence_types", "compensation_outcomes", "by_year", "by_country")


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample verdicts of data/raw through `spoton run`, once for this module."""
    out = tmp_path_factory.mktemp("report-batch")
    proc = spoton("run", REPO / "data" / "raw", "--out", out, "--quiet", "--workers", "2")
    assert proc.returncode == 0, proc.stderr[-2000:]
    return out


@pytest.fixture(scope="module")
def records(batch: Path) -> list[dict]:
    return read_jsonl(batch / "records.jsonl")


@pytest.fixture(scope="module")
def reports(batch: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The drafts' report in every format (Serbian Latin, the default for the samples' commonest country)."""
    out = tmp_path_factory.mktemp("reports")
    paths = {}
    for fmt in FORMATS:
        path = out / f"report.{fmt}"
        proc = spoton("report", batch, "--out", path, "--drafts", "--lang", "sr-Latn")
        assert proc.returncode == 0, proc.stderr[-2000:]
        assert "verdict(s)" in proc.stderr
        paths[fmt] = path
    return paths


def figures_of(path: Path) -> dict:
    return json.loads(path.with_suffix(".figures.json").read_text(encoding="utf-8"))


def english(field: str) -> dict[str, str]:
    cb = codebook()
    return {value: cb.value_label(field, value, "en") for value in cb.enum(field)}


@pytest.mark.parametrize("fmt", FORMATS)
def test_figures_json_equals_the_counts_of_the_records(reports: dict[str, Path], records: list[dict],
                                                       fmt: str) -> None:
    figures = figures_of(reports[fmt])
    for key in CONTRACT_KEYS:
        assert key in figures, key
    assert figures["schema"] == "spoton.report/1"
    assert figures["language"] == "sr-Latn"
    assert figures["drafts_included"] is True
    expected = independent_counts(records)
    for key, value in expected.items():
        assert figures[key] == value, key
    # counts are integers, never percentages alone
    assert all(isinstance(n, int) for n in figures["defendant_outcomes"].values())


def test_docx_tables_hold_the_same_counts(reports: dict[str, Path], records: list[dict]) -> None:
    """Reopened with python-docx, the published tables say what the records say."""
    expected = independent_counts(records)
    tables = docx_tables(reports["docx"])
    outcome = table_by_english_title(tables, "Outcome per defendant")
    assert counts_of(outcome, english("charge.outcome")) == expected["defendant_outcomes"]
    sentence = table_by_english_title(tables, "Type of sanction per defendant")
    assert counts_of(sentence, english("defendant.sentence.type")) == expected["sentence_types"]
    compensation = table_by_english_title(tables, "Decision on the compensation claim")
    assert counts_of(compensation, english("victim.compensation.outcome")) == expected["compensation_outcomes"]
    years = table_by_english_title(tables, "Verdicts by year of decision")
    assert {row[0]: int(re.match(r"\d+", row[-1]).group()) for row in years[1:-1] if row[0].isdigit()} == {
        year: n for year, n in expected["by_year"].items()}
    # the total row counts every defendant
    assert re.match(r"\d+", outcome[-1][-1]).group() == str(expected["defendants"])
    # shares come with their counts: "2 (18,2%)"
    assert all(re.fullmatch(r"\d+ \(\d+,\d%\)[*†]*", row[-1]) for row in outcome[1:-1])


@pytest.mark.parametrize("fmt", FORMATS)
def test_both_languages_and_no_victim_name(reports: dict[str, Path], records: list[dict], fmt: str) -> None:
    path = reports[fmt]
    text = {"docx": docx_text, "pdf": pdf_text}.get(fmt, lambda p: p.read_text(encoding="utf-8"))(path)
    assert "Analiza sudske prakse" in text and "Analysis of court practice" in text
    assert "Oštećeni po polu" in text and "Victims by sex" in text
    assert "Upućen na parnični postupak" in text or "Nije postavljen" in text  # codebook value labels, local
    figures_text = path.with_suffix(".figures.json").read_text(encoding="utf-8")
    names = victim_names(records)
    assert names, "the sample verdicts name their victims (initials)"
    for name in names:
        assert not name_in(name, text), f"a victim's name is in the {fmt} report"
        assert not name_in(name, figures_text)
    assert re.search(r"\bV1\b", text), "victims appear pseudonymised in the annex"


def test_html_is_self_contained_and_marks_drafts(reports: dict[str, Path]) -> None:
    html = reports["html"].read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>")
    assert 'lang="sr-Latn"' in html and 'lang="en"' in html
    assert "data:image/png;base64," in html  # charts embedded
    assert not re.search(r"""(src|href)=["']https?://""", html)  # nothing fetched from outside
    assert "<script" not in html
    assert "†" in html  # every figure rests on drafts here
    assert 'href="#R1"' in html and 'id="R1"' in html  # the annex links figures to verdicts


def test_charts_are_embedded_in_docx_and_pdf(reports: dict[str, Path]) -> None:
    import docx
    import pypdfium2

    document = docx.Document(str(reports["docx"]))
    assert len(document.inline_shapes) >= 3
    pdf = pypdfium2.PdfDocument(str(reports["pdf"]))
    images = sum(1 for i in range(len(pdf)) for obj in pdf[i].get_objects() if obj.type == pypdfium2.raw.FPDF_PAGEOBJ_IMAGE)
    pdf.close()
    assert images >= 3


def test_only_confirmed_records_without_drafts(batch: Path, records: list[dict], tmp_path: Path) -> None:
    proc = spoton("report", batch, "--out", tmp_path / "r.docx")
    assert proc.returncode == 2
    assert "no confirmed records" in proc.stderr and "--drafts" in proc.stderr
    assert "Traceback" not in proc.stderr
    # a lawyer confirms one record (every field confirmed): the report counts that one alone, unmarked
    confirmed = copy.deepcopy(records[0])

    def confirm(node):
        if isinstance(node, dict):
            if "confidence" in node and "status" in node:
                node["status"] = "confirmed"
            else:
                for child in node.values():
                    confirm(child)
        elif isinstance(node, list):
            for child in node:
                confirm(child)

    for part in ("case", "defendants", "victims"):
        confirm(confirmed[part])
    export = tmp_path / "export.jsonl"
    export.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in [confirmed, *records[1:]]) + "\n",
                      encoding="utf-8")
    proc = spoton("report", export, "--out", tmp_path / "r.docx")
    assert proc.returncode == 0, proc.stderr
    figures = figures_of(tmp_path / "r.docx")
    assert figures["verdicts"] == 1 and figures["drafts_included"] is False
    assert figures["records_draft"] == 0 and figures["left_out"] == {"draft": len(records) - 1}
    assert figures == {**figures, **independent_counts([confirmed])}
    assert "†" not in docx_text(tmp_path / "r.docx")


def test_filters_by_country_and_period(batch: Path, records: list[dict], tmp_path: Path) -> None:
    proc = spoton("report", batch, "--out", tmp_path / "al.html", "--drafts", "--country", "AL")
    assert proc.returncode == 0, proc.stderr
    albanian = [r for r in records if r["case"]["country"]["value"] == "AL"]
    figures = figures_of(tmp_path / "al.html")
    assert figures["verdicts"] == len(albanian) and figures["by_country"] == {"AL": len(albanian)}
    assert figures["language"] == "sq"  # the country's language by default
    html = (tmp_path / "al.html").read_text(encoding="utf-8")
    assert "Analiza e praktikës gjyqësore" in html and "Analysis of court practice" in html

    proc = spoton("report", batch, "--out", tmp_path / "p.html", "--drafts", "--from", "2015", "--to", "2019")
    assert proc.returncode == 0, proc.stderr
    inside = [r for r in records if r["case"]["decision_date"]["value"]
              and 2015 <= int(r["case"]["decision_date"]["value"][:4]) <= 2019]
    assert figures_of(tmp_path / "p.html")["verdicts"] == len(inside)
    assert set(figures_of(tmp_path / "p.html")["by_year"]) <= {"2015", "2016", "2017", "2018", "2019"}

    proc = spoton("report", batch, "--out", tmp_path / "x.html", "--drafts", "--from", "1990", "--to", "1991")
    assert proc.returncode == 2 and "outside period" in proc.stderr


def test_small_cells_are_marked(reports: dict[str, Path]) -> None:
    figures = figures_of(reports["docx"])
    assert figures["small_cell_threshold"] == 3
    small = figures["tables"]["victims.sex"]["small_cells"]
    counts = figures["tables"]["victims.sex"]["counts"]
    assert all(0 < counts[key] < 3 for key in small)
    rows = table_by_english_title(docx_tables(reports["docx"]), "Victims by sex")
    for row in rows[1:-1]:
        count = int(re.match(r"\d+", row[-1]).group())
        assert ("*" in row[-1]) == (0 < count < 3), row


def test_regional_report_puts_countries_side_by_side(batch: Path, records: list[dict], tmp_path: Path) -> None:
    path = tmp_path / "regional.docx"
    proc = spoton("report", batch, "--out", path, "--drafts", "--regional", "--small-cell", "2")
    assert proc.returncode == 0, proc.stderr
    figures = figures_of(path)
    assert figures["regional"] is True and figures["languages"][-1] == "en"  # bilingual, English second
    countries = {r["case"]["country"]["value"] for r in records if r["case"]["country"]["value"]}
    assert countries <= set(figures["groups"])
    by_group = figures["tables"]["verdicts.by_year"]["totals_by_group"]
    for country in countries:
        assert by_group[country] == sum(1 for r in records if r["case"]["country"]["value"] == country)
    header = [cell.splitlines()[-1] for cell in table_by_english_title(docx_tables(path), "Outcome per defendant")[0]]
    assert "Serbia" in header and "Albania" in header and "Total" in header
    assert figures["small_cell_threshold"] == 2


def test_languages_english_only_and_cyrillic(batch: Path, tmp_path: Path) -> None:
    proc = spoton("report", batch, "--out", tmp_path / "en.pdf", "--drafts", "--lang", "en")
    assert proc.returncode == 0, proc.stderr
    text = pdf_text(tmp_path / "en.pdf")
    assert "Analysis of court practice" in text and "Analiza sudske prakse" not in text
    proc = spoton("report", batch, "--out", tmp_path / "cyrl.pdf", "--drafts", "--lang", "sr-Cyrl")
    assert proc.returncode == 0, proc.stderr
    text = pdf_text(tmp_path / "cyrl.pdf")
    assert "Анализа судске праксе" in text and "Analysis of court practice" in text
    assert "Оглашен кривим" in text  # the codebook's Cyrillic value label


def test_bad_usage_exits_2_with_a_message(batch: Path, tmp_path: Path) -> None:
    for args, words in [
        (("--out", tmp_path / "r.xlsx", "--drafts"), ".docx"),
        (("--out", tmp_path / "r.pdf", "--drafts", "--from", "2020", "--to", "2010"), "after"),
        (("--out", tmp_path / "r.pdf", "--drafts", "--lang", "de"), "--lang"),
    ]:
        proc = spoton("report", batch, *args)
        assert proc.returncode == 2, (args, proc.stderr)
        assert words in proc.stderr and "Traceback" not in proc.stderr
    proc = spoton("report", tmp_path / "missing", "--out", tmp_path / "r.pdf", "--drafts")
    assert proc.returncode == 2 and "not found" in proc.stderr


def test_review_database_as_input(batch: Path, records: list[dict], tmp_path: Path) -> None:
    """Records imported into the review database: a confirmed one counts, drafts only with --drafts, and the
    HTML annex links each verdict to its view in the review application."""
    from sqlalchemy.orm import Session

    from pipeline.store.db import engine_for, migrate
    from pipeline.store.importer import import_batch
    from pipeline.store.records import confirm, get_record

    url = f"sqlite:///{tmp_path / 'review.sqlite'}"
    engine = engine_for(url)
    migrate(engine)
    import_batch(engine, batch)
    doc_id = records[0]["document_id"]
    with Session(engine) as session, session.begin():
        _record, version = get_record(session, doc_id)
        confirm(session, doc_id, version, None)
    engine.dispose()

    path = tmp_path / "db.html"
    proc = spoton("report", "--db", url, "--out", path, "--review-url", "http://127.0.0.1:8123")
    assert proc.returncode == 0, proc.stderr
    figures = figures_of(path)
    assert figures["verdicts"] == 1 and figures["records_confirmed"] == 1
    assert f'href="http://127.0.0.1:8123/verdicts/{doc_id}"' in path.read_text(encoding="utf-8")

    proc = spoton("report", "--db", url, "--out", path, "--drafts")
    assert proc.returncode == 0, proc.stderr
    figures = figures_of(path)
    assert figures["verdicts"] == len(records) and figures["records_confirmed"] == 1
    assert {k: figures[k] for k in ("defendants", "victims")} == {
        k: independent_counts(records)[k] for k in ("defendants", "victims")}

    # the same confirmed verdict through `spoton export --format jsonl`: a report from the export file
    export = tmp_path / "export.jsonl"
    proc = spoton("export", "--db", url, "--format", "jsonl", "--out", export)
    assert proc.returncode == 0, proc.stderr
    proc = spoton("report", export, "--out", tmp_path / "export.docx")
    assert proc.returncode == 0, proc.stderr
    figures = figures_of(tmp_path / "export.docx")
    assert figures["verdicts"] == 1 and figures["records_confirmed"] == 1
    assert figures["defendants"] == len(records[0]["defendants"])


def test_first_page_renders_readably(reports: dict[str, Path], tmp_path: Path) -> None:
    """The PDF's first page as an image (the README shows one): not blank, title at the top.
    SPOTON_UPDATE_DOCS=1 also writes it to docs/images/report-page.png."""
    import os

    import pypdfium2

    pdf = pypdfium2.PdfDocument(str(reports["pdf"]))
    image = pdf[0].render(scale=1.5).to_pil().convert("L")
    pdf.close()
    dark = sum(image.histogram()[:128]) / (image.width * image.height)
    assert 0.01 < dark < 0.3
    image.save(tmp_path / "page.png")
    if os.environ.get("SPOTON_UPDATE_DOCS"):
        target = REPO / "docs" / "images" / "report-page.png"
        target.parent.mkdir(parents=True, exist_ok=True)
        image.save(target, optimize=True)


def test_every_language_file_has_every_text() -> None:
    """A title, note or sentence missing in one language would fall back to English in a published report."""
    from pipeline.datafiles import load_yaml

    def keys(node, prefix=""):
        if isinstance(node, dict):
            for key, child in node.items():
                yield from keys(child, f"{prefix}{key}.")
        else:
            yield prefix.rstrip(".")

    english = set(keys(load_yaml("report/en.yaml"))) - {"language", "name"}
    for lang in ("sr-Latn", "sr-Cyrl", "mk", "sq"):
        texts = set(keys(load_yaml(f"report/{lang}.yaml"))) - {"language", "name"}
        assert texts == english, (lang, sorted(english ^ texts))
    layout = load_yaml("report/tables.yaml")
    for section in layout["sections"]:
        assert f"sections.{section['key']}" in english
        for item in section["items"]:
            group = {"table": "tables", "summary": "tables", "chart": "charts", "narrative": "narrative"}[item["type"]]
            assert any(k.startswith(f"{group}.{item['key']}") for k in english), item["key"]


def test_a_new_codebook_value_needs_no_code(records: list[dict], tmp_path: Path) -> None:
    """A value added to the codebook (labels in every language) shows up as a row of the report, labelled."""
    from pipeline.report import build_report

    cb = codebook()
    values = cb.enums["compensation_outcome"]
    labels = {"en": "Settled out of court", "sr-Latn": "Poravnanje van suda", "sr-Cyrl": "Поравнање ван суда",
              "mk": "Вонсудско порамнување", "sq": "Pajtim jashtëgjyqësor"}
    values["settled"] = labels
    try:
        record = copy.deepcopy(next(r for r in records if r["victims"]))
        record["victims"][0]["compensation"]["outcome"]["value"] = "settled"
        source = tmp_path / "one.jsonl"
        source.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
        result = build_report(source, tmp_path / "one.docx", drafts=True, lang="mk")
    finally:
        del values["settled"]
    assert result.figures["compensation_outcomes"]["settled"] == 1
    rows = table_by_english_title(docx_tables(tmp_path / "one.docx"), "Decision on the compensation claim")
    assert any(row[0] == "Вонсудско порамнување\nSettled out of court" and row[-1].startswith("1 ") for row in rows)
