"""Normalise loaded blocks into one text, keeping a map from every character back to its source.

Rules downstream are written once, for one form of Chinese text: half-width
ASCII and digits, no spaces that conversion left inside CJK runs
("2017 年 9 月 30 日" -> "2017年9月30日"), simplified characters, no web-page
residue (upload banners, "第1页 / 共85页", copyright footers, "- 17 -" page
numbers) and no body published twice. Every span in the record indexes this
text; `NormalisedDocument.origin(i)` traces character i back to its block and
its offset in that block's text (and so to the decoded source for txt/html).
"""

from __future__ import annotations

import functools
import importlib.resources
from array import array
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from typing import Optional

import regex

from extract.blocks import Block, LoadedDocument, Paragraph, Table

# --- what a web page or a paged format leaves around the body (rules as data) ---
# Rules that delete text apply only where their source exists: site chrome, breadcrumbs and
# bodies printed twice on web pages (html, and txt scraped from them); page numbers on web
# pages and in the page furniture of PDF and OFD. A Word body is never trimmed: there a
# paragraph holding only a number is content.

WEB_FORMATS = frozenset({"html", "txt"})
PAGED_FORMATS = frozenset({"pdf", "ofd"})

SITE_RESIDUE_LINES = tuple(
    regex.compile(p)
    for p in (
        r"第\s*\d+\s*页\s*/\s*共\s*\d+\s*页\s*$",
        r"^(?:点击查看更多|展开阅读全文|相关搜索)",
        r"^返回\s*下载",
        r"^当前位置[::]",
        r"(?i)^copyright|版权所有|^备案号|ICP[备证]?\s*\d|公网安备",
        r"^本站(?:为|所有|仅提供)",
        r"^(?:打印本页|关闭窗口|【?打印】?\s*【?关闭】?|扫一扫在手机打开当前页|分享到[::]?)",
        r"^(?:上一篇|下一篇)[::]",
    )
)
PAGE_NUMBER_LINES = tuple(
    regex.compile(p)
    for p in (
        r"^\s*(?:[-—–]\s*)?\d{1,3}(?:\s*[-—–])?\s*$",  # a line holding only a page number
        r"^第\s*\d{1,3}\s*页(?:\s*共\s*\d{1,3}\s*页)?\s*$",
    )
)
BREADCRUMB = regex.compile(r"^[^。,;:]{0,40}(?:\s*>\s*[^>。]{1,60}){1,6}$")
# a line that carries content: a numbered heading, or a comparison with a number (比例>85%)
CONTENT_LINE = regex.compile(r"^\s*(?:[一二三四五六七八九十]{1,3}[、.]|\(?\d{1,3}[.、)]|\([一二三四五六七八九十]{1,3}\))|[><≥≤]\s*\d")
SUMMARY_PREFIX = regex.compile(r"^(?:内容)?摘要[::]\s*")

# "- 17 -", "—17—", "- 18 - 19 -" left inline by PDF/DOC conversion and scraping
# (a spaced "- 17 -" or an em-dashed "—17—"; "5-10" ranges and "-17-" codes are left alone)
INLINE_PAGE_NUMBER = regex.compile(r"(?:[-—–] \d{1,3} )+[-—–]|—\d{1,3}—")

# --- character classes ---------------------------------------------------------

CJK = r"\p{Han}\u3000-\u303f\uff00-\uffef“”‘’《》〈〉【】、。"
CJK_CHAR = regex.compile(f"[{CJK}]")
OPENERS = set("([{“‘<《〈【")
CLOSERS_AND_PUNCT = set(")]}”’>》〉】,.;:!?、。")
SPACES = regex.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
INVISIBLE = set("\u200b\u200c\u200d\u2060\ufeff\u00ad")
MIN_DUPLICATE_CHARS = 300


@dataclass(frozen=True)
class TableLayout:
    """Where a table's cells landed in the normalised text: cells[row][col] = (start, end)."""

    block: int
    cells: tuple[tuple[tuple[int, int], ...], ...]
    row_pages: tuple[Optional[int], ...]
    span: tuple[int, int]


