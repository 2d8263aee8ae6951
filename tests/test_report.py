"""Review pages (extract/report.py): the HTML they render, and how they behave in a real
headless Chromium driven over the DevTools protocol.

The browser tests skip when Chromium is missing on a developer machine, and fail in CI
(CI=true), where .ci/run installs it: a missing install must not pass unnoticed.
"""

from __future__ import annotations

import base64
import json
import os
import select
import shutil
import subprocess
import tempfile
import time
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extract import report
from extract.report import KINDS, Mark, find_doubts, highlighted_text, render_document
from schemas import DocumentRecord
from tests.conftest import CORPUS, PLANS, ROOT

ARTIFACTS = ROOT / "test-artifacts"
HOSTILE = '<script>window.pwned = 1</script><img src=x onerror="window.pwned = 2"> & </span></div>'


# ---------------------------------------------------------------------------------------------
# Records


def span_of(text: str, needle: str) -> dict:
    at = text.index(needle)
    return {"start": at, "end": at + len(needle)}


def hand_record() -> DocumentRecord:
    """A small plan from another province, written to exercise every doubt, nesting,
    a span that crosses another, and hostile text."""
    text = (
        "一、工作目标\n"
        "(一)空气质量持续改善。到2020年,全省森林覆盖率达到60%以上,力争优良天数比例不低于80%。\n"
        "二、整改清单\n"
        "1.长江岸线非法码头整治不彻底\n"
        "整改时限:2018年底前完成,长期坚持。\n"
        "责任单位:省交通运输厅、某某码头公司\n"
        f"{HOSTILE}\n"
        "2.秸秆露天焚烧屡禁不止\n"
        "整改时限:年内\n"
    )
    task_two = text.index("2.秸秆")
    record = {
        "source": {"name": "hand.txt", "format": "txt"},
        "meta": {"title": "某省贯彻落实中央第三环境保护督察组督察反馈意见整改方案", "region": "某省",
                 "region_level": "province", "province": "某省"},
        "sections": [
            {"id": "s1", "level": 1, "number": "一", "title": "工作目标", "span": span_of(text, "一、工作目标")},
            {"id": "s2", "parent": "s1", "level": 2, "number": "一", "title": "空气质量持续改善",
             "span": span_of(text, "(一)空气质量持续改善")},
            {"id": "s3", "level": 1, "number": "二", "title": "整改清单", "span": span_of(text, "二、整改清单")},
        ],
        "tasks": [
            {"id": "t1", "section": "s3", "number": "1", "problem": "长江岸线非法码头整治不彻底",
             "deadlines": ["d2", "d3"],
             "responsible_units": [{"text": "省交通运输厅", "name": "某省交通运输厅", "kind": "department"},
                                   {"text": "某某码头公司", "name": "某某码头公司", "kind": "other"}],
             "measures": [{"number": "1", "text": "拆除非法码头", "span": span_of(text, "长江岸线")}],
             "span": {"start": text.index("1.长江"), "end": task_two}},
            {"id": "t2", "section": "s3", "number": "2", "problem": "秸秆露天焚烧屡禁不止",
             "deadlines": ["d4"], "span": {"start": task_two, "end": len(text)}},
        ],
        "deadlines": [
            {"id": "d1", "text": "到2020年", "date": "2020-12-31", "kind": "by", "precision": "year",
             "section": "s2", "span": span_of(text, "到2020年")},
            {"id": "d2", "text": "2018年底前", "date": "2018-12-31", "kind": "by", "precision": "year",
             "task": "t1", "span": span_of(text, "2018年底前")},
            {"id": "d3", "text": "长期坚持", "kind": "ongoing", "task": "t1", "span": span_of(text, "长期坚持")},
            {"id": "d4", "text": "年内", "kind": "by", "relative": "年内", "task": "t2", "span": span_of(text, "年内")},
        ],
        "indicators": [
            {"id": "i1", "text": "森林覆盖率达到60%以上", "name": "森林覆盖率", "value": 60, "unit": "%",
             "comparator": ">=", "year": 2020, "section": "s2", "span": span_of(text, "森林覆盖率达到60%以上")},
            # crosses the end of i1: the sweep must split it, not misnest it
            {"id": "i2", "text": "以上,力争优良天数比例不低于80%", "value": 80, "unit": "%", "comparator": ">=",
             "section": "s2", "span": span_of(text, "以上,力争优良天数比例不低于80%")},
        ],
        "unit_lists": [
            {"role": "responsible", "section": "s3", "task": "t1", "text": "责任单位:省交通运输厅、某某码头公司",
             "units": [{"text": "省交通运输厅", "name": "某省交通运输厅", "kind": "department"},
                       {"text": "某某码头公司", "name": "某某码头公司", "kind": "other"}],
             "span": span_of(text, "责任单位:省交通运输厅、某某码头公司")},
        ],
        "warnings": ["page 3: table cell text overflowed"],
        "text": text,
    }
    return DocumentRecord.model_validate(record)


