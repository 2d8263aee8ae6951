"""Time limits (整改时限): when a task, measure or target must be done, and how often.

A plan writes the same date for different reasons: as a limit (2018年9月30日前,
整改时限:2017年12月31日, (2018年6月30日)), as history (2013年以来, 督察组于
2017年7月30日正式反馈), as a status (截至2017年底) or as its own publication
date. So the rules work in two steps. The scanner reads every time expression
(dates, ranges, quarters, relative years, 每季度, 周调度, 长期坚持, 立行立改, 半年内)
in one left-to-right pass; then each expression is judged by the words around
it: limit words (前, 底, 到, 起, a following action such as 完成 or 关闭, a
整改时限 field, a bracket or cell of its own) against history words (已, 以来,
至今, 截至, 了, 仍未 later in the sentence). The words themselves are tables in
extract/data/time_words.py.

Dates resolve to the last day the limit allows (FORMAT.md): 2017年10月底前 is
2017-10-31, 2017年第4季度 2017-12-31, a bare year its 31 December. Relative
limits (年内, 年底, 明年6月) resolve against `reference_year` when it is known,
else `date` is None and `relative` holds the words.

Every step reads a bounded window around one expression, and the patterns have
no unbounded nested repetition, so the time is linear in the text's length.
"""

from __future__ import annotations

import calendar
from bisect import bisect_right
from dataclasses import dataclass
from datetime import date
from typing import Optional

import regex

from extract.data.sentence_words import SENTENCE_ENDS
from extract.data import time_words as words
from extract.data.indicator_words import REPORT_KINDS
from extract.fields.field_regions import FieldIndex
from extract.numerals import YEAR_PATTERN, chinese_to_int
from extract.labels import alternation


@dataclass(frozen=True)
class DeadlineMatch:
    """One time limit found in a text, with its meaning in FORMAT.md's terms."""

    start: int  # offsets into the text passed in
    end: int
    text: str  # text[start:end]
    kind: str  # by | start | range | recurring | ongoing
    date: Optional[str]  # ISO; last day the limit allows (month end, year end, quarter end)
    start_date: Optional[str]  # for start/range kinds
    period: Optional[str]  # year | half_year | quarter | month | week | day (recurring)
    interval: Optional[int]  # 每2个月 -> 2
    relative: Optional[str]  # 年内 / 年底 / 年底前 / 半年内 / 今年 / 明年 as written
    precision: Optional[str]  # day | month | quarter | half_year | year


# --- patterns -------------------------------------------------------------------




def _not_after(chars: str) -> str:
    return "(?<![" + regex.escape(chars) + "])"


YEAR = YEAR_PATTERN
MONTH = r"(?:1[0-2](?!\d)|0?[1-9](?!\d)|十[一二]|十|[一二三四五六七八九])"
DAY = r"(?:3[01](?!\d)|[12]\d(?!\d)|0?[1-9](?!\d)|三十一|三十|二十[一二三四五六七八九]?|十[一二三四五六七八九]?|[一二三四五六七八九])"
COUNT = r"(?:\d{1,3}|[一二两三四五六七八九十百]{1,3})"
MASK = regex.escape(words.MASK_CHARS)
CONNECTOR = "[" + regex.escape(words.RANGE_CONNECTORS) + "]"
MONTH_PART = alternation(words.MONTH_PARTS)
# the calendar part after 年: quarter, part of the year, or month with day and part of month
YEAR_BODY = (
    rf"(?:(?P<quarter>第?[1-4一二三四])季度?"
    rf"|(?P<part>{alternation(words.YEAR_PARTS)})"
    rf"|(?P<month>{MONTH})月份?(?:(?P<day>{DAY})[日号])?(?P<mpart>{MONTH_PART})?)?"
)
MONTH_ONLY = (
    rf"{_not_after(words.MONTH_BLOCKERS)}(?P<month>{MONTH})月份?(?:(?P<day>{DAY})[日号])?(?P<mpart>{MONTH_PART})?"
)
FIVE_YEAR = (
    rf"“?(?P<plan>{alternation(words.FIVE_YEAR_PLANS)})”?"
    rf"(?:(?P<plan_range>{alternation(words.FIVE_YEAR_RANGE_SUFFIXES)})|(?P<plan_end>{alternation(words.FIVE_YEAR_END_SUFFIXES)}))"
)
RECURRING = (
    rf"每(?P<every>{COUNT})?(?P<unit>{alternation(words.RECURRING_UNITS)})"
    rf"(?:(?<=[周期])(?P<weekday>[{words.WEEKDAYS}])(?![次遍回个])"
    rf"|(?:年底|年末|底|末|初|上旬|中旬|下旬|(?:{MONTH}月)?{DAY}[日号]|{MONTH}月(?:{MONTH_PART})?)前?)?"
)
ROUTINE = (
    rf"{_not_after(words.ROUTINE_BLOCKERS)}(?P<routine>{alternation(words.ROUTINE_PERIODS)})"
    rf"{alternation(words.ROUTINE_ACTIONS)}"
)
DURATION = rf"{_not_after(words.DURATION_BLOCKERS)}(?:半年|半个月|{COUNT}{alternation(words.DURATION_UNITS)})(?:以内|内)"

