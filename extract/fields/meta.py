"""Document metadata: the plan's title, region, issuer, inspection group, date and 文号.

Read from where a plan states them — its title block, cover, 印发 notice, signature
and a disclosure page's info table (信息索引号 / 发布机构 / 发布日期 …, either handed
over by the HTML loader as page_meta or left in the text by a scrape) — never from
a mention in the body: "山西省委、省政府诚恳接受" names no issuer, and a date in a
sentence is no publication date. The region comes from a bundled GB/T 2260
gazetteer (extract/data/regions.tsv, built by tools/build_gazetteer.py), which
also gives its province and code and lets units.py qualify 市生态文明委 as
贵阳市生态文明委.
"""

from __future__ import annotations

import collections
from dataclasses import dataclass, field
from typing import Optional

import regex

from extract.fields.kind import Kind, find_kind
from extract.fields.numerals import NUMERAL_CHARS, chinese_to_int
from extract.gazetteer import gazetteer, is_district, lookup_region, place_at

HEAD_CHARS = 3000  # the title block, cover and info table stand within this
HEAD_LINES = 15
TAIL_LINES = 12  # a signature stands within the last lines (before any 附件 part)
MAX_TITLE_CHARS = 120
MAX_ISSUER_CHARS = 48
TITLE_ENDING_GAP = 6  # 反馈意见问题整改清单: an ending this close to the next one is inside the title

# --- tables -----------------------------------------------------------------------

# Generic words a plan's title ends in; STRONG ones mark the plan itself.
TITLE_ENDINGS: tuple[str, ...] = (
    "整改工作方案", "整改实施方案", "整改方案", "工作方案", "实施方案", "行动方案", "方案",
    "整改落实情况", "整改情况", "整改清单", "任务清单", "问题清单", "措施清单", "清单",
    "报告", "意见", "通知", "通报", "公告", "公示", "决定", "计划", "规划",
)
# a line opening with outline numbering (一、 (二) 3.) is a heading, never the document's title
NUMBERED_LINE = regex.compile(r"(?:[一二三四五六七八九十]{1,3}、|[((][一二三四五六七八九十\d]{1,3}[))]|\d{1,2}[.、])")
TITLE_WORD_TIERS = (regex.compile(r"整改"), regex.compile(r"督察|督查|环境保护|生态环境"))
# what may follow an ending word inside the same title: 意见|整改方案, 情况|的报告, 方案|(试行)
TITLE_CONTINUATIONS = regex.compile(
    r"(?:的|之|整改|工作|实施|落实|方案|清单|报告|情况|任务|计划|措施|台账|问题|及|和|"
    r"\((?:试行|送审稿|征求意见稿|草案|修订|修订稿|\d{4}[-—–~至]\d{4}年?)\))"
)
# a line that opens a sentence is body text, not a title
BODY_OPENERS = regex.compile(r"(?:根据|按照|为|为了|对|经|在|依据|结合|近日|日前|\d{4}年)")

# Endings of an issuing body's name on a cover or signature line
ISSUER_ENDINGS = regex.compile(
    r"(?:办公室|办公厅|人民政府|政府|委员会|领导小组|指挥部|[省市区县州旗盟]委|党委|党组|分局|局|厅|委|办)$"
)

# Labels of a government information-disclosure table (those that give a field are in
# PAGE_META_KEYS); 上传时间 is the website's upload time, never the plan's date.
PAGE_INFO_LABELS: tuple[str, ...] = (
    "信息索引号", "索引号", "主题分类", "体裁分类", "组配分类", "服务对象分类", "主题词", "公开方式",
    "公开范围", "公开时限", "公开形式", "有效性", "信息来源", "来源", "点击率", "浏览次数", "上传时间",
    "发布机构", "发文机关", "发文单位", "发布单位", "成文日期", "发布日期", "发文日期", "发布时间",
    "生成日期", "印发日期", "备注/文号", "文号", "发文字号", "发文文号", "标题", "名称", "信息名称",
)
# page_meta keys (the loader's, or plain English ones) -> field, in order of preference
PAGE_META_KEYS: dict[str, tuple[str, ...]] = {
    "title": ("标题", "名称", "信息名称", "title"),
    "issuer": ("发布机构", "发文机关", "发文单位", "发布单位", "issuer"),
    "published": ("发布日期", "成文日期", "发文日期", "印发日期", "生成日期", "发布时间", "published", "date"),
    "doc_number": ("文号", "发文字号", "发文文号", "备注/文号", "doc_number"),
}

