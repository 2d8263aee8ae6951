"""OFD (GB/T 33190), the Chinese fixed-layout format many government sites publish.

An OFD is a ZIP package: OFD.xml names each document's root (DocBody/DocRoot),
the document's Document.xml lists its pages in order (Pages/Page/@BaseLoc),
and each page's Content.xml places text as TextObject elements (a Boundary
"x y w h" in millimetres, optionally a CTM) holding TextCode runs at X/Y
(the baseline, relative to the Boundary) with per-glyph advances in DeltaX.
Like a PDF, the text has no paragraphs, so each visual line becomes one
Paragraph: runs are grouped by baseline and read top to bottom, left to right.
Template pages (running headers, watermarks) and annotations are not body.

Parts are read through SafeZip and parsed with entities off. At most MAX_PAGES pages are
read, and a content part that several pages name is read once (a small hostile file
once named one big part from 10,000 pages). Element names are
matched without their namespace, since producers write them with and without
http://www.ofdspec.org/2016.
"""

from __future__ import annotations

import math
import posixpath
from dataclasses import dataclass
from typing import Iterator, Optional

from extract.blocks import LoadedDocument, Paragraph
from extract.errors import ExtractionError
from extract.load.xmlsafe import element_text, local_name, parse_xml
from extract.load.zipsafe import SafeZip

ROOT_PART = "OFD.xml"
MAX_PAGES = 10000
MAX_GLYPHS = 100000
LINE_TOLERANCE = 0.4
"""Runs whose baselines differ by less than this fraction of the font size share a line."""
WORD_GAP = 1.0
"""A horizontal gap wider than this many font sizes between runs reads as a space."""
DEFAULT_FONT_SIZE = 3.5  # millimetres, about 10 pt
DOC_INFO_FIELDS = {"Title": "title", "Author": "author", "CreationDate": "created"}


@dataclass(frozen=True)
class TextRun:
    """One TextCode placed on the page: where its baseline starts and ends, and its text."""

    x: float
    y: float
    end_x: float
    size: float
    text: str


def _number(token: str) -> Optional[float]:
    try:
        value = float(token)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _numbers(value: Optional[str]) -> list[float]:
    """The numbers in an ST_Array attribute ("x y w h", a CTM); anything else is skipped."""
    numbers = (_number(token) for token in (value or "").split())
    return [number for number in numbers if number is not None]


def _advances(delta: Optional[str]) -> list[float]:
    """DeltaX values with the "g N value" shorthand (N times value) expanded, at most MAX_GLYPHS."""
    tokens = (delta or "").split()
    advances: list[float] = []
    i = 0
    while i < len(tokens) and len(advances) < MAX_GLYPHS:
        if tokens[i] != "g":
            number = _number(tokens[i])
            if number is not None:
                advances.append(number)
            i += 1
            continue
        count, value = (_number(t) for t in (tokens[i + 1 : i + 3] + ["", ""])[:2])
        if count is not None and value is not None:
            advances.extend([value] * min(max(int(count), 0), MAX_GLYPHS - len(advances)))
        i += 3
    return advances


