"""OCR: the text of page images (scanned PDF pages, photos of pages), for the PDF loader.

The engine is RapidOCR: PaddleOCR's PP-OCR Chinese detection and recognition models run
by onnxruntime. Its wheel carries the models, so it reads offline on a fresh machine with
nothing downloaded at run time. It is an optional extra (`pip install 'zhenggai[ocr]'`,
about 60 MB with onnxruntime and OpenCV); without it a scan gets an error record naming the
extra. It was chosen over Tesseract's chi_sim by measurement (docs/ocr.md): a half to a fifth
of the character errors on scanned plan pages, for a little more time.

A page image becomes what the PDF loader builds its lines from: characters with boxes in
points. The page is first straightened (the median slope of its text lines; scanners leave
pages a degree or two askew), so lines and margins line up as on a text PDF. Each OCR line
is spread over its characters by their width (a Han character one em, others about half)
and set one em high around the line's middle. Ruled tables are found from the pixels (long
dark strokes across and down, the cells being the light regions they enclose); characters
inside a cell go to that cell, row by row, instead of into paragraphs.

The engine is loaded once per process, on the first page that needs it (about 1 s).
"""

from __future__ import annotations

import functools
import math
import unicodedata
from dataclasses import dataclass, field
from statistics import median
from typing import Callable, Optional

from extract.errors import ExtractionError

EXTRA = "pip install 'zhenggai[ocr]'"
RENDER_DPI = 200
"""Resolution a page without a native image resolution is rendered at."""
MIN_DPI, MAX_DPI = 150, 300
"""Range a scanned page's own image resolution is clamped to: below it characters are too
small to read well, above it the engine only spends more time."""
MAX_SIDE = 2000
"""The engine shrinks larger images to this side: 200 dpi A4 reads as well at 2000 as at 3000
pixels, in less time."""
LOW_CONFIDENCE = 0.9
"""Mean recognition confidence under which a record warns that its OCR'd text is unreliable."""
MIN_SKEW_DEGREES = 0.1
MAX_SKEW_DEGREES = 10.0
"""Slopes outside this range are not straightened (none to fix, or not a skew)."""
LATIN_WIDTH = 0.55
"""Width of a non-CJK character in ems, for spreading a line over its characters."""
MIN_IMAGE_SHARE = 0.3
"""A page without text is OCR'd when images cover at least this share of it (else it is blank)."""

# --- ruled tables (in pixels at the rendered resolution, scaled from 200 dpi) ---
RULE_SHARE = 1 / 30
"""A stroke at least this share of the page's width (across) or height (down) is a rule."""
MIN_TABLE_SHARE = 0.2
"""A table is at least this share of the page's width."""
INK_LEVEL = 160
"""Grey level under which a pixel is ink."""
RULE_JOIN_PX = 3
"""Gaps this wide in rules (blur, JPEG, residual skew) are closed before finding cells."""
MIN_CELL_PX = 12
MIN_CELL_INK_PX = 60
"""Dark pixels a cell without detected text must hold to be read on its own (dust holds fewer)."""
MIN_STROKE_PX = 12
"""Smaller specks of ink in such a cell are dust."""
MIN_CELL_SCORE = 0.5
"""Confidence a reading of such a cell needs to be kept."""
EDGE_SNAP_PX = 14
"""Cell edges closer than this lie on the same rule."""

page_listener: Optional[Callable[[], None]] = None
"""Called after each page OCR'd: the batch's workers report progress through it, so that a
long scan is not stopped by the per-file timeout while its pages are being read."""

Char = tuple[str, float, float, float, float]
"""(text, x0, top, x1, bottom) in points, origin at the top left: the PDF loader's characters."""
Box = tuple[float, float, float, float]


@dataclass(frozen=True)
class OcrLine:
    """One line the engine read, on the straightened page, in points."""

    text: str
    page: int
    box: Box
    """x0, top, x1, bottom."""
    confidence: float


@dataclass
class OcrPage:
    """A page read by OCR: characters for paragraphs, and tables as rows of cell texts."""

    number: int
    chars: list[Char]
    tables: list[tuple[list[list[str]], float]]
    """(rows, top in points) of each ruled table."""
    lines: list[OcrLine]
    confidence: Optional[float]
    """Mean line confidence weighted by line length; None where no text was found."""