@dataclass
class NormalisedDocument:
    text: str
    blocks: list[Block]
    block_of: array  # normalised index -> block index
    offset_in_block: array  # normalised index -> offset in that block's text (table: rendered text)
    block_starts: list[int] = field(default_factory=list)  # normalised start of each kept block
    block_ids: list[int] = field(default_factory=list)  # block index of each entry in block_starts
    tables: list[TableLayout] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    traditional: bool = False

    def origin(self, index: int) -> tuple[int, int]:
        """(block index, offset in the block's text) that normalised character `index` came from."""
        return self.block_of[index], self.offset_in_block[index]

    def source_offset(self, index: int) -> Optional[int]:
        """Offset in the decoded source file, where the loader recorded one (txt, html)."""
        if not self.text:
            return None
        index = min(max(index, 0), len(self.text) - 1)
        block = self.blocks[self.block_of[index]]
        if isinstance(block, Paragraph) and block.offset is not None:
            return block.offset + self.offset_in_block[index]
        return None

    def page_at(self, index: int) -> Optional[int]:
        if not self.block_starts:
            return None
        k = bisect_right(self.block_starts, index) - 1
        block_index = self.block_ids[max(k, 0)]
        block = self.blocks[block_index]
        if isinstance(block, Table):
            layout = next(t for t in self.tables if t.block == block_index)
            for row, cells in enumerate(layout.cells):
                if cells and index <= cells[-1][1] and row < len(layout.row_pages):
                    return layout.row_pages[row]
        return block.page


def normalise(document: LoadedDocument) -> NormalisedDocument:
    """Join the document's blocks into one normalised text with its offset map."""
    warnings: list[str] = []
    blocks = document.blocks
    keep = _drop_residue(blocks, document.format, warnings)
    if document.format in WEB_FORMATS:
        _drop_summary_repeats(blocks, keep, warnings)
        _drop_repeated_body(blocks, keep, warnings)
    sample = "".join(b.text for b in blocks[:2000] if isinstance(b, Paragraph))
    traditional = _looks_traditional(sample)
    if traditional:
        warnings.append("traditional characters converted to simplified for extraction")

    pieces: list[str] = []
    block_of = array("i")
    offset_in_block = array("i")
    block_starts: list[int] = []
    block_ids: list[int] = []
    tables: list[TableLayout] = []
    length = 0
    for index, block in enumerate(blocks):
        if not keep[index]:
            continue
        if isinstance(block, Table):
            rendered, cell_ranges = _render_table(block)
        else:
            rendered, cell_ranges = block.text, None
        chars, origins = normalise_with_map(rendered, traditional)
        if not chars.strip():
            continue
        if pieces:
            pieces.append("\n")
            block_of.append(index)
            offset_in_block.append(max(len(rendered) - 1, 0))
            length += 1
        start = length
        block_starts.append(start)
        block_ids.append(index)
        pieces.append(chars)
        block_of.extend([index] * len(chars))
        offset_in_block.extend(origins)
        length += len(chars)
        if cell_ranges is not None:
            tables.append(_layout(index, block, cell_ranges, origins, start))
    return NormalisedDocument(
        text="".join(pieces),
        blocks=blocks,
        block_of=block_of,
        offset_in_block=offset_in_block,
        block_starts=block_starts,
        block_ids=block_ids,
        tables=tables,
        warnings=warnings,
        traditional=traditional,
    )


def normalise_text(text: str) -> str:
    """The normalised form of a plain string (for tests and for rules fed loose text)."""
    return normalise_with_map(text, _looks_traditional(text))[0]


