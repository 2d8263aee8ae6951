"""Document metadata: title, region, issuer, inspection group, date, 文号 and kind.

Read where a document states them, as gold/FORMAT.md ("Meta") asks: the title block of a
公文 (版头 …文件, 文号, issuer line over a title that may run over two lines), a web page's
headline with its dateline (时间/来源 under it), an 印发 notice's own title, a disclosure
table (发布机构 / 成文日期 / 发文字号 …: DISCLOSURE_LABELS), the signature and 成文日期 at the
end — never a mention in the body: "山西省委、省政府诚恳接受" names no issuer, a date in a
sentence is no publication date and a 文号 in brackets is a cited document's.

The region is the place the document is about: the title's place, else the issuer's, else
the place the body calls 我省/我市/我区 (the most named one of that level). Names come from the
gazetteer (extract/gazetteer.py); townships, zones and masked places (XX县) are read by
their endings. Values are given in simplified mainland usage: pinyin residue (質(zhì)) is
read past and Taiwan wording (回饋) mapped (REGIONAL_WORDS).
"""

from __future__ import annotations

import collections
from dataclasses import dataclass, field
from typing import Optional

import regex

from extract.data import meta_words as words
from extract.fields.kind import Kind, find_kind
from extract.numerals import NUMERAL_CHARS, chinese_to_int
from extract.gazetteer import Region, gazetteer, is_district, lookup_region, place_at

HEAD_CHARS = 3000  # the title block, headline, cover and info table stand within this
HEAD_LINES = 25
TAIL_LINES = 12  # a signature stands within the last lines (before any 附件 part)
BODY_CHARS = 4000  # where 我省/我市 and the places they stand for are counted
MAX_TITLE_CHARS = 120
MAX_ISSUER_CHARS = 48
MAX_TITLE_LINE = 40  # a title broken over lines: each line at most this long
DATELINE_REACH = 3  # a headline's dateline stands within this many lines under it
TITLE_ENDING_GAP = 6  # 反馈意见问题整改清单: an ending this close to the next one is inside the title

Span = tuple[int, int]

# --- compiled tables -----------------------------------------------------------------

_ENDINGS = regex.compile("|".join(sorted(words.TITLE_ENDINGS, key=len, reverse=True)))
# what may follow an ending word inside the same title: 意见|整改方案, 情况|的报告, 方案|(试行)
TITLE_CONTINUATIONS = regex.compile(
    r"(?:的|之|整改|工作|实施|落实|方案|清单|报告|情况|任务|计划|措施|台账|问题|及|和|"
    r"\((?:试行|送审稿|征求意见稿|草案|修订|修订稿|\d{4}[-—–~至]\d{4}年?)\))"
)
# a bracket or a date that closes a title line: (试行) (2023年度) (第二十六项) 2017-12-19
TITLE_TAIL = regex.compile(r"\s?(?:\([^()\n]{1,16}\)|(?:19|20)\d{2}[-./年][^\n]{0,20})?\s?$")
NUMBERED_LINE = regex.compile(r"(?:[一二三四五六七八九十]{1,3}[、.]|[((][一二三四五六七八九十\d]{1,3}[))]|\d{1,2}[.、])")
TITLE_WORD_TIERS = (regex.compile(r"整改"), regex.compile(r"督察|督查|巡视|巡察|审计|环境"))
BODY_OPENERS = regex.compile(r"(?:根据|按照|为|为了|对|经|在|依据|结合|近日|日前|今年|截至)")
PAGE_NUMBER_PREFIX = regex.compile(r"^\d{1,3}\s?[―—–-]\s?")
LEAD_LABEL = regex.compile(r"^(?:原标题|标题|题目)[::]\s?")
CHROME = regex.compile(words.CHROME_LINE)
DATELINE = regex.compile(words.DATELINE)
NEWS_LEAD = regex.compile(words.NEWS_LEAD)
ISSUER_AT_END = regex.compile(words.ISSUER_ENDINGS + "$")
MASKING = regex.compile(r"略|[Xx×*＊]{1,4}|某")
PINYIN_RESIDUE = regex.compile(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,7}\)")
MIN_PINYIN_RESIDUES = 3  # fewer are more likely real brackets than a page's residue

NOTICE = regex.compile(
    r"(?P<issuer>[\p{Han}()]{0,40}?)关于印发(?P<open>《)?(?P<inner>[^\n《》。]{4,120}?)(?(open)》)的通知"
)
REPRINT = regex.compile(words.REPRINT)
HEADER_ORGAN = regex.compile(r"^(?P<org>\p{Han}{2,40}?)(?:文件|文件\s?[((]\p{Han}{2,6}[))])$")  # 版头: 某某局文件
TITLE_PREFIX_ORGAN = regex.compile(r"^(?P<org>\p{Han}{2,30}?" + words.ISSUER_ENDINGS + r")(?=第|关于|\d{4})")
SPEAKER = regex.compile(
    r"^(?:——)?(?P<org>\p{Han}{2,24}?(?:局|厅|委员会|办公室))(?:党组书记、)?(?:局长|厅长|主任|副局长|副厅长)\s?\p{Han}{2,4}$"
)
TOUR_SUBJECT = regex.compile(r"巡[视察]\p{Han}{0,2}组对(?P<org>\p{Han}{2,24}?(?:党组|党委|党工委))(?:进行|开展)")
SPEECH_DATE_AFTER = regex.compile(r"在[\p{Han}\s]{0,40}?(?:会议|大会)上")

