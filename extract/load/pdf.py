"""PDF: the text layer in reading order, rebuilt into printed paragraphs and ruled tables.

pdfium hands over every character with its box at a fraction of pdfplumber's cost,
but its own text order follows the content stream, where glyphs set in a fallback
font (the “ ” of Chinese body text) come at the end of their line. So characters
are regrouped here from their boxes: into lines by vertical position, left to
right within a line, with spaces only between non-CJK characters set apart.

Lines are then cleared of running headers, footers and page numbers (the same
text at the same height on many pages, page-number shapes near the page edge)
and joined into printed paragraphs: a line that runs to the right margin goes on
in the next line unless that one is indented, across page breaks too.

pdfplumber's table finder runs only on pages that draw ruling lines. Table text
is taken out of the paragraphs; a row broken over a page break is rejoined, the
header row a table repeats on each page is dropped, and a table continued over
pages becomes one Table.
"""

from __future__ import annotations

import ctypes
import io
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass
from statistics import median
from typing import Callable, Optional, Union

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import regex

from extract.blocks import Block, LoadedDocument, Paragraph, Table
from extract.errors import ExtractionError
from extract.load.ocr import ScanReader

MAX_CHARS_PER_PAGE = 200_000
MAX_CHARS_PER_DOCUMENT = 5_000_000
MAX_OBJECTS_INSPECTED = 20_000
"""Page objects looked at when deciding whether a page draws ruling lines."""

# --- layout tolerances, in multiples of the font size unless said otherwise ---
SPACE_GAP = 0.3
"""A gap this wide between two non-CJK characters is a space."""
COLUMN_GAP = 4.0
"""A gap this wide splits a visual line into separate pieces (signatures, untabled columns)."""
RIGHT_MARGIN_SLACK = 2.0
"""A line ending this close to the right margin runs on (CJK line breaking leaves up to ~2 chars)."""
OPEN_SENTENCE_SLACK = 4.0
"""A line ending mid-sentence runs on from this close to the margin (a quoted or Latin word
that could not be split was pushed to the next line)."""
INDENT = 0.5
"""A line starting this far right of the left margin is indented: it opens a paragraph."""
PARAGRAPH_GAP = 1.2
"""A blank this high between lines on a page separates paragraphs."""
SIZE_CHANGE = 0.15
"""Lines whose font sizes differ by this fraction belong to different paragraphs."""
FURNITURE_ZONE = 0.12
"""Fraction of the page height at top and bottom where headers, footers and page numbers sit."""
REPEATED_ON_PAGES = 0.4
"""A line at the same height on this fraction of the pages (and on 2 at least) is a running header/footer."""
RULE_THICKNESS = 3.0
RULE_MIN_LENGTH = 8.0
"""Ruling lines are paths thinner than RULE_THICKNESS and longer than RULE_MIN_LENGTH points."""
GRID_PATH_SEGMENTS = 8
"""A box-shaped path with more segments than a rectangle draws a grid."""
MAX_GRID = 100_000
"""Grid positions (rows x columns of edges) beyond which a found table is not read as one."""

# --- language knowledge ---
PAGE_NUMBER_LINES = tuple(
    regex.compile(p)
    for p in (
        r"^[-—–―~·]{0,3}\d{1,4}[-—–―~·]{0,3}$",  # 17, - 17 -, —17—
        r"^第\d{1,4}页(?:[,,/]?共\d{1,4}页)?$",  # 第 17 页, 第17页/共23页
        r"^共\d{1,4}页[,,]?第\d{1,4}页$",
        r"^\d{1,4}/\d{1,4}$",  # 17/23
        r"^(?i:page)\d{1,4}(?:(?i:of)\d{1,4})?$",
    )
)
PARAGRAPH_OPENERS = regex.compile(
    r"^(?:[一二三四五六七八九十]{1,3}、|[((][一二三四五六七八九十\d]{1,3}[))]|\d{1,2}[.、.](?!\d)"
    r"|第[一二三四五六七八九十\d]{1,4}[章节条]|附件\d{0,2}[::])"
)
"""Outline numbers and labels that start a new paragraph after a sentence has ended."""
SENTENCE_END = tuple("。;;::!?!?")
CJK = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}\u3000-\u303f\uff00-\uffef“”‘’—…·]")
DIGITS = regex.compile(r"\d+")
WHITESPACE = regex.compile(r"\s+")

