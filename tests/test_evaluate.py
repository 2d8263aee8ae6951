"""The scorer (`zhenggai eval`): every matching rule of docs/eval.md on small hand-built
gold and record files, and a perfect score for records synthesised from the real gold."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from extract.evaluate import (
    FIELDS,
    GoldFormatError,
    canonical_text,
    main,
    score_directory,
    texts_overlap,
)
from schemas.record import DocumentRecord

GOLD_DIR = Path(__file__).resolve().parents[1] / "samples" / "gold"
REAL_GOLD = sorted(GOLD_DIR.glob("*.gold.json"))


# --- scaffolding: records from gold ------------------------------------------------------


def record_from_gold(gold: dict) -> dict:
    """A record (schemas/record.py) that says exactly what the gold says: every required
    section, deadline, indicator, task (units and deadline dates) and body unit list."""
    count = iter(range(1, 1_000_000))

    def span(offset: int | None, text: str = "x") -> dict:
        start = offset if offset is not None else next(count)
        return {"start": start, "end": start + len(text)}

    deadlines = [
        {
            "id": f"d{i}",
            "text": item["text"],
            "date": item.get("date"),
            "kind": item["kind"],
            "start": item.get("start"),
            "period": item.get("period"),
            "relative": item.get("relative"),
            "span": span(item.get("offset"), item["text"]),
        }
        for i, item in enumerate(gold.get("deadlines", []))
    ]

    def deadline_id(date: str) -> str:
        known = [d["id"] for d in deadlines if d["date"] == date]
        if known:
            return known[0]
        deadlines.append({"id": f"d{len(deadlines)}", "text": date, "date": date, "kind": "by", "span": span(None)})
        return deadlines[-1]["id"]

    def units(names: list[str]) -> list[dict]:
        return [{"text": name, "name": name, "kind": "other"} for name in names]

    record = {
        "source": {"name": gold["source"], "format": "txt"},
        "meta": gold["meta"],
        "sections": [
            {
                "id": f"s{i}",
                "level": item["level"],
                "number": item["number"],
                "title": item["title"],
                "appendix": item.get("appendix", False),
                "span": span(i * 100, item["title"]),
            }
            for i, item in enumerate(gold.get("sections", []))
        ],
        "indicators": [
            {
                "id": f"i{i}",
                "text": item["text"],
                "value": item["value"],
                "value_max": item.get("value_max"),
                "unit": item.get("unit"),
                "comparator": item["comparator"],
                "span": span(item.get("offset"), item["text"]),
            }
            for i, item in enumerate(gold.get("indicators", []))
        ],
        "unit_lists": [
            {
                "role": item["role"],
                "text": item["text"],
                "units": units(item["units"]),
                "span": span(item["offset"], item["text"]),
            }
            for item in gold.get("unit_lists", [])
        ],
    }
    record["tasks"] = [
        {
            "id": f"t{i}",
            "number": task["number"],
            "problem": task["problem"],
            "deadlines": [deadline_id(date) for date in task["deadlines"]],
            "lead_units": units(task["lead_units"]),
            "responsible_units": units(task["responsible_units"]),
            "supervising_units": units(task["supervising_units"]),
            "span": span(None),
        }
        for i, task in enumerate(gold.get("tasks", []))
    ]
    record["deadlines"] = deadlines
    return DocumentRecord.model_validate(record).model_dump(mode="json")


def write_json(path: Path, data: dict) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def load_gold(name_part: str) -> dict:
    [path] = [p for p in REAL_GOLD if name_part in p.name]
    return json.loads(path.read_text(encoding="utf-8"))


def score_one(tmp_path: Path, gold: dict, record: dict | None, record_name: str | None = None):
    """Score one gold dict against one record dict; return the only document's score."""
    gold_dir, pred_dir = tmp_path / "gold", tmp_path / "pred"
    write_json(gold_dir / f"{gold['source']}.gold.json", gold)
    pred_dir.mkdir(exist_ok=True)
    if record is not None:
        write_json(pred_dir / (record_name or f"{gold['source']}.json"), record)
    [document] = score_directory(gold_dir, pred_dir).documents
    return document


def tiny_gold(**lists) -> dict:
    """A gold file with empty lists and a null meta (kind `other`, as every record has a
    kind), plus the lists given."""
    gold = {"source": "plan.txt", "meta": {"title": None, "region": None, "kind": "other"}}
    gold.update(lists)
    return gold


