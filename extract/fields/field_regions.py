"""Which labelled field a position of the text stands in: 整改目标, 整改时限, 整改情况 ….

The same sentence means different things under different labels: a figure under
整改目标 is a target, under 整改情况 or 完成情况 an achievement; a date under 整改时限 is
a limit, under 公示期 it is not. Records write their labels run in (整改目标:…), in
brackets (【整改期限】…), as a line of their own (二、整改目标 / 整改时限), or as a table
cell (| 整改目标 | …); a field runs to the next label of any of these forms, at most
FIELD_MAX characters. Label words are extract.labels.FIELD_LABELS, plus the report
headings in extract.data.indicator_words.ACHIEVED_LABELS.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from typing import Optional

import regex

from extract.data.indicator_words import ACHIEVED_LABELS
from extract.labels import FIELD_LABELS, alternation

FIELD_MAX = 3000  # the longest field value read
HEADING_PREFIX_MAX = 8  # 整改措施|完成情况, 问题的|整改情况: words before a label on its own line
HEADING_SUFFIX_MAX = 2  # 反馈意见|建议, 整改目标|任务: words after it, on a line of their own

# label family -> what its values are
FAMILIES: dict[str, str] = {
    **{label: "target" for field in ("targets", "measures") for label in FIELD_LABELS[field]},
    **{label: "time_limit" for label in FIELD_LABELS["time_limit"]},
    **{label: "achieved" for label in FIELD_LABELS["progress"] + ACHIEVED_LABELS},
    **{label: "problem" for field in ("problem", "finding", "cause") for label in FIELD_LABELS[field]},
    # units, leaders, numbers, remarks: named so that the field before them ends there
    **{label: "other" for field in FIELD_LABELS if field not in ("targets", "measures", "time_limit", "progress",
                                                                 "problem", "finding", "cause")
       for label in FIELD_LABELS[field]},
}
_LABEL = alternation(label for label in FAMILIES if len(label) > 1)
_NUMBER = r"(?:[((]?[一二三四五六七八九十\d]{1,3}[))、.．]?)?"
LABEL = regex.compile(
    # a label alone on its line, in 【】 or in a table cell, perhaps after a number and a few words
    rf"(?:^|(?<=[|】\n]))[ \t]*{_NUMBER}[ \t]*【?\p{{Han}}{{0,{HEADING_PREFIX_MAX}}}(?P<label>{_LABEL})"
    rf"(?:】?[ \t]*(?=[::;;|\n]|$)|\p{{Han}}{{1,{HEADING_SUFFIX_MAX}}}[ \t]*(?=[|\n]|$))"
    # or run in with its colon or bracket
    rf"|【(?P<label>{_LABEL})】|(?P<label>{_LABEL})[ \t]?[::]",
    regex.MULTILINE,
)


# a heading of the outline's first levels (三、 / (二)) at a line start
HEADING = regex.compile(r"(?m)^[ \t]*(?:[一二三四五六七八九十]{1,3}、|[((][一二三四五六七八九十]{1,3}[))])")


@dataclass(frozen=True)
class FieldRegion:
    start: int  # where the value starts (after the label)
    end: int
    family: str  # target | time_limit | achieved | problem | other


def field_regions(text: str) -> list["FieldRegion"]:
    """The labelled fields of the text, in order; each runs to the next label."""
    labels = [(m.start(), m.end(), FAMILIES[m.group("label")]) for m in LABEL.finditer(text)]
    ends = [labels[k + 1][0] if k + 1 < len(labels) else len(text) for k in range(len(labels))]
    empty = [not text[value_start:end].strip(" \t\n|") for (_, value_start, _), end in zip(labels, ends)]
    regions = []
    for k, (_, value_start, family) in enumerate(labels):
        # a table's header row (序号 问题 整改目标 整改进展, one cell a line): labels whose values
        # are empty, and the last of them, name columns, not fields
        if empty[k] or k > 0 and empty[k - 1]:
            continue
        end = min(ends[k], value_start + FIELD_MAX)
        if family == "problem":  # 存在的问题 … 下一步工作: a finding ends at the next heading
            heading = HEADING.search(text, value_start, end)
            end = heading.start() if heading else end
        regions.append(FieldRegion(value_start, end, family))
    return regions


class FieldIndex:
    """Looks up the field a position stands in."""

    def __init__(self, text: str):
        self.regions = field_regions(text)
        self.starts = [r.start for r in self.regions]

    def family_at(self, position: int) -> Optional[str]:
        k = bisect_right(self.starts, position) - 1
        if k >= 0 and position < self.regions[k].end:
            return self.regions[k].family
        return None