INSPECTION_GROUP = regex.compile(
    r"中央第[一二三四五六七八九十\d]{1,3}(?:生态)?环(?:境保护|保)督察组"
)
INSPECTION_GROUP_UNNUMBERED = regex.compile(r"中央(?:生态)?环境保护督察组")

DOC_NUMBER = regex.compile(
    r"[\p{Han}]{1,10}[〔\[(【]\s?(?:19|20)\d{2}\s?[〕\])】]\s?\d{1,4}\s?号"
)
DATE_DIGITS = regex.compile(
    r"(?P<year>(?:19|20)\d{2}|20[Xx×]{2})\s?(?:年|[-/.])\s?(?P<month>\d{1,2})\s?(?:月|[-/.])\s?(?P<day>\d{1,2})(?:\s?日)?"
)
DATE_CHINESE = regex.compile(
    rf"(?P<year>[〇○零一二三四五六七八九]{{4}})年(?P<month>[{NUMERAL_CHARS}]{{1,3}})月(?P<day>[{NUMERAL_CHARS}]{{1,3}})日"
)
LIMIT_YEAR = regex.compile(
    r"(?P<year>(?:19|20)\d{2})年(?:\d{1,2}月)?(?:\d{1,2}日)?(?:底|末)?(?:前|之前|以前)"
    r"|(?P<year>(?:19|20)\d{2})年\d{1,2}月\d{1,2}日"
)
NOTICE = regex.compile(
    r"(?P<issuer>[^\n,。;:]{2,48}?)关于印发(?P<open>《)?(?P<title>[^\n《》。]{4,120}?)(?(open)》)的通知"
)


# --- the record -----------------------------------------------------------------------


@dataclass
class MetaMatch:
    title: Optional[str] = None
    region: Optional[str] = None
    region_level: Optional[str] = None  # province | city | county | district
    province: Optional[str] = None
    region_code: Optional[str] = None
    issuer: Optional[str] = None
    inspection_group: Optional[str] = None
    published: Optional[str] = None
    doc_number: Optional[str] = None
    reference_year: Optional[int] = None  # the year relative limits (年内) resolve against
    kind: Kind = "other"  # what the document is (kind.py); later rules read it
    spans: dict[str, tuple[int, int]] = field(default_factory=dict)


def find_meta(text: str, page_meta: Optional[dict[str, str]] = None) -> MetaMatch:
    """Metadata of a plan from its normalised text and, where the page had one, its info table.

    reference_year is the published year; else the year of a cover or signature date
    whose day does not parse; else the year most named in the plan's
    own limits (2017年9月30日, 2017年底前), the earlier on a tie: a plan sets most of its
    limits in the year it is issued, and this beats taking the earliest year, which a
    cited past limit (2015年底前) would win.
    """
    meta = MetaMatch()
    head_end = _head_end(text)
    info = _page_info(text, head_end, page_meta or {})
    notice = NOTICE.search(text, 0, head_end)

    title = _title(text, head_end, notice)
    if title:
        meta.title, meta.spans["title"] = title[0], title[1]
    elif "title" in info:
        meta.title = info["title"][0]

    signature_issuer, signature_date = _signature(text)
    issuer = _issuer(text, title, notice, head_end) or signature_issuer or info.get("issuer")
    if issuer:
        meta.issuer = issuer[0]
        if issuer[1]:
            meta.spans["issuer"] = issuer[1]

    _set_region(meta, text)
    _set_inspection_group(meta, text)

    date_sources = [
        _info_date(info),
        _header_date(text, title),
        _cover_date(text, issuer, head_end),
        signature_date,
    ]
    partial_year = None
    for source in date_sources:
        if source is None:
            continue
        iso, span, year = source
        partial_year = partial_year or year
        if iso:
            meta.published = iso
            if span:
                meta.spans["published"] = span
            break

    doc_number = _doc_number(text, head_end, info)
    if doc_number:
        meta.doc_number = doc_number[0]
        if doc_number[1]:
            meta.spans["doc_number"] = doc_number[1]

    if meta.published:
        meta.reference_year = int(meta.published[:4])
    elif partial_year:
        meta.reference_year = partial_year
    else:
        meta.reference_year = _most_named_limit_year(text)
    meta.kind = find_kind(text, meta.title)
    return meta