Char = tuple[str, float, float, float, float]
"""(text, x0, top, x1, bottom) in points, origin at the top left of the page as displayed."""


@dataclass
class _Line:
    """A visual line (or a piece of one split at a wide gap) with its geometry."""

    text: str
    page: int
    x0: float
    top: float
    x1: float
    bottom: float
    size: float
    left: float = 0.0
    right: float = 0.0
    """left and right: the margins of the text block the line sits in."""


@dataclass
class _PageTable:
    rows: list[list[str]]
    page: int
    top: float


@dataclass
class _Page:
    number: int
    height: float
    lines: list[_Line]
    tables: list[_PageTable]
    has_text: bool


def load(data: bytes) -> LoadedDocument:
    warnings: list[str] = []
    pdf = _open(data)
    plumber = None
    pages: list[_Page] = []
    scans = ScanReader(warnings)
    try:
        page_count = len(pdf)
        budget = MAX_CHARS_PER_DOCUMENT
        for index in range(page_count):
            if budget <= 0:
                warnings.append(
                    f"stopped reading at page {index + 1}: over {MAX_CHARS_PER_DOCUMENT} characters"
                )
                break
            number = index + 1
            read = _read_page(pdf, index, min(budget, MAX_CHARS_PER_PAGE), warnings)
            if read is None:
                continue
            chars, height, ruled = read
            budget -= len(chars)
            tables: list[_PageTable] = []
            if not chars:  # no text layer: a scanned page is read by OCR (extract/load/ocr.py)
                chars, scanned = scans.read(pdf, index)
                tables = [_PageTable(rows, number, top) for rows, top in scanned]
            if ruled:
                plumber = plumber or _open_plumber(data)
                tables, chars = _take_out_tables(plumber, number, chars, warnings)
            lines = _group_lines(chars, number)
            pages.append(_Page(number, height, lines, tables, bool(lines or tables)))
    finally:
        if plumber is not None:
            plumber.close()
        pdf.close()

    if not pages:
        raise ExtractionError(
            "corrupt_file",
            "the PDF has no page that can be read; download it again. / PDF 中没有可读取的页面,请重新下载。",
        )
    empty = [p.number for p in pages if not p.has_text]
    if len(empty) == len(pages):
        raise scans.no_text_error()
    warnings.extend(f"page {n} has no text layer (scanned?)" for n in empty)
    scans.finish()
    _drop_running_furniture(pages)
    for page in pages:
        _set_text_block_edges(page.lines)
    return LoadedDocument(
        format="pdf", blocks=_blocks(pages), pages=page_count, warnings=warnings,
        ocr_pages=scans.page_numbers, ocr_confidence=scans.confidence,
    )


# --- opening -------------------------------------------------------------------


def _open(data: bytes) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if exc.err_code in (pdfium_c.FPDF_ERR_PASSWORD, pdfium_c.FPDF_ERR_SECURITY):
            raise ExtractionError(
                "encrypted",
                "the PDF is password-protected; open it with the password and save an "
                "unprotected copy. / PDF 已加密,请用密码打开后另存为未加密的副本。",
            ) from exc
        raise ExtractionError(
            "corrupt_file",
            f"the PDF is damaged or truncated ({exc}); download it again. "
            "/ PDF 文件已损坏或不完整,请重新下载。",
        ) from exc


def _open_plumber(data: bytes):
    import pdfplumber

    return pdfplumber.open(io.BytesIO(data))


# --- characters and lines ----------------------------------------------------------


def _read_page(
    pdf: pdfium.PdfDocument, index: int, char_limit: int, warnings: list[str]
) -> Optional[tuple[list[Char], float, bool]]:
    """The page's characters, its height as displayed, and whether it draws ruling lines."""
    number = index + 1
    try:
        page = pdf[index]
    except pdfium.PdfiumError:
        warnings.append(f"page {number} could not be read (damaged)")
        return None
    try:
        to_display, height = _display_transform(page)
        textpage = page.get_textpage()
        try:
            count = pdfium_c.FPDFText_CountChars(textpage)
            if count > char_limit:
                warnings.append(f"page {number}: only the first {char_limit} of {count} characters read")
            chars = _page_chars(textpage, min(count, char_limit), to_display)
        finally:
            textpage.close()
        ruled = bool(chars) and _has_ruling_lines(page)
    finally:
        page.close()
    return chars, height, ruled


