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
