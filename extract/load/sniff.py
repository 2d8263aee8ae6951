"""Tell a file's real container from its first bytes.

SIGNATURES maps the bytes a format starts with to its container name; a name with a
loader in extract.load.FORMATS is read, any other is refused with its description
from UNREAD, so a user learns what the file is (a Word 2.0 file, a photo) rather
than that it is "damaged". A new format is one row here and one in FORMATS.
"""

from __future__ import annotations

import io
import zipfile

import regex

from extract.errors import ExtractionError
from extract.load.decoding import utf16_without_bom

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (OLE_MAGIC, "doc"),  # Word 97-2003 and WPS; doc.py names the other OLE files
    (b"PK\x03\x04", "zip"),
    (b"PK\x05\x06", "zip"),
    (b"\xdb\xa5\x2d\x00", "word2"),
    (b"\x31\xbe\x00\x00", "word-dos"),
    (b"\x32\xbe\x00\x00", "word-dos"),
    (b"\xffWPC", "wordperfect"),
    (b"\x89PNG\r\n\x1a\n", "image"),
    (b"\xff\xd8\xff", "image"),
    (b"II*\x00", "image"),
    (b"MM\x00*", "image"),
    (b"GIF87a", "gif"),
    (b"GIF89a", "gif"),
)
"""Leading bytes -> container (PDF is found anywhere in the first kilobyte, as readers do)."""

UNREAD: dict[str, str] = {
    "word2": "a Word for Windows 1.x/2.0 document, which zhenggai does not read; save it as DOCX in Word or WPS",
    "word-dos": "a Word for DOS document, which zhenggai does not read; save it as DOCX in Word or WPS",
    "wordperfect": "a WordPerfect document, which zhenggai does not read; save it as DOCX",
    "gif": "a GIF image, which zhenggai does not read",
}
"""Containers recognised but not read (no loader in FORMATS), and what to tell the user."""

_HTML_START = regex.compile(
    rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title|div|p|table|script|style|link)\b",
    regex.IGNORECASE | regex.DOTALL,
)
_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")


def sniff_container(data: bytes, name: str = "") -> str:
    """The container's name (pdf, docx, ofd, doc, rtf, mht, html, txt, or one of UNREAD).

    Raises ExtractionError(unsupported_format) for binary files no row recognises.
    """
    head = data[:4096]
    if b"%PDF-" in head[:1024]:
        return "pdf"
    for signature, container in SIGNATURES:
        if head.startswith(signature):
            return _sniff_zip(data, name) if container == "zip" else container
    stripped = head
    for bom in _BOMS:
        if stripped.startswith(bom):
            stripped = stripped[len(bom) :]
            break
    if stripped.lstrip().startswith(b"{\\rtf"):
        return "rtf"
    lowered = stripped[:2048].lower()
    if b"mime-version:" in lowered and b"multipart/related" in lowered:
        return "mht"
    ascii_view = stripped.replace(b"\x00", b"") if stripped[:2] in (b"<\x00", b"\x00<") else stripped
    if _HTML_START.match(ascii_view[:2048]):
        return "html"
    if _looks_binary(head):
        raise ExtractionError(
            "unsupported_format",
            f"{name or 'input'}: not a format zhenggai reads (DOC, DOCX, WPS, PDF, OFD, RTF, MHT, HTML, "
            "TXT); the first bytes look like another binary format. / 不支持的文件格式。",
        )
    return "txt"


def describe_unread(container: str) -> str:
    return UNREAD.get(container, f"a {container.upper()} file, which zhenggai does not read")


def _sniff_zip(data: bytes, name: str) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ExtractionError(
            "corrupt_file",
            f"{name or 'input'}: the ZIP container (DOCX/OFD) is damaged or truncated ({exc}); "
            "download it again. / 文件已损坏或不完整,请重新下载。",
        ) from exc
    if "word/document.xml" in names:
        return "docx"
    if "OFD.xml" in names or any(n.lower() == "ofd.xml" for n in names):
        return "ofd"
    raise ExtractionError(
        "unsupported_format",
        f"{name or 'input'}: a ZIP archive that is neither DOCX nor OFD. / 压缩包不是 DOCX 或 OFD 文档。",
    )


def _looks_binary(head: bytes) -> bool:
    """Text has no NULs (UTF-16 aside) and few control bytes."""
    if not head or head[:2] in (b"\xff\xfe", b"\xfe\xff") or utf16_without_bom(head):
        return False
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 9 or 13 < b < 32)
    return controls > 0.05 * len(head)