def _display_transform(page) -> tuple[Callable[..., tuple[float, float, float, float]], float]:
    """Map pdfium boxes (PDF space) to the page as displayed: origin top left, y down, /Rotate applied.

    The frame is the media box, as pdfplumber's, so table cells and characters line up.
    """
    left, bottom, right, top = page.get_mediabox()
    rotation = page.get_rotation()
    if rotation == 90:
        return (lambda x0, y0, x1, y1: (y0 - bottom, x0 - left, y1 - bottom, x1 - left)), right - left
    if rotation == 180:
        return (lambda x0, y0, x1, y1: (right - x1, y0 - bottom, right - x0, y1 - bottom)), top - bottom
    if rotation == 270:
        return (lambda x0, y0, x1, y1: (top - y1, right - x1, top - y0, right - x0)), right - left
    return (lambda x0, y0, x1, y1: (x0 - left, top - y1, x1 - left, top - y0)), top - bottom


def _page_chars(textpage, count: int, to_display) -> list[Char]:
    """The page's characters with their boxes. Spaces the PDF draws are kept (as " ") to mark
    word breaks; line breaks and the spaces pdfium makes up itself are not."""
    text = _page_text(textpage, count)
    box = pdfium_c.FS_RECTF()
    chars: list[Char] = []
    for index, ch in enumerate(text):
        if ch.isspace():
            if ch in "\r\n" or pdfium_c.FPDFText_IsGenerated(textpage, index):
                continue
            ch = " "
        elif ch < " ":
            continue
        pdfium_c.FPDFText_GetLooseCharBox(textpage, index, box)
        x0, top, x1, bottom = to_display(box.left, box.bottom, box.right, box.top)
        chars.append((ch, x0, top, x1, bottom))
    return chars


def _page_text(textpage, count: int) -> str:
    """One str character per pdfium character: all at once, or one by one where the bulk text
    does not line up (pdfium may add or drop characters in it)."""
    buffer = (ctypes.c_ushort * (2 * count + 2))()
    written = pdfium_c.FPDFText_GetText(textpage, 0, count, buffer)
    text = bytes(memoryview(buffer).cast("B")[: 2 * max(written - 1, 0)]).decode("utf-16-le", "replace")
    if len(text) == count:
        return text
    return "".join(chr(pdfium_c.FPDFText_GetUnicode(textpage, k)) for k in range(count))


def _group_lines(chars: list[Char], page: int) -> list[_Line]:
    """Characters whose vertical middles fall within one another's height form a line."""
    rows: list[list] = []  # [top, bottom, chars]
    for char in sorted(chars, key=lambda c: c[2] + c[4]):
        middle = (char[2] + char[4]) / 2
        if rows and middle <= rows[-1][1]:
            row = rows[-1]
            row[1] = max(row[1], char[4])
            row[2].append(char)
        else:
            rows.append([char[2], char[4], [char]])
    lines: list[_Line] = []
    for _, _, row_chars in rows:
        row_chars.sort(key=lambda c: c[1])
        lines.extend(_split_row(row_chars, page))
    return lines


def _split_row(chars: list[Char], page: int) -> list[_Line]:
    """Text of one row, left to right: a space only between non-CJK characters that a space
    or a gap separates, and a new piece where the gap is as wide as a column gutter.
    Overprinted duplicates (fake bold) are read once."""
    glyphs = [c for c in chars if c[0] != " "]
    if not glyphs:
        return []
    size = _font_size(glyphs)
    pieces: list[_Line] = []
    text: list[str] = []
    first = previous = None
    spaced = False
    for char in chars:
        if char[0] == " ":
            spaced = True
            continue
        if previous is None:
            first = char
        elif char[0] == previous[0] and abs(char[1] - previous[1]) < 0.25 * size:
            continue
        else:
            gap = char[1] - previous[3]
            if gap > COLUMN_GAP * size:
                pieces.append(_piece(text, first, previous, page, size))
                text, first = [], char
            elif (spaced or gap > SPACE_GAP * size) and not CJK.match(previous[0]) and not CJK.match(char[0]):
                text.append(" ")
        text.append(char[0])
        previous, spaced = char, False
    pieces.append(_piece(text, first, previous, page, size))
    return pieces