# one branch per kind of expression; searched branch by branch (see _expression_starts)
TIME_BRANCHES = (
    rf"(?P<year_range>(?P<from_year>{YEAR})年?{CONNECTOR}(?P<to_year>{YEAR})年(?:度|(?P<range_part>底|末))?)",
    rf"(?P<masked>(?:(?:19|20)[{MASK}]{{2}}|(?<![{MASK}])[{MASK}]{{4}})年(?:底|末)?)",
    r"(?P<numeric>(?<![\d.])(?P<ny>(?:19|20)\d{2})(?P<sep>[-./])(?P<nm>1[0-2]|0?[1-9])(?P=sep)"
    r"(?P<nd>3[01]|[12]\d|0?[1-9])(?![\d.])(?P<clock>\s?[0-2]?\d:[0-5]\d)?)",
    rf"(?P<calendar>(?:(?P<year>{YEAR})年|(?P<relative_year>{alternation(words.RELATIVE_YEARS)})){YEAR_BODY})",
    rf"(?P<five_year>{FIVE_YEAR})",
    rf"(?P<recurring>{RECURRING})",
    rf"(?P<duration>{DURATION})",
    rf"(?P<relative_part>{_not_after(words.RELATIVE_PART_BLOCKERS)}{alternation(words.RELATIVE_PARTS)})",
    rf"(?P<relative_period>{alternation(words.RELATIVE_PERIODS)}{alternation(words.RELATIVE_PERIOD_SUFFIXES)})",
    rf"(?P<holiday>“?{alternation(words.HOLIDAYS)}”?)(?=之前|前)",
    rf"(?P<month_only>{MONTH_ONLY})",
    rf"(?P<quarter_only>{_not_after(words.QUARTER_BLOCKERS)}(?P<quarter>第?[1-4一二三四])季度)",
    rf"(?P<routine_match>{ROUTINE})",
    rf"(?P<ongoing_pair>{alternation(words.ONGOING_PAIR_OPENERS)}、{alternation(words.ONGOING_PAIR_ENDS)})",
    rf"(?P<ongoing>{alternation(words.ONGOING_WORDS)})",
    rf"(?P<immediate>{alternation(words.IMMEDIATE_WORDS)})",
)
TIME_EXPRESSION = regex.compile("|".join(TIME_BRANCHES))
BRANCH_PATTERNS = tuple(regex.compile(branch) for branch in TIME_BRANCHES)
# a second date after a range connector (2016年1月至2017年3月, 2017年4月28日至5月28日)
RANGE_END = regex.compile(
    rf"{CONNECTOR}(?:(?P<year>{YEAR})年{YEAR_BODY}|(?P<month>{MONTH})月份?(?:(?P<day>{DAY})[日号])?(?P<mpart>{MONTH_PART})?)"
)
SUFFIX = regex.compile(
    "|".join(
        regex.escape(s) + ("(?![" + regex.escape(words.SUFFIX_BLOCKERS[s[-1]]) + "])" if s[-1] in words.SUFFIX_BLOCKERS else "")
        for s in sorted(words.BY_SUFFIXES + words.START_SUFFIXES + words.HISTORY_SUFFIXES, key=len, reverse=True)
    )
)
LIMIT_FOLLOWER = regex.compile(rf"{alternation(words.LIMIT_ADVERBS)}{{0,2}}{alternation(words.LIMIT_VERBS)}")
LIMIT_IN_CLAUSE = regex.compile(rf"{alternation(words.LIMIT_VERBS + ('达到',))}")
PAST_AFTER = regex.compile(
    alternation(words.PAST_AFTER)
    + "|(?<!"
    + "|".join(regex.escape(w[0]) for w in words.NOT_PAST_LE if w.endswith("了"))
    + ")了(?!"
    + "|".join(regex.escape(w[1]) for w in words.NOT_PAST_LE if w.startswith("了"))
    + ")"
)
DONE_AFTER = regex.compile(alternation(words.DONE_AFTER))
MISSED_LIMIT = regex.compile(_not_after(words.CONDITION_WORDS) + alternation(words.MISSED_LIMIT_MARKERS))
PUBLICATION_LABEL = regex.compile(rf"{alternation(words.PUBLICATION_LABELS)}\s?[::]?\s?$")
PUBLICATION_AFTER = regex.compile(alternation(words.PUBLICATION_AFTER))
NOTICE_PERIOD_LABEL = regex.compile(rf"{alternation(words.NOTICE_PERIOD_LABELS)}[^,,。;;\n]{{0,4}}$")
FIELD_END = regex.compile(r"[。\n]")
TITLE_BRACKET = regex.compile(rf"{alternation(words.TITLE_WORDS)}\($")
CLAUSE_END = regex.compile(r"[,,。;;!?!?:|\n]")
ATTRIBUTE_AFTER_BY = regex.compile(rf"{alternation(words.ATTRIBUTE_VERBS)}的")
OBLIGATION = regex.compile(alternation(words.OBLIGATION_ADVERBS))
SENTENCE_END = regex.compile("[" + regex.escape(SENTENCE_ENDS) + "\n]")

