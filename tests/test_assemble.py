"""RawPages → Document: running headers/footers out, hyphenated words joined, every offset exact."""

from __future__ import annotations

import collections
import time
import unicodedata
from pathlib import Path

import pytest

from pipeline.config import RunConfig
from pipeline.ingest.plaintext import read_text, text_to_pages
from pipeline.ingest.raw import RawLine, RawPage, RawWord
from pipeline.model import BBox, Document, Provenance
from pipeline.text.assemble import assemble
from pipeline.text.translit import latin_to_original, original_to_latin

SHARED = Path(__file__).resolve().parents[2] / "shared"
PROV = Provenance(path="verdict.pdf", sha256="0" * 64, format="pdf", size=1, pipeline_version="test")

BODY = [
    "Okrivljeni M.P. iz Bara oglašen je krivim zbog krivičnog djela trgovina ljudima.",
    "Sud mu izriče kaznu zatvora u trajanju od pet godina, u koju se uračunava vrijeme",
    "provedeno u pritvoru od dana lišenja slobode pa do upućivanja u zavod za izvrše-",
    "nje krivičnih sankcija. Oštećena se radi ostvarivanja imovinskopravnog zahtjeva",
    "upućuje na parnicu. Okrivljeni se obavezuje da plati troškove krivičnog postupka.",
]


def _line(text: str, y: float, block: int, conf: float = 91.0, kind: str = "paragraph") -> RawLine:
    words, x = [], 60.0
    for t in text.split():
        words.append(RawWord(t, BBox(x0=x, y0=y, x1=x + 5.5 * len(t), y1=y + 11), conf))
        x += 5.5 * len(t) + 4
    return RawLine(words, None, block, kind)


def _scan(pages: int = 3, noisy_header: bool = True, low_page: int | None = None) -> list[RawPage]:
    """An OCR'd verdict: letterhead on every page (with OCR noise), body, 'Strana N od M' footer."""
    out = []
    for n in range(1, pages + 1):
        header = "OSNOVNI SUD U BARU K. br. 124/20"
        if noisy_header and n == 2:
            header = "OSNOVNI SUD U BARU K. br. l24/2O"  # OCR misreads
        lines = [_line(header, 40, 0)]
        if n == 1:
            lines.append(_line("U IME CRNE GORE", 120, 1))
        conf = 45.0 if n == low_page else 91.0
        lines += [_line(t, 400 + 14 * i, 2, conf) for i, t in enumerate(BODY)]
        lines.append(_line(f"Strana {n} od {pages}", 1790, 3))
        out.append(
            RawPage(number=n, method="ocr", lines=lines, width=1240, height=1754 + 100, unit="px", dpi=150)
        )
    return out


def _check_spans(doc: Document) -> None:
    """Every span points at its own text; pages/blocks/lines nest and follow each other."""
    text = doc.text
    assert unicodedata.is_normalized("NFC", text)
    prev_page_end = 0
    for page in doc.pages:
        assert prev_page_end <= page.start <= page.end <= len(text)
        prev_page_end = page.end
        prev = page.start
        for block in page.blocks:
            assert prev <= block.start < block.end <= page.end
            prev = block.end
            assert "\n\n" not in text[block.start : block.end]
            lprev = block.start
            for line in block.lines:
                assert lprev <= line.start < line.end <= block.end
                assert "\n" not in text[line.start : line.end]
                lprev = line.end
                wprev = line.start
                for w in line.words:
                    assert text[w.start : w.end] == w.text
                    assert line.start <= w.start and w.end <= line.end and wprev <= w.start
                    wprev = w.end


