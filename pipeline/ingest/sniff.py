"""Which kind of file is this? Decided by content (magic bytes), never by the extension.

Court portals and e-mail attachments lie about extensions: a PDF saved as ``.docx``, a scan saved as
``.pdf.jpg``, an old Word file renamed ``.docx``. :func:`sniff` reads the first 64 KiB and says what the
file really is, or raises :class:`~pipeline.errors.InputError` with a message a lawyer can act on
(empty file, old ``.doc``, a zip that is not a Word document, an unknown binary).
"""

from __future__ import annotations

import codecs
import re
import zipfile
from pathlib import Path

from pipeline.errors import InputError
from pipeline.model import Format

SAMPLE_BYTES = 64 * 1024

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Compound File Binary: .doc, .xls, encrypted .docx
_TIFF = (b"II*\x00", b"MM\x00*", b"II+\x00", b"MM\x00+")  # classic and BigTIFF
_ZIP = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
_BOMS = (
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
# Other binary formats we recognise only to name them in the error message.
_OTHER_BINARIES = (
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"Rar!", "a RAR archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\x00\x00\x00\x0cjP  ", "a JPEG 2000 image"),
)
_HTML_START = re.compile(
    r"^(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html[\s>])", re.I | re.S
)
_HTML_TAGS = re.compile(r"<(?:body|p|div|br|table|head|meta|title)(?:\s[^>]*)?/?>", re.I)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def _fail(path: Path, what: str, error: str = "unsupported_format") -> InputError:
    return InputError(f"{path.name} {what}", error=error)


def _zip_kind(path: Path) -> Format:
    """A .docx is a zip with word/document.xml; any other zip (xlsx, odt, an archive) is refused."""
    try:
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
            ctypes = zf.read("[Content_Types].xml") if "[Content_Types].xml" in names else b""
    except (zipfile.BadZipFile, OSError, KeyError) as exc:
        raise _fail(path, "is a damaged zip/Word file and cannot be opened.", "corrupt_docx") from exc
    if "word/document.xml" in names or b"wordprocessingml" in ctypes:
        return "docx"
    if "content.xml" in names and "mimetype" in names:
        raise _fail(path, "is an OpenDocument (LibreOffice) file; save it as .docx or PDF.")
    if any(n.startswith("xl/") for n in names):
        raise _fail(path, "is an Excel workbook, not a verdict; save the verdict as .docx or PDF.")
    raise _fail(path, "is a zip archive, not a Word document; unpack it and process the files inside.")


def _ole_kind(path: Path) -> InputError:
    """Old Office files share one container; name the one a lawyer will recognise."""
    with open(path, "rb") as fh:
        blob = fh.read(4 * 1024 * 1024)  # the directory is usually near the start or the end
        if len(blob) == 4 * 1024 * 1024:
            fh.seek(-1024 * 1024, 2)
            blob += fh.read()

    def has(stream: str) -> bool:  # stream names are stored as UTF-16LE
        return stream.encode("utf-16-le") in blob

    if has("EncryptedPackage"):
        return _fail(
            path,
            "is a password-protected Word/Office document; ask the sender for an unprotected copy.",
            "encrypted",
        )
    if has("WordDocument"):
        return _fail(path, "is an old Word 97-2003 .doc; save it as .docx or PDF.", "legacy_doc")
    if has("Workbook"):
        return _fail(path, "is an old Excel 97-2003 file, not a verdict.")
    return _fail(path, "is an old Office 97-2003 file; save it as .docx or PDF.", "legacy_doc")


def _decode_sample(data: bytes, complete: bool) -> str | None:
    """Decode a text sample, or None if it looks binary. ``complete``: the whole file was read."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return codecs.getincrementaldecoder(enc)(errors="replace").decode(
                data[len(bom) :], final=complete
            )
    if b"\x00" in data:
        # UTF-16 without a BOM: the NULs are the high bytes of ASCII characters, all on one parity.
        even, odd = data[0::2].count(0), data[1::2].count(0)
        if len(data) >= 16 and max(even, odd) > len(data) // 8 and min(even, odd) <= max(even, odd) // 50:
            enc = "utf-16-le" if odd > even else "utf-16-be"
            return codecs.getincrementaldecoder(enc)(errors="replace").decode(data, final=complete)
        return None
    try:
        return codecs.getincrementaldecoder("utf-8")().decode(data, final=complete)
    except UnicodeDecodeError:
        # Single-byte code pages (cp1250/cp1251/iso-8859-x) decode any byte: judge by control characters.
        return data.decode("latin-1")


def _looks_textual(text: str) -> bool:
    if not text.strip():
        return True  # whitespace only: a (useless but harmless) text file
    controls = len(_CONTROL.findall(text))
    bad = text.count("\ufffd")
    return (controls + bad) / len(text) < 0.02


def sniff(path: Path) -> Format:
    """The file's format by content: pdf, tiff, png, jpeg, docx, txt or html."""
    path = Path(path)
    try:
        size = path.stat().st_size
        with open(path, "rb") as fh:
            head = fh.read(SAMPLE_BYTES)
    except FileNotFoundError as exc:
        raise InputError(f"{path.name} does not exist.", error="not_found") from exc
    except IsADirectoryError as exc:
        raise InputError(f"{path.name} is a folder, not a file.", error="not_a_file") from exc
    except OSError as exc:
        raise InputError(f"{path.name} cannot be read: {exc.strerror or exc}.", error="unreadable") from exc
    if size == 0 or not head:
        raise _fail(path, "is empty (0 bytes).", "empty_file")

    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(_TIFF):
        return "tiff"
    if head.startswith(_ZIP):
        return _zip_kind(path)
    if head.startswith(_OLE):
        raise _ole_kind(path)
    # PDF after some junk (mail gateways, web servers): Acrobat accepts the header in the first 1024 bytes
    if b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(b"{\\rtf"):
        raise _fail(path, "is a Rich Text (.rtf) file; save it as .docx or PDF.")
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        raise _fail(path, "is a WebP image; save it as PNG, JPEG or TIFF.")
    for magic, what in _OTHER_BINARIES:
        if head.startswith(magic):
            raise _fail(
                path, f"is {what}; only PDF, TIFF/PNG/JPEG scans, Word (.docx) and text files are read."
            )

    text = _decode_sample(head, complete=len(head) >= size)
    if text is None or not _looks_textual(text):
        if head.startswith(b"BM"):
            raise _fail(path, "is a BMP image; save it as PNG, JPEG or TIFF.")
        raise _fail(path, "is not a PDF, image, Word document or text file.")
    start = text.lstrip("\ufeff \t\r\n")
    if _HTML_START.match(start) or _HTML_TAGS.search(start[:2048]):
        return "html"
    return "txt"


__all__ = ["sniff"]
