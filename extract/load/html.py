"""HTML pages: the plan's text without the site around it, and what the page says about it.

Government sites wrap a plan in navigation, breadcrumbs, side columns and footers,
and disclosure pages put a metadata table (信息索引号, 发布机构, 生成日期 …) above it.
The page is decoded (declared charset, else detection), parsed by lxml without network
access or entity expansion, and stripped of scripts, styles and hidden elements. The
disclosure fields go to page_meta and out of the body. The content container is found
by following the text down the tree: from <body>, into the child that holds most of
the weighted text, where link text counts for nothing and navigation-like blocks
little. The heading above the container is kept as the first paragraph, then one
Paragraph per block element or <br>-separated line and one Table per data table.
"""

from __future__ import annotations

from typing import Iterator, Optional

import lxml.etree
import lxml.html
import regex

from extract.blocks import Block, LoadedDocument, Paragraph, Table
from extract.errors import ExtractionError
from extract.load.decoding import decode_text
from extract.load.tablegrid import ABOVE, LEFT, OWN, GridCell, table_rows

MAX_CHARS = 30_000_000
"""Decoded characters parsed; a longer page is cut (with a warning)."""
MAX_SPAN = 100
"""rowspan/colspan beyond this are read as this (a hostile colspan=100000 would blow up the grid)."""
MAX_TABLE_CELLS = 100_000
HEADER_LINES = 8
"""Lines before the content read for the date and source when no heading marks where the header starts."""
MAX_DISCLOSURE_CHARS = 2_000
"""A disclosure block is short; a longer element holding the labels is the page, not the block."""
MAX_ANCESTOR_WALK = 60
DESCEND_SHARE = 0.6
"""The content container: go down into a child while it holds this share of the weighted text,"""
LEAF_SHARE = 0.9
"""... or this share when the child is a single text block (a <p>), whose siblings would be lost."""
NOISE_WEIGHT = 0.2
CONTENT_WEIGHT = 1.5

# --- language knowledge (rules as data) -------------------------------------------------

DROPPED_TAGS = (
    "script", "style", "noscript", "template", "iframe", "object", "embed", "svg",
    "select", "button", "input", "textarea", "head",
)
BLOCK_TAGS = frozenset(
    "p div li ul ol dl dt dd h1 h2 h3 h4 h5 h6 table thead tbody tfoot tr td th caption "
    "blockquote section article header footer aside nav main pre center form fieldset "
    "address figure figcaption hr body html".split()
)
NOISE_TAGS = frozenset({"nav", "header", "footer", "aside"})
NOISE_HINTS = (
    "nav", "menu", "header", "footer", "foot", "sidebar", "side", "breadcrumb", "crumb",
    "position", "location", "weizhi", "share", "comment", "related", "xgwz", "copyright",
    "banner", "toolbar", "login", "search", "friend", "link", "yqlj", "bottom", "ad",
)
"""class/id words of blocks around the content (a word containing one of these)."""
CONTENT_HINTS = (
    "content", "article", "zoom", "editor", "unionstyle", "main", "detail", "text", "zw",
    "wzcon", "body", "news", "info_con", "xxgk_content",
)
"""class/id words of content containers: TRS_Editor, Custom_UnionStyle, #zoom, .article …"""
TITLE_WORD = regex.compile(r"title|biaoti|headline|^(?:bt|tit)$")
"""class/id words of a heading: article-title, biaoti, bt."""
MIN_TITLE_CHARS = 6
HEADING_TAGS = frozenset({"h1", "h2", "h3"})

