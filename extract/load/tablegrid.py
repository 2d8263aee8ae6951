"""Merged table cells, written as a reader sees them: once.

Word, WPS and HTML tables place each cell on a grid of columns; a cell may span
several columns or continue the cell above. Hand-drawn forms have many cell
edges, so a merged cell can cover dozens of grid slots: writing its text in
each (as the grid alone would) multiplied one real form's text 22 times. So a
loader marks every slot it fills as the cell's own or as a continuation, and
`table_rows` writes a cell's text in its first slot only. The one exception is
a task table (a header row naming task fields such as 整改措施 / 责任单位 /
完成时限): there each row is one task, and a unit or deadline cell merged down
over several tasks belongs to each of them, so a vertical continuation repeats
the text of the cell above. A row made only of continuations (a tall cell's
lower part) is left out, and so is a column where no cell has text (hand-drawn
forms have many such slivers between cell edges).
"""

from __future__ import annotations

from dataclasses import dataclass

from extract.errors import ExtractionError
from extract.labels import field_of_label

OWN, LEFT, ABOVE = "", "left", "above"
TASK_HEADER_ROWS = 3
"""A task table's header is one of its first rows (a title row may stand above it)."""
TASK_HEADER_FIELDS = 3
"""Distinct task fields a header row names (问题, 整改措施, 责任单位, 完成时限 …)."""
MAX_HEADER_CELL = 12
"""A header cell is a short label; a longer cell is content that happens to hold a label word."""
NOT_TASK_FIELDS = frozenset({"number", "other"})
MAX_DOCUMENT_SLOTS = 2_000_000
"""Grid slots all of a document's tables may fill: a large real table has some 10^5 (5,000
rows of 20 columns); a 1 MB file of rows each merged across 128 columns once made 51
million and needed 1.9 GB."""


class SlotBudget:
    """Counts the grid slots a document's tables fill and stops a file that fills too many."""

    def __init__(self, limit: int = MAX_DOCUMENT_SLOTS):
        self.left = limit

    def spend(self, slots: int) -> None:
        self.left -= slots
        if self.left < 0:
            raise ExtractionError(
                "too_large",
                f"its tables fill over {MAX_DOCUMENT_SLOTS} grid cells (rows merged across many "
                "columns); it was not read further. / 文件中表格单元格过多,已停止读取。",
            )


@dataclass(frozen=True)
class GridCell:
    """One grid slot: the text of the cell covering it, and whether it is that cell's first slot."""

    text: str
    continues: str = OWN
    """OWN: the cell starts here; LEFT: a column span's later slot; ABOVE: a row span's later row."""


def table_rows(grid: list[list[GridCell]]) -> tuple[tuple[str, ...], ...]:
    """Equal-width rows of cell texts, each merged cell written once (see the module docstring)."""
    repeat_down = any(slot.continues == ABOVE for slots in grid for slot in slots) and is_task_table(grid)
    rows = []
    for slots in grid:
        if all(slot.continues != OWN or not slot.text.strip() for slot in slots):
            continue  # empty, or only the lower part of taller cells
        rows.append(
            [
                slot.text if slot.continues == OWN or (slot.continues == ABOVE and repeat_down) else ""
                for slot in slots
            ]
        )
    width = max((len(row) for row in rows), default=0)
    used = sorted({c for row in rows for c, text in enumerate(row) if text.strip()})
    if len(used) == width:
        return tuple(tuple(row + [""] * (width - len(row))) for row in rows)
    # a column no cell starts in only carries spans: it would be a line per row of nothing
    return tuple(tuple(row[c] if c < len(row) else "" for c in used) for row in rows)


def is_task_table(grid: list[list[GridCell]]) -> bool:
    """One of the first rows is a header naming at least three task fields."""
    for slots in grid[:TASK_HEADER_ROWS]:
        fields = set()
        for slot in slots:
            label = "".join(slot.text.split())
            if slot.continues == OWN and 0 < len(label) <= MAX_HEADER_CELL:
                fields.add(field_of_label(label))
        if len(fields - NOT_TASK_FIELDS - {None}) >= TASK_HEADER_FIELDS:
            return True
    return False
