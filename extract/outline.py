"""Find the plan's outline: headings at every level, as a tree, in line-based and run-on text.

Chinese plans number their headings by style, not by depth: 第X部分/章 (level 0),
一、 (1), (一) (2), 1. or 1、 (3), (1) (4), ① (5). A heading may stand on its own
line or, in scraped text, run inline with its body ("…制定本方案。一、指导思想深入贯彻…").
Every numbering marker is a candidate; a candidate becomes a heading when it
stands at a line start, or inline where a reader would see a heading: after a
sentence end or a heading's title, or as the next number of a sequence already
open. Enumerations inside sentences (第1、2项, 一是…二是…) and the numbered
targets and measures inside a task's labelled fields are not headings.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

import regex

from extract.fields.numerals import chinese_to_int
from extract.labels import FIELD_REGION_LABELS
from extract.normalise import NormalisedDocument
from extract.segment import word_starts

CN = "一二三四五六七八九十百零〇"
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"

# (level, pattern); group "n" is the number. Order matters where patterns overlap.
MARKERS: tuple[tuple[int, regex.Pattern], ...] = (
    (0, regex.compile(rf"第(?P<n>[{CN}\d]{{1,4}})(?:部分|篇|章|编)[、.:\s]?")),
    (1, regex.compile(rf"第(?P<n>[{CN}\d]{{1,4}})条[、.:\s]?")),
    (1, regex.compile(rf"(?P<n>[{CN}]{{1,3}})[、.](?![{CN}\d])")),
    (2, regex.compile(rf"\((?P<n>[{CN}]{{1,3}})\)")),
    (3, regex.compile(r"(?<![\d.])(?P<n>\d{1,3})(?:[、.](?![\d%])|\s)")),
    (4, regex.compile(r"\((?P<n>\d{1,3})\)")),
    (5, regex.compile(rf"(?P<n>[{CIRCLED}])")),
)
ANY_MARKER = regex.compile(
    "|".join(f"(?:{p.pattern})".replace("(?P<n>", "(?:") for _, p in MARKERS)
)

# characters before an inline marker that show it is an enumeration inside a sentence
ENUMERATION_BEFORE = set("第、和及与至到或-~—")
SENTENCE_END = set("。;!?")
TITLE_END = regex.compile(r"[。;!?:\n]")
CLAUSE_END = regex.compile(r"[,。;!?:\n]")
APPENDIX = regex.compile(r"(?:^|(?<=[。\n)]))\s*附件\s*\d{0,2}\s*[::\n]")

# words that open a body sentence: where a heading's title runs into its body, the cut
# falls before one of them (rules as data; a new phrasing is a new row)
BODY_OPENERS = frozenset(
    """深入 认真 以 坚持 按照 根据 围绕 结合 通过 加大 进一步 严格 严格按照 全市 全省 全区 全县 全州
    各级 各地 各区 各县 各部门 注重 调整 调整优化 要 切实 着力 积极 大力 全面 针对 对 为 由 在 把 将 从
    依法 依托 立足 聚焦 紧紧围绕 牢固树立 贯彻落实 认真贯彻 认真落实 认真学习 成立 建成 完成 开展
    推动 实行 实施 落实 组织 督促 制定 力争 确保 到 目前 加快 加强 做好 抓好""".split()
)
MAX_OPENER = max(len(w) for w in BODY_OPENERS)
# degree and negation words: the word after them still belongs to the title (问责不够严格)
TITLE_MODIFIERS = frozenset("不 不够 不太 较 比较 更 更加 最 很 尚 尚未 未 没有 不断 日益 仍 仍然 还".split())
MIN_TITLE = 4
MIN_BODY = 4
MAX_TITLE_SENTENCE = 40
MAX_LINE_TITLE = 90
MAX_RUN_IN_GAP = 60


@dataclass(frozen=True)
class Heading:
    level: int
    number: str
    value: int
    start: int  # marker start
    title_start: int
    title_end: int
    title: str
    appendix: bool
    parent: Optional[int]  # index into the outline's headings


@dataclass(frozen=True)
class Outline:
    headings: tuple[Heading, ...]


def find_outline(document: NormalisedDocument) -> Outline:
    text = document.text
    table_spans = [t.span for t in document.tables]
    appendix_markers = _appendix_markers(text)
    appendix_start: Optional[int] = None
    headings: list[Heading] = []
    last_value: dict[int, int] = {}
    field_owner: Optional[int] = None  # index of the heading whose task fields are open
    region_starts = sorted(m.start() for m in FIELD_REGION_LABELS.finditer(text))
    region_cursor = 0

    for match in ANY_MARKER.finditer(text):
        start = match.start()
        if any(a <= start < b for a, b in table_spans):
            continue
        if appendix_start is None and headings:
            # an appendix follows a body: the first 附件 marker after a heading opens it
            appendix_start = next((m for m in appendix_markers if headings[0].start < m <= start), None)
            if appendix_start is not None:
                last_value.clear()  # the appendix numbers its items afresh
                field_owner = None
        parsed = _parse_marker(text, start)
        if parsed is None:
            continue
        level, number, value, marker_end = parsed
        # a task-field label (整改目标:, 整改措施: …) since the last heading opens a region
        while region_cursor < len(region_starts) and region_starts[region_cursor] < start:
            if headings and region_starts[region_cursor] > headings[-1].start:
                field_owner = len(headings) - 1
            region_cursor += 1
        if field_owner is not None and level > headings[field_owner].level:
            continue
        if not _is_heading(text, start, marker_end, level, value, headings, last_value, field_owner):
            continue
        title_start, title_end = _title_bounds(text, marker_end)
        if title_end - title_start < 1:
            continue
        field_owner = None
        for deeper in [k for k in last_value if k > level]:
            last_value[deeper] = 0
        last_value[level] = value
        parent = next((i for i in range(len(headings) - 1, -1, -1) if headings[i].level < level), None)
        headings.append(
            Heading(
                level=level,
                number=number,
                value=value,
                start=start,
                title_start=title_start,
                title_end=title_end,
                title=text[title_start:title_end],
                appendix=appendix_start is not None and start >= appendix_start,
                parent=parent,
            )
        )
    return Outline(tuple(headings))


def _parse_marker(text: str, start: int) -> Optional[tuple[int, str, int, int]]:
    for level, pattern in MARKERS:
        match = pattern.match(text, start)
        if not match:
            continue
        number = match.group("n")
        value = CIRCLED.index(number) + 1 if level == 5 else chinese_to_int(number)
        if value is None or value == 0:
            return None
        if level == 5:
            number = str(value)  # ① is numbered 1, as FORMAT.md writes numbers without decoration
        return level, number, value, match.end()
    return None


def _line_start(text: str, start: int) -> bool:
    i = start - 1
    while i >= 0 and text[i] == " ":
        i -= 1
    return i < 0 or text[i] == "\n"


def _is_heading(
    text: str,
    start: int,
    marker_end: int,
    level: int,
    value: int,
    headings: list[Heading],
    last_value: dict[int, int],
    field_owner: Optional[int],
) -> bool:
    follow = text[marker_end : marker_end + 2]
    if not follow.strip() or follow[0] in ",。;:、)":
        return False
    if level == 3 and text[marker_end - 1] == " " and not _line_start(text, start):
        return False  # "1 " without punctuation is a heading only on its own line
    expected = value == last_value.get(level, 0) + 1 or (
        value == 1 and (not headings or headings[-1].level < level)
    )
    if field_owner is not None and not expected:
        return False
    if _line_start(text, start):
        return True
    before = text[start - 1]
    if before in ENUMERATION_BEFORE or before.isdigit() or (before.isascii() and before.isalpha()):
        return False
    if not expected:
        return False
    if before in SENTENCE_END or before in ")”":
        return True
    if headings and _in_title_run(text, headings[-1], start) and headings[-1].level < level:
        return True
    # an expected next number right after a list or a closing word, with no punctuation:
    # scraped text lost the line break ("…管委会2.严格落实…", "…管委会四、保障措施"),
    # but not a numeral inside a word (举一反三、)
    opens_appendix = value == 1 and not any(h.appendix for h in headings) and _after_appendix(text, start)
    return level <= 3 and (value > 1 or opens_appendix) and _starts_word(text, start)


def _after_appendix(text: str, start: int) -> bool:
    """The first item of an appendix, right after its 附件:title line."""
    return bool(APPENDIX.search(text, max(0, start - 80), start))


def _starts_word(text: str, start: int) -> bool:
    left = max(0, start - 8)
    return start - left in word_starts(text[left : start + 4])


def _in_title_run(text: str, heading: Heading, start: int) -> bool:
    """The candidate follows the previous heading's title with no sentence end between."""
    gap = text[heading.title_start : start]
    return len(gap) <= MAX_RUN_IN_GAP and not TITLE_END.search(gap)


