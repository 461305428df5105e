"""Plain-text and HTML verdicts: encodings, line breaks, pages, blocks, markup removed."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from pipeline.config import RunConfig
from pipeline.errors import InputError, LimitExceeded
from pipeline.ingest import ingest
from pipeline.ingest.plaintext import decode_bytes, read_html, read_text

CONFIG = RunConfig()
SR_LATN = "Okrivljeni Đorđe Šćekić iz Čačka oglašen je krivim; kažnjen je novčanom kaznom od 20.000 dinara."
SR_SHORT = "Sud u Šapcu: žalba odbijena."
SR_CYRL = "Окривљени Ђорђе Шћекић из Чачка оглашен је кривим; кажњен је новчаном казном."
MK = "Обвинетиот Ѓорѓи Ќосев е осуден на казна затвор од две години. Ѕвездата е сведок."
SQ = "I pandehuri është shpallur fajtor për veprën penale të trafikimit me njerëz; çështja mbyllet."


def _lines(pages) -> list[str]:  # noqa: ANN001
    return [ln.text for p in pages for ln in p.lines]


def _write(tmp_path: Path, data: bytes, name: str = "verdict.txt") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        (SR_LATN, "cp1250"),
        (SR_LATN, "iso8859_2"),
        (SR_SHORT, "cp1250"),
        (SR_SHORT, "iso8859_2"),  # charset-normalizer takes this one for cp1250
        (SR_CYRL, "cp1251"),
        (MK, "cp1251"),
    ],
)
def test_legacy_code_pages(tmp_path: Path, text: str, encoding: str) -> None:
    pages, got = read_text(_write(tmp_path, text.encode(encoding)), CONFIG)
    assert got == encoding
    assert _lines(pages) == [text]


def test_albanian_in_a_latin_code_page(tmp_path: Path) -> None:
    pages, got = read_text(_write(tmp_path, SQ.encode("cp1250")), CONFIG)
    assert _lines(pages) == [SQ] and got in ("cp1250", "iso8859_2")  # ë and ç are the same bytes in both


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (SR_CYRL.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + SR_CYRL.encode("utf-8"), "utf-8-sig"),
        (SR_CYRL.encode("utf-16"), "utf-16"),  # with a byte-order mark
        (codecs.BOM_UTF16_BE + SR_LATN.encode("utf-16-be"), "utf-16"),
        (SR_LATN.encode("utf-16-le"), "utf-16-le"),  # without one
    ],
)
def test_unicode_encodings(tmp_path: Path, data: bytes, encoding: str) -> None:
    pages, got = read_text(_write(tmp_path, data), CONFIG)
    assert got == encoding
    assert _lines(pages)[0] in (SR_CYRL, SR_LATN)


def test_unrecognisable_bytes_are_refused(tmp_path: Path) -> None:
    data = bytes(range(0x80, 0xA0)) * 50  # C1 controls / undefined in every candidate
    with pytest.raises(InputError) as err:
        read_text(_write(tmp_path, data, "odd.txt"), CONFIG)
    assert err.value.error == "unknown_encoding"
    assert "odd.txt is text in an encoding that could not be recognised" in err.value.message


def test_empty_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError) as err:
        read_text(_write(tmp_path, b" \n\n "), CONFIG)
    assert err.value.error == "empty"


def test_line_breaks_pages_and_blocks(tmp_path: Path) -> None:
    data = b"K. br. 12/20\r\nU IME NARODA\r\n\r\nPrvi  pasus,\tprvi red\rdrugi red\r\r\n\fDruga strana\n\nDrugi blok\f"
    pages, _ = read_text(_write(tmp_path, data), CONFIG)
    assert len(pages) == 2  # a trailing form feed makes no empty page
    assert [(ln.block, ln.text) for ln in pages[0].lines] == [
        (0, "K. br. 12/20"),
        (0, "U IME NARODA"),
        (1, "Prvi pasus, prvi red"),
        (1, "drugi red"),  # CR CR LF is one line break
    ]
    assert [(ln.block, ln.text) for ln in pages[1].lines] == [(0, "Druga strana"), (1, "Drugi blok")]
    assert all(p.method == "plain" for p in pages)


def test_text_over_the_limit_is_refused(tmp_path: Path) -> None:
    config = RunConfig(limits={"max_text_chars": 1000})
    with pytest.raises(LimitExceeded) as err:
        read_text(_write(tmp_path, ("Okrivljeni je kriv. " * 100).encode()), config)
    assert err.value.error == "text_too_large" and "verdict.txt" in err.value.message


def test_declared_encoding_is_checked_against_the_text() -> None:
    text, enc = decode_bytes(SR_LATN.encode("cp1250"), "x.html", declared="windows-1251")
    assert enc == "cp1250" and text == SR_LATN  # the meta tag lied
    text, enc = decode_bytes(SR_CYRL.encode("cp1251"), "x.html", declared="windows-1251")
    assert enc == "cp1251" and text == SR_CYRL


HTML = """<!DOCTYPE html>
<html><head><meta charset="windows-1250"><title>Portal sudova</title>
<style>p {{ color: red }}</style><script>var x = "<p>skript</p>";</script></head>
<body>
<nav><a href="/">Početna</a> | <a href="/odluke">Odluke</a></nav>
<h1>PRESUDA</h1>
<div class="verdict">
<p>OSNOVNI SUD U ŠAPCU, sudija <b>Đorđe</b> Šćekić,<br>zapisničar Ana Žarić</p>
<p>Okrivljeni je kriv &scaron;to je &hellip; oglašen krivim.</p>
<table><tr><th>Ime</th><th>Kazna</th></tr><tr><td>M.P.</td><td>5 godina</td></tr></table>
<ul><li>prva tačka</li><li>druga tačka</li></ul>
<!-- komentar -->
</div>
<footer>© Portal</footer>
</body></html>
"""


def test_html_text_without_markup(tmp_path: Path) -> None:
    path = _write(tmp_path, HTML.format().encode("cp1250"), "verdict.html")
    pages, encoding = read_html(path, CONFIG)
    assert encoding == "cp1250"
    lines = [(ln.kind, ln.text) for ln in pages[0].lines]
    assert lines[:4] == [
        ("heading", "PRESUDA"),
        ("paragraph", "OSNOVNI SUD U ŠAPCU, sudija Đorđe Šćekić,"),
        ("paragraph", "zapisničar Ana Žarić"),
        ("paragraph", "Okrivljeni je kriv što je … oglašen krivim."),
    ]
    assert ("table", "Ime | Kazna") in lines and ("table", "M.P. | 5 godina") in lines
    assert ("list", "prva tačka") in lines
    text = " ".join(t for _, t in lines)
    for gone in ("skript", "color", "Početna", "komentar", "Portal sudova"):
        assert gone not in text
    # the two lines of the first paragraph share a block; table rows are blocks of their own
    blocks = [ln.block for ln in pages[0].lines]
    assert blocks[1] == blocks[2] and len(set(blocks)) == len(blocks) - 1


def test_html_document_end_to_end(tmp_path: Path) -> None:
    path = _write(tmp_path, HTML.format().encode("utf-8"), "verdict.html")
    doc = ingest(path, CONFIG)
    assert doc.provenance.format == "html" and doc.provenance.encoding == "utf-8"
    assert doc.text.startswith(
        "PRESUDA\n\nOSNOVNI SUD U ŠAPCU, sudija Đorđe Šćekić,\nzapisničar Ana Žarić\n\n"
    )
    assert "Ime | Kazna\n\nM.P. | 5 godina" in doc.text
    for line in (ln for b in doc.pages[0].blocks for ln in b.lines):
        assert "\n" not in doc.text[line.start : line.end]


def test_text_document_end_to_end(tmp_path: Path) -> None:
    body = (
        "ВИШИ СУД У БЕОГРАДУ\r\n\r\nОкривљени Љубомир Ђорђевић оглашен је кривим због кривичног дела.\r\n" * 3
    )
    doc = ingest(_write(tmp_path, body.encode("cp1251")), CONFIG)
    assert doc.provenance.encoding == "cp1251"
    assert doc.script == "Cyrl" and doc.language == "sr"
    assert doc.latin is not None and "Ljubomir Đorđević" in doc.latin.text