def test_running_header_and_page_numbers_are_removed_but_page_one_keeps_its_letterhead() -> None:
    doc = assemble(_scan(), PROV, "doc1")
    _check_spans(doc)
    assert doc.text.count("OSNOVNI SUD U BARU") == 1
    assert doc.text.startswith("OSNOVNI SUD U BARU K. br. 124/20\n\nU IME CRNE GORE\n\n")
    assert "Strana" not in doc.text
    assert doc.pages[0].removed == ["Strana 1 od 3"]
    assert doc.pages[1].removed == ["OSNOVNI SUD U BARU K. br. l24/2O", "Strana 2 od 3"]  # fuzzy match
    assert doc.pages[2].removed == ["OSNOVNI SUD U BARU K. br. 124/20", "Strana 3 od 3"]


def test_hyphenated_word_is_joined_with_both_boxes() -> None:
    pages = _scan()
    doc = assemble(pages, PROV, "doc1")
    joined = [w for w in doc.words() if w.text == "izvršenje"]
    assert len(joined) == 3  # once per page
    w = joined[0]
    assert w.bbox is not None and w.continuation is not None
    assert w.bbox.y0 == 400 + 14 * 2 and w.continuation.y0 == 400 + 14 * 3
    assert "izvrše-" not in doc.text and "zavod za izvršenje\nkrivičnih sankcija" in doc.text
    # the caller's pages are not changed
    assert pages[0].lines[4].words[-1].text == "izvrše-"


@pytest.mark.parametrize(
    ("first", "second", "joined"),
    [
        ("iz člana 418-", "а Кривичниот законик", False),  # Macedonian article 418-а: not a hyphenation
        ("predmet K-", "br. 12/20", False),
        ("kazna od 12-", "mjeseci", False),  # digits
        ("rok od tri da-", "na od prijema", True),
        ("rok od tri da-", "Na osnovu", False),  # capital: a new sentence, not the rest of a word
        ("oštećena je iz-", "javila", True),
        ("oštećena je iz\u00ad", "javila", True),  # soft hyphen from a text layer
        ("crno -", "bijeli", False),  # a dash standing alone
    ],
)
def test_hyphenation_rules(first: str, second: str, joined: bool) -> None:
    page = RawPage(number=1, method="text", lines=[_line(first, 100, 0), _line(second, 114, 0)])
    doc = assemble([page], PROV, "d")
    _check_spans(doc)
    lines = doc.pages[0].blocks[0].lines
    if joined:
        body = first.rstrip("-\u00ad").rsplit(" ", 1)[-1] + second.split()[0]
        assert body in doc.text.split()
        assert len(lines) == 2 or second.split()[1:] == []
    else:
        assert doc.text == f"{first}\n{second}".replace("\u00ad", "-") or doc.text == f"{first}\n{second}"


def test_soft_hyphens_inside_words_are_dropped() -> None:
    page = RawPage(number=1, method="text", lines=[_line("kri\u00advično djelo", 100, 0)])
    assert assemble([page], PROV, "d").text == "krivično djelo"


def test_one_page_document_keeps_its_header_and_loses_only_its_page_number() -> None:
    lines = [_line("OSNOVNI SUD U BARU", 40, 0), _line("K. br. 124/20", 60, 0)]
    lines += [_line(t, 400 + 14 * i, 1) for i, t in enumerate(BODY)]
    lines.append(_line("1", 1790, 2))
    doc = assemble([RawPage(1, "ocr", lines, 1240, 1854, "px")], PROV, "d")
    assert doc.text.startswith("OSNOVNI SUD U BARU\nK. br. 124/20\n\nOkrivljeni")
    assert doc.pages[0].removed == ["1"]


def test_numbers_that_do_not_follow_the_pages_stay() -> None:
    pages = []
    for n, tail in ((1, "2000"), (2, "350")):  # amounts at the end of a page, not page numbers
        lines = [_line(t, 400 + 14 * i, 0) for i, t in enumerate(BODY)] + [_line(tail, 1790, 1)]
        pages.append(RawPage(n, "ocr", lines, 1240, 1854, "px"))
    doc = assemble(pages, PROV, "d")
    assert "\n\n2000\n\n" in doc.text and doc.text.endswith("350")
    assert all(p.removed == [] for p in doc.pages)


