"""OCR with the real Tesseract: rendered verdict pages in Serbian (Cyrillic, Latin), Macedonian and
Albanian, skewed and turned pages, confidences, errors; and the committed sample scans of data/raw."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
import pytest
from fpdf import FPDF
from PIL import Image, ImageFilter
from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from pipeline.config import RunConfig, load_config
from pipeline.errors import OcrError
from pipeline.ingest import ocr
from pipeline.ingest.ocr import analyse, ocr_image, parse_tsv, to_gray
from pipeline.ingest.raw import RawPage

FONTS = Path("/usr/share/fonts/truetype/dejavu")
REPO = Path(__file__).resolve().parents[1]

# Fictitious verdict excerpts written for these tests.
TEXTS = {
    "srp": [
        "ОСНОВНИ СУД У КРАГУЈЕВЦУ",
        "Основни суд у Крагујевцу, судија појединац Јелена Ђорђевић, уз учешће записничара Милице "
        "Петровић, у кривичном предмету против окривљеног Н. Ђ. из Крагујевца, због кривичног дела "
        "трговина људима из члана 388 став 1 Кривичног законика, донео је дана 14. марта 2021. године",
        "Окривљени Н. Ђ., рођен 12. јуна 1985. године у Нишу, од оца Љубомира и мајке Зорице, "
        "државља­нин Републике Србије, неожењен, без запослења, осуђиван,".replace("\u00ad", ""),
        "што је у периоду од јануара до маја 2020. године врбовао и превозио оштећену Ж. Ћ., "
        "користећи њен тежак положај, у намери да је искористи за принудни рад.",
    ],
    "srp_latn": [
        "OSNOVNI SUD U NOVOM SADU",
        "Osnovni sud u Novom Sadu, sudija pojedinac Dragana Šćekić, uz učešće zapisničara Đorđa "
        "Kovačevića, u krivičnom predmetu protiv okrivljenog M. Č. iz Novog Sada, zbog krivičnog dela "
        "trgovina ljudima iz člana 388 stav 1 Krivičnog zakonika, doneo je dana 28. jula 2021. godine",
        "Okrivljeni M. Č., rođen 4. februara 1979. godine u Subotici, od oca Živka i majke Ljiljane, "
        "državljanin Republike Srbije, oženjen, otac dvoje dece, neosuđivan,",
        "što je u periodu od marta do septembra 2019. godine vrbovao oštećenu Ž. Đ. obećavajući joj "
        "dobro plaćen posao u inostranstvu, a zatim joj oduzeo pasoš i prinuđivao je na prostituciju.",
    ],
    "mkd": [
        "ОСНОВЕН СУД СКОПЈЕ",
        "Основниот суд Скопје, кривичен совет составен од судијата Ѓорѓи Велјановски како претседател "
        "на советот, со записничар Љубица Ќосевска, во кривичниот предмет против обвинетиот Ѕ. Џ. од "
        "Куманово, за кривично дело трговија со луѓе од член 418-а став 1 од Кривичниот законик,",
        "Обвинетиот Ѕ. Џ., роден на 21 август 1981 година во Куманово, државјанин на Република "
        "Северна Македонија, неосудуван,",
        "што во периодот од април до октомври 2019 година, во Скопје и Тетово, со измама врбувал и "
        "превезувал оштетени лица, им ги одземал документите и ги принудувал на работа без надомест.",
    ],
    "sqi": [
        "GJYKATA E RRETHIT GJYQËSOR TIRANË",
        "Gjykata e Rrethit Gjyqësor Tiranë, e përbërë nga gjyqtarja Elona Çela, me sekretare gjyqësore "
        "Mirela Hoxha, në praninë e prokurorit Ardit Dervishi, shqyrtoi në seancë gjyqësore publike "
        "çështjen penale që i përket të pandehurit B. Ç., i akuzuar për veprën penale trafikimi i personave.",
        "I pandehuri në periudhën nga janari deri në qershor të vitit 2018, duke përfituar nga gjendja "
        "e vështirë ekonomike e të dëmtuarës E. Ë., e rekrutoi me premtimin e një pune në kuzhinë.",
        "Kundër këtij vendimi lejohet ankim në Gjykatën e Apelit brenda pesëmbëdhjetë ditëve.",
    ],
}
SCRIPT_LANGS = {"srp": "srp+mkd", "mkd": "srp+mkd", "srp_latn": "sqi+srp_latn+hrv", "sqi": "sqi+srp_latn+hrv"}


def _norm(text: str) -> str:
    return " ".join(text.split())


def cer(reference: str, hypothesis: str) -> float:
    ref = _norm(reference)
    return Levenshtein.distance(ref, _norm(hypothesis)) / max(1, len(ref))


def page_text(page: RawPage) -> str:
    return "\n".join(line.text for line in page.lines)


def render(paragraphs: list[str], dpi: int = 300) -> Image.Image:
    pdf = FPDF(format="A4")
    pdf.add_font("Serif", "", str(FONTS / "DejaVuSerif.ttf"))
    pdf.set_font("Serif", size=11)
    pdf.set_margins(25, 25, 25)
    pdf.add_page()
    for para in paragraphs:
        pdf.multi_cell(0, 5.5, para, align="J", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(3)
    doc = pdfium.PdfDocument(bytes(pdf.output()))
    try:
        image = doc[0].render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
    finally:
        doc.close()
    image.info["dpi"] = (dpi, dpi)
    return image


@pytest.fixture(scope="module")
def pages() -> dict[str, Image.Image]:
    return {lang: render(paras) for lang, paras in TEXTS.items()}


@pytest.fixture(scope="module")
def config() -> RunConfig:
    return RunConfig()


def _reference(lang: str) -> str:
    return " ".join(TEXTS[lang])


@pytest.mark.parametrize("lang", list(TEXTS))
def test_cer_per_language(pages, config: RunConfig, lang: str) -> None:
    image = pages[lang]
    page = ocr_image(image, config, langs=lang, page_number=4)
    assert page.method == "ocr" and page.unit == "px" and page.dpi == 300 and page.number == 4
    assert (page.width, page.height) == image.size
    assert page.ocr_langs == lang and page.rotation == 0
    assert cer(_reference(lang), page_text(page)) <= 0.02


@pytest.mark.parametrize("lang", ["srp", "sqi"])
def test_languages_chosen_from_the_script(pages, config: RunConfig, lang: str) -> None:
    page = ocr_image(pages[lang], config)  # no languages: OSD tells the script
    assert page.ocr_langs == SCRIPT_LANGS[lang]
    assert page.script_hint == ("Cyrl" if lang == "srp" else "Latn")
    assert cer(_reference(lang), page_text(page)) <= 0.02


def test_structure_and_confidences(pages, config: RunConfig) -> None:
    image = pages["srp_latn"]
    page = ocr_image(image, config, langs="srp_latn")
    assert page.lines[0].text == "OSNOVNI SUD U NOVOM SADU"
    words = [w for line in page.lines for w in line.words]
    assert words and all(w.text.strip() == w.text and w.text for w in words)
    assert all(isinstance(w.conf, float) and 0 <= w.conf <= 100 for w in words)
    for line in page.lines:
        for w in line.words:
            assert 0 <= w.bbox.x0 < w.bbox.x1 <= image.width and 0 <= w.bbox.y0 < w.bbox.y1 <= image.height
            assert line.bbox.x0 <= w.bbox.x0 and w.bbox.x1 <= line.bbox.x1
        xs = [w.bbox.x0 for w in line.words]
        assert xs == sorted(xs)
    # paragraphs are blocks, in reading order
    blocks = [line.block for line in page.lines]
    assert blocks == sorted(blocks) and len(set(blocks)) >= len(TEXTS["srp_latn"])
    by_block: dict[int, list[str]] = {}
    for line in page.lines:
        by_block.setdefault(line.block, []).append(line.text)
    texts = [" ".join(v) for _, v in sorted(by_block.items())]
    assert cer(TEXTS["srp_latn"][1], texts[1]) <= 0.02


def test_low_confidence_words_are_flagged_by_the_assembler(pages, config: RunConfig) -> None:
    from pipeline.model import Provenance
    from pipeline.text.assemble import assemble

    page = ocr_image(pages["mkd"], config, langs="mkd")
    confs = sorted(w.conf for ln in page.lines for w in ln.words)
    threshold = confs[len(confs) // 4] + 0.001  # a quarter of the words fall under it
    prov = Provenance(path="x.png", sha256="0" * 64, format="png", size=1, pipeline_version="test")
    doc = assemble([page], prov, "doc", low_conf=threshold)
    flagged = [w for w in doc.words() if w.low_conf]
    assert flagged and len(flagged) < len(list(doc.words()))
    assert all((w.conf < threshold) == w.low_conf for w in doc.words())


def test_skewed_page(pages, config: RunConfig) -> None:
    skewed = pages["srp"].rotate(2.0, resample=Image.Resampling.BICUBIC, fillcolor=255)
    skewed.info["dpi"] = (300, 300)
    page = ocr_image(skewed, config, langs="srp")
    assert page.skew == pytest.approx(-2.0, abs=0.2)  # turned back by 2 degrees clockwise
    assert cer(_reference("srp"), page_text(page)) <= 0.02
    # after deskewing, the words of a line sit on one level
    line = max(page.lines, key=lambda ln: len(ln.words))
    tops = [w.bbox.y0 for w in line.words]
    assert max(tops) - min(tops) < 25


def test_small_skew_is_left_alone(pages, config: RunConfig) -> None:
    info = analyse(pages["sqi"].rotate(0.15, resample=Image.Resampling.BICUBIC, fillcolor=255))
    assert abs(info.skew) < 0.3 and not info.vertical


@pytest.mark.parametrize(("turned", "rotation"), [(90, 90), (180, 180), (270, 270)])
def test_turned_pages_come_out_right(pages, config: RunConfig, turned: int, rotation: int) -> None:
    image = pages["srp_latn"].rotate(turned, expand=True)  # Pillow turns counter-clockwise
    image.info["dpi"] = (300, 300)
    page = ocr_image(image, config, langs="srp_latn")
    assert page.rotation == rotation  # degrees clockwise that made it upright
    assert (page.width, page.height) == pages["srp_latn"].size
    assert cer(_reference("srp_latn"), page_text(page)) <= 0.02


def test_turned_page_without_languages(pages, config: RunConfig) -> None:
    image = pages["mkd"].rotate(180)
    image.info["dpi"] = (300, 300)
    page = ocr_image(image, config)
    assert page.rotation == 180 and page.ocr_langs == "srp+mkd"
    assert cer(_reference("mkd"), page_text(page)) <= 0.02


def test_blank_page_is_not_sent_to_tesseract(config: RunConfig, monkeypatch) -> None:
    def refuse(*args, **kwargs):
        raise AssertionError("Tesseract was called for a blank page")

    monkeypatch.setattr(subprocess, "run", refuse)
    blank = Image.new("L", (2480, 3508), 250)
    page = ocr_image(blank, config, langs="srp")
    assert page.lines == [] and page.method == "ocr"


def test_timeout_is_an_ocr_error(pages) -> None:
    config = load_config(**{"limits.page_seconds": 0.05})
    with pytest.raises(OcrError) as info:
        ocr_image(pages["srp"], config, langs="srp", page_number=7)
    assert info.value.error == "ocr_timeout" and info.value.stage == "ocr"
    assert "page 7" in info.value.message and "took longer than" in info.value.message


def test_missing_language_data(pages, config: RunConfig) -> None:
    with pytest.raises(OcrError, match="Tesseract failed"):
        ocr_image(pages["srp"], config, langs="xyz")


def test_tesseract_not_installed(pages, config: RunConfig, monkeypatch) -> None:
    monkeypatch.setitem(ocr.settings()["tesseract"], "command", "/nonexistent/tesseract")
    with pytest.raises(OcrError) as info:
        ocr_image(pages["srp"], config, langs="srp")
    assert info.value.error == "tesseract_missing" and "not installed" in info.value.message


def test_image_modes_become_gray() -> None:
    rgba = Image.new("RGBA", (20, 10), (0, 0, 0, 0))  # transparent: paper, not ink
    assert to_gray(rgba).getextrema() == (255, 255)
    deep = Image.fromarray(np.full((10, 20), 4000, dtype=np.uint16))
    assert to_gray(deep).mode == "L"
    assert to_gray(Image.new("1", (5, 5), 1)).getextrema() == (255, 255)
    assert to_gray(Image.new("CMYK", (5, 5))).mode == "L"


def test_parse_tsv() -> None:
    header = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n"
    rows = [
        "1\t1\t0\t0\t0\t0\t0\t0\t2480\t3508\t-1\t",
        "5\t1\t1\t1\t1\t1\t100\t200\t50\t30\t96.5\tPresuda",
        "5\t1\t1\t1\t1\t2\t160\t201\t40\t30\t91.25\tK.",
        "5\t1\t1\t1\t1\t3\t210\t201\t40\t30\t-1\t ",
        "5\t1\t1\t2\t1\t1\t100\t300\t80\t30\t45.0\tOkrivljeni",
        "5\t1\t2\t1\t1\t1\t100\t400\t80\t30\t88.0\tkriv",
        "5\t1\t2\t1\t2\t1\t100\t440\t80\t30\t0.0\t",
    ]
    lines = parse_tsv(header + "\n".join(rows))
    assert [ln.text for ln in lines] == ["Presuda K.", "Okrivljeni", "kriv"]
    assert [ln.block for ln in lines] == [0, 1, 2]
    assert lines[0].words[1].conf == 91.25
    assert (lines[0].bbox.x0, lines[0].bbox.y0, lines[0].bbox.x1, lines[0].bbox.y1) == (100, 200, 200, 231)


@pytest.mark.slow
def test_hard_page_is_binarised_and_read_again(pages, config: RunConfig) -> None:
    """Low contrast, uneven light, heavy noise: Tesseract's Otsu reads nothing, Sauvola reads most."""
    a = np.asarray(pages["srp"], dtype=np.float32)
    a = 90 + a * (110 / 255)  # grey ink on grey paper
    h, w = a.shape
    yy, xx = np.mgrid[0:h, 0:w]
    a *= 1 - 0.55 * (0.6 * xx / w + 0.4 * yy / h)  # light falling off to one corner
    a += np.random.default_rng(2).normal(0, 22, a.shape)
    image = Image.fromarray(np.clip(a, 0, 255).astype(np.uint8)).filter(ImageFilter.GaussianBlur(1.1))
    image.info["dpi"] = (300, 300)
    page = ocr_image(image, config, langs="srp")
    assert any("binarised" in w for w in page.warnings)
    assert cer(_reference("srp"), page_text(page)) <= 0.15


