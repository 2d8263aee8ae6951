"""Small generators of hostile and odd inputs for the loaders, built at test time.

Each builds bytes that once made a loader amplify (a small file needing gigabytes or
minutes), crash with something other than ExtractionError, or get the wrong error label.
tests/load/test_hostile_loaders.py asserts the outcome of each; benchmarks/amplification.py
times each and measures its peak memory in a fresh process.
"""

from __future__ import annotations

import io
import struct
import zipfile
from typing import Callable, NamedTuple, Optional

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="xml" ContentType="application/xml"/></Types>'
)


def zip_package(parts: dict[str, str | bytes], stored: bool = False) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content.encode("utf-8") if isinstance(content, str) else content)
    return buffer.getvalue()


def docx(body: str, numbering: Optional[str] = None, stored: bool = False) -> bytes:
    parts = {
        "[Content_Types].xml": CONTENT_TYPES,
        "word/document.xml": f'<w:document xmlns:w="{W_NS}"><w:body>{body}</w:body></w:document>',
    }
    if numbering is not None:
        parts["word/numbering.xml"] = f'<w:numbering xmlns:w="{W_NS}">{numbering}</w:numbering>'
    return zip_package(parts, stored)


def docx_numbering_from(start: int, paragraphs: int = 200, num_fmt: str = "upperLetter") -> bytes:
    """List paragraphs whose numbering starts at `start` (2e9 once rendered 77 million letters each)."""
    numbering = (
        f'<w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:start w:val="{start}"/>'
        f'<w:numFmt w:val="{num_fmt}"/><w:lvlText w:val="%1."/></w:lvl></w:abstractNum>'
        '<w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num>'
    )
    paragraph = '<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr><w:r><w:t>整改</w:t></w:r></w:p>'
    return docx(paragraph * paragraphs, numbering)


def docx_nested_fields(depth: int) -> bytes:
    """`depth` fields opened inside each other's results, then closed: one paragraph.

    Stored, not deflated: so repetitive a part would be refused as a zip bomb first.
    """
    opened = '<w:r><w:fldChar w:fldCharType="begin"/><w:fldChar w:fldCharType="separate"/><w:t>字</w:t></w:r>'
    closed = '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    return docx(f"<w:p>{opened * depth}{closed * depth}</w:p>", stored=True)