def available() -> bool:
    """Whether the OCR extra is installed."""
    try:
        import onnxruntime  # noqa: F401
        import rapidocr  # noqa: F401
    except ImportError:
        return False
    return True


def missing_extra_error(what: str) -> ExtractionError:
    return ExtractionError(
        "unsupported_format",
        f"{what} has no text layer: its text must be read by OCR, which needs the OCR extra: "
        f"{EXTRA} / 文件没有文字层(扫描件或图片),需要 OCR 文字识别,请安装: {EXTRA}",
    )


@functools.lru_cache(maxsize=1)
def _engine():
    from rapidocr import RapidOCR

    return RapidOCR(params={"Global.log_level": "error", "Global.max_side_len": MAX_SIDE})


def read_image(image, number: int, dpi: float) -> OcrPage:
    """OCR one page image (a PIL image) rendered at `dpi`; boxes come back in points."""
    import numpy

    grey = image.convert("L")
    # the engine keeps the steps of its last call: name them every time
    result = _engine()(numpy.asarray(grey.convert("RGB")), use_det=True, use_cls=True, use_rec=True)
    found = [
        (text, [(float(x), float(y)) for x, y in quad], float(score))
        for quad, text, score in zip(result.boxes if result.boxes is not None else (), result.txts or (), result.scores or ())
        if text.strip()
    ]
    angle = _skew_degrees([quad for _, quad, _ in found])
    centre = (grey.width / 2, grey.height / 2)
    if angle:
        from PIL import Image

        grey = grey.rotate(angle, resample=Image.BICUBIC, fillcolor=255, center=centre)
    to_points = 72.0 / dpi
    lines = []
    for text, quad, score in found:
        x0, top, x1, bottom = _bounds([_rotate(point, centre, angle) for point in quad])
        box = (x0 * to_points, top * to_points, x1 * to_points, bottom * to_points)
        lines.append(OcrLine(text.strip(), number, box, score))
    lines.sort(key=lambda line: (line.box[1] + line.box[3], line.box[0]))
    chars = [char for line in lines for char in _spread(line)]
    tables = []
    for cells in _find_tables(grey, dpi):
        found = _read_blank_cells(grey, cells, chars, number, dpi)
        lines.extend(found)
        chars.extend(char for line in found for char in _spread(line))
        rows, top, chars = _fill_table([tuple(v * to_points for v in cell) for cell in cells], chars)
        if rows:
            tables.append((rows, top))
    weight = sum(len(line.text) for line in lines)
    confidence = sum(line.confidence * len(line.text) for line in lines) / weight if weight else None
    return OcrPage(number, chars, tables, lines, confidence)


# --- geometry ----------------------------------------------------------------------


def _skew_degrees(quads: list[list[tuple[float, float]]]) -> float:
    """The page's skew: the median slope of the long text lines' top and bottom edges."""
    slopes = []
    for quad in quads:
        (ax, ay), (bx, by), (cx, cy), (dx, dy) = quad
        if bx - ax > 4 * abs(dy - ay) and bx - ax > 0:
            slopes.append(math.degrees(math.atan2((by - ay) + (cy - dy), (bx - ax) + (cx - dx))))
    if len(slopes) < 3:
        return 0.0
    angle = median(slopes)
    return angle if MIN_SKEW_DEGREES <= abs(angle) <= MAX_SKEW_DEGREES else 0.0


def _rotate(point: tuple[float, float], centre: tuple[float, float], degrees: float) -> tuple[float, float]:
    """Where `point` lands when the page is turned by `degrees` counter-clockwise (y down),
    as PIL's Image.rotate turns it."""
    if not degrees:
        return point
    theta = math.radians(degrees)
    dx, dy = point[0] - centre[0], point[1] - centre[1]
    return (
        centre[0] + dx * math.cos(theta) + dy * math.sin(theta),
        centre[1] - dx * math.sin(theta) + dy * math.cos(theta),
    )


def _bounds(points: list[tuple[float, float]]) -> Box:
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return min(xs), min(ys), max(xs), max(ys)


def _is_wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in ("W", "F")


