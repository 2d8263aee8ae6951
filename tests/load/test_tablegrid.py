"""Merged cells written once; repeated down only in task tables (invented headers)."""

import pytest

from extract.errors import ExtractionError
from extract.load.tablegrid import ABOVE, LEFT, GridCell, SlotBudget, is_task_table, table_rows


def _grid(*rows):
    return [[GridCell(text) for text in row] for row in rows]


@pytest.mark.parametrize(
    "header",
    [
        ("序号", "反馈问题", "整改措施", "责任单位", "整改时限"),
        ("序号", "问题清单", "整改目标", "完成时限"),
        ("编号", "交办问题", "整改情况", "责任单位"),
        ("序号", "存在问题", "牵头单位", "配合单位", "完成时间"),
        ("序 号", "问 题", "整改措施", "责任 单位"),
    ],
)
def test_task_headers_make_a_task_table(header):
    assert is_task_table(_grid(("附件:问题整改清单",) + ("",) * (len(header) - 1), header))


@pytest.mark.parametrize(
    "header",
    [
        ("姓名", "性别", "出生年月", "民族"),
        ("项目", "金额(万元)", "备注"),
        ("序号", "单位", "联系人", "联系电话"),
        ("序号", "问题", "备注"),
        ("序号", "根据上级要求由责任单位在完成时限内落实整改措施", "说明", "其他"),
    ],
)
def test_other_headers_do_not(header):
    assert not is_task_table(_grid(header))


def test_vertical_merge_repeats_only_in_a_task_table():
    def grid(header):
        return [
            [GridCell(text) for text in header],
            [GridCell("问题一"), GridCell("措施一"), GridCell("市水务局")],
            [GridCell("问题二"), GridCell("措施二"), GridCell("市水务局", ABOVE)],
        ]

    assert table_rows(grid(("问题", "整改措施", "责任单位")))[2] == ("问题二", "措施二", "市水务局")
    assert table_rows(grid(("名称", "内容", "单位")))[2] == ("问题二", "措施二", "")


def test_column_spans_are_written_once_and_continuation_rows_left_out():
    rows = table_rows(
        [
            [GridCell("简历"), GridCell("简历", LEFT), GridCell("1990年参加工作")],
            [GridCell("简历", ABOVE), GridCell("简历", LEFT), GridCell("")],
            [GridCell("备注"), GridCell(""), GridCell("")],
        ]
    )
    # the span's second column holds no text in any row, so it is dropped
    assert rows == (("简历", "1990年参加工作"), ("备注", ""))


def test_slot_budget_stops_a_document_that_fills_too_many():
    budget = SlotBudget(limit=100)
    budget.spend(60)
    with pytest.raises(ExtractionError) as error:
        budget.spend(60)
    assert error.value.type == "too_large"
