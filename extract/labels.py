"""The labels that name a rectification item's fields, with the variants real plans use.

One table serves the outline (a task-field label opens a region whose numbered
items are targets and measures, not headings), the inline task parser, the
task-table header reader, the unit-list finder and the deadline rules (整改时限:).
A new variant is a new row.
"""

from __future__ import annotations

import regex

# label -> role of the units it lists
UNIT_LABELS: dict[str, str] = {
    **dict.fromkeys(
        (
            "牵头单位", "牵头部门", "牵头责任单位", "牵头责任部门", "牵头领导单位", "整改牵头单位",
            "主责单位", "主责部门", "主办单位", "主要责任单位", "第一责任单位", "牵头落实单位",
        ),
        "lead",
    ),
    **dict.fromkeys(
        (
            "责任单位", "责任部门", "责任主体", "整改责任单位", "整改责任部门", "整改主体", "整改单位",
            "主体责任单位", "具体责任单位", "实施单位", "实施主体", "承办单位", "完成单位", "落实单位",
            "监管责任单位", "责任单位(部门)", "整改实施主体", "主管单位", "主管部门",
        ),
        "responsible",
    ),
    **dict.fromkeys(
        (
            "督导单位", "督办单位", "督查单位", "督察单位", "监督单位", "督导部门", "督办部门",
            "督查部门", "监督部门", "督促单位", "整改督导单位", "督导责任单位", "验收单位", "验收部门",
        ),
        "supervising",
    ),
    **dict.fromkeys(
        (
            "配合单位", "配合部门", "配合责任单位", "协办单位", "协办部门", "参与单位", "参加单位",
            "协同单位", "协助单位", "协作单位",
        ),
        "cooperating",
    ),
}

# labels that name people, not units; a unit list ends where one starts
LEADER_LABELS: tuple[str, ...] = (
    "责任领导", "牵头领导", "分管领导", "督导领导", "督办领导", "包案领导", "包保领导", "包抓领导",
    "联系领导", "牵头市领导", "责任市领导", "牵头省领导", "责任省领导", "牵头区领导", "牵头县领导",
    "整改责任人", "第一责任人", "主要责任人", "直接责任人", "具体责任人", "责任人",
)

# field -> label variants
FIELD_LABELS: dict[str, tuple[str, ...]] = {
    "problem": (
        "问题", "反馈问题", "存在问题", "存在的问题", "问题描述", "问题内容", "具体问题", "督察反馈问题", "反馈意见",
        "主要问题", "问题清单", "交办问题", "整改问题", "整改事项", "问题表述", "反馈问题情况",
        "转办问题基本情况", "问题基本情况", "督察意见", "反馈意见建议", "问题具体情况", "交办问题情况", "问题事项",
    ),
    "finding": ("经查",),
    "cause": ("原因分析", "问题原因", "原因"),
    "targets": ("整改目标", "目标任务", "整改要求", "工作目标", "目标"),
    "time_limit": ("整改时限", "完成时限", "整改期限", "完成时间", "时限要求", "整改时间", "时限", "完成期限", "完成整治时间", "整治时限"),
    **{role: tuple(label for label, r in UNIT_LABELS.items() if r == role)
       for role in ("lead", "responsible", "supervising", "cooperating")},
    "leaders": LEADER_LABELS,
    "measures": ("整改措施", "具体措施", "工作措施", "主要措施", "重点措施", "整改举措", "具体整治措施", "整改任务", "措施"),
    "number": ("序号", "编号", "问题编号"),
    "progress": (
        "整改进展", "进展情况", "整改情况", "完成情况", "整改进度", "整改成效", "整改结果", "整改效果",
        "整改完成情况", "整改落实情况", "整改主要工作及成效", "整改进展情况", "验收情况", "核查情况",
        "核查验收情况", "整改验收情况", "整改结论",
    ),
    # fields zhenggai does not extract, named so that the field before them ends there
    "other": ("备注", "联系人", "联系电话", "销号单位"),
}

# 整改任务 heads a plan's part on a line of its own (三、整改任务) but names the problem of a
# 公示/清单 record when set off by a colon, 【】 or a table column (整改任务:…)
RECORD_PROBLEM_LABELS = frozenset({"整改任务"})

# labels that also name the parts of a plan (一、存在问题 二、工作目标 三、主要措施): a record of
# these alone is a plan's outline, not a rectification item
PLAN_PART_LABELS = frozenset({
    "问题", "存在问题", "存在的问题", "主要问题", "具体问题", "目标", "工作目标", "目标任务", "措施", "工作措施",
    "主要措施", "具体措施", "重点措施", "原因", "原因分析",
})

# fields whose numbered items belong to the task, so the outline must not read them as headings
FIELD_REGION_FIELDS = ("problem", "cause", "targets", "time_limit", "measures", "progress")


def alternation(words) -> str:
    """A regex group of literal alternatives, longest first (不低于 before 低于, 吨/天 before 吨)."""
    return "(?:" + "|".join(regex.escape(w) for w in sorted(set(words), key=len, reverse=True)) + ")"


# "整改目标:" — a labelled field in running text needs its colon
ANY_FIELD_LABEL = regex.compile(
    "(?P<label>" + alternation(v for vs in FIELD_LABELS.values() for v in vs if len(v) > 1) + r")\s?[::]"
)


def field_of_label(label: str, exact: bool = False) -> str | None:
    """The field a label (or a table header cell) names, e.g. 完成时限 -> time_limit; unless
    `exact`, also a cell that contains a label (计划完成时限(月))."""
    label = regex.sub(r"[\s::()()]", "", label)
    for field, variants in FIELD_LABELS.items():
        if label in variants:
            return field
    if exact:
        return None
    for field, variants in FIELD_LABELS.items():
        if any(v in label for v in variants if len(v) > 1):
            return field
    return None


# where a single record's title or lead names the item's number (each pattern has a group
# `number`, and may have `sub` for a sub-number: 第十七项(69)问题 -> 十七(69))
ITEM_NUMBER_PATTERNS: tuple[str, ...] = (
    r"第(?P<number>[一二三四五六七八九十百零〇\d]{1,6})项(?:[((](?P<sub>\d{1,4})[))])?(?!整改措施|整改目标|目标|措施)",
    r"(?<!信息|索引|文件)(?:序号|编号)\s{0,2}(?P<number>[一二三四五六七八九十百零〇\dA-Za-z][\dA-Za-z\-]{0,23})"
    r"(?:[((](?P<sub>\d{1,3}-\d{1,3})[))])?",
    r"(?:意见|问题)[((](?P<number>\d{1,3}(?:-\d{1,3}){1,2})[))]",
    r"[((](?P<number>\d{1,4})号问题[))]",
    r"问题(?P<number>[一二三四五六七八九十]{1,3})(?=[】\])\s])",
)

# line openings that close a 公示/销号 record: what follows is the notice's own apparatus
RECORD_CLOSING_OPENERS: tuple[str, ...] = (
    "以上整改", "以上情况", "现对以上", "现将以上", "如有异议", "如对", "如果公众", "如公众", "公示期",
    "公示时间", "公示期限", "公示期间", "特此公示", "受理部门", "受理单位", "受理电话", "受理地址",
    "监督电话", "附件", "扫一扫", "经过上述整改",
)
