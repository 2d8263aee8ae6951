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

Only what the page shows is read: a character outside the crop box or its text
object's clip is dropped (WPS and Word lay a text frame that runs over a page
break on both pages, clipped to each part), and overprinted copies of a glyph
(fake bold) are read once.

Ruled tables: the ruling lines are walked from pdfium's path objects and handed
to pdfplumber's table finder as edges, so pdfminer never parses the page; paths
only filled white (the background WPS paints behind paragraphs) are not rules.
Table text is taken out of the paragraphs; a row broken over a page break is
rejoined, the header row a table repeats on each page is dropped, and a table
continued over pages becomes one Table. A cell merged across columns is written
once, one merged down rows in every row it spans.
"""

from __future__ import annotations

import ctypes
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
MAX_UNREADABLE_PAGES = 50
"""Pages in a row that pdfium cannot load (a page tree that loops, a /Count that lies) before reading stops."""
MAX_OBJECTS_INSPECTED = 20_000
"""Page objects looked at for ruling lines."""
MAX_CLIP_PATHS = 1_000
"""Paths of one clip, and segments of one clip path, looked at."""
MAX_PATH_SEGMENTS = 200_000
"""Path segments read for ruling lines on one page."""

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
BLANK_LINE = 0.5
"""A blank between lines on a page separates paragraphs when it is PARAGRAPH_GAP high, and
BLANK_LINE higher than the page's usual space between lines (公文 pages are set at 28-40
points a line for a 15-16 point font)."""
HANGING_INDENT = 4.0
"""A numbered item's next line may start this far right of the item (under its text, past
the number: （十一） is four characters wide)."""
SIZE_CHANGE = 0.15
"""Lines whose font sizes differ by this fraction belong to different paragraphs."""
FURNITURE_ZONE = 0.12
"""Fraction of the page height at top and bottom where headers, footers and page numbers sit."""
REPEATED_ON_PAGES = 0.4
"""A line at the same height on this fraction of the pages (and on 2 at least) is a running header/footer."""
EDGE_MIN_LENGTH = 1.0
"""Path segments shorter than this (points) are not ruling lines (pdfplumber's prefilter)."""
AXIS_SLACK = 0.01
"""A segment whose ends differ by less than this (points) across it is horizontal or vertical."""
RULE_THICKNESS = 3.0
"""A path whose box is at most this thin (points) draws one ruling line along its length."""
CLIP_SLACK = 1.0
"""A character's middle may lie this far (points) outside its clip and still show."""
TABLE_TOLERANCE = 3.0
"""pdfplumber's default snap, join, minimum-length and intersection tolerance (points)."""
WHITE = 250
"""A colour whose red, green and blue are all at least this is white: it leaves no mark on paper."""
MAX_GRID = 100_000
"""Grid positions (rows x columns of edges) beyond which ruling lines are not read as a table."""

# --- language knowledge ---
PAGE_NUMBER_LINES = tuple(
    regex.compile(p)
    for p in (
        r"^[-—–―~·]{0,3}\d{1,4}[-—–―~·]{0,3}$",  # 17, - 17 -, —17—
        r"^第\d{1,4}页(?:[,\uff0c/]?共\d{1,4}页)?$",  # 第 17 页, 第17页/共23页
        r"^共\d{1,4}页[,\uff0c]?第\d{1,4}页$",
        r"^\d{1,4}/\d{1,4}$",  # 17/23
        r"^(?i:page)\d{1,4}(?:(?i:of)\d{1,4})?$",
    )
)
PARAGRAPH_OPENERS = regex.compile(
    r"^(?:[一二三四五六七八九十]{1,3}、|[(\uff08][一二三四五六七八九十\d]{1,3}[)\uff09]|\d{1,2}[.、\uff0e](?!\d)"
    r"|第[一二三四五六七八九十\d]{1,4}[章节条]|附件\d{0,2}[:\uff1a])"
)
"""Outline numbers and labels that start a new paragraph after a sentence has ended.
Full-width forms are written as escapes here and below, so that no editor folds them to ASCII."""
CONTENTS_ENTRY_END = regex.compile(r"(?:\.{4}|…{2}|·{4}|\u2026\.)[.…·]{0,200} ?\d{0,4}$")
"""A table-of-contents line ends in a dot leader, with its page number or without: the entry ends there."""
SENTENCE_END = tuple("。;\uff1b:\uff1a!\uff01?\uff1f")
CJK = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}\u3000-\u303f\uff00-\uffef“”‘’—…·]")
DIGITS = regex.compile(r"\d+")
WHITESPACE = regex.compile(r"\s+")