# --- title and issuer -------------------------------------------------------------------

Span = tuple[int, int]
_ENDINGS = regex.compile("|".join(sorted(TITLE_ENDINGS, key=len, reverse=True)))
# where a title or a cover's issuer ends at the latest: punctuation or a date (20XX年 too)
HEAD_FIELD_STOP = regex.compile(r"[\n,。;:!?]|(?:19|20)[\dXx×]{2}\s?[-年./]|[〇○零一二三四五六七八九]{4}年")


def _head_end(text: str) -> int:
    newlines = [m.start() for m in regex.finditer(r"\n", text[:HEAD_CHARS])]
    return newlines[HEAD_LINES] if len(newlines) > HEAD_LINES else min(len(text), HEAD_CHARS)


def _lines(text: str, start: int, end: int) -> list[Span]:
    spans, pos = [], start
    while pos < end:
        nl = text.find("\n", pos, end)
        stop = end if nl < 0 else nl
        if stop > pos:
            spans.append((pos, stop))
        pos = stop + 1
    return spans


def _title(text: str, head_end: int, notice) -> Optional[tuple[str, Span]]:
    """The plan's own title: the best title-like line opening in the head of the text.

    A line that opens with the title and runs on (cover residue, a date, the body) is cut
    at the first ending word not followed by more title (意见|整改方案 goes on, 方案|贵阳市
    stops). A title broken over short lines is joined. Strong candidates (整改, 督察 …) win,
    the longer one first: the official title over a website's shortened one.
    """
    if notice:
        return notice.group("title"), notice.span("title")
    candidates = []
    lines = _lines(text, 0, head_end)
    for index, (start, end) in enumerate(lines):
        if _is_info_line(text, start, end) or BODY_OPENERS.match(text, start, end) or NUMBERED_LINE.match(text, start, end):
            continue
        found = _title_in(text, start, end)
        if found is None and end - start <= 30 and index + 1 < len(lines):
            found = _title_over_lines(text, lines[index : index + 3])
        if found:
            candidates.append((*found, lines[min(index + _line_count(text, found[1]) - 1, len(lines) - 1)][1]))
    if not candidates:
        return _appendix_title(text, lines)
    return max(candidates, key=lambda c: _title_rank(text, c))[:2]


def _title_rank(text: str, candidate) -> tuple:
    """Rectification words first (整改 over 督察), then a title that fills its line (or has only
    a date after it) over one cut from run-on text, then the longer."""
    title, (start, end), line_end = candidate
    tier = next((len(TITLE_WORD_TIERS) - i for i, p in enumerate(TITLE_WORD_TIERS) if p.search(title)), 0)
    rest = text[end:line_end].strip()
    clean = not rest or bool(DATE_DIGITS.match(rest))
    return tier, clean, len(title), -start


def _appendix_title(text: str, lines: list[Span]) -> Optional[tuple[str, Span]]:
    """A file that holds only an appendix (a task table) is titled by its 附件 line."""
    for start, end in lines:
        label = regex.match(r"附件\s?\d{0,2}\s?[::]?", text[start:end])
        if label and label.end() < end - start:
            found = _title_in(text, start + label.end(), end)
            if found:
                return found
    return None