def test_bare_page_numbers_following_the_page_order_are_removed() -> None:
    pages = []
    for n in (1, 2, 3):
        lines = [_line(f"- {n} -" if n == 1 else str(n + 10), 20, 0)]  # scan of pages 11-13 of a file
        lines += [_line(t, 400 + 14 * i, 1) for i, t in enumerate(BODY)]
        pages.append(RawPage(n, "ocr", lines, 1240, 1854, "px"))
    doc = assemble(pages, PROV, "d")
    assert [p.removed for p in doc.pages] == [["- 1 -"], ["12"], ["13"]]


def test_a_page_number_naming_its_page_and_the_page_count_is_removed_alone() -> None:
    # the OCR of page 2 read its "2/2" as "212": page 1's "1/2" has no second page to follow, but names
    # its own place in a two-page document, and so does "212" read as 2/2; "1/3" and "313" on pages 1 and
    # 2 of two name none and stay
    for first, last, removed in (("1/2", "212", [["1/2"], ["212"]]), ("1/3", "313", [[], []]),
                                 ("1/2", "272", [["1/2"], ["272"]])):
        pages = []
        for n, tail in ((1, first), (2, last)):
            lines = [_line(t, 400 + 14 * i, 0) for i, t in enumerate(BODY)] + [_line(tail, 1790, 1)]
            pages.append(RawPage(n, "ocr", lines, 1240, 1854, "px"))
        doc = assemble(pages, PROV, "d")
        assert [p.removed for p in doc.pages] == removed


def test_a_paragraph_going_on_to_the_next_page_is_not_cut_by_a_blank_line() -> None:
    # page 1 ends inside a sentence, page 2 goes on in small letters: one paragraph, a line break between
    # the pages; a page ending with a full stop, or the next opening in capitals, keeps the blank line
    for last, first, gap in (("parashikuar nga", "nenet 110/a/1 dhe 25 të Kodit Penal.", "\n"),
                             ("të Kodit Penal.", "nenet 110/a/1 dhe 25.", "\n\n"),
                             ("parashikuar nga", "VENDOSI", "\n\n")):
        pages = [RawPage(1, "ocr", [_line(BODY[0], 400, 0), _line(last, 414, 0), _line("1/2", 1790, 1)],
                         1240, 1854, "px"),
                 RawPage(2, "ocr", [_line(first, 100, 0), _line(BODY[1], 114, 0)], 1240, 1854, "px")]
        doc = assemble(pages, PROV, "d")
        _check_spans(doc)
        assert doc.text[doc.pages[0].end : doc.pages[1].start] == gap
        assert doc.pages[0].removed == ["1/2"]


def test_layout_conventions_and_page_confidence() -> None:
    doc = assemble(_scan(low_page=2), PROV, "doc1")
    _check_spans(doc)
    page1 = doc.text[doc.pages[0].start : doc.pages[0].end]
    assert page1.split("\n\n")[2].split("\n")[0] == BODY[0]
    assert doc.text[doc.pages[0].end : doc.pages[1].start] == "\n\n"
    assert doc.pages[0].ocr_confidence == 91.0
    assert doc.pages[1].ocr_confidence == pytest.approx(45.0, abs=15)
    assert any(w.low_conf for w in doc.words()) and not any(
        w.low_conf for w in doc.pages[0].blocks[2].lines[0].words
    )
    assert any(m.startswith("page 2: low OCR confidence (") for m in doc.warnings)
    assert not any(m.startswith("page 1:") for m in doc.warnings)
    assert doc.language == "cnr" and doc.script == "Latn"
    assert [p.language for p in doc.pages] == ["cnr"] * 3
    assert doc.latin is None
    assert doc.pages[0].dpi == 150 and doc.pages[0].unit == "px" and doc.pages[0].method == "ocr"