def tiny_record(**lists) -> dict:
    record = {"source": {"name": "plan.txt"}, "meta": {}}
    record.update(lists)
    return DocumentRecord.model_validate(record).model_dump(mode="json")


def span_at(start: int, text: str) -> dict:
    return {"start": start, "end": start + len(text)}


def deadline(text: str, start: int, kind: str = "by", date: str | None = None, period: str | None = None) -> dict:
    return {"id": f"d{start}", "text": text, "kind": kind, "date": date, "period": period, "span": span_at(start, text)}


def indicator(text: str, value: float, unit: str | None, start: int) -> dict:
    return {"id": f"i{start}", "text": text, "value": value, "unit": unit, "comparator": "=", "span": span_at(start, text)}


def section(level: int, number: str | None, title: str, start: int) -> dict:
    return {"id": f"s{start}", "level": level, "number": number, "title": title, "span": span_at(start, title)}


def unit(text: str) -> dict:
    return {"text": text, "name": text, "kind": "other"}


def unit_list(role: str, names: list[str], start: int, task: str | None = None) -> dict:
    return {"role": role, "task": task, "text": "单位", "units": [unit(n) for n in names], "span": span_at(start, "单位")}


def counts(document, name: str) -> tuple[int, int, int]:
    c = document.counts[name]
    return c.tp, c.fp, c.fn


# --- the real gold -------------------------------------------------------------------------


def gold_item_counts(gold: dict) -> dict[str, int]:
    """How many required items of each field a gold file holds."""
    roles = ("lead_units", "responsible_units", "supervising_units")
    return {
        "sections": len(gold["sections"]),
        "tasks": len(gold["tasks"]),
        "task_units": sum(len(task[role]) for task in gold["tasks"] for role in roles),
        "task_deadlines": sum(len(task["deadlines"]) for task in gold["tasks"]),
        "deadlines": len(gold["deadlines"]),
        "indicators": len(gold["indicators"]),
        "unit_lists": sum(len(item["units"]) for item in gold["unit_lists"]),
        "meta": sum(value is not None for value in gold["meta"].values()),
    }


def test_perfect_records_from_real_gold_score_one_everywhere(tmp_path):
    pred_dir = tmp_path / "pred"
    expected = dict.fromkeys(FIELDS, 0)
    for path in REAL_GOLD:
        gold = json.loads(path.read_text(encoding="utf-8"))
        write_json(pred_dir / "nested" / f"{gold['source']}.json", record_from_gold(gold))
        for name, count in gold_item_counts(gold).items():
            expected[name] += count
    report = score_directory(GOLD_DIR, pred_dir)
    assert [d.status for d in report.documents] == ["scored"] * len(REAL_GOLD)
    for name, total in report.totals.items():
        assert (total.tp, total.fp, total.fn, total.f1) == (expected[name], 0, 0, 1.0), name
    assert not [f for d in report.documents for f in d.findings if f.kind != "neutral"]


def test_real_gold_descriptive_number_reported_as_indicator_is_an_error(tmp_path):
    gold = load_gold("000_")
    record = record_from_gold(gold)
    # 8 份文件 is both a descriptive number (the problem, offset 8760) and an optional
    # indicator (the measure, offset 9328): position decides which one a prediction is
    record["indicators"].append(indicator("决策部署的8份文件", 8, "份", 8755))
    record["indicators"].append(indicator("我市的8个环境问题", 8, "个", 1205))
    document = score_one(tmp_path, gold, record)
    assert counts(document, "indicators") == (len(gold["indicators"]), 2, 0)
    extras = [f for f in document.findings if f.field == "indicators" and f.kind == "extra"]
    assert len(extras) == 2 and all("descriptive number" in f.note for f in extras)
    assert any("8 份文件" in f.note for f in extras) and any("8 个环境问题" in f.note for f in extras)
    assert "descriptive number «8 份文件" in score_directory(tmp_path / "gold", tmp_path / "pred").details()


def test_real_gold_optional_indicator_near_its_place_is_neutral(tmp_path):
    gold = load_gold("000_")
    record = record_from_gold(gold)
    record["indicators"].append(indicator("部署的8份文件", 8, "份", 9320))  # the measure's 8 份文件
    record["indicators"].append(indicator("实施十大措施", 10, "措施", 3058))
    document = score_one(tmp_path, gold, record)
    assert counts(document, "indicators") == (len(gold["indicators"]), 0, 0)
    assert len([f for f in document.findings if f.kind == "neutral"]) == 2