CLAUSE_WINDOW = 30  # characters read on each side of an expression for its clause
SENTENCE_WINDOW = 60
FIELD_WINDOW = 200  # longest 整改时限 field value read
CELL_WINDOW = 80  # longest line or bracket read as a cell of limits
PREFIX_WINDOW = 6
LABEL_WINDOW = 12  # characters before a date searched for a label (公示期为, 发布日期:)
CELL_EDGES = "\n|"  # what stands around a table cell: a line break or a column rule


# --- reading expressions ------------------------------------------------------------


@dataclass
class _Expression:
    """One time expression as read, before it is judged."""

    start: int
    end: int  # including its suffix
    family: str  # date | range | recurring | ongoing | immediate | duration
    first: Optional[date] = None
    last: Optional[date] = None
    precision: Optional[str] = None
    relative: bool = False  # the year is the document's (年底, 明年6月, 10月底前)
    year_offset: int = 0
    limit_part: bool = False  # 底 / 年底 / 年内: a limit without a suffix
    strong_range: bool = False  # a range of whole years, a limit by itself
    period: Optional[str] = None
    interval: Optional[int] = None
    suffix: str = ""
    clock: bool = False  # 2017-12-19 10:23:34: a timestamp
    prefix: str = ""  # 到 / 从 / 自, taken into the span
    each: bool = False  # 2025—2027年底前分别…: one limit per year of the range

    @property
    def core_start(self) -> int:
        """Where the expression starts without its prefix."""
        return self.start + len(self.prefix)


def _scan(text: str, reference_year: Optional[int]) -> list[_Expression]:
    found: list[_Expression] = []
    starts = _expression_starts(text)
    start = next(starts, None)
    while start is not None:
        match = TIME_EXPRESSION.match(text, start)
        month_year = _year_for_month(found, text, start, reference_year) if match.group("month_only") else reference_year
        expression = _read(match, text, month_year)
        if expression is None:
            position = match.end()
        else:
            previous_end = found[-1].end if found else 0
            _attach_prefix(expression, text, previous_end)
            found.append(expression)
            position = expression.end
        start = starts.send(position)
    return found


def _year_for_month(found: list[_Expression], text: str, start: int, reference_year: Optional[int]) -> Optional[int]:
    """The year a month or day written without one resolves against: the year of the
    sentence (2023年工作安排:6月15日前…, 9月底前…), else the document's (FORMAT.md)."""
    for expression in reversed(found[-3:]):
        if start - expression.end > SENTENCE_WINDOW or SENTENCE_END.search(text, expression.end, start):
            break
        if expression.first is not None and not expression.relative and expression.suffix not in words.HISTORY_SUFFIXES:
            return expression.last.year
    return reference_year


def _expression_starts(text: str):
    """Where TIME_EXPRESSION.search would next match, from the position sent in.

    One search over the alternation tries all twelve branches at every character; each
    branch searched alone is several times faster, and a branch's next match is searched
    again only once the position has passed it. Yields None when nothing is left.
    """
    upcoming = [pattern.search(text) for pattern in BRANCH_PATTERNS]
    position = 0
    while True:
        best = None
        for k, pattern in enumerate(BRANCH_PATTERNS):
            match = upcoming[k]
            if match is not None and match.start() < position:
                match = upcoming[k] = pattern.search(text, position)
            if match is not None and (best is None or match.start() < best):
                best = match.start()
        position = yield best


