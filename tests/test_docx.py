"""Word verdicts: body order, headings, tables, header/footer handling, zip-bomb and damaged-file checks."""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx
import pytest
from docx.enum.section import WD_SECTION

from pipeline.config import RunConfig
from pipeline.errors import InputError, LimitExceeded
from pipeline.ingest import ingest
from pipeline.ingest.docx import read_docx

CONFIG = RunConfig()


def _verdict(path: Path, *, header: list[str] | None = None, footer: str | None = "Strana 1 od 1") -> Path:
    d = docx.Document()
    section = d.sections[0]
    if header:
        section.header.paragraphs[0].text = header[0]
        for line in header[1:]:
            section.header.add_paragraph(line)
    if footer:
        section.footer.paragraphs[0].text = footer
    d.add_paragraph("OSNOVNI SUD U BARU")
    d.add_heading("PRESUDA", level=1)
    p = d.add_paragraph("Okrivljeni M.P. iz Bara, ")
    run = p.add_run("rođen 1980. godine,")
    run.add_break()
    p.add_run("oglašen je\tkrivim.")
    table = d.add_table(rows=3, cols=3)
    for i, cells in enumerate((("Okrivljeni", "Djelo", "Kazna"), ("M.P.", "čl. 444 KZ", "5 godina"))):
        for j, text in enumerate(cells):
            table.cell(i, j).text = text
    merged = table.cell(2, 0).merge(table.cell(2, 1))
    merged.text = "Ukupno"
    table.cell(2, 2).text = "5 godina"
    d.add_paragraph("Uslovna osuda se ne izriče.", style="List Number")
    d.add_paragraph("")  # empty paragraphs are not blocks
    d.add_paragraph("Sudija Vesna Gazdić")
    d.save(str(path))
    return path


def test_body_in_document_order(tmp_path: Path) -> None:
    pages = read_docx(_verdict(tmp_path / "v.docx"), CONFIG)
    assert len(pages) == 1 and pages[0].method == "docx"
    lines = [(ln.kind, ln.text) for ln in pages[0].lines]
    assert lines == [
        ("paragraph", "OSNOVNI SUD U BARU"),
        ("heading", "PRESUDA"),
        ("paragraph", "Okrivljeni M.P. iz Bara, rođen 1980. godine,"),
        ("paragraph", "oglašen je krivim."),
        ("table", "Okrivljeni | Djelo | Kazna"),
        ("table", "M.P. | čl. 444 KZ | 5 godina"),
        ("table", "Ukupno | 5 godina"),  # a merged cell once
        ("list", "Uslovna osuda se ne izriče."),
        ("paragraph", "Sudija Vesna Gazdić"),
        ("paragraph", "Strana 1 od 1"),  # footer last; the text stage drops it as a page number
    ]
    blocks = [ln.block for ln in pages[0].lines]
    assert blocks[2] == blocks[3] and len(set(blocks)) == len(blocks) - 1


def test_document_text_with_header_kept_once_and_page_number_removed(tmp_path: Path) -> None:
    path = _verdict(tmp_path / "v.docx", header=["OSNOVNI SUD U BARU", "K. br. 124/20"])
    doc = ingest(path, CONFIG)
    # the header's court line equals the body's first line: kept once; the case number comes first
    assert doc.text.startswith("K. br. 124/20\n\nOSNOVNI SUD U BARU\n\nPRESUDA\n\n")
    assert doc.text.count("OSNOVNI SUD U BARU") == 1
    assert "Okrivljeni | Djelo | Kazna\n\nM.P. | čl. 444 KZ | 5 godina" in doc.text
    assert doc.text.endswith("Sudija Vesna Gazdić")
    assert doc.pages[0].removed == ["Strana 1 od 1"]
    assert doc.provenance.format == "docx" and "python-docx" in doc.provenance.tools
    assert doc.language == "cnr" and doc.script == "Latn"
    assert [b.kind for b in doc.pages[0].blocks][:3] == ["paragraph", "paragraph", "heading"]
    for block in doc.pages[0].blocks:
        for line in block.lines:
            assert "\n" not in doc.text[line.start : line.end]


def test_headers_of_several_sections_come_once(tmp_path: Path) -> None:
    d = docx.Document()
    d.sections[0].header.paragraphs[0].text = "ВИШИ СУД У БЕОГРАДУ"
    d.add_paragraph("Окривљени Љубомир Ђорђевић оглашен је кривим због кривичног дела трговина људима.")
    new = d.add_section(WD_SECTION.NEW_PAGE)
    new.header.is_linked_to_previous = False
    new.header.paragraphs[0].text = "ВИШИ СУД У БЕОГРАДУ"  # the same text again
    d.add_paragraph("Суд му изриче казну затвора од пет година. Сведок је изјавио да је оштећена дете.")
    path = tmp_path / "cyr.docx"
    d.save(str(path))
    doc = ingest(path, CONFIG)
    assert doc.text.count("ВИШИ СУД У БЕОГРАДУ") == 1
    assert doc.text.startswith("ВИШИ СУД У БЕОГРАДУ\n\nОкривљени")
    assert (doc.language, doc.script) == ("sr", "Cyrl")
    assert doc.latin is not None and doc.latin.text.startswith("VIŠI SUD U BEOGRADU\n\nOkrivljeni Ljubomir")


