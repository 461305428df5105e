"""PDF pages: text layer words, boxes and reading order; scanned and mixed PDFs through OCR; bad files."""

from __future__ import annotations

import io
import resource
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from fpdf import FPDF
from PIL import Image
from rapidfuzz.distance import Levenshtein

from pipeline.config import RunConfig, load_config
from pipeline.errors import InputError
from pipeline.ingest.pdf import pdf_page_count, read_pdf_page, text_layer_problem, text_stats

FONTS = Path("/usr/share/fonts/truetype/dejavu")
MM = 72 / 25.4

PARAGRAPHS = [
    "ВИШИ СУД У НИШУ",
    "Виши суд у Нишу, у већу састављеном од судије Јелене Ђорђевић, председника већа, и судија "
    "поротника, у кривичном предмету против окривљеног Н. Ђ., због кривичног дела трговина људима, "
    "након одржаног главног и јавног претреса донео је",
    "Окривљени Н. Ђ. је у периоду од јануара до маја 2020. године врбовао и превозио оштећену Ж. Ћ. "
    "користећи њен тежак положај, у намери да је искористи за принудни рад.",
    "Osnovni sud u Novom Sadu, sudija Dragana Šćekić, u krivičnom predmetu protiv okrivljenog M. Č., "
    "zbog krivičnog dela trgovina ljudima iz člana 388 stav 1 Krivičnog zakonika.",
]


def _pdf(size: int = 11) -> FPDF:
    pdf = FPDF(format="A4")
    pdf.add_font("Serif", "", str(FONTS / "DejaVuSerif.ttf"))
    pdf.set_font("Serif", size=size)
    pdf.set_margins(25, 25, 25)
    return pdf