def _read(match: regex.Match, text: str, reference_year: Optional[int]) -> Optional[_Expression]:
    start, end = match.span()
    if match.group("year_range"):
        first_year = chinese_to_int(match.group("from_year"))
        last_year = chinese_to_int(match.group("to_year"))
        if first_year >= last_year:
            return None
        expression = _Expression(start, end, "range", date(first_year, 1, 1), date(last_year, 12, 31), "year")
        expression.strong_range = True
        expression = _with_suffix(expression, text)
        following = text[expression.end : expression.end + 3].lstrip(",, ")
        expression.each = bool(match.group("range_part") or expression.suffix) and following.startswith(words.EACH_WORDS)
        return expression
    if match.group("masked"):
        return _with_suffix(_Expression(start, end, "dateless", precision="year", relative=True), text)
    if match.group("numeric"):
        year, month, day = (int(match.group(g)) for g in ("ny", "nm", "nd"))
        if day > calendar.monthrange(year, month)[1]:
            return None
        day_date = date(year, month, day)
        expression = _Expression(start, end, "date", day_date, day_date, "day")
        expression.clock = bool(match.group("clock"))
        return _with_suffix(expression, text)
    if match.group("calendar") or match.group("month_only") or match.group("quarter_only"):
        return _read_calendar(match, text, reference_year, start, end)
    if match.group("relative_part"):
        part = match.group("relative_part")
        first_month, last_month, precision = words.YEAR_PARTS[part]
        expression = _Expression(start, end, "date", precision=precision, relative=True)
        expression.limit_part = part in words.LIMIT_PARTS
        _resolve(expression, reference_year, (first_month, 1), (last_month, None))
        return _with_suffix(expression, text)
    if match.group("five_year"):
        first_year, last_year = words.FIVE_YEAR_PLANS[match.group("plan")]
        if match.group("plan_range"):
            expression = _Expression(start, end, "range", date(first_year, 1, 1), date(last_year, 12, 31), "year")
            expression.strong_range = True
            return expression
        expression = _Expression(start, end, "date", date(last_year, 1, 1), date(last_year, 12, 31), "year")
        expression.limit_part = True
        return expression
    if match.group("recurring"):
        period, days = words.RECURRING_UNITS[match.group("unit")]
        count = chinese_to_int(match.group("every")) if match.group("every") else None
        interval = (count or 1) * days if days > 1 or count else None
        return _Expression(start, end, "recurring", period=period, interval=interval)
    if match.group("routine_match"):
        period, days = words.ROUTINE_PERIODS[match.group("routine")]
        interval = days if days > 1 else None
        return _Expression(start, end, "recurring", period=period, interval=interval)
    if match.group("duration"):
        return _Expression(start, end, "duration", relative=True)
    if match.group("relative_period"):
        return _Expression(start, end, "dateless", relative=True, limit_part=True)
    if match.group("holiday"):
        return _with_suffix(_Expression(start, end, "dateless", relative=True), text)
    if match.group("ongoing_pair"):
        return _Expression(start, end, "ongoing_pair")
    family = "ongoing" if match.group("ongoing") else "immediate"
    return _Expression(start, end, family)


def _read_calendar(match, text, reference_year, start, end) -> Optional[_Expression]:
    """A date written with 年/月/日 (or a relative year, or a month alone), and a range it opens."""
    first, last, precision, limit_part = _calendar_parts(match)
    if first is None:
        return None
    expression = _Expression(start, end, "date", precision=precision, limit_part=limit_part)
    year_text = match.groupdict().get("year")
    if year_text:
        year = chinese_to_int(year_text)
        if not _set_days(expression, year, first, last):
            return None
    else:
        relative_year = match.groupdict().get("relative_year")
        expression.relative = True
        expression.year_offset = words.RELATIVE_YEARS[relative_year] if relative_year else 0
        if not _resolve(expression, reference_year, first, last):
            return None
    range_end = RANGE_END.match(text, end)
    if range_end and not expression.limit_part:
        joined = _join_range(expression, range_end, reference_year)
        if joined is not None:
            return _with_suffix(joined, text)
    return _with_suffix(expression, text)


