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
from pipeline.samples.generate import _docx_field

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
    assert blocks[2] == blocks[3]  # a soft line break stays in its paragraph
    assert blocks[4] == blocks[5] == blocks[6]  # the rows of one table are one block
    assert len(set(blocks)) == len(blocks) - 3


def test_document_text_with_header_kept_once_and_page_number_removed(tmp_path: Path) -> None:
    path = _verdict(tmp_path / "v.docx", header=["OSNOVNI SUD U BARU", "K. br. 124/20"])
    doc = ingest(path, CONFIG)
    # the header's court line equals the body's first line: kept once; the case number comes first
    assert doc.text.startswith("K. br. 124/20\n\nOSNOVNI SUD U BARU\n\nPRESUDA\n\n")
    assert doc.text.count("OSNOVNI SUD U BARU") == 1
    assert "Okrivljeni | Djelo | Kazna\nM.P. | čl. 444 KZ | 5 godina\nUkupno | 5 godina\n\n" in doc.text
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


# --------------------------------------------------------------------------- issue 10, eleventh round


def _simple_field(paragraph, instr: str, cached: str) -> None:  # noqa: ANN001 - python-docx Paragraph
    """A w:fldSimple field with its cached result, as Word saves PAGE/NUMPAGES in many templates (the sample
    generator's own writer of one)."""
    _docx_field(paragraph, instr, cached)


def _complex_field(paragraph, instr: str, cached: str) -> None:  # noqa: ANN001
    """A complex field (fldChar begin / instrText / separate / result / end), the other way Word saves one."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    def run_with(tag: str, **attrs: str) -> None:
        r = paragraph.add_run()._r
        el = OxmlElement(tag)
        for k, v in attrs.items():
            el.set(qn(k), v)
        r.append(el)

    run_with("w:fldChar", **{"w:fldCharType": "begin"})
    r = paragraph.add_run()._r
    it = OxmlElement("w:instrText")
    it.text = f" {instr} "
    r.append(it)
    run_with("w:fldChar", **{"w:fldCharType": "separate"})
    paragraph.add_run(cached)
    run_with("w:fldChar", **{"w:fldCharType": "end"})


@pytest.mark.parametrize("field", [_simple_field, _complex_field])
def test_page_fields_of_the_footer_are_read_and_dropped_as_page_numbers(tmp_path: Path, field) -> None:  # noqa: ANN001
    """The footer "Страна {PAGE} од {NUMPAGES}" / "{PAGE}/{NUMPAGES}": python-docx's Paragraph.text skips a
    w:fldSimple field, so "Страна  од" and a lone "/" ended the verdict's text after the judge's signature."""
    d = docx.Document()
    d.add_paragraph("Окривљени Н.П. оглашен је кривим.")
    d.add_paragraph("СУДИЈА Петар Јовановић")
    for part in ("Страна ", ("PAGE", "1"), " од ", ("NUMPAGES", "3")):
        footer = d.sections[0].footer.paragraphs[0]
        field(footer, *part) if isinstance(part, tuple) else footer.add_run(part)
    second = d.sections[0].footer.add_paragraph()
    field(second, "PAGE", "1")
    second.add_run("/")
    field(second, "NUMPAGES", "1")
    path = tmp_path / "footer.docx"
    d.save(str(path))
    lines = [ln.text for ln in read_docx(path, CONFIG)[0].lines]
    assert lines[-2:] == ["Страна 1 од 3", "1/1"]
    doc = ingest(path, CONFIG)
    assert doc.text.endswith("СУДИЈА Петар Јовановић")
    assert doc.pages[0].removed == ["Страна 1 од 3", "1/1"]


def test_tracked_insertions_and_content_controls_are_text_deletions_are_not(tmp_path: Path) -> None:
    """A court's file saved with tracked changes, or made from a template with content controls for the
    names: what Word shows is read; the deleted words are not."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    d = docx.Document()
    p = d.add_paragraph("Окривљени ")
    ins = OxmlElement("w:ins")
    ins.set(qn("w:id"), "1")
    ins.set(qn("w:author"), "суд")
    ins.append(p.add_run("Марко Петровић")._r)  # moves the run into the insertion
    p._p.append(ins)
    dele = OxmlElement("w:del")
    dele.set(qn("w:id"), "2")
    dele.set(qn("w:author"), "суд")
    r = OxmlElement("w:r")
    dt = OxmlElement("w:delText")
    dt.text = " Марко Марковић"
    r.append(dt)
    dele.append(r)
    p._p.append(dele)
    sdt, content = OxmlElement("w:sdt"), OxmlElement("w:sdtContent")
    content.append(p.add_run(", рођен 1980. године,")._r)
    sdt.append(content)
    p._p.append(sdt)
    p.add_run(" оглашен је кривим.")
    path = tmp_path / "tracked.docx"
    d.save(str(path))
    assert ingest(path, CONFIG).text == "Окривљени Марко Петровић, рођен 1980. године, оглашен је кривим."