def _text_runs(content) -> Iterator[TextRun]:
    """Every TextCode on the page, in page coordinates (millimetres, y growing downwards).

    TextCode X/Y are in the object's own space: transformed by its CTM, then moved to
    the Boundary's origin. A TextCode without X or Y continues where the last one ended.
    """
    for element in content.iter():
        if local_name(element) != "TextObject":
            continue
        box = _numbers(element.get("Boundary"))
        origin_x, origin_y = (box[0], box[1]) if len(box) >= 2 else (0.0, 0.0)
        ctm = _numbers(element.get("CTM"))
        a, b, c, d, e, f = ctm if len(ctm) == 6 else (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
        own_size = (_numbers(element.get("Size")) or [DEFAULT_FONT_SIZE])[0]
        page_size = own_size * ((abs(a) + abs(d)) / 2 or 1.0)
        x = y = 0.0
        for code in element:
            if local_name(code) != "TextCode":
                continue
            text = element_text(code)
            x = (_numbers(code.get("X")) or [x])[0]
            y = (_numbers(code.get("Y")) or [y])[0]
            advances = _advances(code.get("DeltaX"))[: max(len(text) - 1, 0)]
            # glyphs without a DeltaX entry advance by about one em (CJK text is full-width)
            width = sum(advances) + own_size * (max(len(text) - 1, 0) - len(advances))
            if text:
                start_x, start_y = origin_x + a * x + c * y + e, origin_y + b * x + d * y + f
                end_x = origin_x + a * (x + width + own_size) + c * y + e
                yield TextRun(start_x, start_y, max(end_x, start_x), page_size, text)
            x += width + own_size


def page_lines(content) -> list[str]:
    """The page's text as visual lines, top to bottom, each read left to right."""
    runs = sorted(_text_runs(content), key=lambda run: (run.y, run.x))
    lines: list[list[TextRun]] = []
    for run in runs:
        if lines:
            first = lines[-1][0]
            if abs(run.y - first.y) <= LINE_TOLERANCE * max(first.size, run.size):
                lines[-1].append(run)
                continue
        lines.append([run])
    rendered = []
    for line in lines:
        line.sort(key=lambda run: run.x)
        parts = [line[0].text]
        for previous, run in zip(line, line[1:]):
            if run.x - previous.end_x > WORD_GAP * max(run.size, previous.size):
                parts.append(" ")
            parts.append(run.text)
        rendered.append("".join(parts))
    return rendered


class OfdPackage:
    """Finds parts by the paths OFD files give, which may be absolute, relative or differ in case."""

    def __init__(self, data: bytes):
        self.zip = SafeZip(data)
        self._by_lower = {name.lower(): name for name in self.zip.names}

    def resolve(self, path: str, base_dir: str = "") -> Optional[str]:
        path = (path or "").strip().replace("\\", "/")
        if not path:
            return None
        joined = path.lstrip("/") if path.startswith("/") else posixpath.join(base_dir, path)
        normal = posixpath.normpath(joined).lstrip("/")
        if normal in self.zip:
            return normal
        return self._by_lower.get(normal.lower())

    def xml(self, part: str):
        return parse_xml(self.zip.read(part), part)


def _children(element, name: str) -> Iterator:
    for child in element.iter():
        if local_name(child) == name:
            yield child


def _first_text(element, name: str) -> str:
    for child in _children(element, name):
        return element_text(child).strip()
    return ""


def load(data: bytes) -> LoadedDocument:
    package = OfdPackage(data)
    root_part = package.resolve(ROOT_PART)
    if root_part is None:
        raise ExtractionError("corrupt_file", "the OFD package has no OFD.xml. / OFD 文件缺少 OFD.xml。")
    root = package.xml(root_part)
    blocks: list[Paragraph] = []
    page_meta: dict[str, str] = {}
    warnings: list[str] = []
    page_number = repeated_pages = 0
    parts_read: set[str] = set()
    for doc_body in _children(root, "DocBody"):
        for info in _children(doc_body, "DocInfo"):
            for tag, key in DOC_INFO_FIELDS.items():
                value = _first_text(info, tag)
                if value and key not in page_meta:
                    page_meta[key] = value
        document_part = package.resolve(_first_text(doc_body, "DocRoot"))
        if document_part is None:
            continue
        document = package.xml(document_part)
        base_dir = posixpath.dirname(document_part)
        for page in _children(document, "Page"):
            if page_number >= MAX_PAGES:
                warnings.append(f"only the first {MAX_PAGES} pages are read")
                break
            if page.get("BaseLoc") is None:
                continue  # a template page or a page reference without content
            page_number += 1
            content_part = package.resolve(page.get("BaseLoc"), base_dir)
            if content_part is None:
                continue
            if content_part in parts_read:
                repeated_pages += 1
                continue
            parts_read.add(content_part)
            for line in page_lines(package.xml(content_part)):
                if line.strip():
                    blocks.append(Paragraph(line, page_number))
    if repeated_pages:
        warnings.append(f"{repeated_pages} pages name a content part an earlier page has; it is read once")
    if page_number == 0:
        raise ExtractionError(
            "corrupt_file", "the OFD package lists no pages. / OFD 文件中没有找到页面。"
        )
    return LoadedDocument(format="ofd", blocks=blocks, pages=page_number, page_meta=page_meta, warnings=warnings)