DISCLOSURE_LABELS = (
    "信息索引号", "索引号", "主题分类", "信息分类", "组配分类", "体裁分类", "服务对象",
    "发布机构", "发文机关", "发文机构", "发文单位", "制发机关", "生成日期", "成文日期",
    "发文日期", "印发日期", "备注/文号", "发文字号", "文号", "公开方式", "公开范围",
    "公开时限", "公开形式", "有效性", "效力状态",
)
"""Labels only a disclosure block carries; two of them make an element one."""
FIELD_LABELS = DISCLOSURE_LABELS + (
    "发布日期", "发布时间", "公开日期", "公布日期", "时间", "日期", "信息名称", "标题", "名称", "主题词",
    "关键词", "来源", "信息来源", "作者", "发布单位",
    "点击率", "点击数", "浏览次数", "阅读次数", "访问量", "字号", "字体", "打印", "关闭",
)
"""Every label read as `label: value` in a disclosure block or the header above the content
(the page-tool labels at the end only end the value before them)."""
PUBLISHED_LABELS = (
    "发布日期", "发布时间", "公开日期", "公布日期", "时间", "日期", "生成日期", "成文日期", "印发日期", "发文日期",
)
"""Labels whose value is the publication date, best first."""
META_FIELDS = {
    "articletitle": "title",
    "pubdate": "published",
    "publishdate": "published",
    "firstpublishedtime": "published",
    "article:published_time": "published",
    "contentsource": "source",
}
"""<meta name=…> of Chinese government CMSes (and Open Graph) -> page_meta key."""

TITLE_SEPARATORS = regex.compile(r"\s*(?:_|\||\s-\s|—{1,2}|-{2})\s*")


def _spaced_alternatives(labels: tuple[str, ...]) -> str:
    """Labels as written, with spaces allowed between their characters (索 引 号), longest first."""
    ordered = sorted(labels, key=len, reverse=True)
    return "|".join(r"\s{0,3}".join(regex.escape(ch) for ch in label) for label in ordered)


FIELD_LABEL = regex.compile(rf"(?P<label>{_spaced_alternatives(FIELD_LABELS)})\s{{0,3}}(?:[::]\s{{0,3}}|$)")
"""A label ending in a colon or at the end of its cell."""
DISCLOSURE_LABEL = regex.compile(_spaced_alternatives(DISCLOSURE_LABELS))
DATE = regex.compile(
    r"(?:19|20)\d{2}\s{0,2}[-/.年]\s{0,2}\d{1,2}\s{0,2}[-/.月]\s{0,2}\d{1,2}(?:\s{0,2}日)?"
    r"(?:\s{1,3}\d{1,2}:\d{2}(?::\d{2})?)?"
)
META_CHARSET = regex.compile(
    rb"""<meta[^>]{0,300}?charset\s{0,5}=\s{0,5}["']?\s{0,5}([A-Za-z0-9_\-:.]{1,40})""", regex.IGNORECASE
)
XML_ENCODING = regex.compile(
    rb"""^\s{0,100}<\?xml[^>]{0,200}?encoding\s{0,5}=\s{0,5}["']([A-Za-z0-9_\-:.]{1,40})"""
)
SPACES = regex.compile(r"[\s\u00a0\u3000]+")
CLASS_WORDS = regex.compile(r"[\s_\-]+")
HIDDEN_STYLE = regex.compile(r"display\s{0,3}:\s{0,3}none|visibility\s{0,3}:\s{0,3}hidden", regex.IGNORECASE)