# inside a disclosure line each label ends the value before it (spaces between may be gone:
# 发布机构生态环境拱墅分局公开范围面向全社会)
DISCLOSURE_LABEL = regex.compile(
    "(?P<label>" + "|".join(regex.escape(k) for k in sorted(words.DISCLOSURE_LABELS, key=len, reverse=True))
    + r")(?P<separator>\s?[::]\s?|\s+|$)?"
)
# a page's dateline: its date, source or time (2021-05-24 16:21:00 来源:区政府办公室)
DATELINE_ANYWHERE = regex.compile(r"来源[::]|发布时间|发布日期|\d{1,2}:\d{2}(?::\d{2})?")
MAX_DATELINE_CHARS = 100
BYLINE_DATE = regex.compile(r"^(?:编辑|作者|责任编辑)[::]")  # an editor's date is not the document's
GROUP = regex.compile(words.GROUP_BODY)
GROUP_SPECIAL = regex.compile(words.GROUP_SPECIAL)
PRONOUN = regex.compile(words.REGION_PRONOUN)
MASKED_PLACE = regex.compile(words.MASKED_PLACE)
TOWNSHIP = regex.compile(words.TOWNSHIP)
TOWNSHIP_MENTION = regex.compile(r"(?<![\p{Han}])?(?P<name>\p{Han}{2,3}(?:街道|镇|乡))")
ZONE = regex.compile(r"(?P<name>\p{Han}{2,12}?" + words.ZONE_ENDINGS + ")")
REGIONAL_WORDS = regex.compile("|".join(words.REGIONAL_WORDS))