def _spread(line: OcrLine) -> list[Char]:
    """The line's characters with boxes: its width shared out by character width, each one
    em high around the line's middle (the detector's box is padded well beyond the glyphs)."""
    x0, top, x1, bottom = line.box
    widths = [1.0 if _is_wide(ch) else LATIN_WIDTH for ch in line.text]
    em = (x1 - x0) / sum(widths)
    middle = (top + bottom) / 2
    half = min(em, bottom - top) / 2
    chars = []
    x = x0
    for ch, width in zip(line.text, widths):
        chars.append((" " if ch.isspace() else ch, x, middle - half, x + width * em, middle + half))
        x += width * em
    return chars


# --- ruled tables ------------------------------------------------------------------


def _find_tables(grey, dpi: float) -> list[list[Box]]:
    """The cells of each ruled table on the page, in pixels: the light regions that long dark
    strokes across and down enclose. A lone rule (the red line under a 版头) is no table."""
    import cv2
    import numpy

    pixels = numpy.asarray(grey)
    height, width = pixels.shape
    ink = (pixels < INK_LEVEL).astype(numpy.uint8)
    across = cv2.morphologyEx(ink, cv2.MORPH_OPEN, numpy.ones((1, max(20, int(width * RULE_SHARE))), numpy.uint8))
    down = cv2.morphologyEx(ink, cv2.MORPH_OPEN, numpy.ones((max(20, int(height * RULE_SHARE)), 1), numpy.uint8))
    join = max(1, round(RULE_JOIN_PX * dpi / 200))
    rules = cv2.dilate(across | down, numpy.ones((2 * join + 1, 2 * join + 1), numpy.uint8))
    count, labels, stats, _ = cv2.connectedComponentsWithStats(rules, connectivity=8)
    tables = []
    min_cell = MIN_CELL_PX * dpi / 200
    for label in range(1, count):
        x, y, w, h, _ = stats[label]
        if w < width * MIN_TABLE_SHARE or h < min_cell * 2:
            continue  # the strokes of one large character (a 版头's 文件) are not a table
        frame = (labels[y : y + h, x : x + w] == label).astype(numpy.uint8)
        if not (across[y : y + h, x : x + w].any(axis=1).sum() and down[y : y + h, x : x + w].any(axis=0).sum()):
            continue
        regions, region_labels, region_stats, _ = cv2.connectedComponentsWithStats(1 - frame, connectivity=4)
        cells = []
        for region in range(1, regions):
            rx, ry, rw, rh, _ = region_stats[region]
            touches_edge = rx == 0 or ry == 0 or rx + rw == w or ry + rh == h
            if touches_edge or rw < min_cell or rh < min_cell:
                continue
            cells.append((float(x + rx), float(y + ry), float(x + rx + rw), float(y + ry + rh)))
        if len(cells) >= 2:
            tables.append(cells)
    return tables