def load(data: bytes, charset: Optional[str] = None) -> LoadedDocument:
    """`charset` is what a container declared (an MHT part's header); the page's own
    <meta> declaration is read otherwise."""
    text, encoding = _decode(data, charset)
    warnings: list[str] = []
    if len(text) > MAX_CHARS:
        warnings.append(f"the page is cut at {MAX_CHARS} characters")
        text = text[:MAX_CHARS]
    root = _parse(text, warnings)
    page_meta = _meta_tags(root)
    page_title = _page_title(root)
    _drop_invisible(root)
    body = root.find("body")
    if body is None:
        body = root

    weights = _text_weights(body)
    disclosure: dict[str, str] = {}
    for block in _disclosure_blocks(body, weights):
        disclosure.update(_fields(_lines(block)))
        block.drop_tree()
    container = _content_container(body, weights)

    heading = _heading_above(body, container, page_title)
    heading_text = _clean(heading.text_content()) if heading is not None else ""
    header_fields, header_date = _header_above(body, heading, container)
    blocks = _blocks(container)
    if heading_text and container not in (heading, *heading.iterancestors()):
        blocks.insert(0, Paragraph(heading_text))

    for label, value in {**header_fields, **disclosure}.items():
        page_meta.setdefault(label, value)
    title = heading_text or _clean_page_title(page_title)
    if title:
        page_meta.setdefault("title", title)
    published = page_meta.get("published") or _published(header_fields, header_date, disclosure)
    if published:
        page_meta["published"] = published
    if not any(isinstance(b, Table) or b.text for b in blocks):
        raise ExtractionError(
            "empty_file",
            "the web page holds no text (it may load its content by script); save the page "
            "after it has loaded, or the linked document. / 网页中没有正文文字,请保存完整加载后的网页或原文件。",
        )
    return LoadedDocument(
        format="html", blocks=blocks, encoding=encoding, page_meta=page_meta, warnings=warnings
    )


# --- decoding and parsing ------------------------------------------------------------


def _decode(data: bytes, charset: Optional[str]) -> tuple[str, str]:
    """Valid UTF-8 is UTF-8 whatever the page declares (CMS templates often keep a stale
    gb2312 declaration); otherwise the declared charset, else detection."""
    try:
        return data.decode("utf-8").removeprefix("\ufeff"), "utf-8"
    except UnicodeDecodeError:
        pass
    return decode_text(data, charset or _declared_charset(data))


def _declared_charset(data: bytes) -> Optional[str]:
    head = data[:16384]
    found = XML_ENCODING.match(head) or META_CHARSET.search(head)
    return found.group(1).decode("ascii") if found else None


FLATTENED_TAG = regex.compile(
    r"(?:</?(?!(?:script|style|noscript|template|head|title)\b)[A-Za-z][^<>]{0,4000}>\s{0,100})+",
    regex.IGNORECASE,
)
"""A run of tags, but for those whose content is not text: a page nested past libxml2's
depth limit (2048) is read with each such run as one line break."""


def _parse(text: str, warnings: list[str]) -> lxml.html.HtmlElement:
    """lxml's HTML parser never fetches anything and expands no DTD entities; the text is
    handed over as UTF-8 so declarations inside the page cannot re-decode it."""
    parser = lxml.html.HTMLParser(
        encoding="utf-8",
        remove_comments=True,
        remove_pis=True,
        no_network=True,
        default_doctype=False,
        huge_tree=True,  # long text nodes are real; the input size is bounded above
    )
    try:
        root = lxml.html.document_fromstring(text.encode("utf-8", "replace"), parser=parser)
    except (lxml.etree.ParserError, ValueError) as exc:
        raise ExtractionError("empty_file", f"the web page holds no markup or text ({exc}). / 网页为空。") from exc
    fatal = parser.error_log.filter_from_fatals()
    if fatal and "depth" in fatal[0].message.lower():
        warnings.append("the page nests its markup too deeply to keep its layout; read as lines")
        return _parse(FLATTENED_TAG.sub("<br>", text), [])
    if fatal:
        reason = fatal[0].message.strip()
        warnings.append(f"the page's markup breaks off ({reason}); text after that point is lost")
    return root


def _meta_tags(root) -> dict[str, str]:
    found: dict[str, str] = {}
    for meta in root.iter("meta"):
        name = (meta.get("name") or meta.get("property") or "").strip().lower()
        key = META_FIELDS.get(name)
        content = _clean(meta.get("content") or "")
        if key and content:
            found.setdefault(key, content)
    return found


def _page_title(root) -> str:
    title = root.find(".//title")
    return _clean(title.text_content()) if title is not None else ""