def test_cyrillic_document_gets_a_latin_layer() -> None:
    text = (
        "ВИШИ СУД У БЕОГРАДУ\n\nОкривљени Љубомир Ђорђевић из Београда оглашен је кривим због кривичног "
        "дела трговина људима из члана 388 Кривичног законика. Суд му изриче казну затвора од пет година.\n"
        "Сведок је изјавио да је оштећена дете, а вештак је утврдио повреде. Решење о трошковима следи."
    )
    doc = assemble(text_to_pages(text), PROV.model_copy(update={"format": "txt"}), "d")
    assert (doc.language, doc.script) == ("sr", "Cyrl")
    assert doc.latin is not None and doc.latin.text.startswith(
        "VIŠI SUD U BEOGRADU\n\nOkrivljeni Ljubomir Đorđević"
    )
    start = doc.latin.text.index("Ljubomir")
    o = latin_to_original(start, doc.latin.expansions)
    assert doc.text[o : o + 8] == "Љубомир "
    assert original_to_latin(doc.text.index("Ђорђевић"), doc.latin.expansions) == doc.latin.text.index(
        "Đorđević"
    )


def test_plain_text_lines_have_spans_and_no_words() -> None:
    text = "K. br. 12/20\nU IME CRNE GORE\n\n\nOSNOVNI   SUD U BARU,\tsudija X\r\n\nPrvi pasus.\n"
    doc = assemble(text_to_pages(text), PROV.model_copy(update={"format": "txt"}), "d")
    _check_spans(doc)
    assert doc.text == "K. br. 12/20\nU IME CRNE GORE\n\nOSNOVNI SUD U BARU, sudija X\n\nPrvi pasus."
    lines = [doc.text[ln.start : ln.end] for b in doc.pages[0].blocks for ln in b.lines]
    assert lines == ["K. br. 12/20", "U IME CRNE GORE", "OSNOVNI SUD U BARU, sudija X", "Prvi pasus."]
    assert list(doc.words()) == []
    assert doc.pages[0].ocr_confidence is None and doc.pages[0].method == "plain"


def test_running_header_of_a_text_file_with_form_feeds() -> None:
    pages = [
        f"Presuda K. 124/20\n\n{BODY[2 * i]}\n\n- {i + 1} -" for i in range(3)
    ]  # what pdftotext writes: one form feed per page
    doc = assemble(text_to_pages("\f".join(pages)), PROV.model_copy(update={"format": "txt"}), "d")
    _check_spans(doc)
    assert doc.text.count("Presuda K. 124/20") == 1 and " -" not in doc.text.replace(" - ", "")
    assert [p.removed for p in doc.pages] == [
        ["- 1 -"],
        ["Presuda K. 124/20", "- 2 -"],
        ["Presuda K. 124/20", "- 3 -"],
    ]


def test_text_is_nfc_and_tables_are_rows() -> None:
    page = RawPage(
        number=1,
        method="docx",
        lines=[
            RawLine([RawWord("Okrivljeni je krivic\u030cno")], block=0),  # decomposed č
            RawLine([RawWord("Ime | Kazna")], block=1, kind="table"),
            RawLine([RawWord("M.P. | 5 godina")], block=1, kind="table"),
            RawLine([RawWord("PRESUDA")], block=2, kind="heading"),
        ],
    )
    doc = assemble([page], PROV.model_copy(update={"format": "docx"}), "d")
    _check_spans(doc)
    # rows given one block number (a Word table) are one block of lines, as a text file's table
    assert doc.text == "Okrivljeni je krivično\n\nIme | Kazna\nM.P. | 5 godina\n\nPRESUDA"
    assert [b.kind for b in doc.pages[0].blocks] == ["paragraph", "table", "heading"]
    # rows numbered apart (OCR, HTML) stay a block each
    page.lines[2].block, page.lines[3].block = 2, 3
    doc = assemble([page], PROV.model_copy(update={"format": "docx"}), "d")
    assert doc.text == "Okrivljeni je krivično\n\nIme | Kazna\n\nM.P. | 5 godina\n\nPRESUDA"
    assert [b.kind for b in doc.pages[0].blocks] == ["paragraph", "table", "table", "heading"]


