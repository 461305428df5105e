"""What real verdict PDFs contain and the samples did not: images beside the text layer, a scanned annex,
form fields and annotations. Each is made here as a real PDF and run through ``spoton run`` as a user does.

A court portal's PDF carries the court's logo in the header, a round stamp printed over the signature
lines and often a scanned signature; some have an annex scanned into the middle of a digital document,
or form fields and reviewer notes. None of these may make a document fail, least of all with ``internal``
(an exception the code did not expect); the text layer must be read where it is usable, the scanned
annex OCR'd, and the record coded as for a plain PDF.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import DEJAVU, REPO, SAMPLE_SOURCES, read_jsonl, spoton
from PIL import Image, ImageDraw, ImageFont

SAMPLE = "rs_k_57_2019_latn.txt"  # a Serbian Latin first-instance judgment (fictitious people)


def _lines(n: int = 400) -> list[str]:
    text = (SAMPLE_SOURCES / SAMPLE).read_text(encoding="utf-8")
    return [ln.lstrip("# ").strip() for ln in text.splitlines() if ln.strip()][:n]


def _logo(path: Path) -> Path:
    """A court coat of arms: a shield in grey tones on a transparent background."""
    img = Image.new("RGBA", (300, 360), (255, 255, 255, 0))
    draw = ImageDraw.Draw(img)
    draw.polygon([(20, 20), (280, 20), (280, 200), (150, 340), (20, 200)], fill=(120, 30, 30, 255))
    draw.ellipse((95, 80, 205, 190), fill=(230, 200, 60, 255))
    img.save(path)
    return path


def _stamp(path: Path) -> Path:
    """A round blue court stamp with text around it, semi-transparent like ink over print."""
    img = Image.new("RGBA", (500, 500), (255, 255, 255, 0))
    draw = ImageDraw.Draw(img)
    draw.ellipse((10, 10, 490, 490), outline=(30, 60, 170, 190), width=14)
    draw.ellipse((70, 70, 430, 430), outline=(30, 60, 170, 190), width=6)
    font = ImageFont.truetype(str(DEJAVU / "DejaVuSans-Bold.ttf"), 44)
    draw.text((120, 220), "OSNOVNI SUD", fill=(30, 60, 170, 190), font=font)
    img.save(path)
    return path


def _signature(path: Path) -> Path:
    """A scanned handwritten signature: a grey JPEG-like scribble on off-white paper."""
    img = Image.new("L", (700, 220), 245)
    draw = ImageDraw.Draw(img)
    pts = [(20 + 12 * i, 110 + int(60 * ((-1) ** i) * (0.5 + (i % 5) / 10))) for i in range(55)]
    draw.line(pts, fill=40, width=5)
    path_jpg = path.with_suffix(".jpg")
    img.save(path_jpg, quality=70)
    return path_jpg


def _scanned_annex(path: Path) -> Path:
    """A page of a scanned annex (the minutes of a hearing) at 300 dpi, A4."""
    img = Image.new("L", (2480, 3508), 252)
    draw = ImageDraw.Draw(img)
    font = ImageFont.truetype(str(DEJAVU / "DejaVuSans.ttf"), 44)
    y = 200
    for line in _lines(60)[20:50]:
        draw.text((180, y), line[:70], fill=15, font=font)
        y += 90
    img.save(path, dpi=(300, 300))
    return path


def _pdf():
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.add_font("DejaVu", "", str(DEJAVU / "DejaVuSans.ttf"))
    pdf.set_font("DejaVu", size=11)
    pdf.set_auto_page_break(True, margin=20)
    pdf.set_margins(20, 20, 20)
    return pdf


def _write_lines(pdf, lines: list[str]) -> None:
    for line in lines:
        pdf.multi_cell(170, 6, line, new_x="LMARGIN", new_y="NEXT")


def make_logo_and_stamp_pdf(path: Path, tmp: Path) -> Path:
    """Digital verdict: the court's logo above the header on page 1, a stamp over the last page's text."""
    pdf = _pdf()
    pdf.add_page()
    pdf.image(str(_logo(tmp / "logo.png")), x=95, y=8, w=20)
    pdf.set_y(40)
    _write_lines(pdf, _lines())
    pdf.image(str(_stamp(tmp / "stamp.png")), x=110, y=max(30, pdf.get_y() - 50), w=55)
    pdf.output(str(path))
    return path


def make_signature_pdf(path: Path, tmp: Path) -> Path:
    """Digital verdict whose last page carries the judge's scanned signature."""
    pdf = _pdf()
    pdf.add_page()
    _write_lines(pdf, _lines())
    if pdf.get_y() > 230:
        pdf.add_page()
    pdf.image(str(_signature(tmp / "signature.png")), x=120, y=pdf.get_y() + 4, w=60)
    pdf.output(str(path))
    return path