@pytest.fixture(scope="module")
def sample_records() -> list[DocumentRecord]:
    from extract import extract_file

    return [extract_file(plan, with_text=True) for plan in PLANS]


# ---------------------------------------------------------------------------------------------
# The highlighted text, checked by parsing it back


class Pieces(HTMLParser):
    """Reads highlighted text back: the plain text, and which characters each ref covers."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.text = ""
        self.stack: list[str] = []
        self.covered: dict[str, set[int]] = {}
        self.ids: list[str] = []

    def handle_starttag(self, tag, attrs):
        assert tag == "span", tag
        attributes = dict(attrs)
        self.stack.append(attributes["data-ref"])
        if "id" in attributes:
            self.ids.append(attributes["id"])

    def handle_endtag(self, tag):
        assert tag == "span" and self.stack, "closing tag without an open element"
        self.stack.pop()

    def handle_data(self, data):
        for ref in self.stack:
            self.covered.setdefault(ref, set()).update(range(len(self.text), len(self.text) + len(data)))
        self.text += data


def read_back(html: str) -> Pieces:
    pieces = Pieces()
    pieces.feed(html)
    pieces.close()
    assert not pieces.stack, "elements left open"
    return pieces


@settings(max_examples=150, deadline=None)
@given(
    text=st.text(alphabet="整改<>&\"' \n1", min_size=1, max_size=40),
    spans=st.lists(st.tuples(st.integers(0, 40), st.integers(1, 40), st.sampled_from(list(KINDS))), max_size=8),
)
def test_highlighted_text_nests_every_span_exactly(text, spans):
    marks = [Mark(min(a, len(text) - 1), min(a + b, len(text)), kind, f"m{i}", "note", False)
             for i, (a, b, kind) in enumerate(spans)]
    marks = [mark for mark in marks if mark.start < mark.end]
    pieces = read_back(highlighted_text(text, marks))
    assert pieces.text == text
    for mark in marks:
        assert pieces.covered[mark.ref] == set(range(mark.start, mark.end))
    assert sorted(pieces.ids) == sorted(f"v-{mark.ref}" for mark in marks), "one anchor per mark"


def test_crossing_spans_split_into_pieces_that_share_the_ref():
    record = hand_record()
    html = highlighted_text(record.text, report.value_marks(record, []))
    pieces = read_back(html)
    assert pieces.text == record.text
    i1, i2 = record.indicators
    assert pieces.covered["i2"] == set(range(i2.span.start, i2.span.end))
    assert html.count('data-ref="i2"') == 2, "i2 crosses the end of i1: one piece inside it, one after"
    assert html.count('id="v-i2"') == 1


def test_hostile_text_is_escaped_everywhere():
    html = render_document(hand_record())
    assert "<script>window.pwned" not in html and "<img src=x" not in html
    assert "&lt;script&gt;window.pwned = 1&lt;/script&gt;" in html
    assert html.count("<script>") == 1, "only the page's own script"


# ---------------------------------------------------------------------------------------------
# Doubts and the page parts


def test_doubts_list_warnings_then_values_in_text_order():
    doubts = find_doubts(hand_record())
    assert doubts[0].kind == "record" and "overflowed" in doubts[0].reasons[0]
    reasons = {doubt.ref: doubt.reasons for doubt in doubts}
    assert reasons["i2"] == ("indicator without a name",)
    assert reasons["d4"] == ("no date resolved for a 'by' deadline",)
    assert reasons["t2"] == ("task without units",)
    assert reasons["t1"] == reasons["u1"] == ("unit of kind other: 某某码头公司",)
    assert not any(doubt.ref in {"d1", "d2", "d3", "i1", "s1", "s2", "s3"} for doubt in doubts)
    refs = [doubt.ref for doubt in doubts[1:]]
    assert refs.index("i2") < refs.index("t1") < refs.index("d4")


def test_span_that_misses_its_text_or_the_text_is_a_doubt():
    record = hand_record()
    record.deadlines[0].span.start += 1  # now reads 2020年, not 到2020年
    record.indicators[0].span.end = len(record.text) + 5
    reasons = {doubt.ref: " ".join(doubt.reasons) for doubt in find_doubts(record)}
    assert "not the value's text" in reasons["d1"]
    assert "outside the text" in reasons["i1"]
    assert 'id="v-i1"' not in render_document(record), "no highlight for a span outside the text"


def test_doubtful_values_are_flagged_in_place_with_their_reasons():
    html = render_document(hand_record())
    assert 'id="v-d4" class="hl hl-deadline doubt"' in html
    assert 'id="v-d2" class="hl hl-deadline"' in html
    assert "⚠ no date resolved for a &#x27;by&#x27; deadline" in html


def test_hover_titles_carry_the_normalised_forms():
    html = render_document(hand_record())
    assert "Deadline d2 · by 2018-12-31 (year) · in task t1" in html
    assert "Indicator i1 · 森林覆盖率 ≥ 60 % · year 2020" in html
    assert "Heading s2 · level 2 · number 一 · 空气质量持续改善" in html
    assert "Responsible 责任单位 · 省交通运输厅 → 某省交通运输厅 (department); 某某码头公司 (other)" in html
    assert "Deadline d3 · ongoing" in html


def test_outline_tree_nests_by_parent_and_survives_broken_parents():
    record = hand_record()
    html = report.outline_part(record.sections)
    assert html.index("空气质量持续改善") > html.index("<details open><summary>")
    assert html.count("<a ") == len(record.sections)
    record.sections[0].parent = "s2"  # a cycle s1 -> s2 -> s1
    record.sections[2].parent = "s99"  # an unknown parent
    assert report.outline_part(record.sections).count("<a ") == len(record.sections)


def test_task_table_lists_units_deadlines_and_measures():
    html = report.tasks_part(hand_record(), {"t2"})
    assert html.count('<tr data-target="v-') == 2
    assert '<tr data-target="v-t2" tabindex="0" class="doubt">' in html
    assert 'data-target="v-d2"' in html and ">2018-12-31<" in html
    assert '<span class="unit doubt" title="某某码头公司 · other">' in html
    assert "1 measures" in html


def test_chart_months_fill_gaps_and_drop_misread_years():
    assert report.chart_months(["2017-11", "2018-02"]) == ["2017-11", "2017-12", "2018-01", "2018-02"]
    assert report.chart_months(["2017-01", "2040-01"]) == ["2017-01", "2040-01"]
    assert report._month("9999-12-31") is None and report._month("2018-13-01") is None
    assert report._month("2018-09-30") == "2018-09"


# ---------------------------------------------------------------------------------------------
# The command line


def test_report_of_a_source_plan(tmp_path):
    out = tmp_path / "plan.html"
    assert report.main([str(PLANS[0]), "-o", str(out)]) == 0
    html = out.read_text(encoding="utf-8")
    assert html.count('class="hl hl-task') >= 1 and "Doubts 存疑" in html


def test_record_json_without_text_is_read_again_from_its_source(tmp_path, sample_records, capsys):
    record = sample_records[0].model_copy(update={"text": None}, deep=True)
    path = tmp_path / "plan.json"
    path.write_text(record.model_dump_json(), encoding="utf-8")
    out = tmp_path / "plan.html"
    assert report.main([str(path), "-o", str(out)]) == 0
    assert "the text was read again from" in out.read_text(encoding="utf-8")

    record.source.path = str(tmp_path / "gone.txt")
    path.write_text(record.model_dump_json(), encoding="utf-8")
    assert report.main([str(path), "-o", str(out)]) == 1
    assert "zhenggai extract --with-text" in capsys.readouterr().err


def test_error_record_missing_file_and_usage(tmp_path, capsys):
    error = tmp_path / "x.error.json"
    error.write_text(json.dumps({"schema_version": "1", "source": {"name": "x.pdf"},
                                 "error": {"type": "encrypted", "message": "x.pdf: encrypted / 文件已加密"}}))
    assert report.main([str(error), "-o", str(tmp_path / "x.html")]) == 1
    assert "error record (encrypted)" in capsys.readouterr().err
    assert report.main([str(tmp_path / "none.pdf"), "-o", str(tmp_path / "n.html")]) == 1
    assert report.main([str(error)]) == 2


# ---------------------------------------------------------------------------------------------
# The corpus


@pytest.fixture(scope="module")
def corpus_report(tmp_path_factory, sample_records):
    """Records as `zhenggai extract -o OUT --with-text` writes them, in subfolders, plus one
    record without text, a conversion failure and a file that is not a record."""
    from extract.cli import main as zhenggai

    folder = tmp_path_factory.mktemp("records")
    (folder / "plans").mkdir()
    for record in sample_records:
        path = folder / "plans" / f"{record.source.name}.json"
        path.write_text(record.model_dump_json(), encoding="utf-8")
    without_text = sample_records[-1].model_copy(update={"text": None}, deep=True)
    without_text.source.path = None
    (folder / "plans" / "no-text.json").write_text(without_text.model_dump_json(), encoding="utf-8")
    sources = tmp_path_factory.mktemp("sources")
    shutil.copy(CORPUS / "001-shanxi.docx", sources)
    (sources / "scan.pdf").write_bytes(b"%PDF-1.7\n" + b"\x00" * 64)
    assert zhenggai(["extract", str(sources), "-o", str(folder / "corpus"), "--with-text", "--workers", "1"]) == 1
    (folder / "notes.json").write_text("{not json", encoding="utf-8")
    out = tmp_path_factory.mktemp("report") / "corpus.html"
    summary = report.write_corpus_report(folder, out)
    return folder, out, summary


def test_corpus_summary_counts_every_file(corpus_report, sample_records):
    folder, out, summary = corpus_report
    assert len(summary.documents) == len(sample_records) + 2
    assert sum(entry.has_page for entry in summary.documents) == len(sample_records) + 1
    assert set(summary.failures) == {"corrupt_file", "unreadable_record"}
    assert sum(len(items) for items in summary.failures.values()) == 2
    html = out.read_text(encoding="utf-8")
    for entry in summary.documents:
        assert f'href="{entry.href}"' in html
        target = out.parent / unquote(entry.href)
        assert target.is_file() and target.suffix == (".html" if entry.has_page else ".json")


def test_report_command_on_a_folder(corpus_report, tmp_path, capsys):
    folder, _, summary = corpus_report
    out = tmp_path / "site" / "overview.html"
    assert report.main([str(folder), "-o", str(out)]) == 0
    assert f"{len(summary.documents)} documents" in capsys.readouterr().err
    pages = sorted((tmp_path / "site" / "overview_files").glob("*.html"))
    assert len(pages) == sum(entry.has_page for entry in summary.documents)
    assert 'href="../overview.html"' in pages[0].read_text(encoding="utf-8")


def test_corpus_chart_counts_every_dated_deadline(corpus_report):
    _, out, summary = corpus_report
    html = out.read_text(encoding="utf-8")
    assert html.count('<g class="month"') == len(report.chart_months(summary.deadline_months))
    assert sum(summary.deadline_months.values()) > 0
    charted = sum(int(title.split(": ")[1].split(" deadlines")[0])
                  for title in html.split("<title>")[2:])
    assert charted == sum(summary.deadline_months.values())


# ---------------------------------------------------------------------------------------------
# In a real browser


def find_chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if shutil.which(name):
            return shutil.which(name)
    reason = "Chromium is not installed (apt-get install -y chromium chromium-driver)"
    if os.environ.get("CI", "").lower() not in ("", "0", "false"):
        pytest.fail(f"{reason}: CI must run the browser tests")
    pytest.skip(reason)


class Chromium:
    """Headless Chromium over the DevTools protocol on a pipe (--remote-debugging-pipe): its
    fd 3 reads our commands and fd 4 writes its replies, NUL-separated JSON. No driver, no
    websocket library, no port."""

    FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             "--remote-debugging-pipe")

    def __init__(self, binary: str, profile: str):
        command = [binary, *self.FLAGS, f"--user-data-dir={profile}", "about:blank"]
        self.process = subprocess.Popen(
            ["/bin/sh", "-c", 'exec "$@" 3<&0 4>&1 </dev/null >/dev/null', "sh", *command],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        self.messages: list[dict] = []
        self.pending = b""
        self.last_id = 0

    def send(self, method: str, session: str | None = None, **params) -> dict:
        self.last_id += 1
        message = {"id": self.last_id, "method": method, "params": params}
        if session:
            message["sessionId"] = session
        self.process.stdin.write(json.dumps(message).encode() + b"\0")
        self.process.stdin.flush()
        reply = self.wait(lambda m, wanted=self.last_id: m.get("id") == wanted)
        if "error" in reply:
            raise RuntimeError(f"{method}: {reply['error']}")
        return reply["result"]

    def wait(self, wanted, timeout: float = 20.0) -> dict:
        give_up = time.monotonic() + timeout
        while True:
            for index, message in enumerate(self.messages):
                if wanted(message):
                    return self.messages.pop(index)
            left = give_up - time.monotonic()
            if left <= 0:
                raise TimeoutError("no reply from Chromium")
            out = self.process.stdout.fileno()
            if select.select([out], [], [], left)[0]:
                chunk = os.read(out, 1 << 20)
                if not chunk:
                    raise RuntimeError("Chromium exited")
                *complete, self.pending = (self.pending + chunk).split(b"\0")
                self.messages += [json.loads(raw) for raw in complete]

    def events(self, session: str, *methods: str) -> list[dict]:
        return [m for m in self.messages if m.get("sessionId") == session and m.get("method") in methods]

    def close(self):
        try:
            self.send("Browser.close")
        except (RuntimeError, TimeoutError, OSError):
            pass
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


class Tab:
    """One page in its own target; console errors and exceptions are kept as they come."""

    def __init__(self, browser: Chromium, path: Path, width: int = 1280, height: int = 900):
        self.browser = browser
        target = browser.send("Target.createTarget", url="about:blank")["targetId"]
        self.session = browser.send("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
        for domain in ("Page", "Runtime", "Log"):
            self.send(f"{domain}.enable")
        self.resize(width, height)
        self.send("Page.navigate", url=path.resolve().as_uri())
        browser.wait(lambda m: m.get("sessionId") == self.session and m.get("method") == "Page.loadEventFired")

    def send(self, method: str, **params) -> dict:
        return self.browser.send(method, self.session, **params)

    def resize(self, width: int, height: int):
        self.send("Emulation.setDeviceMetricsOverride", width=width, height=height, deviceScaleFactor=1, mobile=False)

    def evaluate(self, expression: str):
        result = self.send("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in result:
            raise RuntimeError(result["exceptionDetails"])
        return result["result"].get("value")

    def click(self, x: float, y: float):
        for kind in ("mouseMoved", "mousePressed", "mouseReleased"):
            self.send("Input.dispatchMouseEvent", type=kind, x=x, y=y, button="left", clickCount=1)

    def errors(self) -> list[str]:
        found = []
        for event in self.browser.events(self.session, "Runtime.exceptionThrown", "Runtime.consoleAPICalled",
                                         "Log.entryAdded", "Page.javascriptDialogOpening"):
            params = event["params"]
            if event["method"] == "Runtime.consoleAPICalled" and params["type"] not in ("error", "assert"):
                continue
            if event["method"] == "Log.entryAdded" and params["entry"]["level"] != "error":
                continue
            found.append(json.dumps(params, ensure_ascii=False)[:300])
        return found

    def screenshot(self, name: str, height: int = 2000):
        self.resize(1280, height)
        data = self.send("Page.captureScreenshot", format="png")["data"]
        ARTIFACTS.mkdir(exist_ok=True)
        (ARTIFACTS / name).write_bytes(base64.b64decode(data))

    def close(self):
        self.browser.send("Target.closeTarget", targetId=self.send("Target.getTargetInfo")["targetInfo"]["targetId"])


@pytest.fixture(scope="module")
def browser():
    binary = find_chromium()
    with tempfile.TemporaryDirectory() as profile:
        chromium = Chromium(binary, profile)
        try:
            chromium.send("Browser.getVersion")
            yield chromium
        finally:
            chromium.close()


@pytest.fixture()
def open_page(browser):
    tabs = []

    def open_(path: Path) -> Tab:
        tabs.append(Tab(browser, path))
        return tabs[-1]

    yield open_
    for tab in tabs:
        tab.close()


IN_VIEWPORT = "(r => r.top >= 0 && r.bottom <= innerHeight && r.height > 0)({}.getBoundingClientRect())"


def click_task_row(tab: Tab, index: int) -> dict:
    """Click a task row with the mouse and wait for the text to come into view."""
    tab.evaluate(f"document.querySelectorAll('table.tasks tbody tr')[{index}].scrollIntoView({{block: 'center'}})")
    row = tab.evaluate(f"""(() => {{
        const row = document.querySelectorAll('table.tasks tbody tr')[{index}];
        const cell = row.cells[1].getBoundingClientRect();
        return {{target: row.dataset.target, x: cell.left + 4, y: cell.top + cell.height / 2, scrollY: scrollY}};
    }})()""")
    tab.click(row["x"], row["y"])
    target = f"document.getElementById({json.dumps(row['target'])})"
    for _ in range(50):
        if tab.evaluate(IN_VIEWPORT.format(target)):
            break
        time.sleep(0.05)
    row["scrolled_to"] = tab.evaluate("scrollY")
    row["in_view"] = tab.evaluate(IN_VIEWPORT.format(target))
    return row


@pytest.mark.parametrize("index", range(len(PLANS)), ids=[plan.name for plan in PLANS])
def test_plan_page_in_browser(index, sample_records, open_page, tmp_path):
    record = sample_records[index]
    path = tmp_path / "plan.html"
    path.write_text(render_document(record), encoding="utf-8")
    tab = open_page(path)
    assert tab.errors() == []

    marks = report.value_marks(record, find_doubts(record))
    for kind in KINDS:
        expected = sum(mark.kind == kind for mark in marks)
        assert tab.evaluate(f"document.querySelectorAll('.plan-text .hl-{kind}[id]').length") == expected, kind
    assert tab.evaluate("document.querySelectorAll('nav.outline .tree a').length") == len(record.sections)
    doubts = find_doubts(record)
    assert tab.evaluate("document.querySelectorAll('#doubts li').length") == len(doubts)
    assert tab.evaluate("document.querySelector('#doubts').getBoundingClientRect().top") < tab.evaluate(
        "document.querySelector('#text').getBoundingClientRect().top"), "doubts come before the text"

    if record.tasks:
        jump = click_task_row(tab, len(record.tasks) - 1)
        assert jump["scrolled_to"] != jump["scrollY"], "clicking the row scrolls the page"
        assert jump["in_view"], f"{jump['target']} is in the viewport after the click"
        assert tab.evaluate("location.hash") == f"#{jump['target']}"
    tab.evaluate("scrollTo(0, 0)")
    tab.screenshot(f"plan-{record.source.name}.png")
    assert tab.errors() == []


def test_every_kind_is_highlighted_across_the_samples(sample_records):
    kinds = {mark.kind for record in sample_records for mark in report.value_marks(record, [])}
    assert kinds == set(KINDS)


def test_hand_made_plan_in_browser(open_page, tmp_path):
    """Hostile text stays text, crossing spans render, and the doubts link to their values."""
    record = hand_record()
    path = tmp_path / "hand.html"
    path.write_text(render_document(record), encoding="utf-8")
    tab = open_page(path)
    assert tab.errors() == []
    assert tab.evaluate("window.pwned === undefined && document.scripts.length === 1")
    assert HOSTILE in tab.evaluate("document.querySelector('.plan-text').textContent")
    assert tab.evaluate("document.querySelector('.plan-text').textContent") == record.text
    assert tab.evaluate("document.querySelectorAll('.hl[data-ref=\"i2\"]').length") == 2

    link = tab.evaluate("""(() => { const a = document.querySelector('#doubts a[data-target="v-d4"]');
        const r = a.getBoundingClientRect(); return {x: r.left + 2, y: r.top + r.height / 2}; })()""")
    tab.resize(1280, 400)
    tab.click(link["x"], link["y"])
    assert tab.evaluate(IN_VIEWPORT.format("document.getElementById('v-d4')"))
    assert tab.evaluate("document.getElementById('v-d4').classList.contains('flash')")

    tab.evaluate("document.querySelector('input[data-kind=\"task\"]').click()")
    assert tab.evaluate("document.body.classList.contains('hide-task')")
    assert tab.errors() == []


def test_corpus_page_in_browser(corpus_report, open_page):
    folder, out, summary = corpus_report
    tab = open_page(out)
    assert tab.errors() == []
    assert tab.evaluate("document.querySelectorAll('svg.chart rect.bar-deadlines').length") == len(
        report.chart_months(summary.deadline_months))
    assert tab.evaluate("document.querySelectorAll('#regions tbody tr').length") >= 1
    assert tab.evaluate("document.querySelectorAll('#units tbody tr').length") >= 1
    assert tab.evaluate("document.querySelectorAll('#indicators tbody tr').length") >= 1
    failures = tab.evaluate("[...document.querySelectorAll('#failures td.error-type')].map(td => td.textContent)")
    assert sorted(failures) == sorted(summary.failures)
    tab.screenshot("corpus.png")

    first_page = next(entry for entry in summary.documents if entry.has_page)
    link = tab.evaluate(f"""(() => {{ const a = document.querySelector('#documents a[href="{first_page.href}"]');
        a.scrollIntoView({{block: 'center'}}); const r = a.getBoundingClientRect();
        return {{x: r.left + 2, y: r.top + r.height / 2}}; }})()""")
    tab.click(link["x"], link["y"])
    tab.browser.wait(lambda m: m.get("sessionId") == tab.session and m.get("method") == "Page.loadEventFired")
    assert tab.evaluate("location.pathname").endswith(first_page.href.split("/")[-1])
    assert tab.evaluate("document.querySelectorAll('.plan-text .hl').length") > 0
    assert tab.evaluate("document.querySelector('.crumb a').getAttribute('href')") == "../corpus.html"
    assert tab.errors() == []
