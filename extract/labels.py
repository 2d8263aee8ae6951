"""The labels that name a rectification item's fields, with the variants real plans use.

One table serves the outline (a task-field label opens a region whose numbered
items are targets and measures, not headings), the inline task parser and the
task-table header reader. A new variant is a new row.
"""

from __future__ import annotations

import regex

# field -> label variants, longest first within a field is not required: matching sorts them
FIELD_LABELS: dict[str, tuple[str, ...]] = {
    "problem": ("问题", "反馈问题", "存在问题", "问题描述", "问题内容", "具体问题", "督察反馈问题", "反馈意见", "主要问题", "问题清单", "交办问题"),
    "finding": ("经查",),
    "cause": ("原因分析", "问题原因", "原因"),
    "targets": ("整改目标", "目标任务", "整改要求", "工作目标"),
    "time_limit": ("整改时限", "完成时限", "整改期限", "完成时间", "时限要求", "整改时间", "时限", "完成期限"),
    "lead": ("牵头单位", "牵头部门", "牵头责任单位", "主责单位", "牵头领导单位"),
    "responsible": ("责任单位", "责任部门", "责任主体", "实施单位", "承办单位", "完成单位", "主体责任单位"),
    "supervising": ("督导单位", "督办单位", "督查单位", "监督单位", "督导部门"),
    "cooperating": ("配合单位", "协办单位", "参与单位", "配合部门"),
    "leaders": ("责任领导", "牵头领导", "分管领导", "督导领导", "包案领导"),
    "measures": ("整改措施", "具体措施", "工作措施", "主要措施", "整改举措", "整改任务"),
    "number": ("序号", "编号"),
    "progress": ("整改进展", "进展情况", "整改情况", "完成情况", "整改进度"),
}

# fields whose numbered items belong to the task, so the outline must not read them as headings
FIELD_REGION_FIELDS = ("cause", "targets", "time_limit", "measures")


def _label_pattern(fields: tuple[str, ...], colon: str) -> regex.Pattern:
    variants = sorted({v for f in fields for v in FIELD_LABELS[f]}, key=len, reverse=True)
    return regex.compile("(?:" + "|".join(variants) + ")" + colon)


# "整改目标:" — a labelled field in running text needs its colon
FIELD_REGION_LABELS = _label_pattern(FIELD_REGION_FIELDS, r"\s?[::]")
ANY_FIELD_LABEL = regex.compile(
    "(?P<label>"
    + "|".join(sorted({v for vs in FIELD_LABELS.values() for v in vs if len(v) > 1}, key=len, reverse=True))
    + r")\s?[::]"
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