def _font_size(chars: list[Char]) -> float:
    """A row's font size: the width of its Han characters (they are one em wide in every
    font), else the height of its boxes, which varies more between fonts."""
    widths = [c[3] - c[1] for c in chars if "\u4e00" <= c[0] <= "\u9fff"]
    return median(widths or [c[4] - c[2] for c in chars]) or 1.0


def _piece(text: list[str], first: Char, last: Char, page: int, size: float) -> _Line:
    return _Line("".join(text), page, first[1], first[2], last[3], last[4], size)


# --- headers, footers, page numbers ----------------------------------------------


def _drop_running_furniture(pages: list[_Page]) -> None:
    """Remove page numbers and lines repeated at the same height on many pages, near the page edges."""

    def in_zone(line: _Line, height: float) -> bool:
        return line.bottom <= FURNITURE_ZONE * height or line.top >= (1 - FURNITURE_ZONE) * height

    def key(line: _Line) -> tuple[str, int]:
        return DIGITS.sub("#", line.text.replace(" ", "")), round(line.top / 4)

    seen_on = Counter()
    for page in pages:
        seen_on.update({key(line) for line in page.lines if in_zone(line, page.height)})
    pages_with_text = sum(1 for p in pages if p.lines)
    repeated = {k for k, n in seen_on.items() if n >= 2 and n >= REPEATED_ON_PAGES * pages_with_text}
    for page in pages:
        page.lines = [
            line
            for line in page.lines
            if not (
                in_zone(line, page.height)
                and (key(line) in repeated or _is_page_number(line.text))
            )
        ]


def _is_page_number(text: str) -> bool:
    compact = text.replace(" ", "")
    return any(p.match(compact) for p in PAGE_NUMBER_LINES)


# --- paragraphs ------------------------------------------------------------------------


def _set_text_block_edges(lines: list[_Line]) -> None:
    """The left and right margins of a page (or a table cell): the outermost line start and end
    that at least two lines share, so one stray line does not move them."""
    if not lines:
        return
    starts = Counter(round(line.x0) for line in lines)
    ends = Counter(round(line.x1) for line in lines)
    left = min((x for x, n in starts.items() if n >= 2), default=min(line.x0 for line in lines))
    right = max((x for x, n in ends.items() if n >= 2), default=max(line.x1 for line in lines))
    for line in lines:
        line.left, line.right = left, right


def _continues(previous: _Line, line: _Line) -> bool:
    """Whether `line` carries on the paragraph that `previous` ends.

    It does when `previous` runs to the right margin (a little less strictly when it stops
    mid-sentence) and `line` is not indented, in the same font size and without a blank
    between them (page breaks aside); a title wrapped over centred lines also carries on.
    An outline number after a finished sentence opens a paragraph even at the margin.
    """
    if abs(line.size - previous.size) > SIZE_CHANGE * max(line.size, previous.size):
        return False
    if line.page == previous.page and line.top - previous.bottom > PARAGRAPH_GAP * previous.size:
        return False
    ended = previous.text.endswith(SENTENCE_END)
    slack = RIGHT_MARGIN_SLACK if ended else OPEN_SENTENCE_SLACK
    if previous.x1 < previous.right - slack * previous.size:
        return False
    if ended and PARAGRAPH_OPENERS.match(line.text):
        return False
    if line.x0 <= line.left + INDENT * line.size:
        return True
    return (
        _centred(previous)
        and _centred(line)
        and previous.x0 > previous.left + INDENT / 2 * previous.size
    )


def _centred(line: _Line) -> bool:
    return abs((line.x0 - line.left) - (line.right - line.x1)) <= line.size


def _glue(before: str, after: str) -> str:
    """What joins two pieces of running text: nothing where either side is CJK or the first
    ends in a hyphen or slash, else a space."""
    if not before or not after or before[-1] in "-/" or CJK.match(before[-1]) or CJK.match(after[0]):
        return ""
    return " "