def docx_dense_paragraphs(size: int) -> bytes:
    """A DOCX of about `size` bytes packed with short paragraphs of varied Chinese text, so it
    inflates as far as a real file can (the varied text keeps it under the zip-bomb ratio)."""
    seed, paragraphs, total = 7, [], 0
    while total < size * 1.5:
        seed = (seed * 1103515245 + 12345) & 0x7FFFFFFF
        text = "".join(chr(0x4E00 + (seed >> k) % 2000) for k in range(0, 24, 2))
        paragraphs.append(f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>")
        total += 30
    return docx("".join(paragraphs))


def docx_wide_merged_rows(rows: int) -> bytes:
    """One table of `rows` rows, each a single cell merged across 128 grid columns."""
    cells = "".join(
        f'<w:tr><w:tc><w:tcPr><w:gridSpan w:val="128"/></w:tcPr><w:p><w:r><w:t>{n}</w:t></w:r></w:p></w:tc></w:tr>'
        for n in range(rows)
    )
    return docx(f"<w:tbl>{cells}</w:tbl>")


def docx_nested_tables(depth: int) -> bytes:
    """Tables inside table cells, `depth` deep."""
    body = "<w:p><w:r><w:t>最内层</w:t></w:r></w:p>"
    for _ in range(depth):
        body = f"<w:tbl><w:tr><w:tc>{body}<w:p/></w:tc></w:tr></w:tbl>"
    return docx(body + "<w:p><w:r><w:t>表后</w:t></w:r></w:p>")


# --- OLE compound files ---------------------------------------------------------------------

SECTOR = 512
END_OF_CHAIN, FREE, FAT_SECTOR, NO_STREAM = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD, 0xFFFFFFFF


def compound_file(streams: dict[str, bytes]) -> bytes:
    """A minimal OLE compound file (version 3) holding `streams` in the root storage.

    Streams are padded with NULs to whole sectors and at least 4096 bytes, so that none
    goes to the mini stream; siblings are chained to the right in the order [MS-CFB]
    sorts names (shorter first).
    """
    names = sorted(streams, key=lambda n: (len(n), n.upper()))
    padded = {n: streams[n].ljust(max(4096, len(streams[n]) + (-len(streams[n]) % SECTOR)), b"\0") for n in names}
    sectors: list[bytes] = []
    fat: list[int] = []
    starts = {}
    for name in names:
        data = padded[name]
        starts[name] = len(sectors)
        count = len(data) // SECTOR
        for k in range(count):
            sectors.append(data[k * SECTOR : (k + 1) * SECTOR])
            fat.append(len(sectors) if k < count - 1 else END_OF_CHAIN)
    entries = [_directory_entry("Root Entry", 5, child=1 if names else NO_STREAM, start=END_OF_CHAIN, size=0)]
    for index, name in enumerate(names):
        right = index + 2 if index + 1 < len(names) else NO_STREAM
        entries.append(_directory_entry(name, 2, right=right, start=starts[name], size=len(padded[name])))
    directory = b"".join(entries)
    directory += b"\0" * (-len(directory) % SECTOR)
    directory_start = len(sectors)
    for k in range(len(directory) // SECTOR):
        sectors.append(directory[k * SECTOR : (k + 1) * SECTOR])
        fat.append(len(sectors) if k < len(directory) // SECTOR - 1 else END_OF_CHAIN)
    fat_sectors = 1
    while fat_sectors * (SECTOR // 4) < len(fat) + fat_sectors:
        fat_sectors += 1
    if fat_sectors > 109:
        raise ValueError("too big for a header-only FAT")
    fat_start = len(sectors)
    fat += [FAT_SECTOR] * fat_sectors
    fat += [FREE] * (fat_sectors * (SECTOR // 4) - len(fat))
    fat_bytes = struct.pack(f"<{len(fat)}I", *fat)
    sectors += [fat_bytes[k * SECTOR : (k + 1) * SECTOR] for k in range(fat_sectors)]
    difat = [fat_start + k for k in range(fat_sectors)] + [FREE] * (109 - fat_sectors)
    header = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 16
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) + b"\0" * 6
        + struct.pack("<IIIIIIII", 0, fat_sectors, directory_start, 0, 4096, END_OF_CHAIN, 0, END_OF_CHAIN)
        + struct.pack("<I", 0)
        + struct.pack("<109I", *difat)
    )
    return header + b"".join(sectors)


def _directory_entry(name: str, kind: int, child=NO_STREAM, right=NO_STREAM, start=0, size=0) -> bytes:
    encoded = (name + "\0").encode("utf-16-le")
    return (
        encoded.ljust(64, b"\0")
        + struct.pack("<HBB", len(encoded), kind, 1)
        + struct.pack("<III", NO_STREAM, right, child)
        + b"\0" * 16 + b"\0" * 4 + b"\0" * 16
        + struct.pack("<IQ", start, size)
    )


TEXT_AT = 1024
"""Where the generated WordDocument streams keep their text, after the FIB."""


def word97_fib(ccp_text: int, tables: dict[int, tuple[int, int]], ccp_text_boxes: int = 0) -> bytes:
    """A Word 97 FIB (0Table): ccpText, ccpTxbx and (offset, size) of the table-stream
    parts given by their FibRgFcLcb97 index (33: the piece table); others empty."""
    fib = bytearray(TEXT_AT)
    struct.pack_into("<HH", fib, 0, 0xA5EC, 0xC1)
    struct.pack_into("<H", fib, 0x20, 14)  # csw
    struct.pack_into("<H", fib, 0x3E, 22)  # cslw
    struct.pack_into("<I", fib, 0x40 + 12, ccp_text)
    struct.pack_into("<I", fib, 0x40 + 36, ccp_text_boxes)
    struct.pack_into("<H", fib, 0x98, 93)  # cbRgFcLcb
    for index, place in tables.items():
        struct.pack_into("<II", fib, 0x9A + 8 * index, *place)
    return bytes(fib)


def piece_table(pieces: list[tuple[int, int, int]]) -> bytes:
    """A CLX holding one Pcdt: (cp_start, cp_end, byte offset of UTF-16 text) per piece."""
    cps = [p[0] for p in pieces] + [pieces[-1][1]]
    plc = struct.pack(f"<{len(cps)}i", *cps) + b"".join(struct.pack("<HIH", 0, fc, 0) for _, _, fc in pieces)
    return b"\x02" + struct.pack("<I", len(plc)) + plc


def word97_doc(pieces: list[tuple[int, int, int]], text: bytes, ccp_text: int) -> bytes:
    """A .doc whose piece table lists (cp_start, cp_end, byte offset of UTF-16 text) pieces."""
    clx = piece_table(pieces)
    word = word97_fib(ccp_text, {33: (0, len(clx))}) + text
    return compound_file({"WordDocument": word, "0Table": clx})


def doc_overlapping_pieces(pieces: int = 60, size: int = 900_000) -> bytes:
    """`pieces` pieces that each cover the same ~1 MB of UTF-16 text (160 s once)."""
    chars = size // 2
    text = ("整改落实情况。\r" * (chars // 8 + 1))[:chars].encode("utf-16-le")
    listed = [(k * chars, (k + 1) * chars, TEXT_AT) for k in range(pieces)]
    return word97_doc(listed, text, pieces * chars)


def word6_doc(ident: int = 0xA5DC, n_fib: int = 0x65) -> bytes:
    """A Word 6.0/95 document: OLE with a WordDocument stream whose FIB is the older one
    (ident 0xA699 with nFib 0x68: a Word 95 file of the Far East edition)."""
    fib = bytearray(TEXT_AT)
    struct.pack_into("<HH", fib, 0, ident, n_fib)
    return compound_file({"WordDocument": bytes(fib) + "整改方案".encode("gbk")})


def encrypted_docx_with_stub() -> bytes:
    """A password-protected DOCX: OLE with EncryptedPackage, and an empty WordDocument stub."""
    return compound_file({"EncryptionInfo": b"\x04\x00\x04\x00" + b"\0" * 60, "EncryptedPackage": b"\0" * 64, "WordDocument": b""})


def works_document() -> bytes:
    """A Microsoft Works word-processor file (.wps): OLE with CONTENTS and MatOST streams."""
    return compound_file({"CONTENTS": b"CHNKWKS " + b"\0" * 600, "MatOST": b"\0" * 64, "SPELLING": b"\0" * 16})


# --- OFD, MHT, HTML, text ------------------------------------------------------------------


def ofd_many_pages(pages: int) -> bytes:
    """An OFD listing `pages` pages, each its own small Content.xml part."""
    content = (
        '<ofd:Page xmlns:ofd="http://www.ofdspec.org/2016"><ofd:Content><ofd:Layer>'
        '<ofd:TextObject ID="1" Boundary="10 10 100 10" Size="5"><ofd:TextCode X="0" Y="4">整改第{n}页</ofd:TextCode>'
        "</ofd:TextObject></ofd:Layer></ofd:Content></ofd:Page>"
    )
    listed = "".join(f'<ofd:Page ID="{n}" BaseLoc="Pages/Page_{n}/Content.xml"/>' for n in range(pages))
    parts = {
        "OFD.xml": '<ofd:OFD xmlns:ofd="http://www.ofdspec.org/2016"><ofd:DocBody>'
        "<ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>",
        "Doc_0/Document.xml": f'<ofd:Document xmlns:ofd="http://www.ofdspec.org/2016"><ofd:Pages>{listed}</ofd:Pages></ofd:Document>',
    }
    for n in range(pages):
        parts[f"Doc_0/Pages/Page_{n}/Content.xml"] = content.replace("{n}", str(n))
    return zip_package(parts)


def ofd_one_part_many_pages(pages: int, part_size: int) -> bytes:
    """An OFD whose `pages` pages all name one Content.xml of about `part_size` bytes."""
    runs = "".join(
        f'<ofd:TextObject ID="{n}" Boundary="10 {n % 250} 100 10" Size="5"><ofd:TextCode X="0" Y="4">第{n}行</ofd:TextCode></ofd:TextObject>'
        for n in range(part_size // 120)
    )
    content = f'<ofd:Page xmlns:ofd="http://www.ofdspec.org/2016"><ofd:Content><ofd:Layer>{runs}</ofd:Layer></ofd:Content></ofd:Page>'
    listed = "".join(f'<ofd:Page ID="{n}" BaseLoc="Pages/Page_0/Content.xml"/>' for n in range(pages))
    return zip_package({
        "OFD.xml": '<ofd:OFD xmlns:ofd="http://www.ofdspec.org/2016"><ofd:DocBody>'
        "<ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>",
        "Doc_0/Document.xml": f'<ofd:Document xmlns:ofd="http://www.ofdspec.org/2016"><ofd:Pages>{listed}</ofd:Pages></ofd:Document>',
        "Doc_0/Pages/Page_0/Content.xml": content,
    })


def mht_nested(depth: int) -> bytes:
    """multipart/related parts nested `depth` deep, the page at the bottom."""
    inner = b'Content-Type: text/html; charset="utf-8"\r\n\r\n<html><body><p>\xe6\x95\xb4\xe6\x94\xb9</p></body></html>\r\n'
    for level in range(depth):
        boundary = f"b{level}".encode()
        inner = (
            b"Content-Type: multipart/related; boundary=\"" + boundary + b"\"\r\n\r\n--" + boundary
            + b"\r\n" + inner + b"\r\n--" + boundary + b"--\r\n"
        )
    return b"MIME-Version: 1.0\r\n" + inner


def html_nested(depth: int, text: str = "整改措施落实到位。") -> bytes:
    return ("<html><body>" + "<div>" * depth + f"<p>{text}</p>" + "</div>" * depth + "</body></html>").encode()


def html_wide_tables(tables: int) -> bytes:
    """`tables` small data tables, each a cell spanning 100 columns: a grid 101 columns wide."""
    table = "<table><tr><td colspan=100>甲</td><td>乙</td></tr><tr><td>丙</td><td>丁</td></tr></table>"
    return f"<html><body>{table * tables}</body></html>".encode()


def utf16_without_bom(big_endian: bool = False) -> bytes:
    text = "关于整改落实情况的通报\n一、总体要求\n各单位要于2024年12月底前完成整改。\n"
    return text.encode("utf-16-be" if big_endian else "utf-16-le")


class HostileInput(NamedTuple):
    name: str
    build: Callable[[], bytes]
    expected_error: Optional[str]
    """The ExtractionError type load_bytes must raise, or None where the file must load."""


AMPLIFIERS = (
    HostileInput("docx numbering from 2e9", lambda: docx_numbering_from(2_000_000_000), None),
    HostileInput("docx 7000 nested fields", lambda: docx_nested_fields(7000), None),
    HostileInput("docx 1 MB of dense paragraphs", lambda: docx_dense_paragraphs(1_000_000), None),
    HostileInput("docx 250k rows merged across 128 columns", lambda: docx_wide_merged_rows(250_000), "too_large"),
    HostileInput("docx tables nested 2000 deep", lambda: docx_nested_tables(2000), "corrupt_file"),
    HostileInput("doc 60 overlapping pieces", doc_overlapping_pieces, "corrupt_file"),
    HostileInput("ofd 10,000 page parts", lambda: ofd_many_pages(10_000), None),
    HostileInput("ofd 10,000 pages of one 100 KB part", lambda: ofd_one_part_many_pages(10_000, 100_000), None),
    HostileInput("mht nested 5000 deep", lambda: mht_nested(5000), "corrupt_file"),
    HostileInput("html nested 100k deep", lambda: html_nested(100_000), None),
    HostileInput("html 4000 tables of 100-column spans", lambda: html_wide_tables(4000), None),
)
