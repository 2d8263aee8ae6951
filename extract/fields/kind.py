"""Document kind: what the page's main document is (gold/FORMAT.md, Meta → kind).

plan | progress_report | public_notice | task_list | audit_report | tour_report | news | other.
Later rules read it where meaning depends on it: a figure in a progress report is an
achievement, not a target; a date in a 公示 is no time limit.

The kind is weighed from cues (KIND_CUES, one row per phrasing) in three places: the
document's own title (strongest: 整改方案, 销号公示, 审计查出问题…整改情况), the head of the text
where a reporter's byline, a notice's 公示如下 or a plan's 制定本方案 stand, and the whole text.
The kind with the most weight wins; on a tie the earlier kind in KINDS (the more specific).
A news page that reprints a plan in full is a plan: its 制定本方案 outweighs the byline.
"""

from __future__ import annotations

from typing import Optional

import regex

from schemas.record import DocumentKind as Kind
# tie order: the more specific kind first
KINDS: tuple[Kind, ...] = (
    "audit_report", "tour_report", "public_notice", "task_list", "plan", "progress_report", "news", "other",
)
HEAD_CHARS = 600
TITLE, HEAD, TEXT = "title", "head", "text"

# (kind, where, weight, pattern). Title cues read the document's title; head cues its
# opening HEAD_CHARS characters; text cues the whole text.
KIND_CUES: tuple[tuple[Kind, str, int, str], ...] = (
    # audits and inspection tours: the subject decides whatever the form
    ("audit_report", TITLE, 4, r"审计(?:查出|发现)?(?:的)?问题.{0,12}整改|审计整改"),
    ("audit_report", HEAD, 3, r"审计(?:查出|发现)(?:的)?问题(?:的)?整改|审计工作报告|审计整改"),
    ("tour_report", TITLE, 4, r"巡[视察].{0,20}整改"),
    ("tour_report", HEAD, 3, r"巡[视察]整改|巡[视察](?:反馈)?意见.{0,12}整改|反馈了巡[视察]意见"),
    # 公示 of completed / closed items
    ("public_notice", TITLE, 4, r"公示|销号"),
    ("public_notice", HEAD, 3, r"公示如下|予以公示|进行公示|公示时间|公示期|公示日期|销号(?:前)?公示|特此公示|向社会公示"),
    ("public_notice", HEAD, 2, r"验收销号|通过(?:了)?[^。\n]{0,12}验收|已(?:完成|全面完成)整改"),
    # lists and ledgers
    ("task_list", TITLE, 4, r"清单|台账|任务表|统计表|汇总表|一览表|明细表"),
    ("task_list", HEAD, 2, r"序号[\s|]{0,6}(?:整改|问题|反馈|存在|主要|任务|点位)|【存在问题】|【整改要求】|曝光"),
    # plans, and 印发 notices carrying one
    ("plan", TITLE, 4, r"方案|计划|意见$|印发"),
    ("plan", HEAD, 4, r"(?:特|现)?制定(?:了)?(?:本|我[省市区县]的?具体|如下)(?:整改)?(?:实施|工作)?方案|特制定[^。\n]{0,8}方案如下"),
    ("plan", HEAD, 3, r"印发给你们|现将《[^》\n]{2,120}》印发"),
    ("plan", TEXT, 1, r"\n\s?[一二]、(?:指导思想|总体要求|工作目标|基本原则|整改目标)"),
    # reports on progress
    ("progress_report", TITLE, 3, r"整改(?:工作)?(?:落实|进展|推进|完成)?情况|进展情况|落实情况|整改报告|情况的报告|情况报告|办理情况"),
    ("progress_report", HEAD, 3, r"现将[^。\n]{0,40}(?:情况|进展)(?:予以公布|报告如下|汇报如下|公布如下|通报如下)|情况汇报如下"),
    ("progress_report", HEAD, 1, r"截至目前|已办结|整改完成率"),
    # news: bylines, datelines, an article citing the plan it reports on
    ("news", HEAD, 4, r"记者|本报讯|新华社|中新社|日电|通讯员|本网讯|原标题|网讯|讯\(|责任编辑|读完约"),
    ("news", HEAD, 2, r"\((?:以下)?(?:简|下)称(?:“)?《[^》\n]{1,20}》"),
    ("news", HEAD, 2, r"《(?:整改|工作|实施)?方案》(?:要求|提出|明确)"),
    ("news", TITLE, 3, r"^(?!关于)[^《\n]{2,20}?(?:对外)?(?:公开|公布|通报|召开|部署|推进|开展|完成|反馈|听取|检查|印发)(?!的)"),
    ("news", TITLE, 2, r"[::]|\s"),  # a headline with a colon or two clauses: 督察组:福建…
    ("news", HEAD, 1, r"(?:^|\n)\s?(?:近日|日前|今年|今\(\d{1,2}\)日|\d{1,2}月\d{1,2}日,)"),
)

_CUES = tuple((kind, where, weight, regex.compile(pattern)) for kind, where, weight, pattern in KIND_CUES)


# a text without any cue that still speaks of inspections or rectification is an article about them
NEWS_SUBJECT = regex.compile(r"整改|督察|督查|巡视|巡察|审计|检查")


def find_kind(text: str, title: Optional[str] = None) -> Kind:
    """The document's kind, weighed from its title, its head and its whole text."""
    kind, score = max(kind_scores(text, title).items(), key=lambda item: (item[1], -KINDS.index(item[0])))
    if score > 0:
        return kind
    return "news" if NEWS_SUBJECT.search(text[:HEAD_CHARS]) else "other"


def kind_scores(text: str, title: Optional[str] = None) -> dict[Kind, int]:
    """Weight of each kind's cues found (a cue counts once); other has none and wins only alone."""
    places = {TITLE: title or "", HEAD: text[:HEAD_CHARS], TEXT: text}
    scores: dict[Kind, int] = dict.fromkeys(KINDS, 0)
    for kind, where, weight, pattern in _CUES:
        if pattern.search(places[where]):
            scores[kind] += weight
    return scores