def _line_count(text: str, span: Span) -> int:
    return text.count("\n", span[0], span[1]) + 1


def _title_in(text: str, start: int, end: int) -> Optional[tuple[str, Span]]:
    if text.startswith("附件", start):
        return None
    stop = HEAD_FIELD_STOP.search(text, start, min(end, start + MAX_TITLE_CHARS))
    limit = stop.start() if stop else min(end, start + MAX_TITLE_CHARS)
    ending = _ENDINGS.search(text, start, limit)
    if ending is None:
        return None
    while True:
        following = _ENDINGS.search(text, ending.end(), limit)
        near = following is not None and following.start() - ending.end() <= TITLE_ENDING_GAP
        if following is None or not (near or TITLE_CONTINUATIONS.match(text, ending.end(), limit)):
            break
        ending = following
    title_end = ending.end()
    bracket = regex.match(r"\((?:试行|送审稿|征求意见稿|草案|修订稿?)\)", text[title_end:limit])
    if bracket:
        title_end += bracket.end()
    if title_end - start < 6:
        return None
    return text[start:title_end], (start, title_end)


def _title_over_lines(text: str, lines: list[Span]) -> Optional[tuple[str, Span]]:
    """A title the layout broke over two or three short lines (PDF, DOCX title blocks)."""
    parts = []
    for start, end in lines:
        if regex.search(r"[,。;:!?]", text[start:end]) or end - start > 40:
            return None
        parts.append(text[start:end])
        joined = "".join(parts)
        found = _title_in(joined, 0, len(joined))
        if found and found[1][1] == len(joined):
            return joined, (lines[0][0], end)
    return None


def _issuer(text: str, title, notice, head_end: int) -> Optional[tuple[str, Span]]:
    """The issuer an 印发 notice or the cover under the title names."""
    if notice:
        return notice.group("issuer"), notice.span("issuer")
    if title:
        return _cover_issuer(text, title[1][1], head_end)
    return None


def _cover_issuer(text: str, after: int, head_end: int) -> Optional[tuple[str, Span]]:
    """The body named under the title: in run-on text up to the cover date, or the next line."""
    pos = after + 1 if text.startswith("\n", after) else after
    stop = HEAD_FIELD_STOP.search(text, pos, min(head_end, pos + MAX_ISSUER_CHARS + 1))
    if stop is None:
        return None
    candidate = text[pos : stop.start()].strip()
    if stop.group() in ",。;:!?" or not (2 < len(candidate) <= MAX_ISSUER_CHARS):
        return None
    if not ISSUER_ENDINGS.search(candidate) or _is_info_line(text, pos, stop.start()):
        return None
    return candidate, (pos, pos + len(candidate))


def _signature(text: str):
    """(issuer, date) of the closing signature — body name line(s) over a date line, or both on
    one line — among the last lines of the text or of the part before an 附件; (None, None)."""
    ends = [len(text)]
    appendix = regex.search(r"\n附件\s?\d{0,2}\s?[::]?[^\n]{0,80}\n", text)
    if appendix:
        ends.append(appendix.start())
    for end in ends:
        lines = _lines(text, max(0, end - 3000), end)[-TAIL_LINES:]
        for index in range(len(lines) - 1, -1, -1):
            start, stop = lines[index]
            date = _date_at(text, start, stop, whole_line=True)
            if date is not None:
                names = []
                for s, e in reversed(lines[max(0, index - 3) : index]):
                    if not _looks_like_issuer(text[s:e]):
                        break
                    names.insert(0, (s, e))
            else:
                date = _trailing_date(text, start, stop)
                names = [(start, date[1][0])] if date else []
                names = [n for n in names if _looks_like_issuer(text[n[0] : n[1]])]
            if date is not None and names:
                issuer = "".join(text[s:e].strip() for s, e in names)
                return (issuer, (names[0][0], names[-1][1])), date
    return None, None


