"""Tell a file's real container from its first bytes."""

from __future__ import annotations

import io
import zipfile

import regex

from extract.errors import ExtractionError

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_HTML_START = regex.compile(
    rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title|div|p|table|script|style|link)\b",
    regex.IGNORECASE | regex.DOTALL,
)
_IMAGE_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*")
"""PNG, JPEG, TIFF (little- and big-endian): page images, read by OCR."""
_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")


def sniff_container(data: bytes, name: str = "") -> str:
    """Return one of pdf, docx, ofd, doc, image, rtf, mht, html, txt.

    Raises ExtractionError(unsupported_format) for binary files we have no loader for.
    """
    head = data[:4096]
    if b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return _sniff_zip(data, name)
    if head.startswith(_OLE_MAGIC):
        return "doc"
    if head.startswith(_IMAGE_MAGIC):
        return "image"
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
            f"{name or 'input'}: not a format zhenggai reads (DOC, DOCX, PDF, OFD, HTML, TXT, PNG, JPEG, TIFF); "
            "the first bytes look like another binary format. / 不支持的文件格式。",
        )
    return "txt"


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
    if head[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return False
    if not head:
        return False
    if b"\x00" in head:
        # UTF-16 without BOM: every other byte NUL
        evens, odds = head[0::2], head[1::2]
        if evens.count(0) > 0.4 * len(evens) or odds.count(0) > 0.4 * len(odds):
            return False
        return True
    controls = sum(1 for b in head if b < 9 or 13 < b < 32)
    return controls > 0.05 * len(head)
