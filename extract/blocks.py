"""The block model every loader produces and every later stage reads.

A loader turns a file's bytes into an ordered list of blocks — paragraphs and
tables, each with the page it sits on where the format has pages — so that
normalising, outlining and field extraction are shared by all formats.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional, Union


@dataclass(frozen=True)
class Paragraph:
    """One run of text as the format delivers it (a line, a Word paragraph, a PDF line)."""

    text: str
    page: Optional[int] = None
    offset: Optional[int] = None
    """Where the text starts in the decoded source (txt, html), so spans trace back to it."""


@dataclass(frozen=True)
class Table:
    """A table as a grid of cell texts; a merged cell's text stands in the first cell it spans
    (in a task table, also in each row a vertical merge covers: see load/tablegrid.py).

    `row_pages[i]` is the page row i starts on (None where the format has no pages).
    """

    rows: tuple[tuple[str, ...], ...]
    row_pages: tuple[Optional[int], ...] = ()

    @property
    def page(self) -> Optional[int]:
        return self.row_pages[0] if self.row_pages else None


Block = Union[Paragraph, Table]


@dataclass
class LoadedDocument:
    """What a loader returns: blocks plus what the format itself says about the file."""

    format: str
    blocks: list[Block]
    pages: Optional[int] = None
    encoding: Optional[str] = None
    page_meta: dict[str, str] = field(default_factory=dict)
    """Metadata the container states outside the body: an HTML disclosure table
    (信息索引号, 发布机构, 生成日期, 文号), <title>, DOCX core properties."""
    warnings: list[str] = field(default_factory=list)
    ocr_pages: list[int] = field(default_factory=list)
    """Pages whose text was read by OCR (no text layer)."""
    ocr_confidence: Optional[float] = None
    """Mean recognition confidence over the OCR'd pages' lines."""