def _on_addresses(function, result=ctypes.c_void_p):
    """`function` of pdfium taking and giving handles as plain ints (0 for NULL): cheap to
    pass, compare and key a dict on, where pypdfium2's typed pointers cost a cast per call."""
    arguments = [ctypes.c_void_p if t.__name__.startswith("LP_struct_fpdf_") else t for t in function.argtypes]
    return ctypes.CFUNCTYPE(result, *arguments)(ctypes.cast(function, ctypes.c_void_p).value)


_text_object = _on_addresses(pdfium_c.FPDFText_GetTextObject)
_clip_path = _on_addresses(pdfium_c.FPDFPageObj_GetClipPath)
_clip_path_count = _on_addresses(pdfium_c.FPDFClipPath_CountPaths, ctypes.c_int)
_clip_segment_count = _on_addresses(pdfium_c.FPDFClipPath_CountPathSegments, ctypes.c_int)
_clip_segment = _on_addresses(pdfium_c.FPDFClipPath_GetPathSegment)
_segment_point = _on_addresses(pdfium_c.FPDFPathSegment_GetPoint, ctypes.c_int)
_segment_type = _on_addresses(pdfium_c.FPDFPathSegment_GetType, ctypes.c_int)
_segment_closes = _on_addresses(pdfium_c.FPDFPathSegment_GetClose, ctypes.c_int)
_page_object = _on_addresses(pdfium_c.FPDFPage_GetObject)
_form_object = _on_addresses(pdfium_c.FPDFFormObj_GetObject)
_form_object_count = _on_addresses(pdfium_c.FPDFFormObj_CountObjects, ctypes.c_int)
_object_type = _on_addresses(pdfium_c.FPDFPageObj_GetType, ctypes.c_int)
_object_matrix = _on_addresses(pdfium_c.FPDFPageObj_GetMatrix, ctypes.c_int)
_object_bounds = _on_addresses(pdfium_c.FPDFPageObj_GetBounds, ctypes.c_int)
_draw_mode = _on_addresses(pdfium_c.FPDFPath_GetDrawMode, ctypes.c_int)
_fill_colour = _on_addresses(pdfium_c.FPDFPageObj_GetFillColor, ctypes.c_int)
_path_segment_count = _on_addresses(pdfium_c.FPDFPath_CountSegments, ctypes.c_int)
_path_segment = _on_addresses(pdfium_c.FPDFPath_GetPathSegment)

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
    spacing: float = 0.0
    """The usual space between lines of the page (bottom of one to top of the next)."""


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
    pages: list[_Page] = []
    unreadable: list[int] = []
    scans = ScanReader(warnings)
    try:
        page_count = len(pdf)
        budget = MAX_CHARS_PER_DOCUMENT
        for index in range(page_count):
            number = index + 1
            if budget <= 0:
                warnings.append(f"stopped reading at page {number}: over {MAX_CHARS_PER_DOCUMENT} characters")
                break
            if unreadable[-MAX_UNREADABLE_PAGES:] == list(range(number - MAX_UNREADABLE_PAGES, number)):
                warnings.append(f"stopped reading at page {number}: {MAX_UNREADABLE_PAGES} pages in a row could not be read")
                break
            read = _read_page(pdf, index, min(budget, MAX_CHARS_PER_PAGE), warnings)
            if read is None:
                unreadable.append(number)
                continue
            chars, height, edges = read
            budget -= len(chars)
            has_text = _has_text_layer(chars)
            tables, chars = _take_out_tables(edges, number, chars, warnings) if has_text else ([], chars)
            if not has_text:  # a scan: its page image is read by OCR (extract/load/ocr.py)
                chars, scanned = scans.read(pdf, index)
                tables = [_PageTable(rows, number, top) for rows, top in scanned]
                has_text = bool(chars or tables)
            pages.append(_Page(number, height, _group_lines(chars, number), tables, has_text))
    finally:
        pdf.close()

    if unreadable:
        warnings.append(f"{_page_list(unreadable)} could not be read (damaged)")
    if not any(p.has_text for p in pages):
        if unreadable or not pages:
            raise ExtractionError(
                "corrupt_file",
                "the PDF's pages cannot be read (a damaged page tree); download it again. "
                "/ PDF 的页面无法读取(页面结构损坏),请重新下载。",
            )
        raise scans.no_text_error()
    warnings.extend(f"page {p.number} has no text layer (scanned?)" for p in pages if not p.has_text)
    scans.finish()
    _drop_running_furniture(pages)
    for page in pages:
        _set_text_block_edges(page.lines)
        _set_line_spacing(page.lines)
    return LoadedDocument(
        format="pdf", blocks=_blocks(pages), pages=page_count, warnings=warnings,
        ocr_pages=scans.page_numbers, ocr_confidence=scans.confidence,
    )