def _clean_page_title(title: str) -> str:
    """<title> carries the site or column name after a separator; the plan's is the longest part."""
    return max(TITLE_SEPARATORS.split(title), key=len, default="").strip()


def _drop_invisible(root) -> None:
    doomed = list(root.iter(DROPPED_TAGS))
    doomed += [
        el
        for el in root.xpath("//*[@hidden or @style]")
        if el.get("hidden") is not None or HIDDEN_STYLE.search(el.get("style") or "")
    ]
    for el in doomed:
        if el.getparent() is not None:
            el.drop_tree()


# --- where the text is --------------------------------------------------------------------


_Weights = dict
"""element -> (weighted text, characters) of its text, tails inside it included."""


def _text_weights(root) -> _Weights:
    """One pass from the leaves up. Text weighs its visible characters; link text weighs
    nothing, navigation-like blocks little and content-like containers more."""
    hinted = {el: _hint_weight(el) for el in root.xpath("descendant-or-self::*[@class or @id]")}
    weights: _Weights = {}
    for el in reversed(list(root.iter())):
        tag = el.tag
        if not isinstance(tag, str):
            continue
        weight = _visible(el.text)
        chars = len(el.text or "")
        for child in el:
            child_weight, child_chars = weights.get(child, (0.0, 0))
            weight += child_weight + _visible(child.tail)
            chars += child_chars + len(child.tail or "")
        if tag == "a":
            weight = 0.0
        elif tag in NOISE_TAGS:
            weight *= NOISE_WEIGHT
        weights[el] = (weight * hinted.get(el, 1.0), chars)
    return weights


def _visible(text: Optional[str]) -> int:
    return len("".join(text.split())) if text else 0


def _class_words(el) -> list[str]:
    names = f"{el.get('class') or ''} {el.get('id') or ''}".strip().lower()
    return [w for w in CLASS_WORDS.split(names) if w] if names else []


def _hint_weight(el) -> float:
    """How much a block's class and id say it is content (TRS_Editor) or around it (nav)."""
    words = _class_words(el)
    if any(hint in word for word in words for hint in NOISE_HINTS):
        return NOISE_WEIGHT
    if any(hint in word for word in words for hint in CONTENT_HINTS):
        return CONTENT_WEIGHT
    return 1.0


def _content_container(body, weights: _Weights):
    """From <body> down into the child that holds most of the text, while it holds
    DESCEND_SHARE of all the text directly inside its parent (LEAF_SHARE for a text block)."""
    container = body
    while True:
        children = [c for c in container if isinstance(c.tag, str)]
        if not children:
            return container
        inside = _visible(container.text) + sum(weights[c][0] + _visible(c.tail) for c in children)
        best = max(children, key=lambda c: weights[c][0])
        is_leaf = not any(c.tag in BLOCK_TAGS for c in best)
        if weights[best][0] < (LEAF_SHARE if is_leaf else DESCEND_SHARE) * inside:
            return container
        container = best


# --- disclosure metadata -------------------------------------------------------------------


def _disclosure_blocks(body, weights: _Weights) -> list:
    """Elements that hold a disclosure block: the outermost short elements where two
    disclosure labels stand, narrowed to the smallest one still holding all of them."""
    labels_under: dict = {}
    if len(set(DISCLOSURE_LABEL.findall(body.text_content()))) < 2:
        return []
    for el in body.iter():
        if not isinstance(el.tag, str):
            continue
        for text, owner in ((el.text, el), (el.tail, el.getparent())):
            if not text or owner is None or len(text) > MAX_DISCLOSURE_CHARS:
                continue
            found = {SPACES.sub("", label) for label in DISCLOSURE_LABEL.findall(text)}
            if not found:
                continue
            ancestor, steps = owner, 0
            while ancestor is not None and steps < MAX_ANCESTOR_WALK:
                labels_under.setdefault(ancestor, set()).update(found)
                ancestor, steps = ancestor.getparent(), steps + 1

    def qualifies(el) -> bool:
        chars = weights[el][1] if el in weights else MAX_DISCLOSURE_CHARS + 1  # outside the body
        return len(labels_under.get(el, ())) >= 2 and chars <= MAX_DISCLOSURE_CHARS

    blocks = []
    for el in body.iter():
        if not qualifies(el) or any(qualifies(a) for a in el.iterancestors()):
            continue
        while True:
            same = [c for c in el if labels_under.get(c) == labels_under[el]]
            if len(same) != 1:
                break
            el = same[0]
        blocks.append(el)
    return blocks