def _title_bounds(text: str, start: int) -> tuple[int, int]:
    """Where the heading's title ends: its first sentence end or line end, or — where the
    title runs into its body — before the word that opens the body."""
    while start < len(text) and text[start] == " ":
        start += 1
    window = text[start : start + 200]
    sentence_end = TITLE_END.search(window)
    sentence = window[: sentence_end.start()] if sentence_end else window
    next_marker = _next_inline_heading(sentence)
    if next_marker is not None and next_marker <= MAX_TITLE_SENTENCE:
        # a deeper heading follows the title directly: no body in between to cut off
        return start, start + len(sentence[:next_marker].rstrip())
    ends_line = sentence_end is not None and sentence_end.group() == "\n"
    clause_end = CLAUSE_END.search(sentence)
    clause = sentence[: clause_end.start()] if clause_end else sentence
    if ends_line and len(sentence) <= MAX_TITLE_SENTENCE:
        # a short line with no sentence end is a heading on its own line: all of it is title
        return start, start + len(sentence.rstrip())
    cut = _run_in_cut(clause, "," in sentence)
    if cut is not None:
        return start, start + cut
    if ends_line and len(sentence) <= MAX_LINE_TITLE:
        return start, start + len(sentence.rstrip())
    if len(sentence) <= MAX_TITLE_SENTENCE:
        return start, start + len(sentence.rstrip())
    return start, start + min(len(clause), MAX_TITLE_SENTENCE)