def test_real_gold_dropping_and_renumbering(tmp_path):
    gold = load_gold("000_")
    record = record_from_gold(gold)
    del record["sections"][2]
    # task 一 reported as 1 with another problem: neither its number nor its problem's
    # opening pairs it, so the task, its units and its dates all miss
    record["tasks"][0]["number"] = "1"
    record["tasks"][0]["problem"] = "另一个问题的表述与金标准不同"
    record["tasks"][1]["lead_units"] = record["tasks"][1]["lead_units"][:1]
    document = score_one(tmp_path, gold, record)
    assert counts(document, "sections") == (len(gold["sections"]) - 1, 0, 1)
    assert counts(document, "tasks") == (len(gold["tasks"]) - 1, 1, 1)
    first = gold["tasks"][0]
    first_units = sum(len(first[k]) for k in ("lead_units", "responsible_units", "supervising_units"))
    all_units = sum(len(t[k]) for t in gold["tasks"] for k in ("lead_units", "responsible_units", "supervising_units"))
    assert counts(document, "task_units") == (all_units - first_units - 1, first_units, first_units + 1)
    assert counts(document, "task_deadlines")[1:] == (len(first["deadlines"]), len(first["deadlines"]))
    misses = [f.text for f in document.findings if f.kind == "miss" and f.field == "task_units"]
    assert "lead: 市人民政府办公厅" in misses


def test_real_gold_meta_field_by_field(tmp_path):
    gold = load_gold("002_")  # doc_number null in gold
    record = record_from_gold(gold)
    record["meta"].update(doc_number="杭拱发〔2018〕12号", issuer=None, region="杭州市拱墅区")
    document = score_one(tmp_path, gold, record)
    # doc_number: gold null, pred value = fp; issuer: gold value, pred null = fn;
    # region: both values and different = fp + fn; the other six (kind included) agree
    assert counts(document, "meta") == (6, 2, 2)


def test_tasks_left_by_number_pair_by_the_opening_of_their_problem(tmp_path):
    gold = load_gold("000_")
    record = record_from_gold(gold)
    first = record["tasks"][0]
    first["number"] = None  # the record missed the number but found the item
    first["problem"] = "督察意见:" + first["problem"] + "。后文不同"
    second = record["tasks"][1]
    second["number"] = "99"  # a wrong number and an unrelated problem: no pair
    second["problem"] = "完全不同的整改事项"
    document = score_one(tmp_path, gold, record)
    assert counts(document, "tasks") == (len(gold["tasks"]) - 1, 1, 1)
    misses = [f.text for f in document.findings if f.kind == "miss" and f.field == "tasks"]
    assert misses == [f"{gold['tasks'][1]['number']} {gold['tasks'][1]['problem']}"]


# --- pairing rules ----------------------------------------------------------------------------


def test_maximum_matching_beats_greedy(tmp_path):
    # gold A fits both predictions, gold B only P1. Taking the nearest pair first (A-P1)
    # strands B; the augmenting path moves A to P2 and gives P1 to B.
    gold = tiny_gold(
        indicators=[
            {"text": "每年研究部署环境保护工作不少于4次", "value": 4, "unit": "次", "offset": 100},
            {"text": "研究部署环境保护工作4次", "value": 4, "unit": "次", "offset": 900},
        ]
    )
    record = tiny_record(
        indicators=[
            indicator("每年研究部署环境保护工作", 4, "次", 100),  # P1: fits A (contained) and B
            indicator("不少于4次", 4, "次", 900),  # P2: fits A only (B shares just 4次)
        ]
    )
    document = score_one(tmp_path, gold, record)
    assert counts(document, "indicators") == (2, 0, 0)
    assert not [f for f in document.findings if f.field == "indicators"]


def test_one_prediction_cannot_serve_two_gold_items(tmp_path):
    gold = tiny_gold(
        deadlines=[
            {"text": "2017年底前", "kind": "by", "date": "2017-12-31", "offset": 10},
            {"text": "2017年底前", "kind": "by", "date": "2017-12-31", "offset": 800},
        ]
    )
    record = tiny_record(deadlines=[deadline("2017年底前", 790, date="2017-12-31")])
    document = score_one(tmp_path, gold, record)
    assert counts(document, "deadlines") == (1, 0, 1)
    [miss] = [f for f in document.findings if f.kind == "miss"]
    assert "offset 10" in miss.where  # the prediction went to the gold item near it