def _calendar_parts(match) -> tuple:
    """(first (month, day), last (month, day or None for month end), precision, limit_part)."""
    groups = match.groupdict()
    if groups.get("month"):
        month = chinese_to_int(groups["month"])
        if not 1 <= month <= 12:
            return None, None, None, False
        if groups.get("day"):
            day = chinese_to_int(groups["day"])
            return (month, day), (month, day), "day", False
        if groups.get("mpart"):
            first_day, last_day, precision = words.MONTH_PARTS[groups["mpart"]]
            return (month, first_day), (month, last_day), precision, groups["mpart"] in words.LIMIT_PARTS
        return (month, 1), (month, None), "month", False
    if groups.get("quarter"):
        quarter = chinese_to_int(groups["quarter"].lstrip("第"))
        return (quarter * 3 - 2, 1), (quarter * 3, None), "quarter", False
    if groups.get("part"):
        first_month, last_month, precision = words.YEAR_PARTS[groups["part"]]
        return (first_month, 1), (last_month, None), precision, groups["part"] in words.LIMIT_PARTS
    return (1, 1), (12, None), "year", False


def _set_days(expression: _Expression, year: int, first: tuple, last: tuple) -> bool:
    """Fill first/last from (month, day) pairs; False if the day does not exist."""
    month_end = calendar.monthrange(year, last[0])[1]
    last_day = month_end if last[1] is None else last[1]
    if not 1 <= first[1] <= calendar.monthrange(year, first[0])[1] or not 1 <= last_day <= month_end:
        return False
    expression.first = date(year, *first)
    expression.last = date(year, last[0], last_day)
    return True


def _resolve(expression: _Expression, reference_year: Optional[int], first: tuple, last: tuple) -> bool:
    """A relative date takes the document's year; without one its days stay unknown."""
    if reference_year is None:
        return True
    return _set_days(expression, reference_year + expression.year_offset, first, last)


def _join_range(opening: _Expression, range_end: regex.Match, reference_year: Optional[int]) -> Optional[_Expression]:
    first, last, precision, _ = _calendar_parts(range_end)
    if first is None:
        return None
    closing = _Expression(range_end.start(), range_end.end(), "date")
    if range_end.group("year"):
        if not _set_days(closing, chinese_to_int(range_end.group("year")), first, last):
            return None
    elif opening.first is not None:
        if not _set_days(closing, opening.first.year, first, last):
            return None
    elif not _resolve(closing, reference_year, first, last):
        return None
    if opening.first is not None and closing.last is not None and closing.last <= opening.first:
        return None
    joined = _Expression(opening.start, range_end.end(), "range")
    joined.first, joined.last, joined.precision = opening.first, closing.last, precision
    joined.relative = opening.relative
    joined.strong_range = opening.precision == "year" and precision == "year"
    return joined


def _with_suffix(expression: _Expression, text: str) -> _Expression:
    suffix = SUFFIX.match(text, expression.end)
    if suffix:
        expression.suffix = suffix.group()
        expression.end = suffix.end()
    return expression


def _attach_prefix(expression: _Expression, text: str, previous_end: int) -> None:
    """Take 到/从/自 into the span, as readers quote the limit (到2020年, 从…开始)."""
    for prefix in words.SPAN_PREFIXES:
        start = expression.start - len(prefix)
        if start >= previous_end and text.startswith(prefix, start):
            expression.start, expression.prefix = start, prefix
            return


# --- judging expressions ------------------------------------------------------------


def _time_limit_fields(text: str, fields: FieldIndex) -> list[tuple[int, int]]:
    """Spans of 整改时限 field values (整改时限:…, 【整改期限】…, a 整改时限 line above its
    value): every expression inside one is a limit. A value ends at its line or sentence."""
    spans = []
    for region in fields.regions:
        if region.family != "time_limit":
            continue
        value_start = region.start + len(text[region.start : region.end]) - len(text[region.start : region.end].lstrip())
        end_bound = min(region.end, value_start + FIELD_WINDOW)
        field_end = FIELD_END.search(text, value_start, end_bound)
        spans.append((region.start, field_end.start() if field_end else end_bound))
    return spans


def _inside(spans: list[tuple[int, int]], position: int) -> bool:
    k = bisect_right(spans, (position, float("inf"))) - 1
    return k >= 0 and spans[k][0] <= position < spans[k][1]