def _next_inline_heading(sentence: str) -> Optional[int]:
    """A deeper heading that starts right inside a title without punctuation (…政治责任1.筑牢)."""
    for match in regex.finditer(rf"(?<=[\p{{Han}}”])(?:\d{{1,2}}[.、]|\([{CN}\d]{{1,3}}\)|[{CN}]{{1,2}}、)(?=\p{{Han}})", sentence):
        if match.start() >= MIN_TITLE:
            return match.start()
    return None


def _run_in_cut(clause: str, sentence_has_comma: bool) -> Optional[int]:
    """Offset in clause where the body begins, if the title runs into it with no punctuation.

    The cut falls at a word start where a body opener begins, outside quotes, not after
    a degree word (问责不够|严格 is one title), and leaving a body of some length behind.
    A one-character opener (以, 要, 在) is trusted only in a long first sentence.
    """
    if len(clause) <= MIN_TITLE:
        return None
    starts = word_starts(clause)
    quote_depth = 0
    for i, ch in enumerate(clause):
        if i >= MIN_TITLE and quote_depth == 0 and i in starts and clause[i - 1] not in "、“(":
            opener = _opener_at(clause, i, starts)
            if opener and len(clause) - i >= MIN_BODY and not _after_modifier(clause, i, starts):
                if len(opener) > 1 or sentence_has_comma or len(clause) > MAX_TITLE_SENTENCE:
                    return i
        if ch in "“(《":
            quote_depth += 1
        elif ch in "”)》" and quote_depth:
            quote_depth -= 1
    return None


def _opener_at(clause: str, i: int, starts: set[int]) -> str:
    """The body opener at i: a whole word, or the start of a longer word (各级|党委) when the
    opener has two characters or more."""
    word_end = min((s for s in starts if s > i), default=len(clause))
    for size in range(min(MAX_OPENER, len(clause) - i), 0, -1):
        candidate = clause[i : i + size]
        if candidate in BODY_OPENERS and (size > 1 or i + size == word_end):
            return candidate
    return ""


def _after_modifier(clause: str, i: int, starts: set[int]) -> bool:
    previous = max((s for s in starts if s < i), default=0)
    return clause[previous:i] in TITLE_MODIFIERS


def _appendix_markers(text: str) -> list[int]:
    """附件 markers followed by numbered items or a table: where an appendix may begin."""
    return [
        m.start()
        for m in APPENDIX.finditer(text)
        if regex.search(rf"[{CN}]{{1,3}}、|\d{{1,3}}[.、]\D|序号", text[m.start() : m.start() + 400])
    ]
