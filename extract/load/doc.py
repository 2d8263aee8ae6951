"""Legacy Word 97-2003 binary .doc, read without an office suite.

What is read, following [MS-DOC]: the File Information Block at the start of
the WordDocument stream (flags, ccpText, where the tables below are), the
piece table (PlcPcd in the CLX of the 0Table/1Table stream) that says where
each run of characters is stored and whether it is 8-bit (cp1252,
"compressed") or UTF-16LE, and the paragraph properties (PlcBtePapx ->
PapxFkp, with the style sheet behind them) for what a reader sees but the
text does not hold: whether a paragraph is in a table, ends a table row (and
then the row's cell edges and vertical merges), and which automatic list
number it carries (PlfLst/PlfLfo, rendered like DOCX numbering).
Only the main document text (the first ccpText characters) is read:
headers, footers, footnotes and comments come after it.

In the text, \\r ends a paragraph, \\x07 ends a table cell or (when its
paragraph is a row end) a table row, \\x13 code \\x14 result \\x15 is a field
whose result a reader sees, and other control characters are objects or
marks with no text. No pure-Python reader on PyPI was well kept enough to
depend on, so this is the small reader the pipeline needs.

The SummaryInformation stream (title, author) is not read: olefile's property
parser loops over counts taken from the file and can hang on a damaged one.
"""

from __future__ import annotations

import io
import struct
from bisect import bisect_right
from dataclasses import dataclass
from typing import Optional, Sequence

import olefile
import regex

from extract.blocks import Block, LoadedDocument, Paragraph, Table
from extract.errors import ExtractionError
from extract.load.tablegrid import ABOVE, LEFT, GridCell, SlotBudget, table_rows
from extract.load.wordfields import FieldNesting
from extract.load.wordlists import MAX_STYLE_CHAIN, ListDefinitions, ListLevel

WORD_IDENT = 0xA5EC
OLDEST_SUPPORTED_NFIB = 0x0069
"""Word 6.0/95 files (nFib 0x65-0x68) have another FIB layout."""
FLAG_ENCRYPTED = 0x0100
FLAG_WHICH_TABLE = 0x0200
FLAG_OBFUSCATED = 0x8000
FKP_SIZE = 512
PCD_SIZE = 8
LSTF_SIZE = 28
LVLF_SIZE = 28
LFO_SIZE = 16
MAX_LISTS = 4096
MAX_STYLES = 4096


# positions of (fc, lcb) pairs in FibRgFcLcb97
FIB_STYLES, FIB_PAPX_BINS, FIB_CLX, FIB_LISTS, FIB_LIST_OVERRIDES = 1, 13, 33, 73, 74
FIB_SHAPE_ANCHORS, FIB_TEXT_BOXES = 40, 56
"""PlcSpaMom (where each shape is anchored in the main text) and PlcftxbxTxt (each text
box's part of the text-box story, with the id of its shape)."""
STORIES_BEFORE_TEXT_BOXES = 6
"""FibRgLw97 ccpText, ccpFtn, ccpHdd, ccpMcr, ccpAtn, ccpEdn: the stories before the
text-box story (ccpTxbx, the next one) in the document's character positions."""
FSPA_SIZE, FTXBXS_SIZE = 26, 22

SPRM_LIST_LEVEL = 0x260A
SPRM_LIST_INSTANCE = 0x460B
SPRM_IN_TABLE = 0x2416
SPRM_TABLE_ROW_END = 0x2417
SPRM_TABLE_DEPTH = 0x6649
SPRM_TABLE_DEFINITION = 0xD608
SPRM_TAB_CHANGES = 0xC615
SPRM_HUGE_PAPX = 0x6646
"""The paragraph's properties are too big for its page and stand in the Data stream."""
SPRA_OPERAND_SIZES = {0: 1, 1: 1, 2: 2, 3: 4, 4: 2, 5: 2, 7: 3}

NUMBER_FORMAT_CODES = {
    0: "decimal", 1: "upperRoman", 2: "lowerRoman", 3: "upperLetter", 4: "lowerLetter",
    10: "ideographDigital", 11: "japaneseCounting", 14: "decimalFullWidth", 15: "decimalHalfWidth",
    18: "decimalEnclosedCircle", 19: "decimalFullWidth2", 22: "decimalZero", 23: "bullet",
    26: "decimalEnclosedFullstop", 27: "decimalEnclosedParen", 28: "decimalEnclosedCircleChinese",
    30: "ideographTraditional", 31: "ideographZodiac", 33: "taiwaneseCounting",
    34: "ideographLegalTraditional", 35: "taiwaneseCountingThousand", 36: "taiwaneseDigital",
    37: "chineseCounting", 38: "chineseLegalSimplified", 39: "chineseCountingThousand", 255: "none",
}
"""LVLF.nfc -> the OOXML numFmt name the DOCX numbering renders (others: decimal)."""
LEVEL_FOLLOWERS = {0: "\t", 1: " ", 2: ""}
VERTICAL_MERGE = {1: "continue", 3: "restart"}
"""TC80 vertMerge bits -> how the cell joins the one above."""