def test_zip_bomb_is_refused_before_unpacking(tmp_path: Path) -> None:
    path = tmp_path / "bomb.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", "<w:document/>")
        chunk = bytes(1 << 20)
        with zf.open("word/media/zeros.bin", "w") as member:
            for _ in range(300):  # 300 MB of zeros: ~300 KB compressed
                member.write(chunk)
    assert path.stat().st_size < 2 * 1024**2
    with pytest.raises(LimitExceeded) as err:
        read_docx(path, CONFIG)
    assert err.value.error == "zip_bomb"
    assert "bomb.docx expands to 300 MB when unpacked: refused as a possible zip bomb" in err.value.message


def test_total_size_limit(tmp_path: Path) -> None:
    path = _verdict(tmp_path / "v.docx")
    config = RunConfig(limits={"max_docx_uncompressed_bytes": 10_000})
    with pytest.raises(LimitExceeded) as err:
        read_docx(path, config)
    assert err.value.error == "zip_bomb"


def test_damaged_zip(tmp_path: Path) -> None:
    good = _verdict(tmp_path / "v.docx").read_bytes()
    path = tmp_path / "damaged.docx"
    path.write_bytes(good[: len(good) // 2])
    with pytest.raises(InputError) as err:
        read_docx(path, CONFIG)
    assert err.value.message == "damaged.docx is not a valid Word document (damaged zip)."


def test_zip_without_a_document_body(tmp_path: Path) -> None:
    path = tmp_path / "empty.docx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
    with pytest.raises(InputError) as err:
        read_docx(path, CONFIG)
    assert "empty.docx is not a valid Word document" in err.value.message


def test_broken_xml_inside(tmp_path: Path) -> None:
    src = _verdict(tmp_path / "v.docx")
    path = tmp_path / "broken.docx"
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(path, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item)
            if item.filename == "word/document.xml":
                data = data[: len(data) // 2]
            zout.writestr(item, data)
    with pytest.raises(InputError) as err:
        read_docx(path, CONFIG)
    assert "broken.docx is not a valid Word document" in err.value.message


def test_paragraphs_with_no_space_between_them_are_one_block(tmp_path: Path) -> None:
    """A paragraph per line (typed so, or converted from a PDF): what Word lays out as one block is one."""
    from docx.shared import Cm, Pt

    d = docx.Document()  # python-docx's template spaces paragraphs 10 pt apart
    for line in ("Виши суд у Чачку, у већу састављеном од судије Петра", "Јовановића, председника већа,"):
        d.add_paragraph(line).paragraph_format.space_after = Pt(0)
    d.add_paragraph("и судија поротника Зорице Милић.")  # the block's last line: space below it
    indented = d.add_paragraph("Окривљени Н.П.")
    d.add_paragraph("нов пасус без размака").paragraph_format.space_after = Pt(0)
    indented2 = d.add_paragraph("увучен пасус почиње блок")
    for p in (indented, indented2):
        p.paragraph_format.first_line_indent = Cm(1)
    d.add_heading("ПРЕСУДА", level=1)
    path = tmp_path / "lines.docx"
    d.save(str(path))
    lines = read_docx(path, CONFIG)[0].lines
    blocks = [ln.block for ln in lines]
    assert blocks[0] == blocks[1] == blocks[2]  # the three lines of the panel
    assert len(set(blocks[2:])) == len(blocks[2:])  # indent, space and heading each start a block
    doc = ingest(path, CONFIG)
    assert doc.text.startswith("Виши суд у Чачку, у већу састављеном од судије Петра\nЈовановића, председника")


_LINES_VERDICT = """Република Србија
ВИШИ СУД У ЧАЧКУ
Посл. бр. К 17/22
14. марта 2023. године

# У ИМЕ НАРОДА

Виши суд у Чачку, у већу састављеном од судије Петра Јовановића, као председника већа, и судија Зорице
Милић и Александра Тодоровића, као чланова већа, уз учешће записничара Јелене Ранковић, у кривичном
предмету против окривљених Н.П. и Д.С., због кривичног дела трговина људима из члана 388 став 1 Кривичног
законика, по оптужници Вишег јавног тужилаштва у Чачку КТ бр. 5/22, донео је и јавно објавио

# П Р Е С У Д У

ОКРИВЉЕНИ:
1. Н.П., рођен 1980. године у Чачку, од оца Милана, држављанин Републике Србије, неосуђиван,
2. Д.С., рођен 1985. године у Краљеву, од оца Петра, држављанин Републике Србије, неосуђиван,

К Р И В И   С У

што су у 2021. години у Чачку врбовали оштећену С.М. ради сексуалне експлоатације,

чиме су извршили кривично дело трговина људима из члана 388 став 1 КЗ,

па их суд осуђује на казну затвора у трајању од по 4 (четири) године.

# О б р а з л о ж е њ е

Суд је ценио доказе.
"""


def test_a_word_file_with_a_paragraph_per_line_codes_as_its_text(tmp_path: Path) -> None:
    """The generator's Word file writes every source line as a paragraph: the judge's name broken across
    two of them ("Зорице" / "Милић") and the list of defendants, one a paragraph, read as in the text."""
    from pipeline.coding import build_record
    from pipeline.samples.generate import render_docx, render_text

    records = {}
    for variant, render in (("txt", render_text), ("docx", render_docx)):
        path = tmp_path / f"presuda.{variant}"
        render(_LINES_VERDICT, path)
        records[variant] = build_record(ingest(path, CONFIG))
    judges = {variant: rec.case["judges"].value for variant, rec in records.items()}
    assert "Зорица Милић" in judges["txt"]
    assert judges["docx"] == judges["txt"]
    names = {variant: [d["name"].value for d in rec.defendants] for variant, rec in records.items()}
    assert len(names["txt"]) == 2 and names["docx"] == names["txt"]