def _isolated(expressions: list[_Expression], index: int, text: str) -> Optional[str]:
    """'line' or 'bracket' when the expression, with neighbours and separators only, fills
    a line (a table cell) or a bracket (…签订目标责任书(2017年12月31日)); else None."""
    left, k = expressions[index].start, index
    while left > 0 and expressions[index].start - left < CELL_WINDOW:
        if text[left - 1] in words.LIMIT_SEPARATORS:
            left -= 1
        elif k > 0 and expressions[k - 1].end == left:
            k -= 1
            left = expressions[k].start
        else:
            break
    right, k = expressions[index].end, index
    while right < len(text) and right - expressions[index].end < CELL_WINDOW:
        if text[right] in words.LIMIT_SEPARATORS:
            right += 1
        elif k + 1 < len(expressions) and expressions[k + 1].start == right:
            k += 1
            right = expressions[k].end
        else:
            break
    before = text[left - 1] if left > 0 else "\n"
    after = text[right] if right < len(text) else "\n"
    if before == "(" and after == ")":
        return "bracket"
    if before in CELL_EDGES and after in CELL_EDGES:
        return "line"
    return None


def _until(pattern: regex.Pattern, text: str, end: int, size: int) -> str:
    stop = pattern.search(text, end, min(len(text), end + size))
    return text[end : stop.start() if stop else min(len(text), end + size)]


def _is_history(expression: _Expression, text: str, reference_year: Optional[int], own_limit: bool) -> bool:
    """The date tells what happened or where things stood, not when work must be done.
    `own_limit`: the expression carries a limit word (前, 底, 到, a 整改时限 field); then 已于…前
    and …前已 are completions against a limit (FORMAT.md), and an earlier year than the
    document's is still the limit that was set."""
    before = text[max(0, expression.core_start - PREFIX_WINDOW) : expression.core_start]
    by_suffix = expression.suffix in words.BY_SUFFIXES
    if expression.suffix in words.HISTORY_SUFFIXES:
        return True
    if not by_suffix and (any(before.endswith(p) for p in words.PAST_PREFIXES) or DONE_AFTER.match(text, expression.end)):
        return True
    clause_after = _until(CLAUSE_END, text, expression.end, CLAUSE_WINDOW)
    if PAST_AFTER.search(clause_after):
        return True
    if not by_suffix and _is_inspection_event(expression, text):
        return True
    past_year = reference_year is not None and expression.last is not None and expression.last.year < reference_year
    if by_suffix and past_year and ATTRIBUTE_AFTER_BY.match(text, expression.end):
        return True  # 2004年前建成的码头
    if MISSED_LIMIT.search(_until(SENTENCE_END, text, expression.end, SENTENCE_WINDOW)):
        return True
    if PUBLICATION_LABEL.search(text, max(0, expression.start - LABEL_WINDOW), expression.start) or expression.clock:
        return True
    if PUBLICATION_AFTER.match(text, expression.end):
        return True
    return not own_limit and not expression.relative and past_year


def _is_inspection_event(expression: _Expression, text: str) -> bool:
    """督察组于…进驻, 第二轮督察2019年7月启动, 自…起督察组陆续反馈, 2016年中央环保督察指出:
    the date of an inspection's own visit, feedback or finding, not work that follows it."""
    after = _until(SENTENCE_END, text, expression.end, CLAUSE_WINDOW)
    lo = max(0, expression.core_start - CLAUSE_WINDOW)
    clause_start = text.rfind("\n", lo, expression.core_start) + 1 or lo
    for mark in CLAUSE_END.finditer(text, clause_start, expression.core_start):
        clause_start = mark.end()
    clause_before = text[clause_start : expression.core_start]
    actor_before = clause_before.rstrip("于在自从").endswith(words.INSPECTION_ACTORS)
    if not actor_before and LIMIT_FOLLOWER.match(text, expression.end):
        return False  # 2018年完成督察反馈问题整改: the work is the clause's
    actor_after = any(actor in after for actor in words.INSPECTION_ACTORS)
    return (actor_before or actor_after) and any(event in after for event in words.INSPECTION_EVENTS)


def _is_notice_period(expression: _Expression, text: str) -> bool:
    """公示期为2018年6月7日至13日, 公示时间:…, 请在公示期间(…): a notice's or objections'
    period; 请于7日内提出异议: an objection window."""
    if NOTICE_PERIOD_LABEL.search(text, max(0, expression.core_start - LABEL_WINDOW), expression.core_start):
        return True
    if expression.family != "duration":
        return False
    sentence_start = max(0, expression.start - SENTENCE_WINDOW)
    for mark in SENTENCE_END.finditer(text, sentence_start, expression.start):
        sentence_start = mark.end()
    sentence = text[sentence_start : expression.end] + _until(SENTENCE_END, text, expression.end, SENTENCE_WINDOW)
    return any(word in sentence for word in words.OBJECTION_WORDS)