# --------------------------------------------------------------------------- committed sample scans


def _scan_samples() -> list[str]:
    try:
        from pipeline.samples import catalog
    except ImportError:
        return []
    return [sid for sid, info in catalog().items() if info.get("kind") in ("scan", "photo", "mixed")]


def _body(page: RawPage, info: dict, number: int, pages: int) -> str:
    """OCR text without the running header and page footer, line-end hyphens joined (as the assembler does)."""
    from pipeline.samples import normalize_ws

    lines = [ln.text for ln in page.lines]
    header, footer = info.get("header"), info.get("footer")
    if header and lines and fuzz.ratio(normalize_ws(lines[0]), normalize_ws(header)) > 80:
        lines = lines[1:]
    if footer and lines:
        expected = footer.replace("{page}", str(number)).replace("{pages}", str(pages))
        if fuzz.ratio(normalize_ws(lines[-1]), expected) > 70:
            lines = lines[:-1]
    return re.sub(r"(\w)-\n(\w)", r"\1\2", "\n".join(lines))


@pytest.mark.parametrize("sample_id", _scan_samples() or ["(no samples)"])
def test_committed_scans(sample_id: str, config: RunConfig) -> None:
    """Every OCR'd page of the sample scans in data/raw within 2 % CER of the sample's clean text, with
    the catalog's languages (later pages) and with languages chosen by OSD (page 1)."""
    if sample_id == "(no samples)":
        pytest.skip("pipeline.samples is not available")
    from pipeline.ingest.images import image_page_count, read_image_page
    from pipeline.ingest.pdf import pdf_page_count, read_pdf_page
    from pipeline.samples import clean_page_texts, sample_info, sample_path

    info = sample_info(sample_id)
    path = sample_path(sample_id)
    if not path.exists():
        pytest.skip(f"{path.relative_to(REPO)} is not built yet (python -m pipeline.samples)")
    references = clean_page_texts(sample_id)
    if info["format"] == "pdf":
        count, read = pdf_page_count(path), read_pdf_page
    else:
        count, read = image_page_count(path, config.limits), read_image_page
    numbers = [int(info.get("page", 1))] if info["kind"] == "photo" else list(range(1, count + 1))
    ocrd = 0
    for index in range(count):
        reference = references[numbers[index] - 1]
        for langs in [info["ocr_langs"]] + ([None] if index == 0 else []):
            page = read(path, index, config, langs=langs)
            if page.method != "ocr":
                break
            ocrd += 1
            error = cer(reference, _body(page, info, numbers[index], len(references)))
            assert error <= 0.02, (
                f"{sample_id} page {index + 1} with {langs or 'OSD languages'}: CER {error:.2%}"
            )
    assert ocrd, f"{sample_id}: no page was OCR'd"