def _paragraph_page(pdf: FPDF, paragraphs: list[str]) -> None:
    pdf.add_page()
    for para in paragraphs:
        pdf.multi_cell(0, 5.5, para, align="J", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(3)


def _words(page) -> list[str]:
    return [w.text for line in page.lines for w in line.words]


def _norm(text: str) -> str:
    return " ".join(text.split())


def _cer(reference: str, hypothesis: str) -> float:
    ref = _norm(reference)
    return Levenshtein.distance(ref, _norm(hypothesis)) / len(ref)


def _page_text(page) -> str:
    return "\n".join(line.text for line in page.lines)


def _scan_image(pdf_path: Path, index: int = 0, dpi: int = 300) -> Image.Image:
    doc = pdfium.PdfDocument(str(pdf_path))
    try:
        return doc[index].render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
    finally:
        doc.close()


@pytest.fixture(scope="module")
def digital(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("pdf") / "digital.pdf"
    pdf = _pdf()
    _paragraph_page(pdf, PARAGRAPHS)
    pdf.set_font("Serif", size=14)
    pdf.text(x=30, y=200, text="Пресуда K 124/20")  # known position, for the box check
    pdf.output(str(path))
    return path


@pytest.fixture(scope="module")
def config() -> RunConfig:
    return RunConfig()


def test_text_layer_words_in_order(digital: Path, config: RunConfig) -> None:
    page = read_pdf_page(digital, 0, config)
    assert page.method == "text" and page.unit == "pt" and page.number == 1
    assert page.width == pytest.approx(595.28, abs=0.1) and page.height == pytest.approx(841.89, abs=0.1)
    expected = " ".join(PARAGRAPHS) + " Пресуда K 124/20"
    assert _norm(" ".join(_words(page))) == _norm(expected)
    assert all(w.conf is None for line in page.lines for w in line.words)


def test_boxes_are_points_from_the_top_left(digital: Path, config: RunConfig) -> None:
    page = read_pdf_page(digital, 0, config)
    line = next(ln for ln in page.lines if ln.text == "Пресуда K 124/20")
    first = line.words[0]
    assert first.bbox.x0 == pytest.approx(30 * MM, abs=1.5)
    baseline = 200 * MM  # fpdf2 places the baseline at y
    assert first.bbox.y0 < baseline < first.bbox.y1
    assert first.bbox.y1 - first.bbox.y0 == pytest.approx(14 * 1.16, rel=0.15)  # ascent + descent of 14 pt
    # words of a line are left to right and do not overlap; boxes lie on the page
    xs = [(w.bbox.x0, w.bbox.x1) for w in line.words]
    assert all(a[1] <= b[0] for a, b in zip(xs, xs[1:], strict=False))
    for ln in page.lines:
        for w in ln.words:
            assert 0 <= w.bbox.x0 < w.bbox.x1 <= page.width and 0 <= w.bbox.y0 < w.bbox.y1 <= page.height
        assert ln.bbox.x0 <= min(w.bbox.x0 for w in ln.words)
    # lines go down the page
    tops = [ln.bbox.y0 for ln in page.lines]
    assert tops == sorted(tops)


def test_blocks_follow_paragraphs(digital: Path, config: RunConfig) -> None:
    page = read_pdf_page(digital, 0, config)
    blocks: dict[int, list[str]] = {}
    for line in page.lines:
        blocks.setdefault(line.block, []).append(line.text)
    texts = [" ".join(lines) for _, lines in sorted(blocks.items())]
    assert [_norm(t) for t in texts[: len(PARAGRAPHS)]] == [_norm(p) for p in PARAGRAPHS]


def test_first_line_indent_starts_a_block(tmp_path: Path, config: RunConfig) -> None:
    pdf = _pdf()
    pdf.add_page()
    y = 30.0
    paragraphs = [
        ["    Prvi stav presude počinje uvučenim redom i", "nastavlja se u drugom redu bez razmaka."],
        ["    Drugi stav takođe počinje uvlačenjem reda, a", "razmaka između stavova nema."],
    ]
    for para in paragraphs:
        for i, text in enumerate(para):
            pdf.text(x=25 + (10 if i == 0 else 0), y=y, text=text.strip())
            y += 5.5
    path = tmp_path / "indent.pdf"
    pdf.output(str(path))
    page = read_pdf_page(path, 0, config)
    assert [ln.block for ln in page.lines] == [0, 0, 1, 1]


def test_two_columns_are_read_column_by_column(tmp_path: Path, config: RunConfig) -> None:
    left = "Levi stub: " + " ".join(f"reč{i} u levom stubu presude" for i in range(30))
    right = "Desni stub: " + " ".join(f"reč{i} u desnom stubu presude" for i in range(30))
    pdf = _pdf(10)
    pdf.add_page()
    pdf.set_font("Serif", size=14)
    pdf.set_xy(25, 25)
    pdf.multi_cell(0, 7, "NASLOV PREKO OBA STUBA PRESUDE O TRGOVINI LJUDIMA", align="C")
    pdf.set_font("Serif", size=10)
    top = pdf.get_y() + 5
    pdf.set_xy(25, top)
    pdf.multi_cell(75, 5, left, align="J")
    bottom = pdf.get_y()
    pdf.set_xy(110, top)
    pdf.multi_cell(75, 5, right, align="J")
    pdf.set_xy(25, max(bottom, pdf.get_y()) + 5)
    pdf.multi_cell(0, 5, "Podnožje preko cele širine strane, posle oba stuba.")
    path = tmp_path / "columns.pdf"
    pdf.output(str(path))
    page = read_pdf_page(path, 0, config)
    text = _norm(" ".join(_words(page)))
    assert text == _norm(
        "NASLOV PREKO OBA STUBA PRESUDE O TRGOVINI LJUDIMA "
        + left
        + " "
        + right
        + " Podnožje preko cele širine strane, posle oba stuba."
    )
    # the columns are separate blocks
    blocks_left = {ln.block for ln in page.lines if "levom" in ln.text}
    blocks_right = {ln.block for ln in page.lines if "desnom" in ln.text}
    assert blocks_left.isdisjoint(blocks_right)


def test_side_by_side_header_is_read_row_by_row(tmp_path: Path, config: RunConfig) -> None:
    # a verdict header: court on the left, case number on the right, two rows: not columns
    pdf = _pdf()
    pdf.add_page()
    pdf.text(x=25, y=30, text="OSNOVNI SUD U NIŠU")
    pdf.text(x=140, y=30, text="K. 124/20")
    pdf.text(x=25, y=36, text="Dana 12.03.2021.")
    pdf.text(x=140, y=36, text="Niš")
    pdf.set_xy(25, 45)
    pdf.multi_cell(0, 5.5, PARAGRAPHS[3])
    path = tmp_path / "header.pdf"
    pdf.output(str(path))
    page = read_pdf_page(path, 0, config)
    assert [ln.text for ln in page.lines[:2]] == ["OSNOVNI SUD U NIŠU K. 124/20", "Dana 12.03.2021. Niš"]


def test_line_end_hyphen_is_kept_for_the_assembler(tmp_path: Path, config: RunConfig) -> None:
    pdf = _pdf()
    pdf.add_page()
    pdf.text(x=25, y=30, text="Okrivljeni je oglašen kriv za kriv-")
    pdf.text(x=25, y=36, text="ično delo trgovine ljudima iz člana 388.")
    path = tmp_path / "hyphen.pdf"
    pdf.output(str(path))
    page = read_pdf_page(path, 0, config)
    assert page.lines[0].words[-1].text == "kriv-"
    assert page.lines[1].words[0].text == "ično"


def test_rotated_page_boxes_stay_on_the_displayed_page(
    tmp_path: Path, digital: Path, config: RunConfig
) -> None:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    page = PdfReader(str(digital)).pages[0]
    page.rotate(90)
    writer.add_page(page)
    path = tmp_path / "rotated.pdf"
    with open(path, "wb") as fh:
        writer.write(fh)
    raw = read_pdf_page(path, 0, config)
    assert raw.method == "text"
    assert raw.width == pytest.approx(841.89, abs=0.1) and raw.height == pytest.approx(595.28, abs=0.1)
    assert _norm(" ".join(_words(raw))) == _norm(" ".join(PARAGRAPHS) + " Пресуда K 124/20")
    for ln in raw.lines:
        for w in ln.words:
            assert (
                -1 <= w.bbox.x0 < w.bbox.x1 <= raw.width + 1 and -1 <= w.bbox.y0 < w.bbox.y1 <= raw.height + 1
            )


# --------------------------------------------------------------------------- scanned and mixed PDFs


@pytest.fixture(scope="module")
def mixed(tmp_path_factory, digital: Path) -> Path:
    """Page 1: text layer. Page 2: a scan of a page (image only). Page 3: a scan with a stamped page number."""
    tmp = tmp_path_factory.mktemp("mixed")
    source = tmp / "source.pdf"
    pdf = _pdf()
    _paragraph_page(pdf, PARAGRAPHS[:3])
    pdf.output(str(source))
    scan = _scan_image(source)
    scan_png = tmp / "scan.png"
    scan.save(scan_png)
    out = _pdf()
    _paragraph_page(out, PARAGRAPHS[3:])
    out.add_page()
    out.image(str(scan_png), x=0, y=0, w=210, h=297)
    out.add_page()
    out.image(str(scan_png), x=0, y=0, w=210, h=297)
    out.text(x=180, y=290, text="Страна 3")  # a real text layer of two words on a scanned page
    path = tmp / "mixed.pdf"
    out.output(str(path))
    return path


def test_mixed_pdf_page_by_page(mixed: Path, config: RunConfig) -> None:
    assert pdf_page_count(mixed) == 3
    first = read_pdf_page(mixed, 0, config)
    assert first.method == "text"
    assert _norm(_page_text(first)) == _norm(" ".join(PARAGRAPHS[3:]))
    second = read_pdf_page(mixed, 1, config, langs="srp")
    assert second.method == "ocr" and second.unit == "px" and second.dpi == 300
    assert second.width == pytest.approx(210 / 25.4 * 300, abs=3)
    assert _cer(" ".join(PARAGRAPHS[:3]), _page_text(second)) <= 0.02
    assert all(0 <= w.conf <= 100 for ln in second.lines for w in ln.words)


def test_scan_with_a_stamped_page_number_is_ocrd(mixed: Path, config: RunConfig) -> None:
    page = read_pdf_page(mixed, 2, config, langs="srp")
    assert page.method == "ocr"
    assert _cer(" ".join(PARAGRAPHS[:3]), _page_text(page).replace("Страна 3", "")) <= 0.02


def test_ocr_modes(mixed: Path) -> None:
    never = read_pdf_page(mixed, 1, load_config(**{"ocr.mode": "never"}))
    assert never.method == "text" and never.lines == []
    assert any("OCR is off" in w for w in never.warnings)
    always = read_pdf_page(mixed, 0, load_config(**{"ocr.mode": "always", "ocr.dpi": 200}), langs="srp_latn")
    assert always.method == "ocr" and always.dpi == 200
    assert _cer(" ".join(PARAGRAPHS[3:]), _page_text(always)) <= 0.05  # 200 dpi, mixed scripts, one language


def test_render_is_capped_by_the_pixel_limit(mixed: Path) -> None:
    config = load_config(**{"limits.max_image_pixels": 3_000_000})  # ~ 140 dpi for A4
    page = read_pdf_page(mixed, 1, config, langs="srp")
    assert page.width * page.height <= 3_000_000
    assert page.dpi < 300


def test_scan_pages_one_at_a_time_in_memory(tmp_path: Path, config: RunConfig) -> None:
    """Pages are rendered one by one: reading 30 pages needs no more memory than reading 3."""
    pdf = FPDF(format="A4")
    blank = tmp_path / "blank.png"
    Image.new("L", (50, 70), 255).save(blank)
    for _ in range(30):
        pdf.add_page()
        pdf.image(str(blank), x=0, y=0, w=210, h=297)
    path = tmp_path / "scan30.pdf"
    pdf.output(str(path))
    for i in range(3):
        read_pdf_page(path, i, config, langs="srp")
    after_three = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    for i in range(3, 30):
        page = read_pdf_page(path, i, config, langs="srp")
        assert page.method == "ocr" and page.lines == []  # blank: rendered, analysed, not sent to Tesseract
    grown_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - after_three
    assert grown_kib < 40 * 1024


# --------------------------------------------------------------------------- text-layer check


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("Okrivljeni je kriv. " * 5, None),
        ("Gjykata e Shkallës së Parë, gjyqtarja Elona Çela, vendosi. " * 3, None),  # ë ç are Albanian
        ("Пресуда у име народа. " * 4, None),
        ("Strana 1", "too little text"),
        ("(cid:12)(cid:15)(cid:3)(cid:44) Presuda okrivljeni kriv " * 4, "unreadable"),
        ("\ue001\ue002\ue003\ue004 Presuda okrivljeni kriv " * 6, "unreadable"),
        ("\ufffd\ufffd\ufffd Presuda okrivljeni " * 6, "unreadable"),
        ("ÏÐÅÑÓÄÀ Ó ÈÌÅ ÍÀÐÎÄÀ Îêðèâšåíè " * 4, "garbled"),  # cp1251 bytes read as Latin-1
        (
            "1234 5678 9012 3456 7890 / 12.34 - 56.78 " * 8 + "Iznos u dinarima dat je u tabeli " * 2,
            "non-letters",
        ),
    ],
)
def test_text_layer_problems(text: str, problem: str | None) -> None:
    found = text_layer_problem(text_stats(text), text, 40, 0.0)
    if problem is None:
        assert found is None
    else:
        assert found is not None and problem in found


