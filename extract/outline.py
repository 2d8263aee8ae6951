"""Find the plan's outline: headings at every level, as a tree, in line-based and run-on text.

Chinese plans number their headings by style, not by depth: 第X部分/章 (level 0),
一、 (1), (一) (2), 1. or 1、 (3), (1) (4), ① (5). A heading may stand on its own
line or, in scraped text, run inline with its body ("…制定本方案。一、指导思想深入贯彻…").
Every numbering marker is a candidate; a candidate becomes a heading when it
stands at a line start, or inline where a reader would see a heading: after a
sentence end or a heading's title, or as the next number of a sequence already
open. Enumerations inside sentences (第1、2项, 一是…二是…), 第X条 articles, the
numbered items inside a task's labelled fields (after 整改措施:, under a record's
三、整改措施) and the entries of a table of contents are not headings. A title runs
to its first sentence end or line end, whatever its length (docs/outline.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

import regex

from extract.data.sentence_words import (
    BODY_OPENERS,
    ENUMERATION_BEFORE,
    DANGLING_WORDS,
    SENTENCE_ENDS,
    SENTENCE_TITLE_OPENERS,
    TITLE_MODIFIERS,
)
from extract.labels import ANY_FIELD_LABEL, FIELD_LABELS, FIELD_REGION_FIELDS, alternation, field_of_label
from extract.normalise import NormalisedDocument
from extract.numerals import chinese_to_int
from extract.segment import word_starts

CN = "一二三四五六七八九十百零〇"
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"

# (level, pattern); group "n" is the number. Order matters where patterns overlap.
MARKERS: tuple[tuple[int, regex.Pattern], ...] = (
    (0, regex.compile(rf"第(?P<n>[{CN}\d]{{1,4}})(?:部分|篇|章|编)[、.:\s]?")),
    # not the start of an enumeration (一、二、三): 七、九宫山 and 一、2026年… are headings
    (1, regex.compile(rf"(?P<n>[{CN}]{{1,3}})[、.](?![{CN}]{{1,3}}[、.])")),
    (2, regex.compile(rf"\((?P<n>[{CN}]{{1,3}})\)")),
    (3, regex.compile(r"(?<![\d.])(?P<n>\d{1,3})(?:[、.](?![\d%])|\s)")),
    (4, regex.compile(r"\((?P<n>\d{1,3})\)")),
    (5, regex.compile(rf"(?P<n>[{CIRCLED}])")),
)
ANY_MARKER = regex.compile(
    "|".join(f"(?:{p.pattern})".replace("(?P<n>", "(?:") for _, p in MARKERS)
)

SENTENCE_END = set(SENTENCE_ENDS)
MAX_LINE_TITLE_WRAP = 60
# a title ends at a sentence end, a colon (a label), a line end, a § reference that a PDF
# line join ran into it, or a half-width full stop
# right after a Chinese character (text whose 。 was mangled to ".")
TITLE_END = regex.compile(rf"[{SENTENCE_ENDS}:§\n]|(?<=\p{{Han}})\.(?!\d)")
LINE_ENDS = ("\n", "§")
# a line that ends inside a phrase (on 、 or a conjunction): the title goes on in the next line
DANGLING_LINE_END = regex.compile(r"^[^\n]{1,%d}(?:%s)\n(?=\p{Han})" % (MAX_LINE_TITLE_WRAP, "|".join(DANGLING_WORDS)))
WRAP_MARK = "\u2060"  # stands for the joined line break inside the title window only
CLAUSE_END = regex.compile(rf"[,{SENTENCE_ENDS}:\n]")
APPENDIX = regex.compile(r"(?:^|(?<=[。\n)]))\s*附件\s*\d{0,2}\s*[::\n]")
# a heading's title opens with a word, a number or a quote, never with a dash or a table rule
TITLE_FIRST_CHAR = regex.compile(r"[\p{Han}\p{L}\p{N}“\"《(【]")
MAX_OPENER = max(len(w) for w in BODY_OPENERS)
MIN_TITLE = 4
MIN_BODY = 4
MAX_TITLE_SENTENCE = 40
MAX_LINE_TITLE = 90
MAX_RUN_IN_GAP = 60
MAX_TITLE_WINDOW = 300
MAX_LABEL_TITLE = 10
# a table-of-contents line: a dot leader (……, ....., ·····) and a page number at its end
CONTENTS_LINE = regex.compile(r"(?:[.…·・⋯]\s?){4,200}\s*(?:[-—(]?\s*\d{1,4}\s*[-—)]?\s*)?$")
MIN_CONTENTS_LINES = 3
MAX_CONTENTS_TAIL = 240  # only a line's tail can hold its leader and page number
CONTENTS_TITLE = regex.compile(r"^ *目 *录 *$")
MAX_CONTENTS_ENTRIES = 80
MAX_CONTENTS_WRAP = 3
DOCUMENT_REGION = -1  # field_owner of a task-field region opened before any heading
# a task-field label alone on its line (整改完成情况), as 公示 records print them
LABEL_LINE = regex.compile(
    r"(?m)^ *[【\[]?(?P<label>" + alternation(v for vs in FIELD_LABELS.values() for v in vs if len(v) > 1) + r")[】\]]? *$"
)
MIN_RECORD_FIELDS = 3
# a numbered line that holds only a short label, or a label and a colon: 二、整改目标 / (三)责任单位:
NUMBERED_LABEL_LINE = regex.compile(
    rf"(?m)^ *(?:{ANY_MARKER.pattern}) *(?P<label>[^\n,。:]{{2,{MAX_LABEL_TITLE}}}?) *(?:[::]|$)"
)


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
    # numbers in tables and in a table of contents are no headings
    skipped_spans = [t.span for t in document.tables] + contents_spans(text)
    appendix_markers = _appendix_markers(text)
    appendix_start: Optional[int] = None
    headings: list[Heading] = []
    last_value: dict[int, int] = {}
    field_owner: Optional[int] = None  # index of the heading whose task fields are open
    labels = _field_labels(text)
    label_cursor = 0
    record_layout = _is_record_layout(text)

    for match in ANY_MARKER.finditer(text):
        start = match.start()
        if any(a <= start < b for a, b in skipped_spans):
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
        # a task-field label (整改目标:, 整改措施 on its own line …) since the last heading opens
        # a region owned by that heading; before any heading, the region is the document's
        # and lasts until the next label of another field
        while label_cursor < len(labels) and labels[label_cursor][0] < start:
            position, opens_region = labels[label_cursor]
            if not headings or position > headings[-1].start:
                if opens_region:
                    field_owner = len(headings) - 1 if headings else DOCUMENT_REGION
                elif field_owner == DOCUMENT_REGION:
                    field_owner = None
            label_cursor += 1
        if field_owner == DOCUMENT_REGION or (field_owner is not None and level > headings[field_owner].level):
            continue
        if not _is_heading(text, start, marker_end, level, value, headings, last_value, field_owner):
            continue
        title_start, title_end = _title_bounds(text, marker_end, _line_start(text, start))
        if title_end - title_start < 1 or not TITLE_FIRST_CHAR.match(text, title_start):
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
                title=text[title_start:title_end].replace("\n", ""),
                appendix=appendix_start is not None and start >= appendix_start,
                parent=parent,
            )
        )
        if record_layout and _names_region_field(headings[-1].title):
            # 三、整改措施 in a record: its numbered items are the field's, not headings
            field_owner = len(headings) - 1
    return Outline(tuple(headings))


def _field_labels(text: str) -> list[tuple[int, bool]]:
    """(start, opens a region) of every task-field label: run in with a colon, or alone on a line."""
    found = {m.start(): m.group("label") for m in ANY_FIELD_LABEL.finditer(text)}
    found.update({m.start("label"): m.group("label") for m in LABEL_LINE.finditer(text)})
    return sorted((start, field_of_label(label) in FIELD_REGION_FIELDS) for start, label in found.items())


def contents_spans(text: str) -> list[tuple[int, int]]:
    """Spans of tables of contents: runs of lines that end in a dot leader and a page number
    (一、总体要求……………1), with the wrapped first lines of long entries; MIN_CONTENTS_LINES
    such lines at most MAX_CONTENTS_WRAP lines apart make one table of contents."""
    lines = [(m.start(), m.end(), m.group()) for m in regex.finditer(r"[^\n]+", text)]
    spans = _listed_contents(lines)
    run_start, run_end, entries, pending = None, 0, 0, []
    for start, end, line in lines:
        if CONTENTS_LINE.search(line[-MAX_CONTENTS_TAIL:]):
            if run_start is None:
                run_start = pending[0] if pending else start
            run_end, entries, pending = end, entries + 1, []
            continue
        pending = (pending + [start])[-MAX_CONTENTS_WRAP:]
        if run_start is not None and len(pending) == MAX_CONTENTS_WRAP:
            if entries >= MIN_CONTENTS_LINES:
                spans.append((run_start, run_end))
            run_start, entries = None, 0
        if SENTENCE_END & set(line[-1:]):
            pending = []  # a sentence is no wrapped entry
    if run_start is not None and entries >= MIN_CONTENTS_LINES:
        spans.append((run_start, run_end))
    return spans


def _listed_contents(lines: list[tuple[int, int, str]]) -> list[tuple[int, int]]:
    """A 目录 line and the short entries under it, printed without leaders or page numbers:
    they end where a line ends a sentence or a clause (the body), or where the numbering
    starts again (一、 under the contents is the body's first heading)."""
    spans = []
    for index, (start, end, line) in enumerate(lines):
        if not CONTENTS_TITLE.match(line):
            continue
        first_marker, last = None, end
        for _, entry_end, entry in lines[index + 1 : index + 1 + MAX_CONTENTS_ENTRIES]:
            marker = ANY_MARKER.match(entry.lstrip())
            if marker and marker.group() == first_marker:
                break
            if entry.rstrip()[-1:] in SENTENCE_END | {":", ","} or len(entry) > MAX_LINE_TITLE:
                break
            first_marker = first_marker or (marker.group() if marker else None)
            last = entry_end
        spans.append((start, last))
    return spans


def _names_region_field(title: str) -> bool:
    """The title is a field label (整改目标, 整改措施落实情况) whose items belong to the task."""
    return len(title) <= MAX_LABEL_TITLE and field_of_label(title) in FIELD_REGION_FIELDS


def _is_record_layout(text: str) -> bool:
    """The text is a record of labelled fields given as numbered headings (一、反馈问题
    二、整改目标 三、整改时限 …): three different fields named so. A plan's 二、工作目标 and
    三、保障措施 alone do not make a record."""
    fields = set()
    for match in NUMBERED_LABEL_LINE.finditer(text):
        field = field_of_label(match.group("label"))
        if field is not None and field not in ("other", "number"):
            fields.add(field)
            if len(fields) >= MIN_RECORD_FIELDS:
                return True
    return False


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
    if before in SENTENCE_END or before in ")”:":
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


def _title_bounds(text: str, start: int, own_line: bool) -> tuple[int, int]:
    """Where the heading's title ends: its first sentence end or line end, whatever its
    length, or — where a short title runs into its body with no punctuation between —
    before the word that opens the body (一、指导思想|深入贯彻…). `own_line`: the heading
    begins its line, so a short sentence that ends the line is all title."""
    while start < len(text) and text[start] == " ":
        start += 1
    window = _unwrapped(text[start : start + MAX_TITLE_WINDOW])
    sentence_end = TITLE_END.search(window)
    sentence = window[: sentence_end.start()] if sentence_end else window
    next_marker = _next_inline_heading(sentence)
    if next_marker is not None and next_marker <= MAX_TITLE_SENTENCE:
        # a deeper heading follows the title directly: no body in between to cut off
        return start, start + len(sentence[:next_marker].rstrip())
    whole = start + len(sentence.rstrip())
    if own_line and _alone_on_line(window, sentence_end):
        # a line with no sentence end, or one short sentence with no comma on its line, is a
        # heading: all of it is title
        if sentence_end.group() in LINE_ENDS:
            if len(sentence) <= MAX_LINE_TITLE:
                return start, whole
        elif len(sentence) <= MAX_TITLE_SENTENCE and "," not in sentence:
            return start, whole
    clause_end = CLAUSE_END.search(sentence)
    clause = sentence[: clause_end.start()] if clause_end else sentence
    if not _opens_sentence_title(sentence):
        cut = _run_in_cut(clause, "," in sentence)
        if cut is not None:
            return start, start + cut
    if sentence_end is None:
        # no end in sight: a run-on page; the first clause is all a reader can call a title
        return start, start + min(len(clause), MAX_LINE_TITLE)
    return start, whole


def _unwrapped(window: str) -> str:
    """The window with a line break that cuts a phrase (…废液、或者|将含汞…) read as a space-free
    join, so a heading wrapped over two lines keeps its whole title (same length: offsets hold)."""
    return DANGLING_LINE_END.sub(lambda m: m.group()[:-1] + WRAP_MARK, window, count=1)


def _alone_on_line(window: str, sentence_end: Optional[regex.Match]) -> bool:
    """The sentence is the whole line: it ends at a line end, or at 。 right before one."""
    if sentence_end is None:
        return False
    after = window[sentence_end.end() : sentence_end.end() + 1]
    return sentence_end.group() in LINE_ENDS or (sentence_end.group() in SENTENCE_END and after in ("\n", ""))


def _opens_sentence_title(sentence: str) -> bool:
    """A title that opens with a preposition or framing verb (以…, 按照…) is a sentence, not a
    short title run into its body; the body-opener cut does not apply to it."""
    starts = word_starts(sentence[: MAX_OPENER + 4])
    return any(
        sentence[:size] in SENTENCE_TITLE_OPENERS and size in starts | {len(sentence)}
        for size in range(1, MAX_OPENER + 1)
    )


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