def _has_text_layer(chars: list[Char]) -> bool:
    """Whether a page carries text to read: the one place that judges it, so that a page
    without (a scan) can be handed to OCR here."""
    return any(char[0] != " " for char in chars)


def _page_list(numbers: list[int]) -> str:
    """ "page 3" or "pages 2-4, 7": consecutive numbers as ranges."""
    runs: list[list[int]] = []
    for n in numbers:
        if runs and n == runs[-1][1] + 1:
            runs[-1][1] = n
        else:
            runs.append([n, n])
    text = ", ".join(str(a) if a == b else f"{a}-{b}" for a, b in runs)
    return f"page {text}" if len(numbers) == 1 else f"pages {text}"


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


# --- characters and lines ----------------------------------------------------------


def _read_page(
    pdf: pdfium.PdfDocument, index: int, char_limit: int, warnings: list[str]
) -> Optional[tuple[list[Char], float, list[dict]]]:
    """The page's characters, its height as displayed, and its ruling lines."""
    number = index + 1
    try:
        page = pdf[index]
    except pdfium.PdfiumError:
        return None
    try:
        to_display, height = _display_transform(page)
        visible, clips = _visible_box(page), {}
        edges, text_clipped = _walk_objects(page.raw, to_display, visible, clips)
        textpage = page.get_textpage()
        try:
            count = pdfium_c.FPDFText_CountChars(textpage)
            if count > char_limit:
                warnings.append(f"page {number}: only the first {char_limit} of {count} characters read")
            chars = _page_chars(textpage.raw, min(count, char_limit), to_display, visible, clips if text_clipped else None)
        finally:
            textpage.close()
    finally:
        page.close()
    return chars, height, edges


def _visible_box(page) -> tuple[float, float, float, float]:
    """The part of the page a reader sees (the crop box, in PDF space) as (left, bottom, right, top)."""
    left, bottom, right, top = page.get_cropbox()
    return min(left, right), min(bottom, top), max(left, right), max(bottom, top)


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


def _page_chars(
    textpage, count: int, to_display, visible: tuple[float, float, float, float], clips: Optional[dict]
) -> list[Char]:
    """The characters the page shows, with their boxes. Spaces the PDF draws are kept (as " ")
    to mark word breaks; line breaks and the spaces pdfium makes up itself are not.

    A character whose middle lies outside the page's crop box or its text object's clip is
    not shown: WPS and Word lay a text frame that runs over a page break on both pages and
    clip each to its part, so without the clip the text would be read twice. `clips` (shared
    clip boxes, see _clip_box) is None where no text object reaches out of its clip: then
    only the crop box is checked.
    """
    text = _page_text(textpage, count)
    box = pdfium_c.FS_RECTF()
    get_box, is_generated = pdfium_c.FPDFText_GetLooseCharBox, pdfium_c.FPDFText_IsGenerated
    clip_boxes: dict[int, tuple[float, float, float, float]] = {}
    chars: list[Char] = []
    for index, ch in enumerate(text):
        if ch.isspace():
            if ch in "\r\n" or is_generated(textpage, index):
                continue
            ch = " "
        elif ch < " ":
            continue
        get_box(textpage, index, box)
        clip = visible
        if clips is not None:
            text_object = _text_object(textpage, index) or 0
            clip = clip_boxes.get(text_object)
            if clip is None:
                clip = clip_boxes[text_object] = _clip_box(text_object, visible, clips) if text_object else visible
        middle_x, middle_y = (box.left + box.right) / 2, (box.bottom + box.top) / 2
        if clip[0] <= middle_x <= clip[2] and clip[1] <= middle_y <= clip[3]:
            chars.append((ch, *to_display(box.left, box.bottom, box.right, box.top)))
    return chars


