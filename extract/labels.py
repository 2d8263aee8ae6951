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
            "监管责任单位", "责任单位(部门)",
        ),
        "responsible",
    ),
    **dict.fromkeys(
        (
            "督导单位", "督办单位", "督查单位", "督察单位", "监督单位", "督导部门", "督办部门",
            "督查部门", "监督部门", "督促单位", "整改督导单位", "督导责任单位",
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
    "problem": ("问题", "反馈问题", "存在问题", "问题描述", "问题内容", "具体问题", "督察反馈问题", "反馈意见", "主要问题", "问题清单", "交办问题"),
    "finding": ("经查",),
    "cause": ("原因分析", "问题原因", "原因"),
    "targets": ("整改目标", "目标任务", "整改要求", "工作目标", "目标"),
    "time_limit": ("整改时限", "完成时限", "整改期限", "完成时间", "时限要求", "整改时间", "时限", "完成期限"),
    **{role: tuple(label for label, r in UNIT_LABELS.items() if r == role)
       for role in ("lead", "responsible", "supervising", "cooperating")},
    "leaders": LEADER_LABELS,
    "measures": ("整改措施", "具体措施", "工作措施", "主要措施", "整改举措", "整改任务", "措施"),
    "number": ("序号", "编号"),
    "progress": ("整改进展", "进展情况", "整改情况", "整改落实情况", "完成情况", "整改进度", "整改成效", "整改结果"),
    # fields zhenggai does not extract, named so that the field before them ends there
    "other": ("备注", "联系人", "联系电话", "验收单位", "销号单位"),
}

# fields whose numbered items belong to the task, so the outline must not read them as headings
FIELD_REGION_FIELDS = ("problem", "cause", "targets", "time_limit", "measures", "progress")


def alternation(words) -> str:
    """A regex group of literal alternatives, longest first (不低于 before 低于, 吨/天 before 吨)."""
    return "(?:" + "|".join(regex.escape(w) for w in sorted(set(words), key=len, reverse=True)) + ")"


# "整改目标:" — a labelled field in running text needs its colon
ANY_FIELD_LABEL = regex.compile(
    "(?P<label>" + alternation(v for vs in FIELD_LABELS.values() for v in vs if len(v) > 1) + r")\s?[::]"
)


def field_of_label(label: str) -> str | None:
    """The field a label (or a table header cell) names, e.g. 完成时限 -> time_limit."""
    label = regex.sub(r"[\s::()()]", "", label)
    for field, variants in FIELD_LABELS.items():
        if label in variants:
            return field
    for field, variants in FIELD_LABELS.items():
        if any(v in label for v in variants if len(v) > 1):
            return field
    return None