PARAGRAPH_END = "\r"
CELL_END = "\x07"
FIELD_BEGIN, FIELD_SEPARATOR, FIELD_END = "\x13", "\x14", "\x15"
CONTROL_TEXT = {"\x0b": "\n", "\x0c": "\n", "\x0e": "\n", "\n": "\n", "\t": "\t", "\x1e": "-"}
"""What a reader sees for a control character: line, page/section and column breaks start a
new line; tab; non-breaking hyphen. Every other character below U+0020 (pictures, drawn
objects, footnote marks, optional hyphens) shows nothing."""
CONTROL = regex.compile(r"[\x00-\x1f]")

OTHER_OLE_FORMATS: dict[str, tuple[str, str]] = {
    "EncryptedPackage": ("encrypted", ""),
    "EncryptionInfo": ("encrypted", ""),
    "MatOST": ("unsupported_format", "a Microsoft Works word-processor document (.wps); save it as DOCX in Works, Word or LibreOffice"),
    "Quill": ("unsupported_format", "a Microsoft Publisher file"),
    "Workbook": ("unsupported_format", "an Excel workbook, not a Word document"),
    "Book": ("unsupported_format", "an Excel 5/95 workbook, not a Word document"),
    "PowerPoint Document": ("unsupported_format", "a PowerPoint presentation, not a Word document"),
    "VisioDocument": ("unsupported_format", "a Visio drawing, not a Word document"),
}
"""A stream an OLE file without a WordDocument stream holds -> what the file is. (The .wps
name is shared: WPS Office's .wps is a Word 97 file and is read; Works' is not.)"""
WORD6_IDENTS = frozenset({0xA5DC, 0xA697, 0xA699})
"""FIB idents of Word 6.0 and Word 95 (the last two from their Far East editions, which
Chinese files come from); their nFib is 0x65-0x68."""
WORD6_NFIBS = range(0x65, OLDEST_SUPPORTED_NFIB)


@dataclass(frozen=True)
class Fib:
    n_fib: int
    flags: int
    ccp_text: int
    tables: dict[int, tuple[int, int]]
    text_box_story: tuple[int, int] = (0, 0)
    """Character positions (start, end) of the text-box story."""
    """FibRgFcLcb97 index -> (offset, size) in the table stream; absent when the FIB is short."""

    @property
    def table_stream(self) -> str:
        return "1Table" if self.flags & FLAG_WHICH_TABLE else "0Table"

    def part(self, table: bytes, index: int) -> bytes:
        offset, size = self.tables.get(index, (0, 0))
        return table[offset : offset + size]


@dataclass(frozen=True)
class Piece:
    cp_start: int
    cp_end: int
    fc: int
    """Byte offset of the piece's first character in the WordDocument stream."""
    compressed: bool


@dataclass(frozen=True)
class CellLayout:
    """Where a table cell sits in its row (left and right edges, in twips) and how it merges."""

    left: int
    right: int
    vertical_merge: str = ""
    """"" not merged, "restart" first of a vertical merge, "continue" merged with the cell above."""
    merged_with_previous: bool = False
    """Old-style horizontal merge: the cell continues the one to its left."""


@dataclass(frozen=True)
class ParagraphProperties:
    style: int = 0
    in_table: bool = False
    row_end: bool = False
    list_instance: Optional[int] = None
    list_level: Optional[int] = None
    row_layout: Optional[tuple[CellLayout, ...]] = None
    """On a row end: its cells' edges and merges (sprmTDefTable)."""


def _corrupt(detail: str) -> ExtractionError:
    return ExtractionError(
        "corrupt_file",
        f"the Word .doc file is damaged or truncated ({detail}); open and re-save it in Word or WPS. "
        "/ Word 文档已损坏或不完整,请用 Word 或 WPS 打开后另存。",
    )


def _unpack(fmt: str, data: bytes, offset: int) -> int:
    if offset < 0 or offset + struct.calcsize(fmt) > len(data):
        raise _corrupt(f"a field at {offset} lies past the end of a {len(data)}-byte stream")
    return struct.unpack_from(fmt, data, offset)[0]


def _u16(data: bytes, offset: int) -> int:
    return _unpack("<H", data, offset)


def _u32(data: bytes, offset: int) -> int:
    return _unpack("<I", data, offset)