def test_a_title_of_several_heading_paragraphs_is_one_block(tmp_path: Path) -> None:
    """"V E N D I M" / "NË EMËR TË REPUBLIKËS" as two heading paragraphs: one title block, as a text file
    gives it; the heading style's space above each line does not cut the title."""
    d = docx.Document()
    d.add_paragraph("GJYKATA E SHKALLËS SË PARË TIRANË")
    d.add_heading("V E N D I M", level=1)
    d.add_heading("NË EMËR TË REPUBLIKËS", level=1)
    d.add_paragraph("Gjykata, me trup gjykues të përbërë nga gjyqtarja Arta Leka, vendosi:")
    d.add_heading("A R S Y E T I M I", level=1)
    path = tmp_path / "title.docx"
    d.save(str(path))
    doc = ingest(path, CONFIG)
    assert doc.text == ("GJYKATA E SHKALLËS SË PARË TIRANË\n\nV E N D I M\nNË EMËR TË REPUBLIKËS\n\n"
                        "Gjykata, me trup gjykues të përbërë nga gjyqtarja Arta Leka, vendosi:\n\nA R S Y E T I M I")
    assert [b.kind for b in doc.pages[0].blocks] == ["paragraph", "heading", "paragraph", "heading"]


_CLAIMS_VERDICT = """REPUBLIKA E SHQIPËRISË
GJYKATA E SHKALLËS SË PARË ELBASAN

Nr. 41 Akti
Nr. 19 Vendimi

# V E N D I M
# NË EMËR TË REPUBLIKËS

Gjykata e Shkallës së Parë Elbasan, me trup gjykues të përbërë nga gjyqtarja Arta Leka (kryesuese), Besnik Duka dhe Mira Gjoni, me sekretare gjyqësore Lela Muça, në seancë publike më 12.05.2024, shqyrtoi çështjen penale me të pandehur Agron Keta, i biri i Petritit, lindur më 04.02.1986 në Elbasan, i akuzuar për veprën penale "Trafikimi i personave" sipas nenit 110/a/1 të Kodit Penal, me kërkesë të Prokurorisë pranë Gjykatës së Shkallës së Parë Elbasan, përfaqësuar nga prokurori Ilir Hasa.

# V E N D O S I

1. Deklarimin fajtor të të pandehurit Agron Keta për veprën penale "Trafikimi i personave" sipas nenit 110/a/1 të Kodit Penal dhe dënimin e tij me 10 (dhjetë) vjet burgim.

2. Për kërkesat për shpërblim dëmi:

| E dëmtuara | Kërkesa | Vendimi |
| N.R. | 12 000 euro | pranohet plotësisht; detyrohet i pandehuri të paguajë 12 000 euro |
| D.H. | 9 000 CHF | pranohet pjesërisht; detyrohet i pandehuri të paguajë 5 000 CHF; pjesa tjetër rrëzohet |
| S.K. | – | nuk ka kërkesë |
| E.P. | – (hequr dorë më 02.04.2024) | nuk ka vend për vendim |
| L.B. | 8 000 euro | lihet pa shqyrtim; e dëmtuara mund ta ngrejë kërkesën në gjykatën civile |

3. Shpenzimet procedurale në ngarkim të të pandehurit.

# A R S Y E T I M I

Të dëmtuarat N.R., D.H., S.K., E.P. dhe L.B. u rekrutuan nga i pandehuri.
"""


def test_a_table_of_claims_is_one_block_and_codes_as_its_text(tmp_path: Path) -> None:
    """A Word table of the claims (victim | claim | decision): its rows are lines of one block under the header
    row, as in the text file, and every victim's decision is the one of her own row."""
    from pipeline.coding import build_record
    from pipeline.samples.generate import render_docx, render_text

    outcomes = {}
    for variant, render in (("txt", render_text), ("docx", render_docx)):
        path = tmp_path / f"vendim.{variant}"
        render(_CLAIMS_VERDICT, path)
        doc = ingest(path, CONFIG)
        if variant == "docx":
            table = [b for b in doc.pages[0].blocks if b.kind == "table"]
            assert len(table) == 1 and len(table[0].lines) == 6
            assert doc.text[table[0].start : table[0].end].startswith("E dëmtuara | Kërkesa | Vendimi\nN.R. | ")
        rec = build_record(doc)
        outcomes[variant] = [(v["name"].value, v["compensation"]["outcome"].value) for v in rec.victims]
    assert outcomes["txt"] == [("N.R.", "granted"), ("D.H.", "partly_granted"), ("S.K.", "not_claimed"),
                               ("E.P.", "not_decided"), ("L.B.", "referred_to_civil")]
    assert outcomes["docx"] == outcomes["txt"]
