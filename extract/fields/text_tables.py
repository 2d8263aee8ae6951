"""Task tables that reached us as plain text, with no table structure left.

Web pages copied to text print a 整改清单 table in one of two ways:

- one cell per line: a header of short lines (序号 / 整改问题 / 责任单位 / 整改时限), then
  each row as a line holding its 序号 followed by one line per cell;
- cells separated by |, a header or a row wrapping over several lines
  (序号 | 问题具体情况 | … |  then  12 | … | 2018年11月 | …).

Both are rebuilt here as a TableLayout (cell spans in the text), so that the task-table
reader treats them exactly like a table of a DOCX or PDF. A header needs at least
MIN_LABELS field labels and the rows must begin with their 序号 1, 2, 3 … (a bar table's
rows with any number), so prose never reads as a table.
"""

from __future__ import annotations

from typing import Optional

import regex

from extract.fields import trim_span
from extract.fields.records import CLOSING_LINE
from extract.labels import field_of_label
from extract.normalise import TableLayout

# what pads a cell of a table written as text
CELL_PADDING = " \t\u3000"

MIN_LABELS = 3
MAX_HEADER_CELL = 14  # characters of a header cell, spaces removed
MAX_HEADER_CELLS = 20
ROW_NUMBER = regex.compile(r"\s*(?P<number>\d{1,4})\s*$")
BAR_ROW_START = regex.compile(r"\s*\d{1,4}\s*\|")
OWN_NUMBER = regex.compile(r"[一二三四五六七八九十]{1,4}、")


def text_tables(text: str) -> list[TableLayout]:
    """Every task table flattened into text, as layouts over the text."""
    lines = _lines(text)
    return _line_tables(text, lines) + _bar_tables(text, lines)


def _lines(text: str) -> list[tuple[int, int]]:
    """Non-empty lines as (start, end), spaces at both ends excluded."""
    found = []
    for match in regex.finditer(r"[^\n]+", text):
        a, b = trim_span(text, *match.span(), CELL_PADDING)
        if b > a:
            found.append((a, b))
    return found


def _compact(text: str, span: tuple[int, int]) -> str:
    return regex.sub(r"\s+", "", text[span[0] : span[1]])


def _is_header_cell(cell: str) -> bool:
    return 0 < len(cell) <= MAX_HEADER_CELL and not regex.search(r"[。;;,,、::]", cell)


def _line_tables(text: str, lines: list[tuple[int, int]]) -> list[TableLayout]:
    tables = []
    k = 0
    while k < len(lines):
        if _compact(text, lines[k]) != "序号":
            k += 1
            continue
        header = [lines[k]]
        j = k + 1
        while j < len(lines) and len(header) < MAX_HEADER_CELLS and ROW_NUMBER.fullmatch(text, *lines[j]) is None:
            if not _is_header_cell(_compact(text, lines[j])):
                break
            header.append(lines[j])
            j += 1
        labelled = sum(1 for span in header if field_of_label(_compact(text, span)))
        if labelled < MIN_LABELS or j >= len(lines):
            k += 1
            continue
        if _compact(text, lines[j]) == "1":
            rows, k = _numbered_rows(text, lines, j, len(header))
        else:  # the 序号 lines were dropped as page-number residue
            rows, k = _unnumbered_rows(text, lines, j, len(header))
        cells = (tuple(header),) + tuple(rows)
        tables.append(_layout(cells))
    return tables


def _numbered_rows(text: str, lines: list[tuple[int, int]], j: int, width: int) -> tuple[list[tuple], int]:
    """Rows that open with their 序号 in sequence; a row's lines beyond the header's width join
    its last cell. Returns the rows and the index of the first line after them."""
    rows: list[tuple] = []
    expected = 1
    while j < len(lines) and _compact(text, lines[j]) == str(expected):
        end = j + 1
        while end < len(lines) and _compact(text, lines[end]) != str(expected + 1):
            end += 1
        cells = [lines[j]] + lines[j + 1 : min(end, j + width)]
        if end > j + width:
            cells[-1] = (cells[-1][0], lines[end - 1][1])
        rows.append(tuple(cells))
        expected += 1
        j = end
    return rows, j


def _unnumbered_rows(text: str, lines: list[tuple[int, int]], j: int, width: int) -> tuple[list[tuple], int]:
    """Rows whose 序号 cell is lost: each row opens with the plan's own item number (十三、…)
    when the first does, else every width - 1 lines make a row. An empty span stands for
    the lost 序号 cell. The table ends at a closing line of the page."""
    numbered = OWN_NUMBER.match(text, lines[j][0]) is not None
    rows: list[tuple] = []
    while j < len(lines) and CLOSING_LINE.match(text, lines[j][0]) is None:
        end = j + 1
        if numbered:
            while end < len(lines) and OWN_NUMBER.match(text, lines[end][0]) is None and CLOSING_LINE.match(text, lines[end][0]) is None:
                end += 1
        else:
            while end < min(len(lines), j + width - 1) and CLOSING_LINE.match(text, lines[end][0]) is None:
                end += 1
        cells = lines[j : min(end, j + width - 1)]
        if end > j + width - 1:
            cells[-1] = (cells[-1][0], lines[end - 1][1])
        rows.append(((lines[j][0], lines[j][0]), *cells))
        j = end
    return rows, j


def _bar_tables(text: str, lines: list[tuple[int, int]]) -> list[TableLayout]:
    tables = []
    k = 0
    while k < len(lines):
        if "|" not in text[lines[k][0] : lines[k][1]] or BAR_ROW_START.match(text, lines[k][0]):
            k += 1
            continue
        header: list[tuple[int, int]] = []
        j = k
        while j < len(lines) and "|" in text[lines[j][0] : lines[j][1]] and not BAR_ROW_START.match(text, lines[j][0]):
            header += _bar_cells(text, lines[j])
            j += 1
        labelled = sum(1 for span in header if field_of_label(_compact(text, span)) and _is_header_cell(_compact(text, span)))
        if labelled < MIN_LABELS or j >= len(lines) or not BAR_ROW_START.match(text, lines[j][0]):
            k = max(j, k + 1)
            continue
        rows = []
        while j < len(lines) and BAR_ROW_START.match(text, lines[j][0]):
            row = _bar_cells(text, lines[j])
            j += 1
            while j < len(lines) and "|" in text[lines[j][0] : lines[j][1]] and not BAR_ROW_START.match(text, lines[j][0]):
                row += _bar_cells(text, lines[j])
                j += 1
            rows.append(tuple(row))
        tables.append(_layout((tuple(header),) + tuple(rows)))
        k = j
    return tables


def _bar_cells(text: str, line: tuple[int, int]) -> list[tuple[int, int]]:
    """The cells of one |-separated line; the empty piece after a closing bar is no cell."""
    cells = []
    start = line[0]
    for match in regex.finditer(r"\|", text[line[0] : line[1]]):
        cells.append(trim_span(text, start, line[0] + match.start(), CELL_PADDING))
        start = line[0] + match.end()
    last = trim_span(text, start, line[1], CELL_PADDING)
    if last[1] > last[0]:
        cells.append(last)
    return cells




def _layout(cells: tuple[tuple[tuple[int, int], ...], ...]) -> TableLayout:
    first: Optional[int] = cells[0][0][0]
    last = max(span[1] for row in cells for span in row)
    return TableLayout(block=-1, cells=cells, row_pages=(None,) * len(cells), span=(first, last))