def _paragraphs(lines: list[_Line]) -> list[tuple[str, int]]:
    """Join visual lines into printed paragraphs: (text, page the paragraph starts on)."""
    paragraphs: list[tuple[str, int]] = []
    text = ""
    page = 0
    previous: Optional[_Line] = None
    for line in lines:
        if previous is not None and _continues(previous, line):
            text += _glue(text, line.text) + line.text
        else:
            if previous is not None:
                paragraphs.append((text, page))
            text, page = line.text, line.page
        previous = line
    if previous is not None:
        paragraphs.append((text, page))
    return paragraphs


def _blocks(pages: list[_Page]) -> list[Block]:
    """Paragraphs and tables in reading order; paragraphs run on over page breaks,
    tables continued on the next page are merged into one."""
    blocks: list[Block] = []
    run: list[_Line] = []
    table: Optional[_TableBuilder] = None
    for page in pages:
        items: list[Union[_Line, _PageTable]] = sorted(
            [*page.lines, *page.tables], key=lambda item: item.top
        )
        for item in items:
            if isinstance(item, _Line):
                if table is not None:
                    blocks.append(table.build())
                    table = None
                run.append(item)
                continue
            blocks.extend(Paragraph(text, p) for text, p in _paragraphs(run))
            run = []
            if table is not None and table.continues_with(item):
                table.extend(item)
            else:
                if table is not None:
                    blocks.append(table.build())
                table = _TableBuilder(item)
    blocks.extend(Paragraph(text, p) for text, p in _paragraphs(run))
    if table is not None:
        blocks.append(table.build())
    return blocks


# --- tables ----------------------------------------------------------------------------


def _has_ruling_lines(page) -> bool:
    """Whether the page draws what a ruled table needs: two horizontal and two vertical rules
    (a box counts as one of each), or one path that draws a whole grid. Paths inside form
    XObjects count too."""
    horizontal = vertical = 0
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    containers = [(pdfium_c.FPDFPage_CountObjects(page), page, pdfium_c.FPDFPage_GetObject)]
    inspected = 0
    while containers and inspected < MAX_OBJECTS_INSPECTED:
        count, container, get_object = containers.pop()
        for k in range(min(count, MAX_OBJECTS_INSPECTED - inspected)):
            inspected += 1
            obj = get_object(container, k)
            kind = pdfium_c.FPDFPageObj_GetType(obj)
            if kind == pdfium_c.FPDF_PAGEOBJ_FORM:
                form_objects = pdfium_c.FPDFFormObj_CountObjects(obj)
                containers.append((form_objects, obj, pdfium_c.FPDFFormObj_GetObject))
                continue
            if kind != pdfium_c.FPDF_PAGEOBJ_PATH:
                continue
            if not pdfium_c.FPDFPageObj_GetBounds(obj, left, bottom, right, top):
                continue
            width, height = right.value - left.value, top.value - bottom.value
            long_across, long_down = width >= RULE_MIN_LENGTH, height >= RULE_MIN_LENGTH
            if long_across and long_down and pdfium_c.FPDFPath_CountSegments(obj) > GRID_PATH_SEGMENTS:
                return True
            horizontal += long_across and (long_down or height <= RULE_THICKNESS)
            vertical += long_down and (long_across or width <= RULE_THICKNESS)
            if horizontal >= 2 and vertical >= 2:
                return True
    return False


def _take_out_tables(
    plumber, number: int, chars: list[Char], warnings: list[str]
) -> tuple[list[_PageTable], list[Char]]:
    """The page's ruled tables, filled with the characters inside their cells; and the
    characters left for paragraphs (no text in a cell ever becomes one)."""
    try:
        plumber_page = plumber.pages[number - 1]
        grids = [_CellGrid(t.cells) for t in plumber_page.find_tables()]
        plumber_page.close()
    except Exception as exc:  # pdfminer fails in many ways on damaged content; keep the text
        warnings.append(f"page {number}: the table finder failed ({type(exc).__name__}); read as text")
        return [], chars
    tables = []
    for grid in grids:
        if not grid.is_table:
            continue
        by_cell: dict[int, list[Char]] = {}
        outside: list[Char] = []
        for char in chars:
            cell = grid.cell_at((char[1] + char[3]) / 2, (char[2] + char[4]) / 2)
            if cell is None:
                outside.append(char)
            else:
                by_cell.setdefault(cell, []).append(char)
        chars = outside
        rows = grid.rows(by_cell, number)
        if rows:
            tables.append(_PageTable(rows, number, grid.top))
    return tables, chars