def normalise_with_map(text: str, traditional: bool = False) -> tuple[str, list[int]]:
    """Normalise one block's text; return it and, per output character, its input offset.

    Folding is one str.translate; deletions and space runs are handled run by run, so the
    cost stays close to a copy of the text.
    """
    folded = text.translate(_fold_table(traditional))
    origins: list[int] = []
    last = 0
    for run in DELETED_RUN.finditer(text):
        origins.extend(range(last, run.start()))
        last = run.end()
    origins.extend(range(last, len(text)))
    folded, origins = _drop_spans(folded, origins, [m.span() for m in INLINE_PAGE_NUMBER.finditer(folded)])
    if " " not in folded:
        return folded, origins
    # spaces: removed where they touch CJK text or brackets, collapsed to one elsewhere
    parts: list[str] = []
    kept: list[int] = []
    last = 0
    for run in SPACE_RUN.finditer(folded):
        a, b = run.span()
        parts.append(folded[last:a])
        kept.extend(origins[last:a])
        before = folded[a - 1] if a else ""
        after = folded[b] if b < len(folded) else ""
        if before and after and before != "\n" and after != "\n" and not _space_breaks_word(before, after):
            parts.append(" ")
            kept.append(origins[a])
        last = b
    parts.append(folded[last:])
    kept.extend(origins[last:])
    return "".join(parts), kept


def _drop_spans(text: str, origins: list[int], spans: list[tuple[int, int]]) -> tuple[str, list[int]]:
    if not spans:
        return text, origins
    parts: list[str] = []
    kept: list[int] = []
    last = 0
    for a, b in spans:
        parts.append(text[last:a])
        kept.extend(origins[last:a])
        last = b
    parts.append(text[last:])
    kept.extend(origins[last:])
    return "".join(parts), kept


DELETED = set(INVISIBLE) | {chr(c) for c in range(32) if chr(c) not in "\n\r\t"}
DELETED_RUN = regex.compile("[" + regex.escape("".join(sorted(DELETED))) + "]+")
SPACE_RUN = regex.compile(" +")
FOLD = {ord(ch): None for ch in DELETED}
FOLD.update({code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)})  # full-width ASCII
FOLD.update({ord(ch): " " for ch in "\r\t\u3000\u00a0\u202f\u205f"})
FOLD.update({code: " " for code in range(0x2000, 0x200B)})


@functools.lru_cache(maxsize=2)
def _fold_table(traditional: bool) -> dict[int, object]:
    if not traditional:
        return FOLD
    table: dict[int, object] = {ord(k): v for k, v in _t2s_table().items()}
    table.update(FOLD)
    return table


def _space_breaks_word(prev: str, nxt: str) -> bool:
    """True where a space between prev and nxt was left by conversion, not meant by the writer."""
    if CJK_CHAR.match(prev) or CJK_CHAR.match(nxt):
        return True
    return prev in OPENERS or nxt in CLOSERS_AND_PUNCT


def _drop_residue(blocks: list[Block], source_format: str, warnings: list[str]) -> list[bool]:
    """Which blocks to keep: empty ones go everywhere; site residue and breadcrumbs only on web
    pages, page-number lines only on web pages and paged formats; a warning counts them."""
    keep: list[bool] = []
    removed = {"site residue": 0, "breadcrumb": 0, "page number": 0}
    for block in blocks:
        kind = None
        if isinstance(block, Paragraph):
            line = block.text.strip()
            kind = "empty" if not line else _residue_kind(line, source_format)
        keep.append(kind is None)
        if kind in removed:
            removed[kind] += 1
    dropped = ", ".join(f"{count} {kind} line{'s' * (count > 1)}" for kind, count in removed.items() if count)
    if dropped:
        warnings.append(f"removed page residue from the {source_format} text: {dropped}")
    return keep


def _residue_kind(line: str, source_format: str) -> Optional[str]:
    if len(line) >= 200:
        return None
    web = source_format in WEB_FORMATS
    if (web or source_format in PAGED_FORMATS) and any(p.search(line) for p in PAGE_NUMBER_LINES):
        return "page number"
    if not web or CONTENT_LINE.search(line):
        return None
    if any(p.search(line) for p in SITE_RESIDUE_LINES):
        return "site residue"
    if len(line) < 120 and ">" in line and BREADCRUMB.match(line):
        return "breadcrumb"
    return None


def _compact(text: str) -> str:
    return SPACES.sub("", text)