def test_optional_items_are_neutral_and_required_ones_come_first(tmp_path):
    gold = tiny_gold(
        deadlines=[{"text": "每年", "kind": "recurring", "date": None, "period": "year", "offset": 50}],
        optional_deadlines=[{"text": "逐年", "kind": "recurring", "date": None, "period": "year", "offset": 60}],
        sections=[{"level": 1, "number": "一", "title": "指导思想"}],
        optional_sections=[
            {"level": None, "number": None, "title": "整改措施清单", "appendix": True},
            {"level": 2, "number": "——", "title": "坚持问题导向,确保整改到位"},
        ],
    )
    record = tiny_record(
        deadlines=[
            deadline("每年", 50, "recurring", period="year"),
            deadline("逐年", 60, "recurring", period="year"),
            deadline("每年", 70, "recurring", period="year"),  # a second 每年: fits nothing left
        ],
        sections=[
            section(1, "一", "指导思想", 0),
            section(0, None, "整改措施清单", 200),  # null level/number in gold: any level fits
            section(2, None, "坚持问题导向,确保整改到位", 300),  # —— is punctuation: no number
        ],
    )
    document = score_one(tmp_path, gold, record)
    assert counts(document, "deadlines") == (1, 1, 0)
    assert counts(document, "sections") == (1, 0, 0)
    assert len([f for f in document.findings if f.kind == "neutral"]) == 3


def test_required_item_wins_a_prediction_that_also_fits_an_optional_one(tmp_path):
    gold = tiny_gold(
        indicators=[{"text": "关闭退出煤矿18座", "value": 18, "unit": "座"}],  # no offset: first in order
        optional_indicators=[{"text": "煤矿18座", "value": 18, "unit": "座", "offset": 900}],
    )
    record = tiny_record(indicators=[indicator("煤矿18座", 18, "座", 900)])  # nearer the optional one
    document = score_one(tmp_path, gold, record)
    assert counts(document, "indicators") == (1, 0, 0)


def test_sections_ignore_whitespace_width_and_trailing_punctuation(tmp_path):
    gold = tiny_gold(
        sections=[
            {"level": 1, "number": "一", "title": "指导思想"},
            {"level": 2, "number": "二", "title": "强化责任,狠抓落实"},
            {"level": 3, "number": "1", "title": "深化“五水共治”"},
            {"level": 4, "number": "2", "title": "PM2.5 治理"},
            {"level": 1, "number": "三", "title": "保障措施"},
        ]
    )
    record = tiny_record(
        sections=[
            section(1, "一、", "指 导 思 想。", 0),
            section(2, "（二）", "强化责任，狠抓落实", 10),
            section(3, "1.", "深化“五水共治”:", 20),
            section(4, "(２)", "ＰＭ２．５治理", 30),
            section(2, "三", "保障措施", 40),  # right title, wrong level
        ]
    )
    document = score_one(tmp_path, gold, record)
    assert counts(document, "sections") == (4, 1, 1)


def test_traditional_character_gold_matches_a_simplified_record(tmp_path):
    # an annotator of a traditional-character page writes what the page shows
    gold = tiny_gold(
        meta={"region": "廣州市", "province": "廣東省", "region_level": "city", "kind": "other"},
        sections=[{"level": 2, "number": "二", "title": "強化責任落實"}],
        unit_lists=[{"role": "lead", "units": ["市生態環境局", "各區（縣級市）人民政府"], "text": "牽頭單位", "offset": 40}],
    )
    record = tiny_record(
        meta={"region": "广州市", "province": "广东省", "region_level": "city"},
        sections=[section(2, "(二)", "强化责任落实", 20)],
        unit_lists=[unit_list("lead", ["市生态环境局", "各区(县级市)人民政府"], 40)],
    )
    document = score_one(tmp_path, gold, record)
    assert [counts(document, name) for name in ("meta", "sections", "unit_lists")] == [(4, 0, 0), (1, 0, 0), (2, 0, 0)]


def test_section_titles_still_differ_in_words(tmp_path):
    gold = tiny_gold(sections=[{"level": 1, "number": "一", "title": "指导思想"}])
    record = tiny_record(sections=[section(1, "一", "指导思想深入贯彻党的十九大精神", 0)])
    assert counts(score_one(tmp_path, gold, record), "sections") == (0, 1, 1)