class _CellGrid:
    """pdfplumber's cells laid on the grid of all their edges; a merged cell owns every grid
    position it spans, so its text repeats there."""

    def __init__(self, cells: list[tuple[float, float, float, float]]):
        self.xs = sorted({round(v, 1) for c in cells for v in (c[0], c[2])})
        self.ys = sorted({round(v, 1) for c in cells for v in (c[1], c[3])})
        self.top = self.ys[0] if self.ys else 0.0
        self.owner: dict[tuple[int, int], int] = {}
        self.is_table = len(self.xs) > 2 and len(self.ys) > 1 and len(self.xs) * len(self.ys) < MAX_GRID
        if not self.is_table:
            return
        column = {x: i for i, x in enumerate(self.xs)}
        row = {y: i for i, y in enumerate(self.ys)}
        for index, (x0, top, x1, bottom) in enumerate(cells):
            for r in range(row[round(top, 1)], row[round(bottom, 1)]):
                for c in range(column[round(x0, 1)], column[round(x1, 1)]):
                    self.owner[(r, c)] = index

    def cell_at(self, x: float, y: float) -> Optional[int]:
        """The cell at (x, y), if any."""
        if not (self.xs[0] <= x <= self.xs[-1] and self.ys[0] <= y <= self.ys[-1]):
            return None
        return self.owner.get((bisect_right(self.ys, y) - 1, bisect_right(self.xs, x) - 1))

    def rows(self, by_cell: dict[int, list[Char]], page: int) -> list[list[str]]:
        texts = {cell: _cell_text(chars, page) for cell, chars in by_cell.items()}
        rows = []
        for r in range(len(self.ys) - 1):
            row = [texts.get(self.owner.get((r, c), -1), "") for c in range(len(self.xs) - 1)]
            if any(row):
                rows.append(row)
        return rows


def _cell_text(chars: list[Char], page: int) -> str:
    """A cell's lines joined into its paragraphs, one per line of the text.

    Cells are too narrow for the margin test (a Latin word or a number pushed to the next
    line leaves a short line mid-sentence), so a cell's paragraph ends only where a line
    ends a sentence and stops short of the cell's edge or the next line starts a numbered item.
    """
    lines = _group_lines(chars, page)
    _set_text_block_edges(lines)
    text = ""
    for previous, line in zip([None, *lines], lines):
        if previous is None:
            text = line.text
        elif previous.text.endswith(SENTENCE_END) and (
            previous.x1 < previous.right - RIGHT_MARGIN_SLACK * previous.size
            or PARAGRAPH_OPENERS.match(line.text)
        ):
            text += "\n" + line.text
        else:
            text += _glue(text, line.text) + line.text
    return text


class _TableBuilder:
    """One Table from a table's parts on consecutive pages: the header row repeated on a
    page is dropped, and a first row without its first cell (序号) continues the row the
    previous page ended with."""

    def __init__(self, first: _PageTable):
        self.rows = [list(row) for row in first.rows]
        self.row_pages = [first.page] * len(self.rows)
        self.last_page = first.page

    def continues_with(self, part: _PageTable) -> bool:
        return (
            part.page == self.last_page + 1
            and bool(self.rows)
            and bool(part.rows)
            and len(part.rows[0]) == len(self.rows[0])
        )

    def extend(self, part: _PageTable) -> None:
        rows = part.rows
        if rows and _compact_row(rows[0]) == _compact_row(self.rows[0]):
            rows = rows[1:]
        if rows and not rows[0][0].strip():
            self.rows[-1] = [_join_cell_text(a, b) for a, b in zip(self.rows[-1], rows[0])]
            rows = rows[1:]
        self.rows.extend(list(row) for row in rows)
        self.row_pages.extend([part.page] * len(rows))
        self.last_page = part.page

    def build(self) -> Table:
        return Table(tuple(tuple(row) for row in self.rows), tuple(self.row_pages))


def _compact_row(row: list[str]) -> list[str]:
    return [WHITESPACE.sub("", cell) for cell in row]


def _join_cell_text(before: str, after: str) -> str:
    """A cell's text broken by a page break: a paragraph break only after a finished sentence."""
    if not before or not after:
        return before or after
    return before + ("\n" if before.endswith(SENTENCE_END) else _glue(before, after)) + after