def _is_title_period(expression: _Expression, text: str) -> bool:
    """(2017-2025年) after 规划/计划, or inside 《…》: the period of a named plan."""
    before = text[max(0, expression.start - CELL_WINDOW) : expression.start]
    if before.rfind("《") > before.rfind("》"):
        return True
    return bool(TITLE_BRACKET.search(before))


def _after_title(expression: _Expression, text: str) -> bool:
    """…情况统计表(2018年7月20日), 《…》(2021年): the date of a table or a named document."""
    return text[max(0, expression.start - CELL_WINDOW) : expression.start].rstrip("( ").endswith(words.DATED_TITLE_ENDS)


def _is_signing_date(expression: _Expression, text: str) -> bool:
    """A date alone on its line under an issuing body's name is the date the document was
    signed when nothing but the document's tail follows: the end, 附件/抄送/(此件公开发布),
    the page's furniture (来源, 分享, 打印) or the same date again."""
    line_start = text.rfind("\n", max(0, expression.start - CELL_WINDOW), expression.start)
    if line_start <= 0:
        return False
    day = text[expression.core_start : expression.end]
    previous_line = text[max(0, line_start - CELL_WINDOW) : line_start].rstrip()
    while previous_line.endswith(day):  # the date printed twice
        previous_line = previous_line[: -len(day)].rstrip()
    if not previous_line.endswith(words.SIGNATORY_ENDINGS):
        return False
    line_end = text.find("\n", expression.end, expression.end + CELL_WINDOW)
    if line_end < 0:
        return expression.end + CELL_WINDOW >= len(text) and not text[expression.end :].strip()
    following = text[line_end : line_end + CELL_WINDOW].lstrip()
    return not following or following.startswith(words.DOCUMENT_TAIL_OPENINGS + (day,))


def _closes_a_list_of_limits(expressions: list[_Expression], index: int, limits: list[bool], text: str) -> bool:
    """长期开展 in '…2017年12月31日,长期开展。': a word limit listed after a limit that was
    accepted, ending the clause."""
    if index == 0 or not limits[index - 1]:
        return False
    expression, previous = expressions[index], expressions[index - 1]
    between = text[previous.end : expression.start]
    if not between or len(between) > 2 or any(ch not in words.LIMIT_SEPARATORS for ch in between):
        return False
    return expression.end == len(text) or text[expression.end] in "。;;)\n"


def _is_limit(
    expressions: list[_Expression],
    index: int,
    text: str,
    reference_year: Optional[int],
    fields: "_Fields",
    limits: list[bool],
) -> bool:
    """Whether expressions[index] is a time limit; `limits` holds the verdicts on those before it."""
    expression = expressions[index]
    if expression.family == "recurring":
        return True
    if _is_notice_period(expression, text):
        return False
    if expression.family == "ongoing_pair":
        return not text.startswith(words.PHASE_WORDS, expression.end, expression.end + 6)
    in_field = _inside(fields.time_limits, expression.core_start)
    family = fields.index.family_at(expression.core_start)
    in_targets = family == "target"
    if family == "problem" and not in_field:
        return False  # a limit quoted in a finding (应在2017年底前…, 但…一拖再拖)
    before = text[max(0, expression.core_start - PREFIX_WINDOW) : expression.core_start]
    isolated = _isolated(expressions, index, text)
    # a line of its own is a table cell; a bare year or a month without its year is not read
    # so, as tables of statistics have cells such as 2016年 or 6月
    placed = in_field or isolated == "bracket" or before.endswith(words.LIMIT_LEADS)
    if isolated == "line" and (
        expression.family in ("ongoing", "immediate", "duration")
        or not expression.relative and expression.precision != "year"
    ):
        placed = placed or not _is_signing_date(expression, text)
    if expression.family in ("ongoing", "immediate"):
        return placed or _closes_a_list_of_limits(expressions, index, limits, text)
    by_prefix = any(before.endswith(p) for p in words.BY_PREFIXES)
    own_limit = bool(
        expression.suffix in words.BY_SUFFIXES or expression.limit_part or by_prefix or placed or in_targets
        or OBLIGATION.match(text, expression.end)
    )
    if _is_history(expression, text, reference_year, own_limit):
        return False
    if any(before.endswith(p) for p in words.STATUS_PREFIXES) and not in_field:
        return False
    if fields.report and before.endswith("到") and expression.precision == "day" and not expression.suffix:
        return False  # 到2023年10月20日,…已整改: a report's as-of date
    if before.endswith(words.START_PREFIXES) and not expression.suffix and "以来" in _until(
        SENTENCE_END, text, expression.end, CLAUSE_WINDOW
    ):
        return False
    if expression.family == "range" and _is_title_period(expression, text):
        return False
    if isolated == "bracket" and not expression.suffix and _after_title(expression, text):
        return False
    if not expression.suffix and expression.end < len(text) and text[expression.end].isdigit():
        return False  # 2016年26件: the year of a count
    if expression.suffix or expression.limit_part or expression.strong_range or placed or by_prefix:
        return True
    if expression.family == "duration":
        # 30个工作日内, 半年内: a span counted from now is a limit by its 内, except the legal
        # periods a regulation or catalogue states (自…之日起二年内未被发现的)
        return fields.kind != "other"
    if LIMIT_FOLLOWER.match(text, expression.end):
        return True
    if expression.family == "range":  # 2019年5月6日至6月14日,为动员部署阶段: a dated phase
        return any(word in _until(SENTENCE_END, text, expression.end, CLAUSE_WINDOW) for word in words.PHASE_WORDS)
    # 2025年设市城市生活污水集中收集率达到70%: a year opening a clause of a target field or
    # a plan whose clause commits to something
    return (
        (in_targets or not fields.report)
        and expression.precision == "year"
        and _opens_clause(expression, text)
        and LIMIT_IN_CLAUSE.search(_until(CLAUSE_END, text, expression.end, CLAUSE_WINDOW)) is not None
    )