def test_recurring_deadline_needs_the_period(tmp_path):
    gold = tiny_gold(
        deadlines=[
            {"text": "每季度", "kind": "recurring", "date": None, "period": "quarter", "offset": 10},
            {"text": "每月", "kind": "recurring", "date": None, "period": "month", "offset": 90},
        ]
    )
    record = tiny_record(
        deadlines=[
            deadline("每季度", 10, "recurring", period="month"),
            deadline("每月", 90, "recurring", period="month"),
        ]
    )
    assert counts(score_one(tmp_path, gold, record), "deadlines") == (1, 1, 1)


def test_deadline_kind_date_and_text_all_count(tmp_path):
    gold = tiny_gold(
        deadlines=[
            {"text": "2017 年 10 月底前", "kind": "by", "date": "2017-10-31", "offset": 10},
            {"text": "2018-2020年", "kind": "range", "date": "2020-12-31", "start": "2018-01-01", "offset": 40},
            {"text": "到2020年", "kind": "by", "date": "2020-12-31", "offset": 80},
        ]
    )
    record = tiny_record(
        deadlines=[
            deadline("2017年10月底前", 10, date="2017-10-31"),  # spaces differ: fits
            deadline("2018-2020年", 40, "by", date="2020-12-31"),  # kind differs
            deadline("2020年底前", 80, date="2020-12-31"),  # "2020年" shared: 5 of 6 chars
        ]
    )
    assert counts(score_one(tmp_path, gold, record), "deadlines") == (2, 1, 1)


def test_indicators_value_unit_and_text(tmp_path):
    gold = tiny_gold(
        indicators=[
            {"text": "森林覆盖率达到 18%以上", "value": 18, "unit": "%", "offset": 10},
            {"text": "劣类水体比例为零", "value": 0, "unit": None, "offset": 50},
            {"text": "处理规模 4500 吨/天", "value": 4500, "unit": "吨/天", "offset": 90},
            {"text": "减量置换比例不得低于1.25:1", "value": 1.25, "unit": ":1", "offset": 130},
        ]
    )
    record = tiny_record(
        indicators=[
            indicator("森林覆盖率达到18%以上", 18.0000001, "％", 10),  # tolerance and width
            indicator("劣Ⅴ类水体比例为零", 0, None, 50),  # overlap: 水体比例为零
            indicator("处理规模4500吨", 4500, "吨", 90),  # unit differs
            indicator("减量置换比例不得低于1.25:1", 1.2, ":1", 130),  # value differs
        ]
    )
    assert counts(score_one(tmp_path, gold, record), "indicators") == (2, 2, 2)


def test_tasks_match_by_number_then_units_and_dates_as_multisets(tmp_path):
    gold = tiny_gold(
        tasks=[
            {
                "number": "五",
                "problem": "规划环评执行不到位",
                "lead_units": ["市生态文明委"],
                "responsible_units": ["市生态文明委", "各区(市、县)政府"],
                "supervising_units": ["市整改办"],
                "deadlines": ["2017-09-30", "2018-06-30", "2018-06-30"],
            },
            {
                "number": "六",
                "problem": "产业结构调整",
                "lead_units": [],
                "responsible_units": [],
                "supervising_units": [],
                "deadlines": [],
            },
        ]
    )
    record = tiny_record(
        deadlines=[
            deadline("2018年6月30日", 10, date="2018-06-30"),
            deadline("2017年9月30日", 20, date="2017-09-30"),
            deadline("长期开展", 30, "ongoing"),
        ],
        tasks=[
            {
                "id": "t1",
                "number": "（五）",
                "problem": "另一种说法",
                "deadlines": ["d10", "d20", "d30"],  # one 2018-06-30 short; 长期开展 has no date
                "lead_units": [unit("市生态文明委")],
                "responsible_units": [unit("各区（市、县）政府"), unit("市 生态文明委")],
                "supervising_units": [unit("市督办督查局")],
                "cooperating_units": [unit("市财政局")],  # not scored
                "span": {"start": 0, "end": 50},
            }
        ],
    )
    document = score_one(tmp_path, gold, record)
    assert counts(document, "tasks") == (1, 0, 1)
    assert counts(document, "task_units") == (3, 1, 1)
    assert counts(document, "task_deadlines") == (2, 0, 1)