def read_fib(word: bytes) -> Fib:
    """The parts of the FIB this reader needs; encrypted and pre-97 files are refused here."""
    ident, n_fib = _u16(word, 0), _u16(word, 2)
    if ident in WORD6_IDENTS or n_fib in WORD6_NFIBS:
        raise ExtractionError(
            "unsupported_format",
            "a Word 6.0/95 document (an older format than Word 97-2003); open it in Word or WPS and "
            "save it as DOCX or DOC (97-2003). / Word 6.0/95 旧格式文档,请用 Word 或 WPS 另存为 DOCX 或 DOC(97-2003)后重试。",
        )
    if ident != WORD_IDENT:
        raise _corrupt(f"the WordDocument stream starts with {ident:#06x}, not a Word FIB")
    flags = _u16(word, 0x0A)
    if flags & (FLAG_ENCRYPTED | FLAG_OBFUSCATED):
        raise ExtractionError(
            "encrypted",
            "the Word .doc file is password-protected; remove the password in Word or WPS and save "
            "it again. / 文档已加密,请取消密码后另存再试。",
        )
    csw = _u16(word, 0x20)
    lw_count_at = 0x22 + 2 * csw
    cslw = _u16(word, lw_count_at)
    longs_at = lw_count_at + 2
    ccp_text = _u32(word, longs_at + 12)
    story_lengths = [_u32(word, longs_at + 12 + 4 * k) for k in range(STORIES_BEFORE_TEXT_BOXES + 1)]
    text_box_start = sum(story_lengths[:STORIES_BEFORE_TEXT_BOXES])
    pairs_count_at = longs_at + 4 * cslw
    pairs = _u16(word, pairs_count_at)
    if pairs <= FIB_CLX:
        raise _corrupt(f"the FIB lists {pairs} table positions, too few for a piece table")
    pairs_at = pairs_count_at + 2
    tables = {
        index: (_u32(word, pairs_at + 8 * index), _u32(word, pairs_at + 8 * index + 4))
        for index in (FIB_STYLES, FIB_PAPX_BINS, FIB_CLX, FIB_LISTS, FIB_LIST_OVERRIDES, FIB_SHAPE_ANCHORS, FIB_TEXT_BOXES)
        if index < pairs
    }
    story = (text_box_start, text_box_start + story_lengths[-1])
    return Fib(n_fib=n_fib, flags=flags, ccp_text=ccp_text, tables=tables, text_box_story=story)