DOC_NUMBER = regex.compile(r"[\p{Han}]{1,10}[〔\[(【]\s?(?:19|20)\d{2}\s?[〕\])】]\s?\d{1,4}\s?号")
DATE_DIGITS = regex.compile(
    r"(?P<year>(?:19|20)\d{2}|20[Xx×]{2})\s?(?:年|[-/.])\s?(?P<month>\d{1,2})\s?(?:月|[-/.])\s?(?P<day>\d{1,2})(?:\s?日)?"
)
DATE_DAY_FIRST = regex.compile(r"(?P<day>\d{1,2})\.(?P<month>\d{1,2})\.(?P<year>(?:19|20)\d{2})")
DATE_CHINESE = regex.compile(
    rf"(?P<year>[〇○零一二三四五六七八九]{{4}})年(?P<month>[{NUMERAL_CHARS}]{{1,3}})月(?P<day>[{NUMERAL_CHARS}]{{1,3}})日"
)
LIMIT_YEAR = regex.compile(
    r"(?P<year>(?:19|20)\d{2})年(?:\d{1,2}月)?(?:\d{1,2}日)?(?:底|末)?(?:前|之前|以前)"
    r"|(?P<year>(?:19|20)\d{2})年\d{1,2}月\d{1,2}日"
)
# where a run-on title or cover issuer ends at the latest: punctuation or a date
HEAD_FIELD_STOP = regex.compile(
    r"[\n,。;:!?]|(?:19|20)[\dXx×]{2}\s?(?:[-./]\d|年\d{1,2}月)|[〇○零一二三四五六七八九]{4}年"
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
    spans: dict[str, Span] = field(default_factory=dict)


@dataclass
class _Found:
    """A value read from the (pinyin-free) view of the text, with its span there."""

    value: str
    span: Optional[Span] = None


def find_meta(text: str, page_meta: Optional[dict[str, str]] = None) -> MetaMatch:
    """Metadata of a document from its normalised text and, where the page had one, its
    info table (page_meta from the loader).

    reference_year is the published year; else the year of a cover or signature date whose
    day does not parse; else the year most named in the document's own limits (2017年9月30日,
    2017年底前), the earlier on a tie: a plan sets most of its limits in the year it is issued.
    """
    view = _View(text)
    body = view.text
    head = _Head(body)
    info = _disclosure(body, head, page_meta or {})
    meta = MetaMatch()

    title, title_line = _title(body, head)
    if title is None and "title" in info:
        title = info["title"]
    kind = find_kind(body, title.value if title else None)

    signature_issuer, signature_date = _signature(body)
    cover = _cover(body, head, title, title_line)
    issuer = (
        _title_issuer(body, title, kind)
        or signature_issuer
        or _header_issuer(body, head)
        or (cover[0] if cover else None)
        or info.get("issuer")
        or info.get("issuer_fallback")
    )
    region = _region(body, title, issuer)
    if issuer is None:
        reporter = _speaker_or_tour_subject(body, head, kind)
        issuer = _Found(_qualified(reporter.value, region), reporter.span) if reporter else None
    group = _inspection_group(body, title)

    published, partial_year = None, None
    for source in (
        _info_date(info, "published"),
        signature_date,
        _speech_date(body, head),
        cover[1] if cover else None,
        _header_date(body, head, title, title_line),
        _info_date(info, "posted"),
    ):
        if source is None:
            continue
        iso, span, year = source
        partial_year = partial_year or year
        if iso:
            published = _Found(iso, span)
            break

    for name, found in (("title", title), ("issuer", issuer), ("inspection_group", group),
                        ("published", published), ("doc_number", _doc_number(body, head, info))):
        if found is not None:
            setattr(meta, name, _mainland(found.value))
            if found.span:
                meta.spans[name] = view.original(found.span)
    _set_region(meta, region, view)

    if meta.published:
        meta.reference_year = int(meta.published[:4])
    else:
        meta.reference_year = partial_year or _most_named_limit_year(body)
    meta.kind = kind
    return meta


def _mainland(value: str) -> str:
    """A value in mainland usage: 回馈意见 -> 反馈意见; spaces squeezed."""
    value = REGIONAL_WORDS.sub(lambda m: words.REGIONAL_WORDS[m.group()], value)
    return regex.sub(r"\s+", " ", value).strip()


class _View:
    """The text with a page's pinyin residue (質(zhì)) taken out, and the way back to the
    text's offsets; the text itself where it has none."""

    def __init__(self, text: str):
        residues = [m for m in PINYIN_RESIDUE.finditer(text) if m.start() and regex.match(r"[\p{Han})]", text[m.start() - 1])]
        self.origin: Optional[list[int]] = None
        if len(residues) < MIN_PINYIN_RESIDUES:
            self.text = text
            return
        pieces, origin, pos = [], [], 0
        for match in residues:
            pieces.append(text[pos : match.start()])
            origin.extend(range(pos, match.start()))
            pos = match.end()
        pieces.append(text[pos:])
        origin.extend(range(pos, len(text)))
        self.text = "".join(pieces)
        self.origin = origin

    def original(self, span: Span) -> Span:
        if self.origin is None or span[1] <= span[0]:
            return span
        return self.origin[span[0]], self.origin[span[1] - 1] + 1


class _Head:
    """The lines at the head of the text, with which are page chrome, disclosure or dateline
    lines, and where the body (the first sentence) begins."""

    def __init__(self, text: str):
        newlines = [m.start() for m in regex.finditer(r"\n", text[:HEAD_CHARS])]
        self.end = newlines[HEAD_LINES] if len(newlines) > HEAD_LINES else min(len(text), HEAD_CHARS)
        self.lines = [(s, e) for s, e in _lines(text, 0, self.end) if text[s:e].strip()]
        self.body_index = len(self.lines)
        for index, (start, end) in enumerate(self.lines):
            if _is_sentence(text[start:end]):
                self.body_index = index
                break

    def chrome(self, text: str, index: int) -> bool:
        start, end = self.lines[index]
        line = text[start:end].strip()
        return (
            (len(line) <= 30 or ">" in line or line.startswith("|")) and bool(CHROME.search(line))
        ) or _is_info_line(text, start, end) or _is_dateline(line)


def _is_dateline(line: str) -> bool:
    """A date, source or time line; not a title with its date beside it (…整改方案 2017-12-19)."""
    line = line.strip()
    if len(line) > MAX_DATELINE_CHARS or _is_sentence(line):
        return False
    if DATELINE.match(line):
        return True
    anywhere = DATELINE_ANYWHERE.search(line)
    if anywhere is None:
        return False
    date = DATE_DIGITS.search(line, 0, anywhere.start())
    before = line[: date.start() if date else anywhere.start()].strip()
    return not _ends_in_title_word(before)


def _is_sentence(line: str) -> bool:
    """A line of running text: long and punctuated, or ending a sentence."""
    line = line.strip()
    return "。" in line or (len(line) > 60 and regex.search(r"[,;]", line) is not None)


def _lines(text: str, start: int, end: int) -> list[Span]:
    spans, pos = [], start
    while pos < end:
        nl = text.find("\n", pos, end)
        stop = end if nl < 0 else nl
        if stop > pos:
            spans.append((pos, stop))
        pos = stop + 1
    return spans


def _strip_span(text: str, start: int, end: int) -> Span:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


# --- title -------------------------------------------------------------------------------


def _title(text: str, head: _Head) -> tuple[Optional[_Found], Optional[int]]:
    """(title, index of the head line it ends on): an 印发 notice's own title; else X of a
    page that reprints 《X》…全文如下; else the best title line of the head.

    A title line stands before the body, is no chrome, dateline, heading or citation, and
    either ends in a title word (…整改方案, …情况的公示 (第二十六项)) or is a headline with its
    dateline or a news lead under it. Rectification words rank first, then the earlier line:
    the page's own headline before a shortened repeat.
    """
    notice = _notice_title(text, head)
    if notice:
        return notice
    reprint = REPRINT.search(text, 0, head.end)
    if reprint:
        return _Found(reprint["title"], reprint.span("title")), None
    candidates = []
    limit = min(head.body_index + 1, len(head.lines))
    for index in range(limit):
        if head.chrome(text, index):
            continue
        found = _title_at(text, head, index)
        if found is None:
            continue
        title, last = found
        strong = _ends_in_title_word(title.value) or _has_dateline(text, head, last)
        if strong:
            tier = next((len(TITLE_WORD_TIERS) - i for i, p in enumerate(TITLE_WORD_TIERS) if p.search(title.value)), 0)
            candidates.append((tier, -index, title, last))
    if candidates:
        best = max(candidates, key=lambda c: c[:2])
        return best[2], best[3]
    appendix = _appendix_title(text, head)
    return appendix, None


def _title_at(text: str, head: _Head, index: int) -> Optional[tuple[_Found, int]]:
    """The title a head line holds, joined with the lines it runs over; (title, last line)."""
    start, end = _strip_span(text, *head.lines[index])
    line = text[start:end]
    prefix = PAGE_NUMBER_PREFIX.match(line) or LEAD_LABEL.match(line)
    if prefix:
        start += prefix.end()
        line = text[start:end]
    bracket = regex.match(r"【([^【】\n]{6,80})】", line)
    if bracket:
        return _Found(bracket[1], (start + 1, start + bracket.end() - 1)), index
    if (
        len(line) < 6
        or NUMBERED_LINE.match(line)
        or line.startswith(("附件", "《", "〈", "——", "|"))
        or "|" in line
        or line.count("《") != line.count("》")
    ):
        return None
    if regex.search(r"[,;。]", line):  # a line that runs on into the body: the title ends at a title word
        if BODY_OPENERS.match(line):
            return None
        found = _title_in(text, start, end)
        if found is None or regex.match(r"\s?[,;。、]", text[found[1][1] : found[1][1] + 2]):
            return None  # 甘肃省…进展情况,截至目前: a sentence's subject, not a title
        return _Found(text[found[1][0] : found[1][1]], found[1]), index
    joined = _joined_title(text, head, index, start, end)
    if joined:
        return joined
    if len(line) > MAX_TITLE_CHARS:
        return None
    tail = TITLE_TAIL.search(line)
    cut = tail.start() if tail and DATE_DIGITS.match(line, tail.start() + (1 if line[tail.start():tail.start() + 1].isspace() else 0)) else len(line)
    return _Found(line[:cut].strip(), (start, start + len(line[:cut].rstrip()))), index


def _joined_title(text: str, head: _Head, index: int, start: int, end: int) -> Optional[tuple[_Found, int]]:
    """A title the layout broke over two or three short lines (海南省贯彻落实…保护 / 督察组…方案),
    or an issuer line over its title line (洪泽区人民政府 / 2023年…年度报告): joined where the
    first line alone ends in no title word and the joined lines do."""
    line = text[start:end]
    if len(line) > MAX_TITLE_LINE or _ends_in_title_word(line) and not ISSUER_AT_END.search(line):
        return None
    masked_issuer = ISSUER_AT_END.search(line) and MASKING.search(line)
    parts, first = ([] if masked_issuer else [line]), (None if masked_issuer else start)
    for following in range(index + 1, min(index + 3, len(head.lines))):
        if head.chrome(text, following):
            return None
        s, e = _strip_span(text, *head.lines[following])
        piece = text[s:e]
        if len(piece) > MAX_TITLE_LINE or regex.search(r"[,;。:]", piece) or NUMBERED_LINE.match(piece):
            return None
        parts.append(piece)
        first = s if first is None else first
        joined = "".join(parts)
        if _ends_in_title_word(joined):
            return _Found(joined, (first, e)), following
    return None


def _ends_in_title_word(title: str) -> bool:
    tail = TITLE_TAIL.search(title)
    stem = title[: tail.start()] if tail else title
    return bool(stem) and any(stem.endswith(ending) for ending in words.TITLE_ENDINGS)


def _has_dateline(text: str, head: _Head, index: int) -> bool:
    """A headline: its date, source or byline stands in the next lines (page chrome between)."""
    for following in range(index + 1, min(index + 1 + DATELINE_REACH, len(head.lines))):
        s, e = _strip_span(text, *head.lines[following])
        line = text[s:e]
        if _is_dateline(line) or NEWS_LEAD.match(line):
            return True
        if not head.chrome(text, following):
            return False
    return False


def _title_in(text: str, start: int, end: int) -> Optional[tuple[str, Span]]:
    """A title that opens text[start:end] and runs on: cut at the last title word before the
    first punctuation, not at one inside “…” (“回头看”方案 goes on) nor one followed by more title."""
    if text.startswith("附件", start):
        return None
    stop = HEAD_FIELD_STOP.search(text, start, min(end, start + MAX_TITLE_CHARS))
    limit = stop.start() if stop else min(end, start + MAX_TITLE_CHARS)
    ending = None
    for match in _ENDINGS.finditer(text, start, limit):
        if text.count("“", start, match.start()) > text.count("”", start, match.start()):
            continue  # inside a quotation
        if ending is not None and not (
            match.start() - ending.end() <= TITLE_ENDING_GAP or TITLE_CONTINUATIONS.match(text, ending.end(), limit)
        ):
            break
        ending = match
    if ending is None:
        return None
    title_end = ending.end()
    bracket = regex.match(r"\((?:试行|送审稿|征求意见稿|草案|修订稿?|\p{Han}{0,4}\d{0,4}\p{Han}{0,4})\)", text[title_end:limit])
    if bracket:
        title_end += bracket.end()
    if title_end - start < 6:
        return None
    return text[start:title_end], (start, title_end)


def _notice_title(text: str, head: _Head) -> Optional[tuple[_Found, int]]:
    """An 印发 notice's own title (…关于印发《X》的通知), on one line or over up to three; a
    website's name before it is dropped, an issuing body kept."""
    for index in range(min(head.body_index + 1, len(head.lines))):
        start, end = _strip_span(text, *head.lines[index])
        pieces, spans = [text[start:end]], [(start, end)]
        for following in range(index + 1, min(index + 3, len(head.lines))):
            s, e = _strip_span(text, *head.lines[following])
            if e - s > MAX_TITLE_LINE:
                break
            pieces.append(text[s:e])
            spans.append((s, e))
        for count in range(1, len(pieces) + 1):
            joined = "".join(pieces[:count])
            match = NOTICE.search(joined)
            if match is None or joined[: match.start()].strip(" -—|") and not joined[match.start() - 1].isspace():
                continue
            issuer = match["issuer"]
            begin = match.start() if ISSUER_AT_END.search(issuer) else match.start("issuer") + len(issuer)
            title = joined[begin : match.end()]
            if count == 1:
                return _Found(title, (start + begin, start + match.end())), index
            return _Found(title, (start, spans[count - 1][1])), index + count - 1
    return None


def _appendix_title(text: str, head: _Head) -> Optional[_Found]:
    """A file that holds only an appendix (a task table) is titled by its 附件 line."""
    for start, end in head.lines[: head.body_index]:
        label = regex.match(r"\s?附件\s?\d{0,2}\s?[::]?", text[start:end])
        if label and label.end() < end - start:
            found = _title_in(text, start + label.end(), end)
            if found:
                return _Found(*found)
    return None


# --- issuer ------------------------------------------------------------------------------


def _title_issuer(text: str, title: Optional[_Found], kind: str) -> Optional[_Found]:
    """The body a title opens with: X关于印发…, X关于…的报告 (湖南省关于… too), or, outside
    news, an office named before the subject (广东省水利厅第二轮…整改工作情况)."""
    if title is None:
        return None
    value = title.value
    about = value.find("关于")
    if about > 1:
        issuer = value[:about].strip()
        named = ISSUER_AT_END.search(issuer) or (place_at(issuer) or ("",))[0] == issuer
        if named and not MASKING.search(issuer) and len(issuer) <= MAX_ISSUER_CHARS:
            return _Found(issuer, (title.span[0], title.span[0] + len(issuer)) if title.span else None)
    if kind != "news":
        match = TITLE_PREFIX_ORGAN.match(value)
        if match and place_at(value) is not None:
            return _Found(match["org"], (title.span[0], title.span[0] + match.end("org")) if title.span else None)
    return None


def _header_issuer(text: str, head: _Head) -> Optional[_Found]:
    """The red header (版头) of a 公文: 某某局文件 names the issuer."""
    for start, end in head.lines[: head.body_index]:
        s, e = _strip_span(text, start, end)
        match = HEADER_ORGAN.match(text[s:e])
        if match:
            return _Found(match["org"], (s, s + len(match["org"])))
    return None


def _cover(text: str, head: _Head, title: Optional[_Found], title_line: Optional[int]):
    """(issuer, date) of the cover under a title: 某某办公室 2020年1月10日 on the rest of the
    title's line or on a line below, or the body on one line and its date on the next; None."""
    if title is None or title_line is None or not title.span:
        return None
    line_end = head.lines[title_line][1]
    segments = [(title.span[1], line_end)] if line_end - title.span[1] > 2 else []
    last = min(title_line + 2 + DATELINE_REACH, head.body_index + 1, len(head.lines))
    segments += [_strip_span(text, *head.lines[i]) for i in range(title_line + 1, last)]
    for number, (start, end) in enumerate(segments):
        start, end = _strip_span(text, start, end)
        stop = HEAD_FIELD_STOP.search(text, start, end)
        name_end = stop.start() if stop else end
        name = text[start:name_end].strip()
        if not _looks_like_issuer(name) or _is_info_line(text, start, end) or (stop and stop.group() in ",。;:!?"):
            continue
        date = _date_at(text, name_end, end) if stop else None
        if date is None and number + 1 < len(segments):
            date = _date_at(text, *segments[number + 1], whole_line=True)
        return _Found(name, (start, start + len(name))), date
    return None


def _speaker_or_tour_subject(text: str, head: _Head, kind: str) -> Optional[_Found]:
    """The office that reports: a report read to a congress names its speaker (某某审计局局长
    张三); a 巡察 report is made by the party group the group inspected."""
    for start, end in head.lines[: head.body_index]:
        s, e = _strip_span(text, start, end)
        match = SPEAKER.match(text[s:e])
        if match:
            return _Found(match["org"], (s + match.start("org"), s + match.end("org")))
    if kind == "tour_report":
        match = TOUR_SUBJECT.search(text, 0, head.end)
        if match:
            return _Found(match["org"], match.span("org"))
    return None


def _qualified(issuer: str, region: Optional[tuple]) -> str:
    """市审计局 in a text about 慈溪市 is 慈溪市审计局: an office named by its level alone
    takes the region's name."""
    if region is None or region[0] is None or not issuer[:1] in "省市县区":
        return issuer
    name = region[0]
    if name.endswith(issuer[0]) and not issuer.startswith(name):
        return name + issuer[1:]
    return issuer


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
                    names.insert(0, _strip_span(text, s, e))
            else:
                date = _trailing_date(text, start, stop)
                names = [_strip_span(text, start, date[1][0])] if date else []
                names = [n for n in names if _looks_like_issuer(text[n[0] : n[1]])]
            if date is not None and names:
                issuer = "".join(text[s:e] for s, e in names)
                return _Found(issuer, (names[0][0], names[-1][1])), date
    return None, None


def _looks_like_issuer(line: str) -> bool:
    line = line.strip()
    return (
        2 < len(line) <= MAX_ISSUER_CHARS
        and not regex.search(r"[,。;:!?\d]", line)
        and not MASKING.search(line)
        and bool(ISSUER_AT_END.search(line))
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


def _date_in(text: str, start: int, end: int):
    """(iso, span, year) of the first full date in text[start:end] (also 26.07.2017), or None."""
    for pattern in (DATE_DIGITS, DATE_CHINESE, DATE_DAY_FIRST):
        match = pattern.search(text, start, end)
        if match:
            iso, year = _iso(match["year"], match["month"], match["day"])
            if iso:
                return iso, match.span(), year
    return None


def _trailing_date(text: str, start: int, end: int):
    """A signature line that holds the body and its date together: …人民政府2017年12月19日."""
    for pattern in (DATE_DIGITS, DATE_CHINESE):
        match = pattern.search(text, start, end)
        if match and match.end() >= end - 1 and match.start() > start:
            iso, year = _iso(match["year"], match["month"], match["day"])
            return iso, match.span(), year
    return None


def _info_date(info: dict, key: str):
    found = info.get(key)
    if found is None:
        return None
    date = _date_in(found.value, 0, len(found.value))
    if date is None:
        return None
    iso, span, year = date
    return iso, (found.span[0] + span[0], found.span[0] + span[1]) if found.span else None, year


def _speech_date(text: str, head: _Head):
    """A report read to a congress is dated on its line: ——2022年7月27日在…会议上."""
    for start, end in head.lines[: head.body_index + 1]:
        s, e = _strip_span(text, start, end)
        s += len(text[s:e]) - len(text[s:e].lstrip("—-"))
        date = _date_at(text, s, e)
        if date and SPEECH_DATE_AFTER.match(text, date[1][1], min(e + 30, len(text))):
            return date
    return None


def _header_date(text: str, head: _Head, title: Optional[_Found], title_line: Optional[int]):
    """The posting date shown with a headline: on the title's own line (…整改方案 2017-12-19) or
    a repeat of it (…的公示 日期:2023-02-28), else in the dateline under it or just above it;
    without a headline, the head's first dateline (an editor's date excepted)."""
    if title is not None and title.value:
        for start, end in head.lines[: head.body_index]:
            position = text.find(title.value, start, end)
            if position >= 0:
                date = _date_in(text, position + len(title.value), end)
                if date:
                    return date
    if title_line is not None:
        around = list(range(title_line + 1, min(title_line + 1 + DATELINE_REACH, len(head.lines))))
        around += [title_line - 1] if title_line > 0 else []
    else:
        around = list(range(0, min(head.body_index + 1, len(head.lines))))
    for index in around:
        start, end = _strip_span(text, *head.lines[index])
        if _is_dateline(text[start:end]) and not BYLINE_DATE.match(text[start:end]):
            date = _date_in(text, start, end)
            if date:
                return date
    return None


def _most_named_limit_year(text: str) -> Optional[int]:
    years = collections.Counter(int(m["year"]) for m in LIMIT_YEAR.finditer(text))
    if not years:
        return None
    return max(years, key=lambda y: (years[y], -y))


# --- disclosure table, 文号, group ---------------------------------------------------------


def _is_info_line(text: str, start: int, end: int) -> bool:
    """A line of a disclosure table: it opens (after a bullet) with one of its labels."""
    s, _ = _strip_span(text, start, end)
    s += len(text[s:end]) - len(text[s:end].lstrip("-•·• "))
    first = DISCLOSURE_LABEL.match(text, s, end)
    if first is None:
        return False  # a label glued to its value counts where a second label follows
    return first["separator"] is not None or DISCLOSURE_LABEL.search(text, first.end(), end) is not None


def _disclosure(text: str, head: _Head, page_meta: dict[str, str]) -> dict[str, _Found]:
    """field -> value of the page's disclosure table: the loader's page_meta first, then one
    left in the text by a scrape (发布机构 梁平区生态环境局 有效性 …), each value running to the
    next label on its line; within a field, the labels in DISCLOSURE_LABELS order."""
    order = {label: i for i, label in enumerate(words.DISCLOSURE_LABELS)}
    found: dict[str, tuple[int, _Found]] = {}

    def offer(label: str, value: _Found) -> None:
        name = words.DISCLOSURE_LABELS.get(label) or words.PAGE_META_FIELDS.get(label)
        rank = order.get(label, len(order))
        if name and value.value and (name not in found or rank < found[name][0]):
            found[name] = (rank, value)

    for label, value in page_meta.items():
        if (value or "").strip():
            offer(label, _Found(value.strip()))
    given = set(found)
    for start, end in head.lines:
        if not _is_info_line(text, start, end):
            continue
        labels = [m for m in DISCLOSURE_LABEL.finditer(text, start, end) if words.DISCLOSURE_LABELS.get(m["label"], 0) != 0]
        for index, match in enumerate(labels):
            value_end = labels[index + 1].start() if index + 1 < len(labels) else end
            s, e = _strip_span(text, match.end(), value_end)
            name = words.DISCLOSURE_LABELS[match["label"]]
            if s < e and name not in given:
                offer(match["label"], _Found(text[s:e], (s, e)))
    return {name: value for name, (_, value) in found.items()}


def _doc_number(text: str, head: _Head, info: dict):
    """文号 from the disclosure table, else one standing on its own line in the head (under a
    版头 or a notice title); one in brackets or a sentence is a cited document's."""
    if "doc_number" in info:
        found = info["doc_number"]
        match = DOC_NUMBER.search(found.value)
        if match:
            span = (found.span[0] + match.start(), found.span[0] + match.end()) if found.span else None
            return _Found(match.group(), span)
    for start, end in head.lines[: head.body_index + 1]:
        s, e = _strip_span(text, start, end)
        match = DOC_NUMBER.match(text, s, e)
        if match and match.end() >= e - 1:
            return _Found(match.group(), match.span())
    return None


def _inspection_group(text: str, title: Optional[_Found]) -> Optional[_Found]:
    """The numbered group (中央第七环境保护督察组, 省第四…督察组, 市委第八巡察组) the document
    answers, as written: the title's, else the first the text names. Unnumbered → None."""
    places = [(title.value, title.span[0] if title.span else None)] if title else []
    places.append((text, 0))
    for source, offset in places:
        found = []
        special = GROUP_SPECIAL.search(source)
        if special:
            found.append((special.start(), special.end()))
        for match in GROUP.finditer(source):
            start = _group_start(source, match.start())
            if start is not None:
                found.append((start, match.end()))
                break
        if found:
            start, end = min(found)
            return _Found(source[start:end], (offset + start, offset + end) if offset is not None else None)
    return None


def _group_start(text: str, number_at: int) -> Optional[int]:
    """Where a group's name begins before its 第: a place (安徽省, 天津市) or a level word (中央,
    省委省政府, 省); None where neither stands there."""
    for length in range(min(12, number_at), 1, -1):
        key = text[number_at - length : number_at]
        if place_at(key, 0, aliases=False) == (key, gazetteer().by_name.get(key)) and key.endswith(("省", "市", "自治区")):
            return number_at - length
    for prefix in sorted(words.GROUP_PREFIXES, key=len, reverse=True):
        if text.endswith(prefix, 0, number_at):
            return number_at - len(prefix)
    return None


# --- region -----------------------------------------------------------------------------

# (name or None, level, province or None, code or None, span in the view or None)
RegionFound = tuple[Optional[str], Optional[str], Optional[str], Optional[str], Optional[Span]]


def _region(text: str, title: Optional[_Found], issuer: Optional[_Found]) -> Optional[RegionFound]:
    """The place the document is about: its title's, else its issuer's (or a place under it
    the text names more), else the one its body calls 我省/我市/我区."""
    body_end = min(len(text), BODY_CHARS)
    mentions = _mentions(text, 0, body_end)
    found = _region_in(title, mentions) if title else None
    if found is None and issuer is not None:
        found = _region_in(issuer, mentions)
        if found and found[0] and found[3]:
            below = _most_named(mentions, lambda r: r.code != found[3] and found[3] in {c.code for c in gazetteer().chain(r)[1:]})
            if below is not None and mentions[below] >= 2:
                found = _from_region(below, None)
    return found or _region_of_body(text, body_end, mentions)


def _region_in(source: _Found, mentions: collections.Counter) -> Optional[RegionFound]:
    """The region a title or an issuer names: the first place (not a group's or a cited
    document's) and any place under it named later; a township or zone its body names; a
    masked place (XX县) as its level alone."""
    value = source.value
    skip = _skipped_spans(value)
    table = gazetteer()
    found: Optional[Region] = None
    found_span = None
    pos = 0
    while pos < len(value):
        if any(s <= pos < e for s, e in skip):
            pos += 1
            continue
        place = place_at(value, pos)
        if place is None:
            pos += 1
            continue
        name, _ = place
        region = lookup_region(name, table.province_of(found).name if found else None, _context(mentions))
        if region is not None and not (name != region.name and region.level == "county"):
            if found is None or found.code in {r.code for r in table.chain(region)[1:]}:
                found, found_span = region, (pos, pos + len(name))
        pos += len(name)
    after = found_span[1] if found_span else 0
    below = TOWNSHIP.match(value, after) or ZONE.match(value, after)
    if below and not MASKING.search(below["name"]) and (found is None or found.level != "county" or below.re is TOWNSHIP):
        if found is not None and found.level == "county":
            level = _level(found)  # a township takes its county's level
        else:
            level = "district" if below["name"].endswith("街道") else "county"
        province = table.province_of(found).name if found else _province_of(mentions)
        return below["name"], level, province, None, _shift(source, below.span("name"))
    if found is not None:
        return _from_region(found, _shift(source, found_span))
    masked = list(MASKED_PLACE.finditer(value))
    if masked:
        return None, words.MASKED_LEVELS[masked[-1]["unit"]], _province_of(mentions), None, None
    return None


def _skipped_spans(value: str) -> list[Span]:
    """Parts of a title that name another body: an inspection group (天津市第一…督察组)."""
    spans = []
    for match in GROUP.finditer(value):
        start = _group_start(value, match.start())
        if start is not None:
            spans.append((start, match.end()))
    return spans


def _shift(source: _Found, span: Optional[Span]) -> Optional[Span]:
    if span is None or source.span is None:
        return None
    return source.span[0] + span[0], source.span[0] + span[1]


def _from_region(region: Region, span: Optional[Span]) -> RegionFound:
    return region.name, _level(region), gazetteer().province_of(region).name, region.code, span


def _level(region: Region) -> str:
    if region.level == "county":
        return "district" if is_district(region.name) else "county"
    return region.level


def _mentions(text: str, start: int, end: int) -> collections.Counter:
    """How often each division is named in text[start:end] (full names; short forms of
    provinces and cities), not counting a group's name (安徽省第四…督察组)."""
    counts: collections.Counter = collections.Counter()
    table = gazetteer()
    pos = start
    while pos < end:
        place = place_at(text[: min(end, pos + table.longest_name)], pos)
        if place is None:
            pos += 1
            continue
        name, regions = place
        after = pos + len(name)
        if not regex.match(r"第[一二三四五六七八九十\d]{1,3}", text[after : after + 4]):
            full = [r for r in regions if r.name == name]
            short = [r for r in regions if r.level != "county"]
            chosen = full or short
            if chosen:
                counts[chosen[0]] += 1
        pos = after
    return counts


def _context(mentions: collections.Counter) -> str:
    return "".join(region.name * count for region, count in mentions.items())


def _most_named(mentions: collections.Counter, accept) -> Optional[Region]:
    best = None
    for region, count in mentions.items():  # in order of first mention
        if accept(region) and (best is None or count > mentions[best]):
            best = region
    return best


def _province_of(mentions: collections.Counter) -> Optional[str]:
    provinces: collections.Counter = collections.Counter()
    for region, count in mentions.items():
        provinces[gazetteer().province_of(region).name] += count
    return provinces.most_common(1)[0][0] if provinces else None


def _region_of_body(text: str, body_end: int, mentions: collections.Counter) -> Optional[RegionFound]:
    """The place the body calls 我省/全市/本区: the most named division of that level (a
    township for 我镇); None with the level alone where the text never names it. Without such
    words, the most named division."""
    pronouns = collections.Counter(m["level"] for m in PRONOUN.finditer(text, 0, body_end))
    if not pronouns:
        best = _most_named(mentions, lambda r: True)
        return _from_region(best, None) if best else None
    word = pronouns.most_common(1)[0][0]
    levels = words.PRONOUN_LEVELS[word]
    if word in ("镇", "乡", "街道"):
        townships = collections.Counter(
            m["name"] for m in TOWNSHIP_MENTION.finditer(text, 0, body_end) if m["name"].endswith(word)
        )
        if townships:
            return townships.most_common(1)[0][0], levels[0], _province_of(mentions), None, None
    best = _most_named(mentions, lambda r: _level(r) in levels and _fits_word(r, word))
    if best is not None:
        return _from_region(best, None)
    return None, levels[0], _province_of(mentions), None, None


def _fits_word(region: Region, word: str) -> bool:
    """我区 is a district or an autonomous region, 我市 a city of any level, 我县 a county."""
    if word in ("区", "自治区"):
        return region.name.endswith("区")
    if word == "市":
        return region.name.endswith("市")
    if word in ("县", "旗"):
        return region.name.endswith(word)
    return True


def _set_region(meta: MetaMatch, region: Optional[RegionFound], view: _View) -> None:
    if region is None:
        return
    meta.region, meta.region_level, meta.province, meta.region_code, span = region
    if span and meta.region:
        meta.spans["region"] = view.original(span)