def _fields(lines: list[str]) -> dict[str, str]:
    """`label: value` pairs from a block's lines: the value follows its label on the same
    line up to the next label, or stands alone on the next line (a table cell)."""
    fields: dict[str, str] = {}
    for index, line in enumerate(lines):
        matches = list(_label_matches(line))
        for k, match in enumerate(matches):
            end = matches[k + 1].start() if k + 1 < len(matches) else len(line)
            value = line[match.end() : end].strip(" ::")
            if not value and k + 1 == len(matches) and index + 1 < len(lines):
                following = lines[index + 1]
                if not any(m.start() == 0 for m in _label_matches(following)):
                    value = following.strip()
            label = SPACES.sub("", match.group("label"))
            if value and label not in fields:
                fields[label] = value
    return fields


def _label_matches(line: str) -> Iterator[regex.Match]:
    """Labels at the start of a line or after a space/separator, so a label word inside
    a value is not taken for one."""
    for match in FIELD_LABEL.finditer(line):
        before = line[match.start() - 1] if match.start() else " "
        if before.isspace() or before in "|::;;,,、\u3000":
            yield match


# --- title and header ---------------------------------------------------------------------


def _heading_above(body, container, page_title: str):
    """The plan's heading: the container's own <h1>, else the last heading-like element
    before the container (h1-h3 or a *title* class, not in a link or a navigation-like
    block), preferring one whose text is in the page's <title>."""
    own = next(container.iter("h1"), None)
    if own is not None:
        return own
    candidates = []
    for el in body.iter():
        if el is container:
            break
        if not isinstance(el.tag, str):
            continue
        if el.tag in HEADING_TAGS or any(TITLE_WORD.search(w) for w in _class_words(el)):
            text = _clean(el.text_content())
            if MIN_TITLE_CHARS <= len(text) <= 200 and next(el.iter("a"), None) is None and not _in_noise(el):
                candidates.append((el, text))
    if not candidates:
        return None
    in_title = [el for el, text in candidates if text in page_title or page_title and page_title in text]
    return in_title[-1] if in_title else candidates[-1][0]


def _in_noise(el) -> bool:
    """Whether the element sits in a header, navigation bar, side column or footer."""
    return any(
        a.tag in NOISE_TAGS or _hint_weight(a) == NOISE_WEIGHT
        for a in [el, *el.iterancestors()][:MAX_ANCESTOR_WALK]
    )


def _header_above(body, heading, container) -> tuple[dict[str, str], Optional[str]]:
    """Fields and the first date in the text between the heading and the content container
    (the line "发布日期: 2018-08-08 来源: …" beside a title), or in the few lines before the
    container when no heading stands above it."""
    lines: list[str] = []
    above = heading is not None and container not in (heading, *heading.iterancestors())
    inside_heading = set(heading.iter()) if above else set()
    started = not above
    for el in body.iter():
        if el is container:
            break
        if el is heading:
            started = True
        if not started or not isinstance(el.tag, str):
            continue
        texts = (el.tail,) if el in inside_heading else (el.text, el.tail)
        lines.extend(_clean(text) for text in texts if text and text.strip())
    if not above:
        lines = lines[-HEADER_LINES:]
    fields = _fields(lines)
    date = next((m.group() for line in lines for m in [DATE.search(line)] if m), None)
    return fields, date