def read_pieces(table: bytes, fib: Fib) -> list[Piece]:
    """The piece table from the CLX: skip the Prc property blocks, then read the PlcPcd."""
    clx = fib.part(table, FIB_CLX)
    if not clx or len(clx) != fib.tables[FIB_CLX][1]:
        raise _corrupt("the piece table (CLX) is missing or cut off")
    position = 0
    while position + 3 <= len(clx) and clx[position] == 0x01:  # Prc: clxt, cbGrpprl, grpprl
        position += 3 + max(struct.unpack_from("<h", clx, position + 1)[0], 0)
    if position >= len(clx) or clx[position] != 0x02:
        raise _corrupt("the CLX has no piece table (Pcdt)")
    size = _u32(clx, position + 1)
    plc = clx[position + 5 : position + 5 + size]
    if len(plc) != size or size < 4 + 4 + PCD_SIZE or (size - 4) % 12:
        raise _corrupt("the piece table has an impossible size")
    count = (size - 4) // 12
    cps = struct.unpack_from(f"<{count + 1}i", plc, 0)
    pieces = []
    for k in range(count):
        raw_fc = _u32(plc, 4 * (count + 1) + PCD_SIZE * k + 2)
        compressed = bool(raw_fc & 0x40000000)
        fc = raw_fc & 0x3FFFFFFF
        if cps[k + 1] < cps[k] or cps[k] < 0:
            raise _corrupt("the piece table's character positions go backwards")
        pieces.append(Piece(cps[k], cps[k + 1], fc // 2 if compressed else fc, compressed))
    return pieces


def read_text(word: bytes, pieces: list[Piece], start: int, end: int) -> str:
    """The characters at positions [start, end), decoded piece by piece.

    Each byte of the WordDocument stream holds text for at most one piece; pieces that
    together read more bytes than the stream has overlap, which only a hostile file does
    (60 pieces over one megabyte once made 30 million characters out of a 1 MB file).
    """
    parts = []
    bytes_read = 0
    for piece in pieces:
        if piece.cp_end <= start or piece.cp_start >= end:
            continue
        first, last = max(piece.cp_start, start), min(piece.cp_end, end)
        width = 1 if piece.compressed else 2
        bytes_read += (last - first) * width
        if bytes_read > len(word):
            raise _corrupt("its text pieces overlap, reading more text than the file holds")
        at = piece.fc + (first - piece.cp_start) * width
        raw = word[at : at + (last - first) * width]
        if len(raw) != (last - first) * width:
            raise _corrupt(f"a text piece at byte {piece.fc} runs past the end of the WordDocument stream")
        parts.append(raw.decode("cp1252" if piece.compressed else "utf-16-le", errors="replace"))
    return "".join(parts)


def _plc(data: bytes, element_size: int) -> tuple[list[int], list[bytes]]:
    """A PLC: n+1 character positions, then n elements of element_size bytes."""
    count = (len(data) - 4) // (4 + element_size) if len(data) >= 4 else 0
    if count <= 0:
        return [], []
    cps = list(struct.unpack_from(f"<{count + 1}i", data, 0))
    at = 4 * (count + 1)
    return cps, [data[at + element_size * k : at + element_size * (k + 1)] for k in range(count)]


def read_text_boxes(word: bytes, table: bytes, pieces: list[Piece], fib: Fib) -> list[tuple[int, str]]:
    """(anchor position in the main text, text) of each text box, in anchor order.

    Text boxes hold their text in a story of their own after the main text; each box's
    shape id (FTXBXS.lid) finds its anchor among the main text's shapes (FSPA.spid).
    A box whose anchor is not found goes at the end.
    """
    start, end = fib.text_box_story
    if end <= start:
        return []
    story = read_text(word, pieces, start, end)
    anchor_cps, shapes = _plc(fib.part(table, FIB_SHAPE_ANCHORS), FSPA_SIZE)
    anchors = {struct.unpack_from("<I", shape)[0]: cp for cp, shape in zip(anchor_cps, shapes)}
    box_cps, boxes = _plc(fib.part(table, FIB_TEXT_BOXES), FTXBXS_SIZE)
    found = []
    for k, box in enumerate(boxes):
        text = story[max(box_cps[k], 0) : max(box_cps[k + 1], 0)]
        if text.strip("\r\x00 "):
            shape_id = struct.unpack_from("<I", box, 14)[0]
            found.append((anchors.get(shape_id, fib.ccp_text), text))
    found.sort(key=lambda box: box[0])
    return found


# --- properties ------------------------------------------------------------------------------


def _sprm_operands(grpprl: bytes) -> dict[int, bytes]:
    """sprm -> operand for each Prl in a grpprl; stops quietly at anything malformed."""
    operands: dict[int, bytes] = {}
    position = 0
    while position + 2 <= len(grpprl):
        sprm = struct.unpack_from("<H", grpprl, position)[0]
        position += 2
        spra = sprm >> 13
        if spra != 6:
            size = SPRA_OPERAND_SIZES[spra]
        elif sprm == SPRM_TABLE_DEFINITION:
            if position + 2 > len(grpprl):
                break
            size = struct.unpack_from("<H", grpprl, position)[0] + 1  # cb counts the rest + 1
        elif position < len(grpprl) and not (sprm == SPRM_TAB_CHANGES and grpprl[position] == 255):
            size = grpprl[position] + 1
        else:
            break
        operands.setdefault(sprm, grpprl[position : position + size])
        position += size
    return operands


def _operand_int(operands: dict[int, bytes], sprm: int, fmt: str) -> Optional[int]:
    operand = operands.get(sprm, b"")
    return struct.unpack_from(fmt, operand)[0] if len(operand) >= struct.calcsize(fmt) else None


def _row_layout(operand: bytes) -> Optional[tuple[CellLayout, ...]]:
    """Cells of a row from a TDefTableOperand: edges (rgdxaCenter) and TC80 merge bits."""
    if len(operand) < 3:
        return None
    columns = operand[2]
    edges_at, cells_at = 3, 3 + 2 * (columns + 1)
    if cells_at > len(operand):
        return None
    edges = struct.unpack_from(f"<{columns + 1}h", operand, edges_at)
    layout = []
    for k in range(columns):
        flags_at = cells_at + 20 * k
        flags = struct.unpack_from("<H", operand, flags_at)[0] if flags_at + 2 <= len(operand) else 0
        layout.append(
            CellLayout(
                left=edges[k],
                right=edges[k + 1],
                vertical_merge=VERTICAL_MERGE.get((flags >> 5) & 3, ""),
                merged_with_previous=(flags & 3) in (2, 3),
            )
        )
    return tuple(layout)


def paragraph_properties(grpprl_and_istd: bytes, data: bytes) -> ParagraphProperties:
    """What this reader needs from a paragraph's style index and property modifiers.

    `data` is the Data stream, where a row end's properties go when its table
    definition makes them too big for their page.
    """
    operands = _sprm_operands(grpprl_and_istd[2:])
    huge_at = _operand_int(operands, SPRM_HUGE_PAPX, "<I")
    if huge_at is not None and huge_at + 2 <= len(data):
        size = struct.unpack_from("<H", data, huge_at)[0]
        operands.update(_sprm_operands(data[huge_at + 2 : huge_at + 2 + size]))
    depth = _operand_int(operands, SPRM_TABLE_DEPTH, "<i") or 0
    row_end = bool(_operand_int(operands, SPRM_TABLE_ROW_END, "<B"))
    definition = operands.get(SPRM_TABLE_DEFINITION)
    return ParagraphProperties(
        style=struct.unpack_from("<H", grpprl_and_istd)[0] if len(grpprl_and_istd) >= 2 else 0,
        in_table=bool(_operand_int(operands, SPRM_IN_TABLE, "<B")) or depth > 0,
        row_end=row_end,
        list_instance=_operand_int(operands, SPRM_LIST_INSTANCE, "<H"),
        list_level=_operand_int(operands, SPRM_LIST_LEVEL, "<B"),
        row_layout=_row_layout(definition) if row_end and definition else None,
    )


def read_paragraph_properties(
    word: bytes, table: bytes, data: bytes, fib: Fib
) -> tuple[list[int], list[ParagraphProperties]]:
    """Paragraph runs from the PAPX pages as (sorted run start FCs, properties of each run)."""
    bins = fib.part(table, FIB_PAPX_BINS)
    if len(bins) < 12 or (len(bins) - 4) % 8:
        return [], []
    count = (len(bins) - 4) // 8
    runs: list[tuple[int, ParagraphProperties]] = []
    for k in range(count):
        page_number = _u32(bins, 4 * (count + 1) + 4 * k) & 0x3FFFFF
        page = word[page_number * FKP_SIZE : (page_number + 1) * FKP_SIZE]
        if len(page) < FKP_SIZE:
            continue
        run_count = page[FKP_SIZE - 1]
        if 4 * (run_count + 1) + 13 * run_count > FKP_SIZE - 1:
            continue
        for j in range(run_count):
            start = struct.unpack_from("<I", page, 4 * j)[0]
            runs.append((start, _papx_in_page(page, page[4 * (run_count + 1) + 13 * j], data)))
    runs.sort(key=lambda run: run[0])
    return [run[0] for run in runs], [run[1] for run in runs]


def _papx_in_page(page: bytes, b_offset: int, data: bytes) -> ParagraphProperties:
    if b_offset == 0:
        return ParagraphProperties()
    position = 2 * b_offset
    cb = page[position]
    if cb:
        return paragraph_properties(page[position + 1 : position + 2 * cb], data)
    cb = page[position + 1] if position + 1 < len(page) else 0
    return paragraph_properties(page[position + 2 : position + 2 + 2 * cb], data)


def read_style_lists(table: bytes, fib: Fib) -> dict[int, tuple[Optional[int], Optional[int]]]:
    """Paragraph style index -> (list instance, list level) it gives, through its base styles.

    Heading styles carry the outline numbering ("一、", "(一)") in documents made from
    templates; the paragraphs themselves then name only their style.
    """
    sheet = fib.part(table, FIB_STYLES)
    if len(sheet) < 6:
        return {}
    header_size = _u16(sheet, 0)
    count, base_size = _u16(sheet, 2), _u16(sheet, 4)
    own: dict[int, tuple[Optional[int], Optional[int]]] = {}
    bases: dict[int, int] = {}
    position = 2 + header_size
    for istd in range(min(count, MAX_STYLES)):
        if position + 2 > len(sheet):
            break
        size = _u16(sheet, position)
        std = sheet[position + 2 : position + 2 + size]
        position += 2 + size
        if len(std) < base_size + 2 or _u16(std, 2) & 0xF != 1 or _u16(std, 4) & 0xF < 1:
            continue  # empty, not a paragraph style, or without paragraph properties
        bases[istd] = _u16(std, 2) >> 4
        upx_at = base_size + 2 + 2 * _u16(std, base_size) + 2  # after the name and its NUL
        if upx_at + 2 > len(std):
            continue
        upx = std[upx_at + 2 : upx_at + 2 + _u16(std, upx_at)]
        operands = _sprm_operands(upx[2:])
        own[istd] = (
            _operand_int(operands, SPRM_LIST_INSTANCE, "<H"),
            _operand_int(operands, SPRM_LIST_LEVEL, "<B"),
        )
    resolved = {}
    for istd in own:
        instance, level, current = None, None, istd
        for _ in range(MAX_STYLE_CHAIN):
            style_instance, style_level = own.get(current, (None, None))
            instance = instance if instance is not None else style_instance
            level = level if level is not None else style_level
            if current not in bases or bases[current] == current or instance is not None:
                break
            current = bases[current]
        resolved[istd] = (instance, level)
    return resolved


def _read_level(table: bytes, position: int) -> tuple[ListLevel, int]:
    """One LVL (LVLF, its paragraph and character properties, its number text) and where it ends."""
    if position + LVLF_SIZE > len(table):
        raise _corrupt("a list level lies past the end of the table stream")
    start = struct.unpack_from("<i", table, position)[0]
    number_format, flags = table[position + 4], table[position + 5]
    follower = table[position + 15]
    chpx_size, papx_size, restart_limit = table[position + 24], table[position + 25], table[position + 26]
    position += LVLF_SIZE + papx_size + chpx_size
    length = _u16(table, position)
    raw = table[position + 2 : position + 2 + 2 * length]
    if len(raw) != 2 * length:
        raise _corrupt("a list level's number text is cut off")
    text = "".join(
        f"%{ord(ch) + 1}" if ord(ch) < 9 else ch for ch in raw.decode("utf-16-le", errors="replace")
    )
    level = ListLevel(
        start=start,
        num_fmt=NUMBER_FORMAT_CODES.get(number_format, "decimal"),
        text=text,
        suffix=LEVEL_FOLLOWERS.get(follower, "\t"),
        restart_after=restart_limit if flags & 0x08 else None,
        legal=bool(flags & 0x04),
    )
    return level, position + 2 + 2 * length


def read_lists(table: bytes, fib: Fib) -> ListDefinitions:
    """List definitions (PlfLst and the LVLs after it) and list instances (PlfLfo).

    A list instance (ilfo, 1-based) points to a list by its lsid and may override the
    start of its levels; the numbering then counts exactly as DOCX numbering does.
    """
    lists = ListDefinitions()
    list_offset, list_size = fib.tables.get(FIB_LISTS, (0, 0))
    if list_size < 2:
        return lists
    count = min(_u16(table, list_offset), MAX_LISTS)
    position = list_offset + 2
    definitions = []
    for _ in range(count):
        lsid = _u32(table, position)
        simple = table[position + 26] & 1 if position + 26 < len(table) else 1
        definitions.append((lsid, 1 if simple else 9))
        position += LSTF_SIZE
    for lsid, level_count in definitions:
        levels = {}
        for level in range(level_count):
            levels[level], position = _read_level(table, position)
        lists.abstract_levels[str(lsid)] = levels
    override_offset, override_size = fib.tables.get(FIB_LIST_OVERRIDES, (0, 0))
    if override_size < 4:
        return lists
    count = min(_u32(table, override_offset), MAX_LISTS)
    position = override_offset + 4
    instances = []
    for _ in range(count):
        instances.append((_u32(table, position), table[position + 12] if position + 12 < len(table) else 0))
        position += LFO_SIZE
    for number, (lsid, override_count) in enumerate(instances, start=1):
        lists.num_abstract[str(number)] = str(lsid)
        position += 4  # LFOData.cp
        overrides = {}
        for _ in range(override_count):
            start, bits = struct.unpack_from("<iI", table, position) if position + 8 <= len(table) else (0, 0)
            position += 8
            definition = None
            if bits & 0x20:  # fFormatting: a whole LVL replaces the level
                definition, position = _read_level(table, position)
            overrides[bits & 0xF] = (start if bits & 0x10 else None, definition)
        lists.num_overrides[str(number)] = overrides
    return lists


class ListNumbering:
    """The number text a reader sees before each list paragraph, counted in reading order."""

    def __init__(self, lists: ListDefinitions, style_lists: dict[int, tuple[Optional[int], Optional[int]]]):
        self._lists = lists
        self._style_lists = style_lists

    def prefix(self, properties: Optional[ParagraphProperties]) -> str:
        if properties is None:
            return ""
        style_instance, style_level = self._style_lists.get(properties.style, (None, None))
        instance = properties.list_instance if properties.list_instance is not None else style_instance
        level = properties.list_level if properties.list_level is not None else style_level
        if not instance or str(instance) not in self._lists.num_abstract:
            return ""  # 0: no list; 0xF801 and other out-of-range values: numbering removed
        return self._lists.prefix(str(instance), min(level or 0, 8))


NO_NUMBERING = ListNumbering(ListDefinitions(), {})


class TextMapper:
    """Character position -> the properties of the paragraph whose mark sits there."""

    def __init__(self, pieces: list[Piece], run_starts: list[int], run_properties: list[ParagraphProperties]):
        self._pieces = pieces
        self._piece_starts = [p.cp_start for p in pieces]
        self._run_starts = run_starts
        self._run_properties = run_properties

    def properties_at(self, cp: int) -> Optional[ParagraphProperties]:
        k = bisect_right(self._piece_starts, cp) - 1
        if k < 0 or not self._run_starts:
            return None
        piece = self._pieces[k]
        fc = piece.fc + (cp - piece.cp_start) * (1 if piece.compressed else 2)
        j = bisect_right(self._run_starts, fc) - 1
        return self._run_properties[j] if j >= 0 else None


NO_PROPERTIES = TextMapper([], [], [])
"""For text read without paragraph properties (a text box's story): rows are guessed."""


# --- blocks ------------------------------------------------------------------------------------


class BlockBuilder:
    """Collects paragraphs and table cells in reading order and turns runs of rows into Tables.

    Shared by the Word binary and RTF readers, whose tables are both streams of
    "end of cell" and "end of row" marks between paragraphs. When every row
    states its cells' edges, cells are placed on the grid those edges make, and a
    cell spanning columns or rows is written once, as DOCX tables are (see tablegrid).
    """

    def __init__(self):
        self.blocks: list[Block] = []
        self._cell_lines: list[str] = []
        self._row: list[str] = []
        self._rows: list[tuple[list[str], Optional[tuple[CellLayout, ...]]]] = []
        self._table_slots = SlotBudget()

    def paragraph(self, text: str, in_table: bool) -> None:
        """A paragraph outside a table (manual line breaks split it), or one line of a cell."""
        if in_table:
            self._cell_lines.append(text)
            return
        self.finish_table()
        for line in text.split("\n"):
            if line.strip():
                self.blocks.append(Paragraph(line))

    def cell_end(self, text: str) -> None:
        self._cell_lines.append(text)
        self._row.append("\n".join(line for line in self._cell_lines if line.strip()))
        self._cell_lines = []

    def row_end(self, layout: Optional[tuple[CellLayout, ...]] = None) -> None:
        if self._cell_lines:
            self.cell_end("")
        self._rows.append((self._row, layout))
        self._row = []

    def finish_table(self) -> None:
        if self._row or self._cell_lines:
            self.row_end()
        rows = table_rows(_grid(self._rows, self._table_slots))
        if rows:
            self.blocks.append(Table(rows=rows, row_pages=(None,) * len(rows)))
        self._rows = []

    def finish(self) -> list[Block]:
        self.finish_table()
        return self.blocks


EDGE_TOLERANCE = 30
"""Cell edges closer than this many twips (half a millimetre) are one column edge."""
MAX_TABLE_COLUMNS = 128


def _grid(rows: list[tuple[list[str], Optional[tuple[CellLayout, ...]]]], budget: SlotBudget) -> list[list[GridCell]]:
    """Rows of grid slots on the column grid of all rows' cell edges (see tablegrid)."""
    if not rows:
        return []
    budget.spend(sum(len(cells) for cells, _ in rows))
    unaligned = [[GridCell(text) for text in cells] for cells, _ in rows]
    if any(layout is None or len(layout) != len(cells) for cells, layout in rows):
        return unaligned
    edges = _column_edges([edge for _, layout in rows for cell in layout for edge in (cell.left, cell.right)])
    columns = len(edges) - 1
    if not 0 < columns <= MAX_TABLE_COLUMNS:
        return unaligned
    grid = []
    above = [""] * columns
    for cells, layout in rows:
        budget.spend(columns)
        row = [GridCell("")] * columns
        previous = ""
        for text, cell in zip(cells, layout):
            first = min(_edge_index(edges, cell.left), columns - 1)
            last = min(max(_edge_index(edges, cell.right), first + 1), columns)
            if cell.vertical_merge == "continue":
                slot = GridCell(above[first], ABOVE)
            elif cell.merged_with_previous:
                slot = GridCell(previous, LEFT)
            else:
                slot = GridCell(text)
            row[first] = slot
            for column in range(first + 1, last):
                row[column] = GridCell(slot.text, LEFT)
            for column in range(first, last):
                above[column] = slot.text
            previous = slot.text
        grid.append(row)
    return grid


def _column_edges(values: list[int]) -> list[int]:
    edges: list[int] = []
    for value in sorted(set(values)):
        if not edges or value - edges[-1] > EDGE_TOLERANCE:
            edges.append(value)
    return edges


def _edge_index(edges: list[int], value: int) -> int:
    k = bisect_right(edges, value)
    if k == 0:
        return 0
    if k < len(edges) and edges[k] - value < value - edges[k - 1]:
        return k
    return k - 1


def assemble_blocks(
    text: str,
    mapper: TextMapper,
    numbering: ListNumbering = NO_NUMBERING,
    text_boxes: Sequence[tuple[int, str]] = (),
) -> list[Block]:
    """Split the main text into paragraphs and table cells, keeping field results only and
    putting each list paragraph's number in front of it; each text box's lines follow the
    paragraph its shape is anchored in, as the DOCX reader places them."""
    builder = BlockBuilder()
    boxes = list(reversed(text_boxes))
    fields = FieldNesting()
    current: list[str] = []
    position = 0
    last_mark_was_cell = False
    for match in CONTROL.finditer(text):
        index = match.start()
        char = text[index]
        showing = fields.showing
        if showing:
            current.append(text[position:index])
        position = index + 1
        if char == FIELD_BEGIN:
            fields.begin()
        elif char == FIELD_SEPARATOR:
            fields.separate()
        elif char == FIELD_END:
            fields.end()
        elif char == CELL_END:
            properties = mapper.properties_at(index)
            paragraph_text = "".join(current)
            # without paragraph properties, a cell mark straight after a cell mark ends the row
            if properties.row_end if properties else (last_mark_was_cell and not paragraph_text.strip()):
                builder.row_end(properties.row_layout if properties else None)
                last_mark_was_cell = False
            else:
                builder.cell_end(numbering.prefix(properties) + paragraph_text)
                last_mark_was_cell = True
            current = []
        elif char == PARAGRAPH_END:
            properties = mapper.properties_at(index)
            in_table = bool(properties and properties.in_table)
            builder.paragraph(numbering.prefix(properties) + "".join(current), in_table)
            current = []
            last_mark_was_cell = False
            while boxes and boxes[-1][0] <= index:
                for line in _text_box_lines(boxes.pop()[1]):
                    builder.paragraph(line, in_table)
        elif showing:
            current.append(CONTROL_TEXT.get(char, ""))
    if fields.showing:
        current.append(text[position:])
    builder.paragraph("".join(current), False)
    for _, box in reversed(boxes):
        for line in _text_box_lines(box):
            builder.paragraph(line, False)
    return builder.finish()


def _text_box_lines(text: str) -> list[str]:
    """A text box's text as lines: its paragraphs, a table in it read row by row."""
    lines = []
    for block in assemble_blocks(text, NO_PROPERTIES):
        if isinstance(block, Table):
            lines.extend(" ".join(cell for cell in row if cell) for row in block.rows)
        else:
            lines.append(block.text)
    return lines


def _open_ole(data: bytes) -> olefile.OleFileIO:
    try:
        return olefile.OleFileIO(io.BytesIO(data))
    except Exception as exc:  # olefile raises many kinds on hostile input
        raise _corrupt(f"the OLE container cannot be opened: {exc}") from exc


def _stream(ole: olefile.OleFileIO, name: str) -> bytes:
    try:
        with ole.openstream(name) as stream:
            return stream.read()
    except Exception as exc:  # olefile raises many kinds on hostile input
        raise _corrupt(f"stream {name} cannot be read: {exc}") from exc


def _refuse_other_ole(ole: olefile.OleFileIO) -> None:
    """An OLE file without a WordDocument stream: named by the streams it has, else damaged."""
    for stream, (error, description) in OTHER_OLE_FORMATS.items():
        if ole.exists(stream):
            if error == "encrypted":
                raise ExtractionError(
                    "encrypted",
                    "a password-protected Office document; remove the password and save it again. "
                    "/ 文档已加密,请取消密码后另存再试。",
                )
            raise ExtractionError(error, f"{description}; zhenggai reads Word documents. / 不是 Word 文档。")
    raise _corrupt("there is no WordDocument stream")


def load(data: bytes) -> LoadedDocument:
    ole = _open_ole(data)
    try:
        if ole.exists("EncryptedPackage") or not ole.exists("WordDocument"):
            _refuse_other_ole(ole)  # an encrypted DOCX may carry a WordDocument stub
        word = _stream(ole, "WordDocument")
        fib = read_fib(word)
        if not ole.exists(fib.table_stream):
            raise _corrupt(f"the {fib.table_stream} stream is missing")
        table = _stream(ole, fib.table_stream)
        pieces = read_pieces(table, fib)
        text = read_text(word, pieces, 0, fib.ccp_text)
        data_stream = _stream(ole, "Data") if ole.exists("Data") else b""
    finally:
        ole.close()
    warnings = []
    run_starts, run_properties = read_paragraph_properties(word, table, data_stream, fib)
    if not run_starts:
        warnings.append("no paragraph properties found: table rows were guessed")
    try:
        numbering = ListNumbering(read_lists(table, fib), read_style_lists(table, fib))
    except ExtractionError:
        numbering = NO_NUMBERING
        warnings.append("the list definitions are damaged: automatic numbers are left out")
    try:
        text_boxes = read_text_boxes(word, table, pieces, fib)
    except ExtractionError:
        text_boxes = []
        warnings.append("the text boxes' story is damaged: text boxes are left out")
    blocks = assemble_blocks(text, TextMapper(pieces, run_starts, run_properties), numbering, text_boxes)
    return LoadedDocument(format="doc", blocks=blocks, warnings=warnings)