def test_page_images_of_killed_workers_are_swept(tmp_path):
    """A worker killed mid-page leaves its page image behind; the next batch removes it (it shows a verdict)."""
    import os
    import subprocess

    from pipeline.ingest.ocr import sweep_temporaries

    dead = subprocess.Popen(["true"])
    dead.wait()
    stale = tmp_path / f"spoton-ocr-{dead.pid}-abc.bmp"
    live = tmp_path / f"spoton-ocr-{os.getpid()}-def.bmp"
    other = tmp_path / "someone-else.bmp"
    for f in (stale, live, other):
        f.write_bytes(b"BM")
    assert sweep_temporaries(str(tmp_path)) == 1
    assert not stale.exists() and live.exists() and other.exists()


def test_macedonian_first_page_keeps_its_letters(pages, config: RunConfig, tmp_path: Path) -> None:
    # page 1 is read with srp+mkd (only the script is known); srp reads Ѓ as Г, so a page found to be
    # Macedonian is read again with mkd first, and the other pages use mkd
    from pipeline.ingest import PageTask, read_first_page
    from pipeline.ingest.sniff import sniff

    path = tmp_path / "mk.png"
    pages["mkd"].save(path, dpi=(300, 300))
    first, langs = read_first_page(PageTask(str(path), sniff(path), 0, config))
    assert first.ocr_langs == "mkd+srp" and langs == "mkd"
    assert "Ѓорѓи" in page_text(first)