def _published(
    header_fields: dict[str, str], header_date: Optional[str], disclosure: dict[str, str]
) -> Optional[str]:
    """The publication date as the page states it: a dated label beside the title, a bare
    date there, else the disclosure block's dates."""
    for fields in (header_fields, {"": header_date} if header_date else {}, disclosure):
        for label in ("", *PUBLISHED_LABELS):
            if fields.get(label):
                return fields[label]
    return None


# --- body blocks ------------------------------------------------------------------------------


def _blocks(container) -> list[Block]:
    return list(_walk(container, tables=True))


def _lines(element) -> list[str]:
    """An element's text as lines, tables read cell by cell."""
    return [b.text for b in _walk(element, tables=False)]


def _walk(element, tables: bool) -> Iterator[Block]:
    """One Paragraph per block element or <br>-separated line; data tables as Table blocks
    (with tables=False, a table is read as blocks, one per cell)."""
    buffer: list[str] = []

    def flush() -> Iterator[Paragraph]:
        text = _clean("".join(buffer))
        buffer.clear()
        if text:
            yield Paragraph(text)

    walker = lxml.etree.iterwalk(element, events=("start", "end"))
    for event, el in walker:
        tag = el.tag
        if event == "start":
            if buffer and (tag == "br" or tag in BLOCK_TAGS):
                yield from flush()
            if tables and tag == "table" and _is_data_table(el):
                walker.skip_subtree()
                table = _table(el)
                if table is not None:
                    yield table
            elif el.text and isinstance(tag, str):
                buffer.append(el.text)
        else:
            if buffer and tag in BLOCK_TAGS:
                yield from flush()
            if el.tail and el is not element:
                buffer.append(el.tail)
    if buffer:
        yield from flush()


def _clean(text: str) -> str:
    """Runs of whitespace (&nbsp; and full-width spaces too) as one space, none at the ends."""
    return " ".join(text.split())


def _rows(table) -> list:
    rows = []
    for child in table:
        if child.tag == "tr":
            rows.append(child)
        elif child.tag in ("thead", "tbody", "tfoot"):
            rows.extend(r for r in child if r.tag == "tr")
    return rows


def _cells(row) -> list:
    return [c for c in row if c.tag in ("td", "th")]


def _is_data_table(table) -> bool:
    """Two rows of two cells at least; a one-column table, or one holding tables, lays out the page."""
    if sum(1 for row in _rows(table) if len(_cells(row)) >= 2) < 2:
        return False
    return next(table.iterdescendants("table"), None) is None


def _span(cell, name: str) -> int:
    try:
        return min(max(int((cell.get(name) or "1").strip()), 1), MAX_SPAN)
    except ValueError:
        return 1


def _table(table) -> Optional[Table]:
    """The table's grid, a cell spanning rows or columns written once (see tablegrid)."""
    grid: list[list[GridCell]] = []
    covered: dict[int, tuple[int, str]] = {}  # column -> (rows still covered from above, text)
    cells_made = 0
    for row in _rows(table):
        cells = [
            ("\n".join(_lines(cell)), _span(cell, "rowspan"), _span(cell, "colspan")) for cell in _cells(row)
        ]
        out: list[GridCell] = []
        column = 0
        while cells or column in covered:
            if column in covered:
                rows_left, text = covered.pop(column)
                if rows_left > 1:
                    covered[column] = (rows_left - 1, text)
                out.append(GridCell(text, ABOVE))
                column += 1
                continue
            text, rowspan, colspan = cells.pop(0)
            for k in range(colspan):
                if rowspan > 1:
                    covered[column] = (rowspan - 1, text)
                out.append(GridCell(text, LEFT if k else OWN))
                column += 1
        cells_made += len(out)
        if cells_made > MAX_TABLE_CELLS:
            break
        grid.append(out)
    rows = table_rows(grid)
    if not rows:
        return None
    return Table(rows, (None,) * len(rows))