def make_scanned_annex_pdf(path: Path, tmp: Path) -> Path:
    """Digital verdict with a scanned annex page (no text layer) between its text pages."""
    lines = _lines()
    pdf = _pdf()
    pdf.add_page()
    _write_lines(pdf, lines[: len(lines) // 2])
    pdf.add_page()
    pdf.image(str(_scanned_annex(tmp / "annex.png")), x=0, y=0, w=210, h=297)
    pdf.add_page()
    _write_lines(pdf, lines[len(lines) // 2:])
    pdf.output(str(path))
    return path


def make_form_and_annotations_pdf(path: Path, tmp: Path) -> Path:
    """Digital verdict with a reviewer's sticky note, a link, a highlight and an AcroForm text field."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.annotations import FreeText, Link
    from pypdf.generic import (
        ArrayObject,
        DictionaryObject,
        FloatObject,
        NameObject,
        NumberObject,
        TextStringObject,
    )

    pdf = _pdf()
    pdf.add_page()
    _write_lines(pdf, _lines())
    pdf.text_annotation(150, 30, "Provjeriti datum pravosnažnosti", w=8, h=8)
    plain = tmp / "plain_for_form.pdf"
    pdf.output(str(plain))

    writer = PdfWriter(clone_from=PdfReader(str(plain)))
    writer.add_annotation(0, FreeText(text="Napomena sekretara", rect=(400, 780, 560, 810)))
    writer.add_annotation(0, Link(rect=(50, 50, 200, 70), url="https://example.invalid/predmet"))
    field = DictionaryObject({
        NameObject("/Type"): NameObject("/Annot"),
        NameObject("/Subtype"): NameObject("/Widget"),
        NameObject("/FT"): NameObject("/Tx"),
        NameObject("/T"): TextStringObject("broj_upisnika"),
        NameObject("/V"): TextStringObject("K 57/19"),
        NameObject("/Rect"): ArrayObject([FloatObject(400), FloatObject(740), FloatObject(560), FloatObject(760)]),
        NameObject("/F"): NumberObject(4),
    })
    ref = writer._add_object(field)
    page = writer.pages[0]
    page[NameObject("/Annots")].append(ref)
    writer._root_object[NameObject("/AcroForm")] = DictionaryObject({
        NameObject("/Fields"): ArrayObject([ref]),
    })
    field[NameObject("/P")] = page.indirect_reference
    with path.open("wb") as fh:
        writer.write(fh)
    return path


REAL_PDFS = {
    "logo_and_stamp.pdf": make_logo_and_stamp_pdf,
    "signature_last_page.pdf": make_signature_pdf,
    "scanned_annex.pdf": make_scanned_annex_pdf,
    "form_fields_and_notes.pdf": make_form_and_annotations_pdf,
}


@pytest.fixture(scope="module")
def batch(tmp_path_factory) -> dict:
    """One ``spoton run`` over the four real-life PDFs and every shipped sample verdict of data/raw."""
    tmp = tmp_path_factory.mktemp("real-pdfs")
    inputs, work, out = tmp / "in", tmp / "work", tmp / "out"
    inputs.mkdir()
    work.mkdir()
    for name, make in REAL_PDFS.items():
        make(inputs / name, work)
    for sample in (REPO / "data" / "raw").iterdir():
        if sample.is_file() and not sample.name.startswith("."):
            shutil.copy(sample, inputs / sample.name)
    proc = spoton("run", inputs, "--out", out, "--workers", "2", "--quiet", timeout=900)
    records = {Path(r["source"]["path"]).name: r for r in read_jsonl(out / "records.jsonl")}
    documents = {}
    for name, rec in records.items():
        documents[name] = json.loads((out / rec["document_id"] / "document.json").read_text(encoding="utf-8"))
    errors = read_jsonl(out / "errors.jsonl") if (out / "errors.jsonl").exists() else []
    return {"proc": proc, "records": records, "documents": documents, "errors": errors, "inputs": inputs}


def test_no_document_fails_with_an_internal_error(batch: dict) -> None:
    internal = [e for e in batch["errors"] if e["error"] == "internal"]
    assert not internal, f"internal errors (bugs): {[(e['path'], e['message']) for e in internal]}"
    assert not batch["errors"], batch["errors"]
    assert batch["proc"].returncode == 0, batch["proc"].stderr[-2000:]
    assert len(batch["records"]) == len(list(batch["inputs"].iterdir()))


@pytest.mark.parametrize("name", ["logo_and_stamp.pdf", "signature_last_page.pdf", "form_fields_and_notes.pdf"])
def test_images_beside_the_text_layer_keep_it(batch: dict, name: str) -> None:
    """A logo, a stamp or a signature does not make a digital page a scan: its text layer is read."""
    doc = batch["documents"][name]
    assert [p["method"] for p in doc["pages"]] == ["text"] * len(doc["pages"])
    record = batch["records"][name]
    assert record["case"]["case_number"]["value"] == "K 57/19"
    assert record["case"]["court"]["value"]
    assert record["defendants"] and record["defendants"][0]["name"]["value"]
    assert not record["warnings"]


def test_a_scanned_annex_page_is_ocrd_and_the_rest_read_as_text(batch: dict) -> None:
    doc = batch["documents"]["scanned_annex.pdf"]
    methods = [p["method"] for p in doc["pages"]]
    assert methods.count("ocr") == 1, methods
    at = methods.index("ocr")
    assert 0 < at < len(methods) - 1  # text pages before and after it
    annex = doc["pages"][at]
    annex_text = doc["text"][annex["start"]:annex["end"]]
    assert len(annex_text.split()) > 100  # the scanned minutes were read, not dropped
    assert batch["records"]["scanned_annex.pdf"]["case"]["case_number"]["value"] == "K 57/19"


def test_internal_errors_are_reported_as_bugs() -> None:
    """An exception the code did not expect says so, and where the traceback is."""
    from pipeline.batch.tasks import unexpected_failure

    failure = unexpected_failure("k_1_2020.pdf", "ingest", AttributeError("'PdfImage' object has no attribute"))
    assert failure.error == "internal"
    assert failure.message.startswith("k_1_2020.pdf: unexpected error while reading the file: AttributeError")
    assert "bug in SPOT ON" in failure.message and "debug.log" in failure.message