def _clip_box(page_object: int, visible: tuple[float, float, float, float], shared: dict) -> tuple[float, float, float, float]:
    """The box (PDF space) a page object can show in: the page's visible box cut down by the
    bounding box of each path of the object's clip (a clip shows what lies inside all of them).

    WPS gives every character its own text object, all under a few clips; objects under one
    clip share its points in memory, so the addresses of its paths' first points key `shared`.
    """
    clip = _clip_path(page_object)
    if not clip:
        return visible
    paths = range(min(_clip_path_count(clip), MAX_CLIP_PATHS))
    key = tuple([_clip_segment(clip, p, 0) for p in paths])
    if key in shared:
        return shared[key]
    left, bottom, right, top = visible
    x, y = ctypes.c_float(), ctypes.c_float()
    for path in paths:
        xs, ys = [], []
        for k in range(min(_clip_segment_count(clip, path), MAX_CLIP_PATHS)):
            segment = _clip_segment(clip, path, k)
            if segment and _segment_point(segment, x, y):
                xs.append(x.value)
                ys.append(y.value)
        if xs:
            left, bottom = max(left, min(xs) - CLIP_SLACK), max(bottom, min(ys) - CLIP_SLACK)
            right, top = min(right, max(xs) + CLIP_SLACK), min(top, max(ys) + CLIP_SLACK)
    shared[key] = (left, bottom, right, top)
    return shared[key]


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


def _set_line_spacing(lines: list[_Line]) -> None:
    """The page's usual space between consecutive lines of one font size (the median)."""
    gaps = [
        b.top - a.bottom
        for a, b in zip(lines, lines[1:])
        if abs(a.size - b.size) <= SIZE_CHANGE * max(a.size, b.size) and 0 <= b.top - a.bottom <= 3 * a.size
    ]
    spacing = median(gaps) if gaps else 0.0
    for line in lines:
        line.spacing = spacing