def _opens_clause(expression: _Expression, text: str) -> bool:
    return expression.core_start == 0 or text[expression.core_start - 1] in ",,;;。:\n"


@dataclass
class _Fields:
    """The labelled fields of a text as the limit rules read them."""

    index: FieldIndex
    time_limits: list[tuple[int, int]]
    report: bool  # the document reports what was done, or is no rectification text (meta.kind)
    kind: Optional[str]


def _to_matches(expression: _Expression, text: str) -> list[DeadlineMatch]:
    """One match; a range of years read 分别 gives one `by` per year, sharing the text."""
    if not expression.each:
        return [_to_match(expression, text)]
    span = text[expression.start : expression.end]
    return [
        DeadlineMatch(expression.start, expression.end, span, "by", date(year, 12, 31).isoformat(),
                      None, None, None, None, "year")
        for year in range(expression.first.year, expression.last.year + 1)
    ]


def _to_match(expression: _Expression, text: str) -> DeadlineMatch:
    family = expression.family
    core_text = text[expression.core_start : expression.end]
    if family == "recurring":
        kind = "recurring"
    elif family in ("ongoing", "ongoing_pair"):
        kind = "ongoing"
    elif family == "range":
        kind = "range"
    elif expression.suffix in words.START_SUFFIXES:
        kind = "start"
    else:
        kind = "by"
    dated = family in ("date", "range")
    relative = core_text if expression.relative or family == "immediate" else None
    # a start's date is its first day (2017年第4季度开始 -> 2017-10-01); a limit's its last
    day = expression.first if kind == "start" else expression.last
    return DeadlineMatch(
        start=expression.start,
        end=expression.end,
        text=text[expression.start : expression.end],
        kind=kind,
        date=day.isoformat() if dated and day else None,
        start_date=expression.first.isoformat() if kind in ("start", "range") and expression.first else None,
        period=expression.period,
        interval=expression.interval,
        relative=relative,
        precision=expression.precision if dated else None,
    )


# --- public ------------------------------------------------------------------------------


def find_deadlines(
    text: str, reference_year: Optional[int] = None, kind: Optional[str] = None
) -> list[DeadlineMatch]:
    """Every time limit in text, in order, non-overlapping. `kind` is the document's kind
    (meta.kind): in a report, a date the sentence tells as done is history."""
    expressions = _scan(text, reference_year)
    index = FieldIndex(text)
    fields = _Fields(index, _time_limit_fields(text, index), kind in REPORT_KINDS, kind)
    limits: list[bool] = []
    for position in range(len(expressions)):
        limits.append(_is_limit(expressions, position, text, reference_year, fields, limits))
    return [m for e, is_limit in zip(expressions, limits) if is_limit for m in _to_matches(e, text)]


def parse_deadline(text: str, reference_year: Optional[int] = None) -> Optional[DeadlineMatch]:
    """Interpret one expression known to be a time limit (a 整改时限 cell like
    '2017年12月31日', '2018年6月底前', '长期坚持', '立行立改', '每季度'), offsets relative to text."""
    expressions = _scan(text, reference_year)
    return _to_match(expressions[0], text) if expressions else None