def test_body_unit_lists_multiset_ignores_task_lists(tmp_path):
    gold = tiny_gold(
        unit_lists=[
            {"role": "responsible", "units": ["市委", "市政府", "各区(市、县)党委和政府"], "text": "责任单位", "offset": 100},
            {"role": "responsible", "units": ["市委"], "text": "责任单位:市委", "offset": 300},
        ]
    )
    record = tiny_record(
        unit_lists=[
            unit_list("responsible", ["市委", "各区（市、县）党委和政府"], 100),
            unit_list("lead", ["市委"], 300),
            unit_list("responsible", ["市政府"], 400, task="t1"),
        ]
    )
    # (responsible, 市委) twice in gold, once predicted; (lead, 市委) is a wrong role
    assert counts(score_one(tmp_path, gold, record), "unit_lists") == (2, 1, 2)


# --- files and documents -----------------------------------------------------------------------


def test_missing_prediction_and_error_record_count_as_all_missed(tmp_path):
    gold_dir, pred_dir = tmp_path / "gold", tmp_path / "pred"
    for path in REAL_GOLD:
        (gold_dir / path.name).parent.mkdir(parents=True, exist_ok=True)
        (gold_dir / path.name).write_bytes(path.read_bytes())
    first, second, third = (json.loads(p.read_text()) for p in REAL_GOLD)
    write_json(pred_dir / "a" / "first.json", record_from_gold(first))  # found by source.name
    error = {"source": {"name": second["source"]}, "error": {"type": "encrypted", "message": "…"}}
    write_json(pred_dir / f"{second['source']}.error.json", error)
    report = score_directory(gold_dir, pred_dir)
    assert [d.status for d in report.documents] == ["scored", "error record", "no prediction"]
    assert [d.source for d in report.without_prediction] == [second["source"], third["source"]]
    for document in report.without_prediction:
        assert all(c.tp == 0 and c.fp == 0 for c in document.counts.values())
        assert document.counts["sections"].recall == 0.0
        assert document.counts["sections"].fn == len(json.loads(document.gold.read_text())["sections"])
    # micro average: totals are the sums of the per-document counts
    for name in FIELDS:
        for attribute in ("tp", "fp", "fn"):
            per_document = [getattr(document.counts[name], attribute) for document in report.documents]
            assert getattr(report.totals[name], attribute) == sum(per_document)
    sections = report.totals["sections"]
    assert sections.recall == len(first["sections"]) / sum(len(g["sections"]) for g in (first, second, third))
    assert sections.precision == 1.0
    table = report.table()
    assert "Without a prediction" in table and "error record" in table and third["source"] in table


def test_micro_average_is_not_a_mean_of_document_scores(tmp_path):
    gold_dir, pred_dir = tmp_path / "gold", tmp_path / "pred"
    big = tiny_gold(sections=[{"level": 1, "number": str(n), "title": f"标题{n}"} for n in range(1, 10)])
    small = dict(tiny_gold(sections=[{"level": 1, "number": "一", "title": "总则"}]), source="small.txt")
    write_json(gold_dir / "plan.txt.gold.json", big)
    write_json(gold_dir / "small.txt.gold.json", small)
    write_json(pred_dir / "plan.txt.json", tiny_record(sections=[section(1, str(n), f"标题{n}", 10 * n) for n in range(1, 10)]))
    write_json(pred_dir / "small.txt.json", dict(tiny_record(), source={"name": "small.txt"}))
    report = score_directory(gold_dir, pred_dir)
    assert [d.counts["sections"].f1 for d in report.documents] == [1.0, 0.0]
    assert report.totals["sections"].recall == pytest.approx(9 / 10)
    assert report.totals["sections"].f1 == pytest.approx(18 / 19)


def test_invalid_and_unreadable_predictions_are_reported(tmp_path):
    gold = tiny_gold(sections=[{"level": 1, "number": "一", "title": "总则"}])
    document = score_one(tmp_path, gold, {"source": {"name": "plan.txt"}, "meta": {}, "sections": [{"title": "x"}]})
    assert document.status == "invalid record" and "sections" in document.note
    (tmp_path / "pred" / "plan.txt.json").write_text("{not json", encoding="utf-8")
    [document] = score_directory(tmp_path / "gold", tmp_path / "pred").documents
    assert document.status == "invalid record" and "unreadable JSON" in document.note