def _continues(previous: _Line, line: _Line) -> bool:
    """Whether `line` carries on the paragraph that `previous` ends.

    It does when `previous` runs to the right margin (a little less strictly when it stops
    mid-sentence) and `line` is not indented (or sits under the text of a numbered item, a
    hanging indent), in the same font size and without a blank between them (page breaks
    aside); a title wrapped over centred lines on one page also carries on. An outline
    number after a finished sentence opens a paragraph even at the margin.
    """
    if abs(line.size - previous.size) > SIZE_CHANGE * max(line.size, previous.size):
        return False
    same_page = line.page == previous.page
    if same_page and line.top - previous.bottom > max(PARAGRAPH_GAP * previous.size, previous.spacing + BLANK_LINE * previous.size):
        return False
    ended = previous.text.endswith(SENTENCE_END)
    slack = RIGHT_MARGIN_SLACK if ended else OPEN_SENTENCE_SLACK
    if previous.x1 < previous.right - slack * previous.size or CONTENTS_ENTRY_END.search(previous.text):
        return False
    if ended and PARAGRAPH_OPENERS.match(line.text):
        return False
    if line.x0 <= line.left + INDENT * line.size:
        return True
    if (
        same_page
        and previous.x0 <= previous.left + INDENT * previous.size
        and PARAGRAPH_OPENERS.match(previous.text)
        and not PARAGRAPH_OPENERS.match(line.text)
        and line.x0 <= previous.x0 + HANGING_INDENT * previous.size
    ):
        return True
    return (
        same_page
        and _centred(previous)
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


def _walk_objects(page, to_display, visible: tuple[float, float, float, float], clips: dict) -> tuple[list[dict], bool]:
    """The page's ruling lines as pdfplumber edges (dicts with x0, top, x1, bottom,
    orientation), walked from pdfium's path objects, inside form XObjects too; and whether
    any text object may reach out of its clip (text in a form XObject, or past the objects
    looked at, may).

    Every straight horizontal or vertical segment of a path counts, as pdfplumber counts them,
    except those of paths only filled white: WPS paints one behind every paragraph, which
    would make a page of text look like a table. Curves, diagonals and short segments are
    left out.
    """
    edges: list[dict] = []
    matrix = pdfium_c.FS_MATRIX()
    fill_mode, stroke = ctypes.c_int(), ctypes.c_int()
    x, y = ctypes.c_float(), ctypes.c_float()
    bounds = left, bottom, right, top = tuple(ctypes.c_float() for _ in range(4))
    identity = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    path, form, text = pdfium_c.FPDF_PAGEOBJ_PATH, pdfium_c.FPDF_PAGEOBJ_FORM, pdfium_c.FPDF_PAGEOBJ_TEXT
    containers = [(page, pdfium_c.FPDFPage_CountObjects(page), _page_object, identity)]
    inspected = segments_read = 0
    text_clipped = False
    while containers:
        container, count, get_object, outer = containers.pop()
        if inspected + count > MAX_OBJECTS_INSPECTED:
            text_clipped = True
        for k in range(min(count, MAX_OBJECTS_INSPECTED - inspected)):
            inspected += 1
            obj = get_object(container, k)
            kind = _object_type(obj)
            if kind == text:
                if not text_clipped:
                    text_clipped = outer is not identity or _reaches_out_of_clip(obj, visible, clips, bounds)
                continue
            if kind == form and _object_matrix(obj, matrix):
                local = _compose(outer, (matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f))
                containers.append((obj, _form_object_count(obj), _form_object, local))
                continue
            if kind != path or not _draw_mode(obj, fill_mode, stroke) or not _is_ruling(
                obj, fill_mode.value != pdfium_c.FPDF_FILLMODE_NONE, bool(stroke.value)
            ):
                continue
            if outer is identity and _object_bounds(obj, left, bottom, right, top):
                # most rules are a thin box (a filled bar, a stroked line): one edge along it
                width, height = right.value - left.value, top.value - bottom.value
                if min(width, height) <= RULE_THICKNESS:
                    middle = (bottom.value + top.value) / 2 if width > height else (left.value + right.value) / 2
                    if width > height:
                        _add_edge(edges, (left.value, middle), (right.value, middle), to_display)
                    else:
                        _add_edge(edges, (middle, bottom.value), (middle, top.value), to_display)
                    continue
            if not _object_matrix(obj, matrix):
                continue
            local = _compose(outer, (matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f))
            count_segments = min(_path_segment_count(obj), MAX_PATH_SEGMENTS - segments_read)
            segments_read += max(count_segments, 0)
            start = previous = None
            a, b, c, d, e, f = local
            for s in range(count_segments):
                segment = _path_segment(obj, s)
                _segment_point(segment, x, y)
                point = (a * x.value + c * y.value + e, b * x.value + d * y.value + f)
                kind_of_segment = _segment_type(segment)
                if kind_of_segment == pdfium_c.FPDF_SEGMENT_MOVETO:
                    start = point
                elif kind_of_segment == pdfium_c.FPDF_SEGMENT_LINETO and previous is not None:
                    _add_edge(edges, previous, point, to_display)
                if _segment_closes(segment) and start is not None:
                    _add_edge(edges, point, start, to_display)
                previous = point
    return edges, text_clipped


def _reaches_out_of_clip(text_object: int, visible: tuple[float, float, float, float], clips: dict, bounds) -> bool:
    """Whether part of a (page-level) text object lies outside its clip or the page;
    `bounds`: four c_float to read the object's box into."""
    left, bottom, right, top = bounds
    if not _object_bounds(text_object, left, bottom, right, top):
        return True
    clip = _clip_box(text_object, visible, clips)
    return left.value < clip[0] or bottom.value < clip[1] or right.value > clip[2] or top.value > clip[3]


def _compose(outer: tuple, inner: tuple) -> tuple:
    """The PDF matrix that applies `inner`, then `outer`."""
    a1, b1, c1, d1, e1, f1 = inner
    a2, b2, c2, d2, e2, f2 = outer
    return (
        a1 * a2 + b1 * c2,
        a1 * b2 + b1 * d2,
        c1 * a2 + d1 * c2,
        c1 * b2 + d1 * d2,
        e1 * a2 + f1 * c2 + e2,
        e1 * b2 + f1 * d2 + f2,
    )


def _is_ruling(obj: int, filled: bool, stroked: bool) -> bool:
    """Whether a path can draw a table's rules: any stroked path (Word strokes the border a
    merged cell hides in white, and it still marks where the cell ends), and filled ones
    unless filled white (a background, which marks nothing)."""
    if stroked:
        return True
    r, g, b, a = (ctypes.c_uint() for _ in range(4))
    return (
        filled
        and _fill_colour(obj, r, g, b, a)
        and a.value > 0
        and min(r.value, g.value, b.value) < WHITE
    )


def _add_edge(edges: list[dict], p: tuple[float, float], q: tuple[float, float], to_display) -> None:
    x0, top, x1, bottom = to_display(min(p[0], q[0]), min(p[1], q[1]), max(p[0], q[0]), max(p[1], q[1]))
    if abs(bottom - top) <= AXIS_SLACK and x1 - x0 >= EDGE_MIN_LENGTH:
        middle = (top + bottom) / 2
        edges.append({"x0": x0, "x1": x1, "top": middle, "bottom": middle, "width": x1 - x0, "orientation": "h"})
    elif abs(x1 - x0) <= AXIS_SLACK and bottom - top >= EDGE_MIN_LENGTH:
        middle = (x0 + x1) / 2
        edges.append(
            {"x0": middle, "x1": middle, "top": top, "bottom": bottom, "height": bottom - top, "orientation": "v"}
        )


def _table_cells(edges: list[dict], number: int, warnings: list[str]) -> list[list[tuple]]:
    """The cells of each table the ruling lines draw, by pdfplumber's table finder with its
    default tolerances, given the edges directly (so pdfminer never parses the page)."""
    from pdfplumber import table as finder
    from pdfplumber.utils import filter_edges

    edges = filter_edges(
        finder.merge_edges(edges, TABLE_TOLERANCE, TABLE_TOLERANCE, TABLE_TOLERANCE, TABLE_TOLERANCE),
        min_length=TABLE_TOLERANCE,
    )
    edges = _close_cut_rows(edges)
    across = sum(1 for e in edges if e["orientation"] == "h")
    down = len(edges) - across
    if across < 2 or down < 2:
        return []
    if across * down > MAX_GRID:
        warnings.append(f"page {number}: {across} x {down} ruling lines, too many to read as tables")
        return []
    intersections = finder.edges_to_intersections(edges, TABLE_TOLERANCE, TABLE_TOLERANCE)
    return finder.cells_to_tables(finder.intersections_to_cells(intersections))


def _close_cut_rows(edges: list[dict]) -> list[dict]:
    """A table that a page break cuts has no rule where the page ends it: its column rules
    run on past the last row rule (or start before the first). A rule across the ends of
    those columns closes the cut row, so that its cells are cells and not loose text."""
    across = [e["top"] for e in edges if e["orientation"] == "h"]
    down = [e for e in edges if e["orientation"] == "v"]
    if not across or len(down) < 2:
        return edges
    added = []
    for end, outermost in (("bottom", max), ("top", min)):
        extreme = outermost(e[end] for e in down)
        if any(abs(y - extreme) <= TABLE_TOLERANCE for y in across):
            continue
        columns = [
            e["x0"] for e in down
            if abs(e[end] - extreme) <= TABLE_TOLERANCE and any(e["top"] < y < e["bottom"] for y in across)
        ]
        if len(columns) >= 2:
            x0, x1 = min(columns), max(columns)
            added.append({"x0": x0, "x1": x1, "top": extreme, "bottom": extreme, "width": x1 - x0, "orientation": "h"})
    return edges + added


def _take_out_tables(
    edges: list[dict], number: int, chars: list[Char], warnings: list[str]
) -> tuple[list[_PageTable], list[Char]]:
    """The page's ruled tables, filled with the characters inside their cells; and the
    characters left for paragraphs (no text in a cell ever becomes one)."""
    tables = []
    for cells in _table_cells(edges, number, warnings):
        grid = _CellGrid(cells)
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
    position it spans."""

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
        """Cell texts row by row. A cell merged across columns is written once, in its first
        column; one merged down rows repeats in each (a task table's unit or deadline cell
        belongs to every row it spans)."""
        texts = {cell: _cell_text(chars, page) for cell, chars in by_cell.items()}
        rows = []
        for r in range(len(self.ys) - 1):
            owners = [self.owner.get((r, c), -1) for c in range(len(self.xs) - 1)]
            row = [
                "" if c and owner == owners[c - 1] else texts.get(owner, "")
                for c, owner in enumerate(owners)
            ]
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
    previous page ended with, unless that row had none either (a first column merged down
    rows, where an empty first cell says nothing)."""

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
        if rows and not rows[0][0].strip() and self.rows[-1][0].strip():
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