def _looks_like_issuer(line: str) -> bool:
    line = line.strip()
    return (
        2 < len(line) <= MAX_ISSUER_CHARS
        and not regex.search(r"[,。;:!?、\d]", line)
        and bool(ISSUER_ENDINGS.search(line))
    )


# --- dates -----------------------------------------------------------------------------


def _iso(year: str, month: str, day: str) -> tuple[Optional[str], Optional[int]]:
    """(ISO date or None, year or None) of a date's parts; a masked year (20XX) gives neither."""
    y = int(year) if year.isdigit() else chinese_to_int(year)
    if y is None or not 1949 <= y <= 2100:
        return None, None
    m = int(month) if month.isdigit() else chinese_to_int(month)
    d = int(day) if day.isdigit() else chinese_to_int(day)
    if not m or not d or not 1 <= m <= 12 or not 1 <= d <= 31:
        return None, y
    return f"{y:04d}-{m:02d}-{d:02d}", y


def _date_at(text: str, start: int, end: int, whole_line: bool = False):
    """(iso, span, year) of a date at text[start:], or None; whole_line: the line is only a date."""
    segment = text[start:end]
    stripped = segment.strip().strip("()")
    offset = segment.find(stripped) if stripped else 0
    for pattern in (DATE_DIGITS, DATE_CHINESE):
        match = pattern.match(stripped)
        if match and (not whole_line or match.end() == len(stripped)):
            iso, year = _iso(match["year"], match["month"], match["day"])
            if year is None and not regex.search(r"[Xx×]", match["year"]):
                continue
            span = (start + offset + match.start(), start + offset + match.end())
            return iso, span, year
    return None


def _trailing_date(text: str, start: int, end: int):
    """A signature line that holds the body and its date together: …人民政府2017年12月19日."""
    for pattern in (DATE_DIGITS, DATE_CHINESE):
        match = pattern.search(text, start, end)
        if match and match.end() >= end - 1 and match.start() > start:
            iso, year = _iso(match["year"], match["month"], match["day"])
            return iso, match.span(), year
    return None


def _info_date(info: dict):
    if "published" not in info:
        return None
    value, span = info["published"]
    found = DATE_DIGITS.search(value) or DATE_CHINESE.search(value)
    if not found:
        return None
    iso, year = _iso(found["year"], found["month"], found["day"])
    if span:
        span = (span[0] + found.start(), span[0] + found.end())
    return iso, span, year


def _header_date(text: str, title):
    """A date printed beside the title in a page header: …整改方案 2017-12-19 10:23:34."""
    if not title:
        return None
    end = title[1][1]
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    match = DATE_DIGITS.match(text, end, line_end)
    if match is None or "年" in match.group():
        return None  # a 年月日 date after the title is the cover's, read with the issuer
    iso, year = _iso(match["year"], match["month"], match["day"])
    return iso, match.span(), year


def _cover_date(text: str, issuer, head_end: int):
    """The date under the issuer on a cover (20XX年9月11日 is masked: no date)."""
    if not issuer or not issuer[1] or issuer[1][0] > head_end:
        return None
    return _date_at(text, issuer[1][1], min(len(text), issuer[1][1] + 20))


def _most_named_limit_year(text: str) -> Optional[int]:
    years = collections.Counter(int(m["year"]) for m in LIMIT_YEAR.finditer(text))
    if not years:
        return None
    return max(years, key=lambda y: (years[y], -y))


# --- page info, region, group, 文号 --------------------------------------------------------

_INFO_LABEL = regex.compile(
    "(?P<label>" + "|".join(regex.escape(k) for k in sorted(PAGE_INFO_LABELS, key=len, reverse=True)) + r")\s?[::]?\s?"
)


def _is_info_line(text: str, start: int, end: int) -> bool:
    labels = [m for m in _INFO_LABEL.finditer(text, start, end) if m.start() == start or text[m.start() - 1] in " \t"]
    return bool(labels) and labels[0].start() == start