def test_english_page_in_a_serbian_document() -> None:
    sr = (
        "Okrivljeni je kriv što je u vreme izvršenja dela imao nameru da pribavi korist. Svedok je rekao da je "
        "dete videlo okrivljenog na mestu događaja posle ponoći. Veštak je dao nalaz o vrednosti stvari."
    )
    en = (
        "The court found the defendant guilty of trafficking in human beings and sentenced him to five years "
        "of imprisonment, taking into account the testimony of the injured party and the expert findings."
    )
    pages = [RawPage(1, "text", [_line(sr, 100, 0)]), RawPage(2, "text", [_line(en, 100, 0)])]
    doc = assemble(pages, PROV, "d")
    assert doc.language == "sr"
    assert [p.language for p in doc.pages] == ["sr", "en"]


def test_empty_document_is_reported() -> None:
    doc = assemble([RawPage(1, "ocr", [], 1240, 1754, "px")], PROV, "d")
    assert doc.text == "" and doc.language is None
    assert "no text could be read from the document" in doc.warnings
    assert doc.pages[0].start == doc.pages[0].end == 0


def test_empty_page_in_the_middle() -> None:
    pages = [
        RawPage(1, "text", [_line("Prva strana teksta.", 100, 0)]),
        RawPage(2, "ocr", []),
        RawPage(3, "text", [_line("Treća strana.", 100, 0)]),
    ]
    doc = assemble(pages, PROV, "d")
    _check_spans(doc)
    assert doc.text == "Prva strana teksta.\n\nTreća strana."
    assert doc.pages[1].start == doc.pages[1].end
    assert doc.page_at(doc.text.index("Treća")).number == 3


def test_reader_warnings_are_kept_with_their_page() -> None:
    page = RawPage(2, "ocr", [_line("Tekst strane.", 100, 0)], warnings=["turned 180 degrees"])
    doc = assemble([page], PROV, "d")
    assert "page 2: turned 180 degrees" in doc.warnings


def test_assembly_speed_is_measured_not_asserted() -> None:
    pages = _scan(pages=40)
    started = time.perf_counter()
    doc = assemble(pages, PROV, "d")
    elapsed = time.perf_counter() - started
    print(f"\n40 OCR pages, {sum(1 for _ in doc.words())} words: {elapsed * 1000:.1f} ms")
    assert len(doc.pages) == 40


def _chars(text: str) -> collections.Counter[str]:
    return collections.Counter(c for c in text if not c.isspace() and c not in "-\u00ad")


@pytest.mark.corpus
@pytest.mark.slow
def test_every_montenegrin_verdict_assembles_with_exact_spans() -> None:
    corpus = SHARED / "corpora" / "me-verdicts"
    if not corpus.is_dir():
        pytest.skip("../shared/corpora not present")
    config = RunConfig()
    prov = PROV.model_copy(update={"format": "txt"})
    files = sorted(corpus.glob("*.txt"))
    total = 0.0
    removed: list[str] = []
    for f in files:
        pages, encoding = read_text(f, config)
        assert encoding == "utf-8"
        started = time.process_time()
        doc = assemble(pages, prov, f.stem)
        total += time.process_time() - started
        _check_spans(doc)
        assert doc.script == "Latn"
        # nothing lost: the text plus the removed page-number lines hold every character of the file
        # (but whitespace, and the hyphens of words joined across a line break)
        original = _chars(unicodedata.normalize("NFC", f.read_text(encoding="utf-8")))
        assert _chars(doc.text) + _chars(" ".join(doc.pages[0].removed)) == original
        removed += doc.pages[0].removed
    assert len(removed) < 0.05 * len(files) and all(r.strip("-– ").isdigit() for r in removed)
    print(
        f"\nassemble: {total / len(files) * 1000:.2f} ms CPU per me-verdict (language detection included); "
        f"page-number lines removed: {len(removed)}"
    )