# --------------------------------------------------------------------------- bad files


def _encrypted(tmp_path: Path, digital: Path, user_password: str) -> Path:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    writer.append(PdfReader(str(digital)))
    writer.encrypt(user_password=user_password, owner_password="vlasnik", algorithm="AES-128")
    path = tmp_path / "encrypted.pdf"
    with open(path, "wb") as fh:
        writer.write(fh)
    return path


def test_password_protected_pdf(tmp_path: Path, digital: Path, config: RunConfig) -> None:
    path = _encrypted(tmp_path, digital, "tajna")
    for call in (lambda: pdf_page_count(path), lambda: read_pdf_page(path, 0, config)):
        with pytest.raises(InputError) as info:
            call()
        assert info.value.error == "encrypted"
        assert "encrypted.pdf is password-protected; ask the court or sender for an unprotected copy" in (
            info.value.message
        )


def test_owner_password_only_is_readable(tmp_path: Path, digital: Path, config: RunConfig) -> None:
    path = _encrypted(tmp_path, digital, "")  # opens without a password: permissions only
    assert pdf_page_count(path) == 1
    assert read_pdf_page(path, 0, config).method == "text"


@pytest.mark.parametrize("keep", [0.5, 0.9, 0.995])
def test_truncated_pdf(tmp_path: Path, digital: Path, keep: float) -> None:
    data = digital.read_bytes()
    path = tmp_path / "cut.pdf"
    path.write_bytes(data[: int(len(data) * keep)])
    with pytest.raises(InputError) as info:
        pdf_page_count(path)
    assert info.value.error == "corrupt_pdf"
    assert "cut.pdf is damaged or incomplete" in info.value.message


def test_garbage_after_header(tmp_path: Path) -> None:
    path = tmp_path / "junk.pdf"
    path.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 20 + b"\n%%EOF\n")
    with pytest.raises(InputError) as info:
        pdf_page_count(path)
    assert info.value.error == "corrupt_pdf"


def test_page_out_of_range(digital: Path, config: RunConfig) -> None:
    with pytest.raises(InputError, match="has no page 5"):
        read_pdf_page(digital, 4, config)


def test_scanner_pdf_from_pillow(tmp_path: Path, digital: Path, config: RunConfig) -> None:
    """An image-only PDF as scanners write it (JPEG pages), read by OCR."""
    image = _scan_image(digital)
    path = tmp_path / "scanner.pdf"
    buf = io.BytesIO()
    image.save(buf, "JPEG", quality=80)
    Image.open(io.BytesIO(buf.getvalue())).save(path, "PDF", resolution=300.0)
    page = read_pdf_page(path, 0, config, langs="srp+srp_latn")
    assert page.method == "ocr"
    assert _cer(" ".join(PARAGRAPHS) + " Пресуда K 124/20", _page_text(page)) <= 0.02