def _page_info(text: str, head_end: int, page_meta: dict[str, str]) -> dict[str, tuple[str, Optional[Span]]]:
    """field -> (value, span) from the page's info table: the loader's page_meta first, then
    one left in the text by a scrape (发布机构生态环境拱墅分局公开范围…), where each value
    runs to the next label on its line; within each, labels in PAGE_META_KEYS order."""
    in_text: dict[str, tuple[str, Span]] = {}
    for start, end in _lines(text, 0, head_end):
        if not _is_info_line(text, start, end):
            continue
        labels = list(_INFO_LABEL.finditer(text, start, end))
        for index, match in enumerate(labels):
            value_end = labels[index + 1].start() if index + 1 < len(labels) else end
            value = text[match.end() : value_end].strip()
            if value and match["label"] not in in_text:
                in_text[match["label"]] = (value, (match.end(), match.end() + len(value)))
    info: dict[str, tuple[str, Optional[Span]]] = {}
    for field_name, keys in PAGE_META_KEYS.items():
        given = [(page_meta[k].strip(), None) for k in keys if (page_meta.get(k) or "").strip()]
        found = [in_text[k] for k in keys if k in in_text]
        if given or found:
            info[field_name] = (given + found)[0]
    return info


def _set_region(meta: MetaMatch, text: str) -> None:
    """Region from the title's opening place names (贵州省贵阳市… -> 贵阳市), else the issuer's."""
    sources = []
    if meta.title:
        sources.append((regex.sub(r"^(?:中共|关于)", "", meta.title), meta.spans.get("title"), True))
    if meta.issuer:
        sources.append((regex.sub(r"^中共", "", meta.issuer), meta.spans.get("issuer"), False))
    for source, span, source_is_title in sources:
        found, pos, province = None, 0, None
        while (place := place_at(source, pos)) is not None:
            region = lookup_region(place[0], province, text)
            if found is not None and region is not None and found.code not in {
                r.code for r in gazetteer().chain(region)
            }:
                break  # the next place is not below the one before: not a chain
            found, pos = region, pos + len(place[0])
            province = gazetteer().province_of(found).name
        if found is None:
            continue
        table = gazetteer()
        meta.region = found.name
        meta.region_code = found.code
        meta.province = table.province_of(found).name
        if found.level == "county":
            meta.region_level = "district" if is_district(found.name) else "county"
        else:
            meta.region_level = found.level
        if span:
            shift = len(meta.title if source_is_title else meta.issuer) - len(source)
            meta.spans["region"] = (span[0] + shift, span[0] + shift + pos)
        return


def _set_inspection_group(meta: MetaMatch, text: str) -> None:
    """The numbered group (中央第七环境保护督察组) the plan answers, the title's first; the
    unnumbered name only where the text never numbers it."""
    if meta.title and (match := INSPECTION_GROUP.search(meta.title)):
        start = meta.spans.get("title", (None,))[0]
        meta.inspection_group = match.group()
        if start is not None:
            meta.spans["inspection_group"] = (start + match.start(), start + match.end())
        return
    match = INSPECTION_GROUP.search(text) or INSPECTION_GROUP_UNNUMBERED.search(text)
    if match:
        meta.inspection_group = match.group()
        meta.spans["inspection_group"] = match.span()


def _doc_number(text: str, head_end: int, info: dict):
    """文号 from the info table, else one standing at the start of a line in the head
    (a reference in a sentence, "(国发〔2013〕41号)", is another document's)."""
    if "doc_number" in info:
        value, span = info["doc_number"]
        match = DOC_NUMBER.search(value)
        if match:
            return match.group(), (span[0] + match.start(), span[0] + match.end()) if span else None
    for start, end in _lines(text, 0, head_end):
        match = DOC_NUMBER.match(text, start, end)
        if match:
            return match.group(), match.span()
    return None
