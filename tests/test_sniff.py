"""Format sniffing by content: every format, lying extensions, and the files a lawyer must be told about."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from fpdf import FPDF
from PIL import Image

from pipeline.errors import InputError
from pipeline.ingest.sniff import sniff

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def _pdf_bytes() -> bytes:
    pdf = FPDF()
    pdf.add_page()
    pdf.add_font("DejaVu", "", str(FONT))
    pdf.set_font("DejaVu", size=12)
    pdf.cell(text="Пресуда – Presuda")
    return bytes(pdf.output())


def _image_bytes(fmt: str) -> bytes:
    buf = io.BytesIO()
    Image.new("L", (40, 30), 255).save(buf, fmt)
    return buf.getvalue()


def _zip_bytes(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


def _docx_bytes() -> bytes:
    import docx

    buf = io.BytesIO()
    d = docx.Document()
    d.add_paragraph("Основни суд у Нишу")
    d.save(buf)
    return buf.getvalue()


def _ole(stream: str) -> bytes:
    # the Compound File header and a directory entry carrying the stream name (UTF-16LE)
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + stream.encode("utf-16-le") + b"\x00" * 1024


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    ("name", "make", "expected"),
    [
        ("a.pdf", _pdf_bytes, "pdf"),
        ("a.png", lambda: _image_bytes("PNG"), "png"),
        ("a.jpg", lambda: _image_bytes("JPEG"), "jpeg"),
        ("a.tif", lambda: _image_bytes("TIFF"), "tiff"),
        ("a.docx", _docx_bytes, "docx"),
        ("a.txt", lambda: "Основни суд у Нишу\nК. 124/20\n".encode(), "txt"),
        ("a.html", lambda: b"<!DOCTYPE html><html><body><p>Presuda</p></body></html>", "html"),
    ],
)
def test_every_format_by_content(tmp_path: Path, name: str, make, expected: str) -> None:
    assert sniff(_write(tmp_path, name, make())) == expected


@pytest.mark.parametrize(
    ("name", "make", "expected"),
    [
        ("verdict.docx", _pdf_bytes, "pdf"),  # a PDF named .docx is a PDF
        ("scan.pdf", lambda: _image_bytes("JPEG"), "jpeg"),
        ("scan.jpg", lambda: _image_bytes("PNG"), "png"),
        ("verdict.pdf", _docx_bytes, "docx"),
        ("verdict.doc", lambda: b"Presuda K 4/15", "txt"),
        ("noextension", lambda: _image_bytes("TIFF"), "tiff"),
        ("page.txt", lambda: b"\n  <html lang='sr'><head></head><body>x</body></html>", "html"),
    ],
)
def test_extension_is_ignored(tmp_path: Path, name: str, make, expected: str) -> None:
    assert sniff(_write(tmp_path, name, make())) == expected


def test_pdf_header_after_junk(tmp_path: Path) -> None:
    assert sniff(_write(tmp_path, "x.bin", b"\r\n\x00garbage" + _pdf_bytes())) == "pdf"


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ("Presuda, Kragujevac – čćžšđ\n".encode("cp1250"), "txt"),  # legacy code page, invalid UTF-8
        ("ПРЕСУДА\r\nОсновни суд\r\n".encode("cp1251"), "txt"),
        ("\ufeffПресуда К. 124/20\n".encode("utf-16-le"), "txt"),  # UTF-16 with BOM: NULs are fine
        ("Presuda K 4/15, Osnovni sud\n".encode("utf-16-le"), "txt"),  # UTF-16 without BOM
        ("\ufeffVendim nr. 74\n".encode(), "txt"),  # UTF-8 BOM
        (b"   ", "txt"),
        ("\ufeff\n<!doctype HTML>\n<title>x</title>".encode(), "html"),
        (b"<div class='presuda'><p>Okrivljeni M.</p><br/></div>", "html"),
        (b'<?xml version="1.0"?>\n<html xmlns="http://www.w3.org/1999/xhtml"><body/></html>', "html"),
        (b"Presuda: kazna < 5 godina, a > 2 <nije tag>", "txt"),
    ],
)
def test_text_and_html(tmp_path: Path, data: bytes, expected: str) -> None:
    assert sniff(_write(tmp_path, "f", data)) == expected


def test_long_utf8_sample_cut_inside_a_character(tmp_path: Path) -> None:
    # 64 KiB is read: the cut falls in the middle of a two-byte Cyrillic letter
    data = b"a" + "Ж".encode() * 40_000
    assert sniff(_write(tmp_path, "long.txt", data)) == "txt"


def _message(path: Path) -> InputError:
    with pytest.raises(InputError) as info:
        sniff(path)
    assert path.name in info.value.message
    return info.value


def test_empty_file(tmp_path: Path) -> None:
    err = _message(_write(tmp_path, "presuda.pdf", b""))
    assert "is empty (0 bytes)" in err.message
    assert err.error == "empty_file" and err.stage == "ingest"


def test_legacy_word_doc(tmp_path: Path) -> None:
    err = _message(_write(tmp_path, "presuda.doc", _ole("WordDocument")))
    assert "old Word 97-2003 .doc; save it as .docx or PDF" in err.message
    assert err.error == "legacy_doc"


def test_legacy_doc_renamed_docx(tmp_path: Path) -> None:
    err = _message(_write(tmp_path, "presuda.docx", _ole("WordDocument")))
    assert "old Word 97-2003 .doc" in err.message


def test_password_protected_docx(tmp_path: Path) -> None:
    # Office encrypts .docx files into the old container with an EncryptedPackage stream
    err = _message(_write(tmp_path, "presuda.docx", _ole("EncryptedPackage")))
    assert "password-protected" in err.message and err.error == "encrypted"


def test_zip_that_is_not_word(tmp_path: Path) -> None:
    err = _message(_write(tmp_path, "presude.docx", _zip_bytes({"a.pdf": _pdf_bytes(), "b.txt": b"x"})))
    assert "zip archive, not a Word document" in err.message


def test_excel_workbook(tmp_path: Path) -> None:
    err = _message(_write(tmp_path, "tabela.docx", _zip_bytes({"xl/workbook.xml": b"<x/>"})))
    assert "Excel" in err.message


def test_truncated_docx(tmp_path: Path) -> None:
    data = _docx_bytes()
    err = _message(_write(tmp_path, "presuda.docx", data[: len(data) // 2]))
    assert "damaged" in err.message


@pytest.mark.parametrize(
    "data",
    [
        bytes(range(256)) * 64,  # random-looking binary
        b"\x7fELF\x02\x01\x01" + b"\x00" * 200,  # a program
        b"BM" + bytes([0, 1, 2, 3, 0, 0, 0, 0]) * 100,  # a BMP image
    ],
)
def test_unknown_binary(tmp_path: Path, data: bytes) -> None:
    err = _message(_write(tmp_path, "presuda.pdf", data))
    assert "is not a PDF, image, Word document or text file" in err.message or "BMP" in err.message


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"GIF89a" + b"\x00" * 50, "GIF"),
        (b"{\\rtf1\\ansi Presuda}", "Rich Text"),
        (b"Rar!\x1a\x07\x00" + b"\x00" * 20, "RAR"),
    ],
)
def test_named_unsupported_formats(tmp_path: Path, data: bytes, words: str) -> None:
    err = _message(_write(tmp_path, "presuda.pdf", data))
    assert words in err.message


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="does not exist"):
        sniff(tmp_path / "nema.pdf")