def _drop_summary_repeats(blocks: list[Block], keep: list[bool], warnings: list[str]) -> None:
    """A news page's 摘要 repeats the opening paragraph: keep the paragraph, drop the summary."""
    for i, block in enumerate(blocks):
        if not keep[i] or not isinstance(block, Paragraph):
            continue
        match = SUMMARY_PREFIX.match(block.text.strip())
        if not match:
            continue
        summary = _compact(block.text.strip()[match.end() :]).rstrip(".。…")
        if len(summary) < 10:
            continue
        for later in blocks[i + 1 : i + 6]:
            if isinstance(later, Paragraph) and _compact(later.text).startswith(summary[:60]):
                keep[i] = False
                warnings.append("dropped a page summary (摘要) that repeats the opening paragraph")
                break


def _drop_repeated_body(blocks: list[Block], keep: list[bool], warnings: list[str]) -> None:
    """Some pages publish the whole body twice; keep the first copy (with a warning).

    A run of at least MIN_DUPLICATE_CHARS characters of consecutive paragraphs that
    stands again, in the same order, later in the document is dropped from the later place.
    """
    kept = [i for i, b in enumerate(blocks) if keep[i] and isinstance(b, Paragraph)]
    keys = [_compact(blocks[i].text) for i in kept]
    first_seen: dict[str, int] = {}
    position = 0
    while position < len(kept):
        key = keys[position]
        earlier = first_seen.get(key) if len(key) >= 8 else None
        if earlier is None:
            first_seen.setdefault(key, position)
            position += 1
            continue
        length, chars = 0, 0
        while (
            position + length < len(kept)
            and earlier + length < position
            and keys[earlier + length] == keys[position + length]
        ):
            chars += len(keys[position + length])
            length += 1
        if chars >= MIN_DUPLICATE_CHARS:
            for k in range(position, position + length):
                keep[kept[k]] = False
            warnings.append(
                f"the body is published twice on the page: {length} repeated paragraphs "
                f"({chars} characters) kept once"
            )
            position += length
        else:
            position += 1


def _render_table(table: Table) -> tuple[str, list[list[tuple[int, int]]]]:
    """Tables become text one cell per line, rows in order, so spans can point into cells."""
    parts: list[str] = []
    ranges: list[list[tuple[int, int]]] = []
    offset = 0
    for row in table.rows:
        row_ranges = []
        for cell in row:
            if parts:
                parts.append("\n")
                offset += 1
            cell_text = cell.replace("\r", "\n")
            row_ranges.append((offset, offset + len(cell_text)))
            parts.append(cell_text)
            offset += len(cell_text)
        ranges.append(row_ranges)
    return "".join(parts), ranges


def _layout(
    block_index: int,
    table: Table,
    cell_ranges: list[list[tuple[int, int]]],
    origins: list[int],
    start: int,
) -> TableLayout:
    """Translate rendered-cell ranges into normalised-text ranges via the origin map."""
    cells = []
    for row in cell_ranges:
        cells.append(
            tuple((start + bisect_left(origins, a), start + bisect_left(origins, b)) for a, b in row)
        )
    end = start + len(origins)
    return TableLayout(
        block=block_index,
        cells=tuple(cells),
        row_pages=tuple(table.row_pages),
        span=(start, end),
    )


@functools.lru_cache(maxsize=1)
def _t2s_table() -> dict[str, str]:
    """Character-level traditional -> simplified table from OpenCC's data (one char to one char,
    so the offset map stays one-to-one)."""
    path = importlib.resources.files("opencc") / "dictionary" / "TSCharacters.txt"
    table = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) >= 2 and len(parts[0]) == 1 and len(parts[1]) == 1:
            table[parts[0]] = parts[1]
    for ambiguous in "著乾余於夥藉瞭麽甚":
        table.pop(ambiguous, None)
    return table


def _looks_traditional(sample: str) -> bool:
    """A document is read as traditional when traditional-only characters are common in it."""
    sample = sample[:20000]
    han = regex.findall(r"\p{Han}", sample)
    if len(han) < 20:
        return False
    table = _t2s_table()
    traditional = sum(1 for ch in han if ch in table)
    return traditional >= 0.03 * len(han)