def test_a_valid_record_is_preferred_over_an_error_for_the_same_source(tmp_path):
    gold = tiny_gold(sections=[{"level": 1, "number": "一", "title": "总则"}])
    error = {"source": {"name": "plan.txt"}, "error": {"type": "timeout", "message": "…"}}
    write_json(tmp_path / "pred" / "a" / "plan.txt.error.json", error)
    document = score_one(tmp_path, gold, tiny_record(sections=[section(1, "一", "总则", 0)]), "b/out.json")
    assert document.status == "scored" and counts(document, "sections") == (1, 0, 0)
    assert "2 files answer" in document.note


def test_differently_named_records_pair_only_through_a_mapping(tmp_path):
    gold = load_gold("002_")
    record = record_from_gold(gold)
    record["source"]["name"] = "002-gongshu.pdf"
    document = score_one(tmp_path, gold, record, "002-gongshu.pdf.json")
    assert document.status == "no prediction"
    report = score_directory(tmp_path / "gold", tmp_path / "pred", match=lambda source: source[:3] + "-gongshu.pdf")
    assert report.documents[0].status == "scored" and report.totals["sections"].f1 == 1.0


def test_malformed_gold_is_an_error_naming_the_file(tmp_path):
    gold = tiny_gold(sections=[{"level": 1, "number": "一"}])
    write_json(tmp_path / "gold" / "plan.txt.gold.json", gold)
    (tmp_path / "pred").mkdir()
    with pytest.raises(GoldFormatError, match="plan.txt.gold.json: sections"):
        score_directory(tmp_path / "gold", tmp_path / "pred")


# --- canonical text ----------------------------------------------------------------------


def test_canonical_text_drops_pinyin_residue_but_not_bracketed_words():
    assert canonical_text("環境質(zhì)量督察(chá)組") == canonical_text("环境质量督察组")
    assert canonical_text("督察(cha2)组") == "督察组"
    assert canonical_text("附件(ABC)") == "附件(ABC)"
    assert canonical_text("2018年(含)") == "2018年(含)"


def test_canonical_text_folds_width_space_and_traditional_characters():
    assert canonical_text("各區（市、縣）黨委\u3000和政府 ") == "各区(市、县)党委和政府"
    assert canonical_text("ＰＭ２．５\u200b") == "PM2.5"


@pytest.mark.parametrize(
    "a, b, overlap",
    [
        ("2017年9月30日", "2017年9月30日前", True),  # containment
        ("劣类水体比例为零", "劣Ⅴ类水体比例为零", True),  # common run 水体比例为零 (6 of 8)
        ("每年", "逐年", False),  # 1 common char < 2
        ("年底完工率达65%以上", "完工率达到65%", True),  # common run 完工率达: 4 of 8
        ("年底完工率达65%以上", "完成率达到70%", False),  # common run 率达: 2 < 4
        ("", "每年", False),
    ],
)
def test_texts_overlap(a, b, overlap):
    assert texts_overlap(canonical_text(a), canonical_text(b)) is overlap


# --- command line -----------------------------------------------------------------------------


def test_cli_prints_table_details_and_json(tmp_path, capsys):
    gold = load_gold("001_")
    record = record_from_gold(gold)
    record["sections"].pop()
    write_json(tmp_path / "gold" / f"{gold['source']}.gold.json", gold)
    write_json(tmp_path / "pred" / "shanxi.pdf.json", dict(record, source={"name": "001-shanxi.pdf"}))
    argv = ["--gold", str(tmp_path / "gold"), "--pred", str(tmp_path / "pred")]
    assert main(argv + ["--details", "--map", f"{gold['source']}=shanxi.pdf"]) == 0
    out = capsys.readouterr().out
    assert "sections" in out and "precision" in out and "强化信息公开" in out and "miss" in out
    assert main(argv + ["--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["without_prediction"] == [gold["source"]] and data["fields"]["sections"]["recall"] == 0.0


def test_cli_usage_errors_exit_2(tmp_path, capsys):
    (tmp_path / "empty").mkdir()
    assert main(["--gold", str(tmp_path / "nope"), "--pred", str(tmp_path)]) == 2
    assert main(["--gold", str(tmp_path)]) == 2
    assert main(["--gold", str(tmp_path / "empty"), "--pred", str(tmp_path)]) == 2
    assert main(["--gold", str(GOLD_DIR), "--pred", str(tmp_path), "--map", "no-equals-sign"]) == 2
    assert "not a directory" in capsys.readouterr().err