def _read_blank_cells(grey, cells: list[Box], chars: list[Char], number: int, dpi: float) -> list[OcrLine]:
    """Text in cells where the detector found none: it misses lone short marks such as the
    一 or 1 of a 序号 column, so a cell with ink in it but no line is read on its own (its
    strokes, not the dust around them)."""
    import cv2
    import numpy

    pixels = numpy.asarray(grey)
    to_points = 72.0 / dpi
    scale = dpi / 200
    inset = max(1, round(2 * scale))  # the cell already stops short of its rules
    pad = round(6 * scale)
    found = []
    for x0, top, x1, bottom in cells:
        if any(
            x0 <= (c[1] + c[3]) / 2 / to_points <= x1 and top <= (c[2] + c[4]) / 2 / to_points <= bottom for c in chars
        ):
            continue
        left, upper = int(x0) + inset, int(top) + inset
        inside = pixels[upper : int(bottom) - inset, left : int(x1) - inset]
        if inside.size == 0:
            continue
        marks, _, stats, _ = cv2.connectedComponentsWithStats((inside < INK_LEVEL).astype(numpy.uint8))
        height, width = inside.shape
        strokes = [
            (x, y, w, h, area)
            for x, y, w, h, area in (stats[k] for k in range(1, marks))
            if area >= MIN_STROKE_PX * scale * scale and 0 < x and x + w < width and 0 < y and y + h < height
        ]  # specks of dust are too small; what touches the cell's edge is left of a rule
        if sum(int(stroke[4]) for stroke in strokes) < MIN_CELL_INK_PX * scale * scale:
            continue
        xa, y0 = min(int(st[0]) for st in strokes), min(int(st[1]) for st in strokes)
        xb, y1 = max(int(st[0] + st[2]) for st in strokes), max(int(st[1] + st[3]) for st in strokes)
        rise = max(pad, (xb - xa - (y1 - y0)) // 2)  # a flat mark (一) is read in a square-ish crop
        piece = inside[max(0, y0 - rise) : y1 + rise, max(0, xa - pad) : xb + pad]
        result = _engine()(numpy.stack([piece] * 3, axis=-1), use_det=False, use_cls=False, use_rec=True)
        text = (result.txts or ("",))[0].strip()
        score = float((result.scores or (0.0,))[0])
        if text and score >= MIN_CELL_SCORE:
            box = ((left + xa) * to_points, (upper + y0) * to_points, (left + xb) * to_points, (upper + y1) * to_points)
            found.append(OcrLine(text, number, box, score))
    return found


def _fill_table(cells: list[Box], chars: list[Char]) -> tuple[list[list[str]], float, list[Char]]:
    """The table's rows of cell texts, its top, and the characters left outside it. As on a
    text PDF, a cell merged across columns is written once, in its first column; one merged
    down rows repeats in each (a task table's unit or deadline cell belongs to every row)."""
    snap = EDGE_SNAP_PX * 72 / 200
    xs = _snap_edges([v for c in cells for v in (c[0], c[2])], snap)
    ys = _snap_edges([v for c in cells for v in (c[1], c[3])], snap)
    owner: dict[tuple[int, int], int] = {}
    for index, (x0, top, x1, bottom) in enumerate(cells):
        for r in range(_nearest(ys, top), _nearest(ys, bottom)):
            for c in range(_nearest(xs, x0), _nearest(xs, x1)):
                owner[(r, c)] = index
    inside: dict[int, list[Char]] = {}
    outside: list[Char] = []
    for char in chars:
        x, y = (char[1] + char[3]) / 2, (char[2] + char[4]) / 2
        cell = next(
            (i for i, (x0, top, x1, bottom) in enumerate(cells) if x0 - snap / 2 <= x <= x1 + snap / 2 and top - snap / 2 <= y <= bottom + snap / 2),
            None,
        )
        if cell is None:
            outside.append(char)
        else:
            inside.setdefault(cell, []).append(char)
    texts = {cell: _cell_text(cell_chars) for cell, cell_chars in inside.items()}
    rows = []
    for r in range(len(ys) - 1):
        owners = [owner.get((r, c), -1) for c in range(len(xs) - 1)]
        row = ["" if c and cell == owners[c - 1] else texts.get(cell, "") for c, cell in enumerate(owners)]
        if any(row):
            rows.append(row)
    return rows, ys[0] if ys else 0.0, outside


def _snap_edges(values: list[float], tolerance: float) -> list[float]:
    """Edge positions merged where they lie within `tolerance` of each other (the two sides
    of one rule), each the mean of its group."""
    groups: list[list[float]] = []
    for value in sorted(values):
        if groups and value - groups[-1][-1] <= tolerance:
            groups[-1].append(value)
        else:
            groups.append([value])
    return [sum(g) / len(g) for g in groups]


def _nearest(edges: list[float], value: float) -> int:
    return min(range(len(edges)), key=lambda i: abs(edges[i] - value))


def _cell_text(chars: list[Char]) -> str:
    """A cell's characters in reading order: line by line (chars of one OCR line share their
    height), left to right; lines joined without a break, as wrapped cell text is, with a
    space only between two non-CJK characters."""
    ordered = sorted(chars, key=lambda c: (round((c[2] + c[4]) / 2), c[1]))
    text = ""
    previous: Optional[Char] = None
    for char in ordered:
        if previous is not None and round((char[2] + char[4]) / 2) != round((previous[2] + previous[4]) / 2):
            if text and not _is_wide(text[-1]) and not _is_wide(char[0]) and text[-1] not in "-/ ":
                text += " "
        text += char[0]
        previous = char
    return text.strip()


# --- PDF pages -----------------------------------------------------------------------


@dataclass
class ScanReader:
    """OCR for the pages of one PDF that have no text layer; collects what the record says
    about them (which pages, mean confidence) and the warnings."""

    warnings: list[str]
    pages: list[OcrPage] = field(default_factory=list)
    missing_extra: bool = False

    def read(self, pdf, index: int) -> tuple[list[Char], list[tuple[list[list[str]], float]]]:
        """Characters and tables of page `index` read by OCR; nothing for a blank page, or
        when the OCR extra is not installed (then a warning names it)."""
        page = pdf[index]
        try:
            dpi = _scan_resolution(page)
            if dpi is None:
                return [], []
            if not available():
                self.missing_extra = True
                self.warnings.append(f"page {index + 1} is an image without text (a scan): to read it, {EXTRA}")
                return [], []
            bitmap = page.render(scale=dpi / 72, grayscale=True)
            image = bitmap.to_pil()
            bitmap.close()
        finally:
            page.close()
        read = read_image(image, index + 1, dpi)
        self.pages.append(read)
        if page_listener is not None:
            page_listener()
        return read.chars, read.tables

    @property
    def page_numbers(self) -> list[int]:
        return [page.number for page in self.pages]

    @property
    def confidence(self) -> Optional[float]:
        """Mean confidence over the OCR'd pages' lines, weighted by their length."""
        lines = [line for page in self.pages for line in page.lines]
        weight = sum(len(line.text) for line in lines)
        if not weight:
            return None
        return round(sum(line.confidence * len(line.text) for line in lines) / weight, 4)

    def finish(self) -> None:
        """Warn about OCR'd text that is likely to be wrong in places."""
        if self.pages:
            label = "page" if len(self.pages) == 1 else "pages"
            self.warnings.append(f"{label} {_ranges(self.page_numbers)} read by OCR (no text layer)")
        confidence = self.confidence
        if confidence is not None and confidence < LOW_CONFIDENCE:
            self.warnings.append(
                f"OCR confidence {confidence:.2f} is under {LOW_CONFIDENCE}: the scan is poor; check the text"
            )

    def no_text_error(self) -> ExtractionError:
        """The error for a PDF where no page gave any text."""
        if self.missing_extra:
            return missing_extra_error("the PDF (a scan or images only)")
        if self.pages:
            return ExtractionError(
                "empty_file",
                "the PDF's pages are images in which OCR found no text. / PDF 页面为图片,OCR 未识别出文字。",
            )
        return ExtractionError(
            "unsupported_format",
            "the PDF has no text layer and no page images (drawings only): nothing to read, even by OCR. "
            "/ PDF 没有文字层,也没有页面图像,无法读取或进行 OCR 文字识别。",
        )


def _scan_resolution(page) -> Optional[float]:
    """The resolution to render a page without text at: its image's own where one image fills
    the page (clamped to MIN_DPI..MAX_DPI), RENDER_DPI otherwise; None for a page without
    images (blank)."""
    import ctypes

    import pypdfium2.raw as pdfium_c

    width, height = page.get_size()
    area = max(width * height, 1.0)
    covered = 0.0
    native = None
    bounds = [ctypes.c_float() for _ in range(4)]
    metadata = pdfium_c.FPDF_IMAGEOBJ_METADATA()
    for obj in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_IMAGE,), max_depth=3):
        if not pdfium_c.FPDFPageObj_GetBounds(obj.raw, *bounds):
            continue
        left, bottom, right, top = (b.value for b in bounds)
        covered += (right - left) * (top - bottom)
        if (right - left) * (top - bottom) >= 0.5 * area and right > left:
            if pdfium_c.FPDFImageObj_GetImageMetadata(obj.raw, page.raw, metadata) and metadata.width:
                native = metadata.width / (right - left) * 72
    if covered < MIN_IMAGE_SHARE * area:
        return None
    if native is None:
        return RENDER_DPI
    return min(MAX_DPI, max(MIN_DPI, native))


def _ranges(numbers: list[int]) -> str:
    """1, 2, 3, 5 -> '1-3, 5'."""
    parts: list[str] = []
    for n in numbers:
        if parts and n == last + 1:
            parts[-1] = f"{parts[-1].split('-')[0]}-{n}"
        else:
            parts.append(str(n))
        last = n
    return ", ".join(parts)
