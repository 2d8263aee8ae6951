"""Quantified targets and commitments (指标): 森林覆盖率达到18%以上 -> name, value, unit, comparator.

A plan states targets (达到95%以上, 控制在35微克/立方米以内, 关闭退出煤矿18座) beside
numbers that only describe the past or the present (投诉从4件到26件, 7个断面中有5个,
权重仅5%) and numbers that are names (PM2.5, 34号泉眼, “332”机制, 十三五). Every number
with a measure unit is a candidate; the words around it decide: history markers (已, 仍,
仅, 从…到, 以来) against commitment words (确保, 完成, 淘汰, 问责) and comparators
(不低于, 控制在…以内). The name is the noun phrase before the comparator, cut at word
boundaries with jieba and a user dictionary of government and environment terms.

Word lists live in extract/data/indicator_words.py. Marker words are found in one pass and
every rule reads a window of bounded length around its candidate, so the scan is linear in
the text; jieba is loaded on the first name, not at import.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, replace
from typing import Iterator, Optional

import regex

from extract.data.sentence_words import FULL_STOPS
from extract.labels import alternation
from extract.data import indicator_words as words
from extract.data import time_words
from extract.fields.field_regions import FieldIndex
from extract.numerals import NUMERAL_CHARS, YEAR_PATTERN, chinese_to_int
from extract.segment import tokenizer

SENTENCE_BREAKS = FULL_STOPS + "\n"
CLAUSE_BREAKS = ",;:。!?\n"
LEFT_WINDOW = 80  # characters of the sentence before a number that can hold its evidence
YEAR_WINDOW = 200  # characters of the sentence before a number searched for its target year
RIGHT_WINDOW = 40
WORK_NOUN_WINDOW = 10  # characters after a count read for the noun it counts
QUOTE_MAX = 20  # “332”机制, “最多跑一次”: a number in a short quotation is a name
TITLE_MAX = 60  # 《…》

CN = "".join(ch for ch in NUMERAL_CHARS if not ch.isascii())
CN_DECIMAL = "零〇一二两三四五六七八九"




ALL_UNITS = words.UNITS + tuple(p + u for p in ("万", "亿") for u in words.SCALABLE_UNITS)
# units and the words that make a number a date or ordinal (年, 号, 级), longest first
UNIT_OR_NOT = alternation(ALL_UNITS + words.NOT_QUANTITY_AFTER)
NOT_QUANTITY = frozenset(words.NOT_QUANTITY_AFTER)
ARABIC = r"(?:\d{1,3}(?:,\d{3}){1,4}|\d{1,12})(?:\.\d{1,6})?"
QUANTITY = regex.compile(
    rf"""
    (?P<percent>百分之(?P<pnum>{ARABIC}(?!\d)|[{CN}]{{1,8}}(?:点[{CN_DECIMAL}]{{1,6}})?))
    |(?P<zero>{alternation(words.ZERO_WORDS)})
    |(?<![\d.])(?P<num>{ARABIC})(?!\d)
        (?:(?P<unit1>%|‰)?(?P<sep>[-~—–至到])(?P<num2>{ARABIC})(?!\d))?
        (?P<approx>{alternation(words.APPROXIMATE_AFTER_NUMBER)})?[ ]?(?P<unit>{UNIT_OR_NOT})?
    |(?<![{CN}])(?P<cn>[{CN}]{{1,10}})(?P<cnunit>{UNIT_OR_NOT}|{words.LIST_COUNT_SUFFIX})?
    """,
    regex.VERBOSE,
)
SUFFIX = regex.compile(rf"[ ]?(?:{alternation(words.COMPARATORS_AFTER)})")
QUOTED = regex.compile(rf"“[^“”\n]{{1,{QUOTE_MAX}}}”|《[^《》\n]{{1,{TITLE_MAX}}}》")
ORDINAL_BEFORE = regex.compile(r"第[\d、,和及至-]{0,12}$")
ASCII_ALNUM = regex.compile(r"[A-Za-z0-9]")
LETTER = regex.compile(r"[\p{Han}A-Za-z]")

COMPARATOR_AT_END = regex.compile(rf"(?:{alternation(set(words.COMPARATORS_BEFORE) - words.LINK_WORDS)})\s?$")
ADVERB_AT_END = regex.compile(rf"(?:{alternation(words.ADVERBS)})$")
CHANGE_TO = regex.compile(alternation(words.CHANGE_TO_WORDS))
CHANGE_VALUE = regex.compile(r"\d|[一二两三四五六七八九十]")
PERIOD_EVERY = regex.compile(rf"每(?:\d{{1,3}}|[一二两三四五六七八九十]{{1,3}})?(?:{alternation(words.EVERY_PERIODS)})")


@dataclass(frozen=True)
class IndicatorMatch:
    """One target; two names sharing one value (A和B均达到90%) give two matches, one span."""

    start: int
    end: int
    text: str  # text[start:end] of the text passed in
    name: Optional[str]
    value: float
    value_max: Optional[float]  # ranges: 5-10分钟, 85%-90%
    unit: Optional[str]  # as written after the number; ':1' for ratios such as 1.25:1
    comparator: str  # >= | <= | = | ~ | > | <
    year: Optional[int]  # target year from 到2020年 / 2017年底前 / 年底 in the same sentence


@dataclass(frozen=True)
class Quantity:
    """A number with its unit, before any judgement: text[start:end] is the number and unit."""

    start: int
    end: int
    value: float
    value_max: Optional[float]
    unit: Optional[str]
    kind: str  # arabic | approximate (300余家) | chinese | zero | list (十大措施)
    suffix: Optional[str] = None  # 以上, 以内, 左右 ...
    suffix_end: int = 0  # end of the suffix, or `end` when there is none (set by _quantities)


@dataclass(frozen=True)
class Marker:
    start: int
    end: int
    word: str
    kind: str  # commit | weak | target | descriptive | history | compare


def find_indicators(
    text: str, reference_year: Optional[int] = None, kind: Optional[str] = None
) -> list[IndicatorMatch]:
    """Every quantified target or commitment in `text` (normalised document text), in order.

    `reference_year` (the document's own year) resolves 年底/年内 and drops targets whose
    year lies well before it (电解铝2015年底前淘汰… quoted in a 2017 plan). `kind` is the
    document's kind (meta.kind): in a progress report, notice, audit or tour report or a news
    page a figure is an achievement unless its sentence sets a target. Whatever the kind, a
    figure under a 整改情况/完成情况 label is an achievement and one under a problem label
    describes the problem.
    """
    quoted = _quoted_spans(text)
    quantities = [q for q in _quantities(text) if not _is_name_or_ordinal(text, q, quoted)]
    if not quantities:
        return []
    markers = MarkerIndex(text)
    fields = FieldIndex(text)
    report = kind in words.REPORT_KINDS
    found: list[IndicatorMatch] = []
    run: list[list[IndicatorMatch]] = []  # the matches of each value of the current list (85%、95%)
    for index, quantity in enumerate(quantities):
        previous = quantities[index - 1] if index else None
        if previous is not None and run and text[previous.suffix_end : quantity.start] in words.LIST_JOINERS:
            run.append([_continued(match, quantity, text) for match in run[-1]])
            continue
        found.extend(_paired(run, text))
        run = []
        next_start = quantities[index + 1].start if index + 1 < len(quantities) else len(text)
        context = Context(text, markers, quantity, previous.suffix_end if previous else 0, next_start)
        family = fields.family_at(quantity.start)
        if family in ("achieved", "problem") or not context.is_commitment():
            continue
        if report and not context.sets_target(family == "target"):
            continue
        year = _target_year(text, quantity, reference_year)
        # a limit past by the document's year is background (a plan may look a year back:
        # 2017年底前 in a plan of early 2018)
        if reference_year is not None and year is not None and year < reference_year - 1:
            continue
        run = [context.matches(year)]
    found.extend(_paired(run, text))
    return found


def _paired(run: list[list[IndicatorMatch]], text: str) -> list[IndicatorMatch]:
    """A、B分别下降10%、12%: listed names 分别 paired with listed values, in order; otherwise
    each listed value keeps the name of the first (分别达到85%、95%)."""
    flat = [match for matches in run for match in matches]
    if len(run) > 1 and _counts_work(text, run[-1][0].end, min(len(text), run[-1][0].end + RIGHT_WINDOW)):
        return []  # 分别整改完成6个、3个、1个问题: the list counts problems
    if len(run) < 2 or any(len(matches) != 1 for matches in run) or not run[0][0].name:
        return flat
    first = run[0][0]
    if "分别" not in text[first.start : first.end]:
        return flat
    names = _split_names(first.name.partition("分别")[0])
    if len(names) != len(run):
        return flat
    return [replace(matches[0], name=name) for matches, name in zip(run, names)]


def _continued(match: IndicatorMatch, quantity: Quantity, text: str) -> IndicatorMatch:
    """分别削减8.5%、7.2%; 达到85%、95%: a listed value shares the decision, name and
    comparator of the value before it."""
    comparator = words.COMPARATORS_AFTER[quantity.suffix] if quantity.suffix else match.comparator
    return replace(
        match,
        start=quantity.start,
        end=quantity.suffix_end,
        text=text[quantity.start : quantity.suffix_end],
        value=quantity.value,
        value_max=quantity.value_max,
        unit=quantity.unit,
        comparator=comparator,
    )


# --- candidates -----------------------------------------------------------------------------


def _quantities(text: str) -> Iterator[Quantity]:
    """Numbers with a measure unit (or a comparator right before them), with the comparator
    suffix that follows (以上, 以内, 左右)."""
    for quantity in _numbers_with_units(text):
        suffix = SUFFIX.match(text, quantity.end)
        if suffix:
            yield replace(quantity, suffix=suffix.group().strip(), suffix_end=suffix.end())
        else:
            yield replace(quantity, suffix_end=quantity.end)


def _numbers_with_units(text: str) -> Iterator[Quantity]:
    for match in QUANTITY.finditer(text):
        start, end = match.span()
        if match.group("percent"):
            value = _number(match.group("pnum"))
            if value is not None:
                yield Quantity(start, end, value, None, "%", "arabic")
        elif match.group("zero"):
            yield Quantity(start, end, 0.0, None, None, "zero")
        elif match.group("num"):
            unit, unit1 = match.group("unit"), match.group("unit1")
            if unit in NOT_QUANTITY and not (
                unit in words.UNITS_AFTER_COMPARATOR and _after_comparator(text, start)
            ):
                continue
            if _unit_runs_on(text, end, unit) or unit1 and unit and unit1 != unit:
                continue
            if unit is None and not unit1 and (match.group("approx") or not _bare_value(text, start, end)):
                continue
            second = _number(match.group("num2")) if match.group("num2") else None
            kind = "approximate" if match.group("approx") else "arabic"
            yield Quantity(start, end, _number(match.group("num")), second, unit or unit1, kind)
        else:
            unit = match.group("cnunit")
            value = chinese_to_int(match.group("cn"))
            if value is None or unit is None or _unit_runs_on(text, end, unit):
                continue
            if unit == words.LIST_COUNT_SUFFIX:
                yield Quantity(start, end, float(value), None, None, "list")
            elif unit in words.COUNT_UNITS:
                yield Quantity(start, end, float(value), None, unit, "chinese")


def _after_comparator(text: str, position: int) -> bool:
    return COMPARATOR_AT_END.search(text, max(0, position - 8), position) is not None


def _bare_value(text: str, start: int, end: int) -> bool:
    """控制在4.5以内, 不超过1.0: a number without unit is a candidate only right after a
    comparator, and not where an unknown unit follows (下降到300克标准煤/千瓦时)."""
    if not _after_comparator(text, start):
        return False
    return SUFFIX.match(text, end) is not None or not LETTER.match(text, end)


def _number(written: str) -> Optional[float]:
    """1,740 -> 1740; 九十 -> 90; 九十五点五 -> 95.5."""
    if written[0].isdigit():
        return float(written.replace(",", ""))
    whole, _, decimals = written.partition("点")
    value = chinese_to_int(whole)
    if value is None:
        return None
    if decimals:
        return float(f"{value}." + "".join(str(chinese_to_int(ch)) for ch in decimals))
    return float(value)


def _unit_runs_on(text: str, end: int, unit: Optional[str]) -> bool:
    """True where the unit is the start of a longer word: 160KA, 5mg/Lx, 一次性."""
    following = text[end : end + 1]
    if unit and ASCII_ALNUM.match(unit[-1]) and following and ASCII_ALNUM.match(following):
        return True
    return following == "性"


def _quoted_spans(text: str) -> list[tuple[int, int]]:
    return [match.span() for match in QUOTED.finditer(text)]


def _inside(spans: list[tuple[int, int]], position: int) -> bool:
    k = bisect_left(spans, (position,)) - 1
    return k >= 0 and spans[k][0] < position < spans[k][1]


def _is_name_or_ordinal(text: str, quantity: Quantity, quoted: list[tuple[int, int]]) -> bool:
    """PM2.5, 160KA, 第3项, 每2个月, “332”机制, 《…十大…》: numbers that are not amounts."""
    start = quantity.start
    before = text[start - 1 : start]
    if text.startswith(words.NUMBERED_FORMULAS, start):
        return True
    if quantity.kind != "zero":
        if before and (before.isascii() and before.isalpha() or before in "-+/.#"):
            return True
        if before == "每" or ORDINAL_BEFORE.search(text, max(0, start - 14), start):
            return True
    return _inside(quoted, start)


# --- evidence -------------------------------------------------------------------------------


# a target year: 到2020年 (not 到2023年10月20日, an as-of date), 2017年底前, “十三五”期间
TARGET_PATTERNS = (
    rf"到{YEAR_PATTERN}年(?!\d{{1,2}}月\d{{1,2}}日)",
    rf"{YEAR_PATTERN}年(?:\d{{1,2}}月)?(?:\d{{1,2}}日)?(?:底|末)?(?:之前|以前|前)",
    rf"“?{alternation(time_words.FIVE_YEAR_PLANS)}”?"
    rf"{alternation(time_words.FIVE_YEAR_RANGE_SUFFIXES + time_words.FIVE_YEAR_END_SUFFIXES)}",
)
# each marker word's kind; a word in two lists takes the first kind here (确保: target)
MARKER_KINDS: dict[str, str] = {}
for _kind, _words in (
    ("history", words.SENTENCE_HISTORY_WORDS),
    ("descriptive", words.DESCRIPTIVE_WORDS),
    ("target", words.TARGET_WORDS),
    ("compare", words.COMPARATORS_BEFORE),
    ("weak", words.WEAK_COMMITMENT_WORDS),
    ("commit", words.COMMITMENT_WORDS),
):
    for _word in _words:
        MARKER_KINDS.setdefault(_word, _kind)
# one alternation of all words, longest first (约谈 is a verb, not 约 + 谈), then the patterns
MARKERS = regex.compile(
    rf"(?P<word>{alternation(MARKER_KINDS)})"
    rf"|(?P<descriptive>{'|'.join(words.DESCRIPTIVE_PATTERNS)})"
    rf"|(?P<history>{'|'.join(words.HISTORY_PATTERNS)})"
    rf"|(?P<target>{'|'.join(TARGET_PATTERNS)})"
)


def _marker_kind(match: regex.Match) -> str:
    return MARKER_KINDS[match.group()] if match.lastgroup == "word" else match.lastgroup


class MarkerIndex:
    """Every marker of the text, found in one pass; where two overlap, the longer one
    (已完成 over 完成). Windows are read from it by position."""

    def __init__(self, text: str):
        found = [
            Marker(match.start(), match.end(), match.group(), _marker_kind(match))
            for match in MARKERS.finditer(text, overlapped=True)
        ]
        found.sort(key=lambda m: (m.start, m.start - m.end))
        self.markers: list[Marker] = []
        for marker in found:
            if self.markers and marker.start < self.markers[-1].end:
                if marker.end - marker.start <= self.markers[-1].end - self.markers[-1].start:
                    continue
                self.markers.pop()
            self.markers.append(marker)
        self.starts = [m.start for m in self.markers]

    def between(self, start: int, end: int) -> list[Marker]:
        """The markers inside text[start:end]."""
        first, stop = bisect_left(self.starts, start), bisect_left(self.starts, end)
        return [m for m in self.markers[first:stop] if m.end <= end]


def _counts_at(marker: Marker, number_start: Optional[int]) -> bool:
    """达, 为, 约, 近 are comparators only where they touch the number (not in 传达, 作为, 近期)."""
    return marker.kind != "compare" or marker.word not in words.ADJACENT_ONLY or marker.end == number_start


def _break_before(text: str, position: int, limit: int, breaks: str) -> int:
    """Index just after the last break in text[limit:position], or `limit`."""
    return max([limit] + [text.rfind(ch, limit, position) + 1 for ch in breaks])


def _break_after(text: str, position: int, limit: int, breaks: str) -> int:
    ends = [i for i in (text.find(ch, position, limit) for ch in breaks) if i >= 0]
    return min(ends, default=limit)


class Context:
    """The windows around one quantity and the judgement read from them."""

    def __init__(self, text: str, markers: MarkerIndex, quantity: Quantity, previous_end: int, next_start: int):
        self.text = text
        self.markers = markers
        self.quantity = quantity
        start = quantity.start
        self.end = quantity.suffix_end  # after the unit and any 以上/以内/左右
        self.sentence_start = _break_before(text, start, max(0, start - LEFT_WINDOW), SENTENCE_BREAKS)
        self.clause_start = _break_before(text, start, self.sentence_start, CLAUSE_BREAKS)
        self.local_start = max(self.clause_start, min(previous_end, start))
        self.next_start = next_start
        limit = min(len(text), self.end + RIGHT_WINDOW, max(next_start, self.end))
        self.clause_end = _break_after(text, self.end, limit, CLAUSE_BREAKS)
        self.sentence_end = _break_after(text, self.end, limit, SENTENCE_BREAKS)
        self.left = [m for m in markers.between(self.sentence_start, start) if _counts_at(m, start)]
        # the words after the number up to its clause's end, or to 或 that opens an alternative
        # (达到70%以上或在2020年基础上提高5个百分点)
        alternative = text.find("或", self.end, self.clause_end)
        right_end = alternative if alternative >= 0 else self.clause_end
        self.right = [m for m in markers.between(self.end, right_end) if _counts_at(m, None)]

    # -- is it a target? --

    def is_commitment(self) -> bool:
        """Evidence from strongest to weakest: a history word or change start at the number
        (仍在, 仅, 由…); a sentence told as history with no target in it (截至, 已, 以来); the
        first word after the number (…17个责任人进行问责); the nearest strong word before it;
        a rate written straight before its value; weak verbs (治理, 建设); the next clause."""
        kind = self.quantity.kind
        if self._sizes_the_work() or self._scopes_a_later_value():
            return False
        if kind == "list":
            return self._verb_touches() is not None and not self._descriptive_nearby()
        if kind == "chinese" and not self._chinese_count_is_target():
            return False
        if self._descriptive_nearby():
            return False
        if kind == "zero":
            return True
        change = self._change_from()
        if change is not None and not any(m.kind == "target" and m.end <= change for m in self.left):
            return False
        targets_before = [m for m in self.left if m.word not in words.TARGET_AFTER_ONLY]
        if self._has("history", self.left) and not self._has("target", targets_before):
            return False
        right = self._first(self.right)
        if right is not None and right.kind in ("commit", "compare", "target"):
            return True
        strong = self._last([m for m in self.left if m.kind != "weak" and m.word not in words.LINK_WORDS])
        if strong is not None:
            return strong.kind in ("commit", "compare", "target")
        if self._name_end_is_head():
            return True
        if any(m.kind == "weak" for m in self.left + self.right[:1]):
            return True
        after = self.markers.between(self.clause_end, self.sentence_end)
        return any(m.kind in ("commit", "weak", "target") for m in after[:1])

    def sets_target(self, in_target_field: bool) -> bool:
        """In a report, whether the number is a target after all: a target word before it in
        its sentence or in its own clause (到2025年, 力争, 确保; 目标 only after it); else,
        with no history in the sentence, a 整改目标/整改措施 field, or a target year set by
        an earlier sentence of the paragraph that this one continues."""
        start = self.quantity.start
        sentence = self.markers.between(self.sentence_start, self.sentence_end)
        told = [m for m in sentence if m.kind in ("target", "history") and m.end <= start]
        if told and told[-1].kind == "history":
            return False  # 2020年底前…涉及7项,已完成整改1项: the nearer word tells it
        for marker in sentence:
            if marker.kind != "target" or not (marker.end <= start or marker.start < self.clause_end):
                continue
            if marker.word not in words.TARGET_AFTER_ONLY or marker.start > start:
                return True
        if self._has("history", sentence):
            return False
        if in_target_field:
            return True
        lo = max(0, self.sentence_start - words.TARGET_FRAME_WINDOW)
        frame_start = self.text.rfind("\n", lo, self.sentence_start) + 1 or lo
        frame = self.markers.between(frame_start, self.sentence_start)
        return any(m.kind == "target" and m.word not in words.TARGET_WORDS for m in frame)

    def _sizes_the_work(self) -> bool:
        """45项整改任务, 46个整改落实类问题, 12个问题线索, 17个牵头单位: a count of the work's
        own items or actors, the noun written after the count (or before it: 整改任务41项)."""
        if self.quantity.unit not in words.COUNT_UNITS:
            return False
        return _counts_work(self.text, self.end, self.clause_end) or self.text[
            self.local_start : self.quantity.start
        ].endswith(words.WORK_ITEM_NOUNS)

    def _scopes_a_later_value(self) -> bool:
        """全省12条主要流域水质优良比例达94%以上: a count naming the scope of the value that
        follows it in the same clause, through a comparator."""
        if self.quantity.unit not in words.COUNT_UNITS:
            return False
        clause_end = _break_after(self.text, self.end, min(len(self.text), self.end + RIGHT_WINDOW), CLAUSE_BREAKS)
        if self.next_start >= clause_end:
            return False
        return any(m.kind == "compare" for m in self.markers.between(self.end, self.next_start))

    def _descriptive_nearby(self) -> bool:
        """仍在生产 after it, 仅/已达/中有 before it (since the previous number), or the start
        value of a change (由最初的不到3000平方米)."""
        right = self._first(self.right)
        if right is not None and right.kind in ("descriptive", "history"):
            return True
        local = self._last([m for m in self.left if m.start >= self.local_start and m.kind != "weak"])
        if local is not None and local.kind in ("descriptive", "history"):
            return True
        return self._is_change_start()

    def _is_change_start(self) -> bool:
        """由最初的不到3000平方米扩建…, 从50个增加到…: the start value of a change."""
        head = self.text[max(self.local_start, self.quantity.start - 12) : self.quantity.start]
        if not any(word in head for word in words.CHANGE_FROM_WORDS):
            return False
        return CHANGE_TO.search(self.text, self.end, min(self.clause_end, self.end + 12)) is not None

    def _change_from(self) -> Optional[int]:
        """Where the 由/从 of a change stands when the number is its end value (由X…降至Y)."""
        clause = self.text[self.clause_start : self.quantity.start]
        for word in words.CHANGE_FROM_WORDS:
            at = clause.find(word)
            if at >= 0 and CHANGE_VALUE.search(clause, at):
                return self.clause_start + at
        return None

    def _chinese_count_is_target(self) -> bool:
        """两座, 一次: only with a comparator, straight after a verb, or as 每…一次; a count of
        one (一项重大政治任务, 整改一个、销号一个) only with a comparator or under 每."""
        clause = self.text[self.clause_start : self.quantity.start]
        every = PERIOD_EVERY.search(clause) is not None
        comparator = self._comparator_marker()
        if comparator is not None and comparator.word not in words.LINK_WORDS:
            return True  # not 是一项, 作为一项: a link word states, it does not compare
        if self.quantity.value == 1:
            return every
        return self._verb_touches() is not None or self.quantity.unit == "次" and every

    def _verb_touches(self) -> Optional[Marker]:
        for marker in self.left:
            if marker.end == self.quantity.start and marker.kind in ("commit", "weak"):
                return marker
        return None

    def _comparator_marker(self) -> Optional[Marker]:
        """The comparator word that governs the number: the nearest in its clause since the
        previous number (达/为/约/近 are in self.left only where they touch it)."""
        for marker in reversed(self.left):
            if marker.start < self.local_start:
                break
            if marker.kind == "compare":
                return marker
        return None

    def _name_end_is_head(self) -> bool:
        """饮用水源地水质达标率100%: a rate written straight before its value."""
        start = self.quantity.start
        return self._name_end() == start and self.text[self.local_start : start].endswith(words.INDICATOR_HEADS)

    @staticmethod
    def _has(kind: str, markers: list[Marker]) -> bool:
        return any(m.kind == kind for m in markers)

    @staticmethod
    def _first(markers: list[Marker]) -> Optional[Marker]:
        return markers[0] if markers else None

    @staticmethod
    def _last(markers: list[Marker]) -> Optional[Marker]:
        return markers[-1] if markers else None

    # -- what it says --

    def comparator(self) -> str:
        marker = self._comparator_marker()
        before = words.COMPARATORS_BEFORE[marker.word] if marker else "="
        if self.quantity.kind == "zero":
            return "="
        if self.quantity.kind == "approximate":
            return "~"
        if self.quantity.suffix and before != "~":
            return words.COMPARATORS_AFTER[self.quantity.suffix]
        return before

    def _name_end(self) -> int:
        """Where the name stops: before the comparator and adverbs between it and the number
        (受污染耕地安全利用率…|均达到|90%)."""
        end = self.quantity.start
        while end > self.local_start:
            stripped = end
            while stripped > self.local_start and self.text[stripped - 1].isspace():
                stripped -= 1
            for marker in reversed(self.left):
                if marker.end == stripped and marker.kind == "compare":
                    stripped = marker.start
                    break
            adverb = ADVERB_AT_END.search(self.text, self.local_start, stripped)
            if adverb:
                stripped = adverb.start()
            if stripped == end:
                break
            end = stripped
        return end

    def matches(self, year: Optional[int]) -> list[IndicatorMatch]:
        """One match per name: 受污染耕地安全利用率和污染地块安全利用率均达到90%以上 gives two."""
        quantity = self.quantity
        name_end = self._name_end()
        left = _name_before(self.text, self.local_start, name_end)
        change = self._change_from()
        if left is None and change is not None:  # 浓度由…的50微克/立方米降至42微克/立方米
            left = _name_before(self.text, self.clause_start, change)
        verb = self._verb_touches()
        noun = _noun_after(self.text, self.end, self.clause_end)
        unit = quantity.unit
        start = left[0] if left else verb.start if verb else quantity.start
        end = noun[1] if noun else self.end
        names = _split_shared(left[1], self.text[name_end : quantity.start]) if left else []
        if quantity.kind == "list":  # 实施十大措施: the listed thing is the unit, as gold writes it
            if noun is None:
                return []
            unit = noun[0]
            names = [noun[0]]
        elif noun and unit != "次" and (unit in words.COUNT_UNITS or not left or _only_verbs(left[1])):
            prefix = verb.word if verb and verb.word not in words.NAME_STOP_WORDS else ""
            names = [prefix + noun[0]]  # 新建3座污水处理厂 -> 新建污水处理厂
            start = verb.start if verb else quantity.start
        return [
            IndicatorMatch(
                start=start,
                end=end,
                text=self.text[start:end],
                name=name or None,
                value=quantity.value,
                value_max=quantity.value_max,
                unit=unit,
                comparator=self.comparator(),
                year=year,
            )
            for name in (names or [""])
        ]


# --- names ------------------------------------------------------------------------------------


# what a name never runs across: clause punctuation and numbers with their time or unit
# word (每2个月, 2017年底前), but not a baseline year (PM2.5浓度比2015年下降10%)
NAME_BARRIER = regex.compile(
    rf"[{regex.escape(CLAUSE_BREAKS)}]"
    rf"|(?<![A-Za-z\d.比较与])\d+(?:\.\d+)?(?:{UNIT_OR_NOT})?(?:{alternation(words.TIME_WORD_ENDINGS)})?"
)
LEADING_PUNCTUATION = "、,.;:)]”’》】"  # left over where a name starts after a number (1.PM2.5浓度)
NOUN_START = regex.compile(r"[\p{Han}A-Za-z0-9]")
NOUN_BREAK = regex.compile(rf"[{regex.escape(CLAUSE_BREAKS)}(“”《》]|\d+(?:\.\d+)?|年")


def _name_before(text: str, lo: int, hi: int) -> Optional[tuple[int, str]]:
    """The noun phrase ending at `hi` and its start, walked back word by word from `hi`; it
    stops at scope, order and time words (确保, 全市, 到2020年), at numbers and clause
    punctuation, and at MAX_NAME_CHARS."""
    for barrier in NAME_BARRIER.finditer(text, lo, hi):
        lo = barrier.end()
    if hi <= lo:
        return None
    tokens = list(tokenizer().tokenize(text[lo:hi]))
    first, length = len(tokens), 0
    for k in range(len(tokens) - 1, -1, -1):
        word = tokens[k][0]
        length += len(word)
        if word in words.NAME_STOP_WORDS or length > words.MAX_NAME_CHARS:
            break
        first = k
    if first == len(tokens):
        return None
    name = text[lo + tokens[first][1] : hi].lstrip(LEADING_PUNCTUATION)
    return (hi - len(name), name) if name else None


def _noun_after(text: str, position: int, limit: int) -> Optional[tuple[str, int]]:
    """The noun right after a count and its end (17个|责任人|进行问责): whole words up to a
    verb, history or comparator word, 的, a list break, or MAX_NOUN_AFTER_CHARS."""
    if position >= limit or not NOUN_START.match(text, position):
        return None
    end = position
    window = text[position : min(limit, position + words.MAX_NOUN_AFTER_CHARS + 8)]
    for word, _, word_end in tokenizer().tokenize(window):
        if word_end > words.MAX_NOUN_AFTER_CHARS or _ends_noun(word):
            break
        end = position + word_end
    return (text[position:end], end) if end > position else None


def _ends_noun(word: str) -> bool:
    if word in words.NAME_STOP_WORDS or word in words.NAME_SPLITTERS or NOUN_BREAK.fullmatch(word):
        return True
    marker = MARKERS.fullmatch(word)
    if marker is None:
        return False
    kind = _marker_kind(marker)
    if kind == "weak":
        return False  # 督察整改进展情况, 重点工程建设: weak verbs after a count are nouns
    return kind != "compare" or word not in words.ADJACENT_ONLY


COMMITMENT_RUN = regex.compile(f"(?:{alternation(words.COMMITMENT_WORDS)})+")


def _counts_work(text: str, position: int, limit: int) -> bool:
    """Whether the words after a count name the work's items or actors (WORK_ITEM_NOUNS):
    46个|整改落实类问题, 35个|测评目标, 2212个|的问题."""
    window = text[position : min(limit, position + WORK_NOUN_WINDOW)]
    return any(word in window for word in words.WORK_ITEM_NOUNS)


def _only_verbs(name: str) -> bool:
    """建成 alone is no name: the thing built follows the number (建成3000吨/小时…工程)."""
    return COMMITMENT_RUN.fullmatch(name) is not None


def _split_names(name: str) -> list[str]:
    """甲、乙和丙 -> [甲, 乙, 丙], cut at whole words only."""
    parts: list[str] = [""]
    for word in tokenizer().cut(name, HMM=False):
        if word in words.NAME_SPLITTERS:
            parts.append("")
        else:
            parts[-1] += word
    return [part for part in parts if part]


def _split_shared(name: str, between: str) -> list[str]:
    """受污染耕地安全利用率和污染地块安全利用率均达到90%: two names sharing one value."""
    if not any(adverb in between for adverb in words.SHARED_VALUE_ADVERBS):
        return [name]
    parts = _split_names(name)
    if len(parts) > 1 and all(part.endswith(words.INDICATOR_HEADS) for part in parts):
        return parts
    return [name]


# --- target year ---------------------------------------------------------------------------

YEAR = regex.compile(
    rf"(?<![比较与从由自至止])(?P<year>{YEAR_PATTERN})年"
    r"(?!以来|至今|同期|相比|水平|基础|的|度|初)(?:\d{1,2}月(?:\d{1,2}日)?)?(?P<range>[至到\-—])?"
)
PLAN_PERIOD = regex.compile(alternation(time_words.FIVE_YEAR_PLANS))
# 今年, 明年, and the parts of this year (年底, 年内) written alone: years after the reference year
RELATIVE_YEAR_OFFSETS = {**dict.fromkeys(time_words.RELATIVE_PARTS, 0), **time_words.RELATIVE_YEARS}
RELATIVE_YEAR = regex.compile(rf"(?<![\d{CN}])(?:{alternation(RELATIVE_YEAR_OFFSETS)})")


def _target_year(text: str, quantity: Quantity, reference_year: Optional[int]) -> Optional[int]:
    """The nearest year named before the number in its sentence (到2020年, 2017年底前,
    “十三五”期间), else one in its clause after it (…150台(2017年12月31日)), else
    年底/年内 resolved against the reference year."""
    start = _break_before(text, quantity.start, max(0, quantity.start - YEAR_WINDOW), SENTENCE_BREAKS)
    end = _break_after(text, quantity.end, min(len(text), quantity.end + RIGHT_WINDOW), CLAUSE_BREAKS)
    best: Optional[tuple[int, int]] = None  # (position, year)
    for match in YEAR.finditer(text, start, quantity.start):
        if not match.group("range"):
            best = (match.start(), chinese_to_int(match.group("year")))
    for match in PLAN_PERIOD.finditer(text, start, quantity.start):
        if best is None or match.start() > best[0]:
            best = (match.start(), time_words.FIVE_YEAR_PLANS[match.group()][1])
    if reference_year is not None:
        for match in RELATIVE_YEAR.finditer(text, start, quantity.start):
            if best is None or match.start() > best[0]:
                best = (match.start(), reference_year + RELATIVE_YEAR_OFFSETS[match.group()])
    if best is not None:
        return best[1]
    after = next((m for m in YEAR.finditer(text, quantity.end, end) if not m.group("range")), None)
    return chinese_to_int(after.group("year")) if after else None
