"""Score extraction records against hand-made gold: `zhenggai eval`.

Gold (shared/gold/FORMAT.md) records what a careful reader finds in a plan and
is independent of the record schema, so this module maps both sides onto one
shape: per field, a list of entries (a comparison key, a canonical text, a
position in the document). Entries are paired one-to-one by maximum bipartite
matching, then counted as true positives, false positives and false negatives
and summed over documents (micro average). docs/eval.md states every rule
exactly; keep it in step with this file.
"""

from __future__ import annotations

import argparse
import bisect
import functools
import json
import math
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Optional

import opencc
import regex
from pydantic import ValidationError

from schemas.record import DocumentRecord

FIELDS = (
    "sections",
    "tasks",
    "task_units",
    "task_deadlines",
    "deadlines",
    "indicators",
    "unit_lists",
    "meta",
)
META_FIELDS = (
    "title",
    "region",
    "region_level",
    "province",
    "issuer",
    "inspection_group",
    "published",
    "doc_number",
    "kind",
)
# unit role -> the task key that holds that role's units (same key in gold and record)
UNIT_ROLES = {"lead": "lead_units", "responsible": "responsible_units", "supervising": "supervising_units"}

NUMBER_TOLERANCE = 1e-6
MIN_COMMON_CHARS = 2
# tasks left unpaired by number pair by the opening of their problem: the first
# PROBLEM_OPENING characters of one stand within the first PROBLEM_WINDOW of the other
PROBLEM_OPENING = 10
PROBLEM_WINDOW = 20
# pinyin a web page printed after a character, 質(zhì) or 质(zhi4): residue, not text
PINYIN_RESIDUE = regex.compile(r"(?<=\p{Han})\((?=[a-zü]*[aeiouüāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ])[a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,7}[1-5]?\)")

# gold tiers: required items are credited and missed; borderline ones (optional_* and
# descriptive_numbers) are matched only after every required item has had its chance
REQUIRED, OPTIONAL, DESCRIPTIVE = "required", "optional", "descriptive"
TIER_RANK = {REQUIRED: 0, OPTIONAL: 1, DESCRIPTIVE: 1}
# gold key -> tier, for the lists of each item field
GOLD_LISTS = {
    "sections": {"sections": REQUIRED, "optional_sections": OPTIONAL},
    "deadlines": {"deadlines": REQUIRED, "optional_deadlines": OPTIONAL},
    "indicators": {
        "indicators": REQUIRED,
        "optional_indicators": OPTIONAL,
        "descriptive_numbers": DESCRIPTIVE,
    },
}
# gold lists whose items carry a character `offset` into the source
OFFSET_LISTS = (*GOLD_LISTS["deadlines"], *GOLD_LISTS["indicators"], "unit_lists")
GOLD_SUFFIX = ".gold.json"
PREDICTION_SUFFIXES = (".error.json", ".json")  # CONTRACT: OUT/<input>.json, OUT/<input>.error.json
STATUS_SCORED = "scored"
STATUS_NO_PREDICTION = "no prediction"


class GoldFormatError(ValueError):
    """A gold file that is not JSON in the FORMAT.md shape."""


# --- canonical text ---------------------------------------------------------------


@functools.lru_cache(maxsize=1)
def _traditional_to_simplified() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


@functools.lru_cache(maxsize=65536)
def canonical_text(text: Optional[str]) -> str:
    """The form in which texts are compared: NFKC (folds full-width letters, digits and
    brackets to half-width), traditional characters as simplified (the pipeline writes
    simplified, an annotator writes what the page shows), no pinyin residue (質(zhì)), no
    whitespace and no invisible format characters (zero-width space, BOM)."""
    if not text:
        return ""
    folded = _traditional_to_simplified().convert(unicodedata.normalize("NFKC", text))
    compact = "".join(ch for ch in folded if not ch.isspace() and unicodedata.category(ch) != "Cf")
    return PINYIN_RESIDUE.sub("", compact)


def _is_punctuation(ch: str) -> bool:
    return unicodedata.category(ch).startswith("P")


def section_title_key(title: Optional[str]) -> str:
    """Canonical title without trailing punctuation (指导思想。 == 指导思想)."""
    key = canonical_text(title)
    while key and _is_punctuation(key[-1]):
        key = key[:-1]
    return key


def outline_number_key(number: Optional[str]) -> str:
    """Canonical number without any punctuation or brackets: (一) == 一、 == 一; ① == 1."""
    return "".join(ch for ch in canonical_text(number) if not _is_punctuation(ch))


def problem_key(problem: Optional[str]) -> str:
    """A task's problem as compared for pairing: canonical text without punctuation."""
    return "".join(ch for ch in canonical_text(problem) if not _is_punctuation(ch))


def texts_overlap(a: str, b: str) -> bool:
    """Two canonical texts overlap when one contains the other or they share a run of at
    least max(2, ceil(half the shorter)) characters."""
    short, long = sorted((a, b), key=len)
    if not short:
        return False
    if short in long:
        return True
    need = max(MIN_COMMON_CHARS, (len(short) + 1) // 2)
    return any(short[i : i + need] in long for i in range(len(short) - need + 1))


def _numbers_equal(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=NUMBER_TOLERANCE, abs_tol=NUMBER_TOLERANCE)


# --- entries: one scorable thing on either side ----------------------------------------


@dataclass(frozen=True)
class Place:
    """Where an item sits: `where` for people; `position` (0..1 through the document) only
    to choose among equally large pairings; `from_offset` when a gold position comes from a
    character offset (and can anchor the record's positions to the gold's)."""

    where: str
    position: float
    from_offset: bool = False


@dataclass(frozen=True)
class Entry:
    """One scorable item: what the scorer compares (`key`, and `text` for the overlap
    rule), what it prints (`label`) and where it is."""

    key: tuple
    label: str
    place: Place
    text: str = ""
    tier: str = REQUIRED


@dataclass
class TaskEntry:
    entry: Entry
    units: list[Entry]
    dates: list[Entry]


@dataclass
class Side:
    """One document as the scorer sees it, gold or predicted."""

    sections: list[Entry] = field(default_factory=list)
    deadlines: list[Entry] = field(default_factory=list)
    indicators: list[Entry] = field(default_factory=list)
    unit_lists: list[Entry] = field(default_factory=list)
    meta: list[Entry] = field(default_factory=list)
    tasks: list[TaskEntry] = field(default_factory=list)


def _section_key(level, number, title, wildcards: bool) -> tuple:
    """Optional gold sections may leave level or number null (see fits_section)."""
    return (level, None if wildcards and number is None else outline_number_key(number), section_title_key(title))


def _deadline_key(kind, date, period) -> tuple:
    return (kind, date or None, period if kind == "recurring" else None)


def _unit_key(unit) -> Optional[str]:
    return canonical_text(unit) or None


def _section_label(level, number, title) -> str:
    return f"level {level} {number or '-'} {title}"


def _deadline_label(text, kind, date, period) -> str:
    return f"{text} [{kind} {date or period or '-'}]"


def _indicator_label(text, value, unit) -> str:
    return f"{text} [{value:g}{unit or ''}]"


def _unit_entry(role: str, unit: str, place: Place) -> Entry:
    return Entry(key=(role, canonical_text(unit)), label=f"{role}: {unit}", place=place)


def _meta_entries(values: dict, where: str) -> list[Entry]:
    """One entry per non-null meta field: a null on both sides is not counted at all."""
    entries = []
    for index, name in enumerate(META_FIELDS):
        value = canonical_text(values.get(name))
        if value:
            entries.append(
                Entry(key=(name, value), label=f"{name}: {values[name]}", place=Place(where, index / len(META_FIELDS)))
            )
    return entries


# --- gold side -----------------------------------------------------------------------


@dataclass
class GoldDocument:
    path: Path
    source: str
    side: Side


def read_gold(path: Path) -> GoldDocument:
    """Read one `<source>.gold.json`; raise GoldFormatError naming the file and the list
    at fault when it is not in the FORMAT.md shape."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise GoldFormatError(f"{path}: not a readable JSON file ({exc})") from exc
    if not isinstance(data, dict):
        raise GoldFormatError(f"{path}: the top level must be a JSON object")
    source = data.get("source") or path.name[: -len(GOLD_SUFFIX)]
    extent = _gold_extent(data)
    side = Side()
    part = "meta"
    try:
        side.meta = _meta_entries(data.get("meta") or {}, "meta")
        for part, builder in (
            ("sections", _gold_section),
            ("deadlines", _gold_deadline),
            ("indicators", _gold_indicator),
        ):
            entries = getattr(side, part)
            for key, tier in GOLD_LISTS[part].items():
                items = data.get(key) or []
                for index, item in enumerate(items):
                    entries.append(builder(item, tier, _gold_place(key, index, len(items), item, extent)))
        part = "unit_lists"
        items = data.get("unit_lists") or []
        for index, item in enumerate(items):
            place = _gold_place("unit_lists", index, len(items), item, extent)
            side.unit_lists += [_unit_entry(item["role"], unit, place) for unit in item["units"]]
        part = "tasks"
        tasks = data.get("tasks") or []
        side.tasks = [_gold_task(task, index, len(tasks)) for index, task in enumerate(tasks)]
    except (KeyError, TypeError, AttributeError, ValueError) as exc:
        raise GoldFormatError(f"{path}: {part} is not in the FORMAT.md shape ({type(exc).__name__}: {exc})") from exc
    return GoldDocument(path=path, source=source, side=side)


def _gold_extent(data: dict) -> int:
    """The document's length as far as the gold shows it: the last end of an item with an offset."""
    ends = [
        item["offset"] + len(item.get("text") or "")
        for key in OFFSET_LISTS
        for item in data.get(key) or []
        if isinstance(item, dict) and isinstance(item.get("offset"), int)
    ]
    return max(ends, default=0) or 1


def _gold_place(key: str, index: int, count: int, item: dict, extent: int) -> Place:
    offset = item.get("offset")
    if isinstance(offset, int):
        return Place(f"{key}[{index}] offset {offset}", offset / extent, from_offset=True)
    return Place(f"{key}[{index}]", index / count)


def _gold_section(item: dict, tier: str, place: Place) -> Entry:
    level, number, title = item["level"], item["number"], item["title"]
    return Entry(
        key=_section_key(level, number, title, wildcards=tier != REQUIRED),
        label=_section_label(level, number, title),
        place=place,
        tier=tier,
    )


def _gold_deadline(item: dict, tier: str, place: Place) -> Entry:
    kind, date, period = item["kind"], item.get("date"), item.get("period")
    return Entry(
        key=_deadline_key(kind, date, period),
        label=_deadline_label(item["text"], kind, date, period),
        place=place,
        text=canonical_text(item["text"]),
        tier=tier,
    )


def _gold_indicator(item: dict, tier: str, place: Place) -> Entry:
    if tier == DESCRIPTIVE:
        values = tuple(float(v) for v in item["values"])
        label = f"{item['text']} [{' / '.join(f'{v:g}' for v in values)}]"
        key: tuple = (values,)
    else:
        value = float(item["value"])
        label = _indicator_label(item["text"], value, item.get("unit"))
        key = (value, _unit_key(item.get("unit")))
    return Entry(key=key, label=label, place=place, text=canonical_text(item["text"]), tier=tier)


def _gold_task(task: dict, index: int, count: int) -> TaskEntry:
    number = task.get("number")
    place = Place(f"tasks[{index}] (task {number})", index / count)
    units = [_unit_entry(role, unit, place) for role, key in UNIT_ROLES.items() for unit in task.get(key) or []]
    dates = [Entry(key=(date,), label=date, place=place) for date in task.get("deadlines") or [] if date]
    entry = Entry(
        key=(outline_number_key(number),),
        label=f"{number} {task['problem']}",
        place=place,
        text=problem_key(task.get("problem")),
    )
    return TaskEntry(entry=entry, units=units, dates=dates)


# --- record side -----------------------------------------------------------------------


def record_side(record: DocumentRecord) -> Side:
    """Map a DocumentRecord onto the scorer's shape (docs/eval.md, "Record side")."""
    items = (record.sections, record.tasks, record.deadlines, record.indicators, record.unit_lists)
    extent = len(record.text) if record.text else max((item.span.end for group in items for item in group), default=0)
    extent = extent or 1

    def place(item, name: str) -> Place:
        page = f" page {item.page}" if item.page is not None else ""
        return Place(f"{name} span {item.span.start}-{item.span.end}{page}", item.span.start / extent)

    side = Side(meta=_meta_entries(record.meta.model_dump(), "meta"))
    for section in record.sections:
        spot = place(section, section.id)
        side.sections.append(
            Entry(
                key=_section_key(section.level, section.number, section.title, wildcards=False),
                label=_section_label(section.level, section.number, section.title),
                place=spot,
            )
        )
    for deadline in record.deadlines:
        spot = place(deadline, deadline.id)
        side.deadlines.append(
            Entry(
                key=_deadline_key(deadline.kind, deadline.date, deadline.period),
                label=_deadline_label(deadline.text, deadline.kind, deadline.date, deadline.period),
                place=spot,
                text=canonical_text(deadline.text),
            )
        )
    for indicator in record.indicators:
        spot = place(indicator, indicator.id)
        side.indicators.append(
            Entry(
                key=(indicator.value, _unit_key(indicator.unit)),
                label=_indicator_label(indicator.text, indicator.value, indicator.unit),
                place=spot,
                text=canonical_text(indicator.text),
            )
        )
    for unit_list in record.unit_lists:
        if unit_list.task is None and unit_list.role in UNIT_ROLES:
            spot = place(unit_list, f"unit list ({unit_list.role})")
            side.unit_lists += [_unit_entry(unit_list.role, unit.text, spot) for unit in unit_list.units]
    dates_by_id = {deadline.id: deadline.date for deadline in record.deadlines}
    for task in record.tasks:
        spot = place(task, f"{task.id} (task {task.number})")
        units = [
            _unit_entry(role, unit.text, spot) for role, key in UNIT_ROLES.items() for unit in getattr(task, key)
        ]
        dates = [dates_by_id.get(deadline_id) for deadline_id in task.deadlines]
        side.tasks.append(
            TaskEntry(
                entry=Entry(
                    key=(outline_number_key(task.number),),
                    label=f"{task.number} {task.problem}",
                    place=spot,
                    text=problem_key(task.problem),
                ),
                units=units,
                dates=[Entry(key=(date,), label=date, place=spot) for date in dates if date],
            )
        )
    return side


# --- pairing ---------------------------------------------------------------------------


Fits = Callable[[Entry, Entry], bool]


def pair_entries(
    gold: list[Entry], pred: list[Entry], fits: Fits, to_gold_scale: Callable[[float], float] = float
) -> dict[int, int]:
    """Pair gold and predicted entries one-to-one; return gold index -> pred index.

    Required gold entries are paired first, as many as possible (maximum bipartite
    matching); borderline entries are then added by augmenting paths, which may re-pair
    predictions among required entries but never unpair one. Within a tier, the nearest
    compatible pairs (by document position, the prediction's mapped by `to_gold_scale`,
    by default taken as it is) are taken first and augmenting paths try nearer predictions first, so that of several
    equally large pairings one that keeps document order is reported.
    """
    at = [to_gold_scale(p.place.position) for p in pred]
    candidates = [
        sorted((j for j, p in enumerate(pred) if fits(g, p)), key=lambda j, g=g: (abs(g.place.position - at[j]), j))
        for g in gold
    ]
    owner: dict[int, int] = {}  # pred index -> gold index
    paired: set[int] = set()
    for rank in sorted({TIER_RANK[g.tier] for g in gold}):
        members = [i for i, g in enumerate(gold) if TIER_RANK[g.tier] == rank]
        nearest_first = sorted((abs(gold[i].place.position - at[j]), i, j) for i in members for j in candidates[i])
        for _, i, j in nearest_first:
            if i not in paired and j not in owner:
                owner[j] = i
                paired.add(i)
        for i in members:
            if i not in paired and _augment(i, candidates, owner):
                paired.add(i)
    return {i: j for j, i in owner.items()}


def gold_scale(gold: Side, pred: Side) -> Callable[[float], float]:
    """Map record positions onto the gold's, piecewise linearly through anchors: required
    deadlines and indicators that have a gold offset, paired on raw positions.

    The two sides count characters differently (the record's text drops spaces, page
    residue and a body published twice), so raw fractions alone can put a prediction
    nearer the wrong one of two alike gold items some hundred characters apart.
    """
    anchors = []
    for name, fits in (("deadlines", fits_deadline), ("indicators", fits_indicator)):
        required = [e for e in getattr(gold, name) if e.tier == REQUIRED and e.place.from_offset]
        predicted = getattr(pred, name)
        for i, j in pair_entries(required, predicted, fits).items():
            anchors.append((predicted[j].place.position, required[i].place.position))
    increasing: list[tuple[float, float]] = []
    for anchor in sorted(anchors):
        if not increasing or (anchor[0] > increasing[-1][0] and anchor[1] >= increasing[-1][1]):
            increasing.append(anchor)
    starts = [p for p, _ in increasing]

    def to_gold_scale(x: float) -> float:
        """Linear between the anchors around x; beyond the first or last, shifted by its offset."""
        if not increasing:
            return x
        k = bisect.bisect_right(starts, x)
        if k in (0, len(increasing)):
            p, g = increasing[min(k, len(increasing) - 1)]
            return x + g - p
        (p0, g0), (p1, g1) = increasing[k - 1], increasing[k]
        return g0 + (x - p0) * (g1 - g0) / (p1 - p0)

    return to_gold_scale


def _augment(start: int, candidates: list[list[int]], owner: dict[int, int]) -> bool:
    """Kuhn's step, iterative: find a path from gold `start` to a free prediction through
    paired ones, and re-pair along it."""
    visited: set[int] = set()
    stack = [(start, iter(candidates[start]))]
    path: list[int] = []  # path[k]: the prediction stack[k]'s gold entry is trying
    while stack:
        _, untried = stack[-1]
        for j in untried:
            if j in visited:
                continue
            visited.add(j)
            path.append(j)
            holder = owner.get(j)
            if holder is None:
                for (i, _), p in zip(stack, path):
                    owner[p] = i
                return True
            stack.append((holder, iter(candidates[holder])))
            break
        else:
            stack.pop()
            if path:
                path.pop()
    return False


def fits_key(g: Entry, p: Entry) -> bool:
    return g.key == p.key


def fits_task_number(g: Entry, p: Entry) -> bool:
    """First round of task pairing: the same item number (tasks without one wait)."""
    return bool(g.key[0]) and g.key == p.key


def fits_task_problem(g: Entry, p: Entry) -> bool:
    """Second round, for tasks left: the opening of one problem statement stands at the
    start of the other (a label or stray words before it are allowed for)."""
    if not g.text or not p.text:
        return False
    return g.text[:PROBLEM_OPENING] in p.text[:PROBLEM_WINDOW] or p.text[:PROBLEM_OPENING] in g.text[:PROBLEM_WINDOW]


def fits_section(g: Entry, p: Entry) -> bool:
    """Level, number and title equal; a null level or number of an optional gold section
    matches any."""
    return all(want == have or (want is None and g.tier != REQUIRED) for want, have in zip(g.key, p.key))


def fits_deadline(g: Entry, p: Entry) -> bool:
    return g.key == p.key and texts_overlap(g.text, p.text)


def fits_indicator(g: Entry, p: Entry) -> bool:
    value = p.key[0]
    if g.tier == DESCRIPTIVE:
        return any(_numbers_equal(v, value) for v in g.key[0]) and texts_overlap(g.text, p.text)
    return _numbers_equal(g.key[0], value) and g.key[1] == p.key[1] and texts_overlap(g.text, p.text)


# --- counting --------------------------------------------------------------------------


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    @property
    def precision(self) -> Optional[float]:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> Optional[float]:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    @property
    def f1(self) -> Optional[float]:
        """2tp / (2tp + fp + fn): the harmonic mean of precision and recall where both
        exist, 0 when tp is 0, undefined only when the field has no item on either side."""
        total = 2 * self.tp + self.fp + self.fn
        return 2 * self.tp / total if total else None

    def to_dict(self) -> dict:
        return {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
        }


@dataclass(frozen=True)
class Finding:
    """A miss (gold item no prediction paired), an extra (a prediction counted as false
    positive) or a neutral prediction (paired with an optional gold item)."""

    field: str
    kind: str  # miss | extra | neutral
    text: str
    where: str
    note: Optional[str] = None

    def to_dict(self) -> dict:
        return {"field": self.field, "kind": self.kind, "text": self.text, "where": self.where, "note": self.note}


@dataclass
class FieldResult:
    counts: Counts
    findings: list[Finding]
    pairs: dict[int, int]  # gold index -> pred index


def score_entries(
    name: str, gold: list[Entry], pred: list[Entry], fits: Fits, to_gold_scale: Callable[[float], float] = float
) -> FieldResult:
    """Pair one field's entries and count them: a required gold entry is a tp when paired,
    else a fn; a prediction is a fp when unpaired or paired with a descriptive number, and
    neutral (uncounted) when paired with an optional gold entry."""
    pairs = pair_entries(gold, pred, fits, to_gold_scale)
    counts, findings = count_pairs(name, gold, pred, pairs)
    return FieldResult(counts, findings, pairs)


def count_pairs(name: str, gold: list[Entry], pred: list[Entry], pairs: dict[int, int]) -> tuple[Counts, list[Finding]]:
    """Counts and findings of one field, given its pairing (gold index -> pred index)."""
    counts, findings = Counts(), []
    for i, g in enumerate(gold):
        j = pairs.get(i)
        if g.tier == REQUIRED:
            if j is None:
                counts.fn += 1
                findings.append(Finding(name, "miss", g.label, g.place.where))
            else:
                counts.tp += 1
        elif j is not None and g.tier == DESCRIPTIVE:
            counts.fp += 1
            note = (
                f"matches descriptive number «{g.label}» ({g.place.where}): "
                "it describes history or the present, not a target"
            )
            findings.append(Finding(name, "extra", pred[j].label, pred[j].place.where, note))
        elif j is not None:
            note = f"optional gold item ({g.place.where})"
            findings.append(Finding(name, "neutral", pred[j].label, pred[j].place.where, note))
    paired = set(pairs.values())
    for j, p in enumerate(pred):
        if j not in paired:
            counts.fp += 1
            findings.append(Finding(name, "extra", p.label, p.place.where))
    return counts, findings


def pair_tasks(gold: list[TaskEntry], pred: list[TaskEntry], to_gold_scale: Callable[[float], float]) -> dict[int, int]:
    """Tasks pair by item number; those left then pair by the opening of their problem."""
    gold_entries, pred_entries = [t.entry for t in gold], [t.entry for t in pred]
    pairs = pair_entries(gold_entries, pred_entries, fits_task_number, to_gold_scale)
    paired_preds = set(pairs.values())
    gold_left = [i for i in range(len(gold_entries)) if i not in pairs]
    pred_left = [j for j in range(len(pred_entries)) if j not in paired_preds]
    by_problem = pair_entries(
        [gold_entries[i] for i in gold_left], [pred_entries[j] for j in pred_left], fits_task_problem, to_gold_scale
    )
    pairs.update({gold_left[a]: pred_left[b] for a, b in by_problem.items()})
    return pairs


def score_sides(gold: Side, pred: Side) -> tuple[dict[str, Counts], list[Finding]]:
    """Counts per field and findings for one document."""
    counts = {name: Counts() for name in FIELDS}
    findings: list[Finding] = []
    to_gold_scale = gold_scale(gold, pred)

    def add(name: str, gold_entries: list[Entry], pred_entries: list[Entry], fits: Fits) -> dict[int, int]:
        result = score_entries(name, gold_entries, pred_entries, fits, to_gold_scale)
        counts[name] += result.counts
        findings.extend(result.findings)
        return result.pairs

    add("sections", gold.sections, pred.sections, fits_section)
    add("deadlines", gold.deadlines, pred.deadlines, fits_deadline)
    add("indicators", gold.indicators, pred.indicators, fits_indicator)
    add("unit_lists", gold.unit_lists, pred.unit_lists, fits_key)
    add("meta", gold.meta, pred.meta, fits_key)
    task_pairs = pair_tasks(gold.tasks, pred.tasks, to_gold_scale)
    task_counts, task_findings = count_pairs("tasks", [t.entry for t in gold.tasks], [t.entry for t in pred.tasks], task_pairs)
    counts["tasks"] += task_counts
    findings.extend(task_findings)
    # a task's units and dates are compared with those of its paired task; an unpaired
    # task's are all missed (gold) or all extra (prediction)
    no_task = TaskEntry(entry=Entry(key=(), label="", place=Place("", 0.0)), units=[], dates=[])
    partners = [(task, pred.tasks[task_pairs[i]] if i in task_pairs else no_task) for i, task in enumerate(gold.tasks)]
    paired_preds = set(task_pairs.values())
    partners += [(no_task, task) for j, task in enumerate(pred.tasks) if j not in paired_preds]
    for gold_task, pred_task in partners:
        add("task_units", gold_task.units, pred_task.units, fits_key)
        add("task_deadlines", gold_task.dates, pred_task.dates, fits_key)
    return counts, findings


# --- finding each gold file's prediction ---------------------------------------------


@dataclass
class PredictionFile:
    """A JSON file under the prediction folder and every name it answers to."""

    path: Path
    names: frozenset[str]


def _load_json(path: Path) -> tuple[object, Optional[str]]:
    """The parsed file, or None and why it could not be read."""
    try:
        return json.loads(path.read_text(encoding="utf-8")), None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        return None, f"unreadable JSON ({exc})"


def find_predictions(pred_dir: Path) -> list[PredictionFile]:
    """Every `*.json` under pred_dir (gold files excepted). A file answers to its path
    relative to pred_dir, its file name, both without `.json` / `.error.json`, and the
    `source.name` it holds. Files are parsed here only for that name and again when
    chosen, so that a large batch is never held in memory."""
    found = []
    for path in sorted(pred_dir.rglob("*.json")):
        if path.name.endswith(GOLD_SUFFIX) or not path.is_file():
            continue
        relative = path.relative_to(pred_dir).as_posix()
        names = {relative, path.name}
        for suffix in PREDICTION_SUFFIXES:
            if path.name.endswith(suffix):
                names |= {relative[: -len(suffix)], path.name[: -len(suffix)]}
                break
        data, _ = _load_json(path)
        source = data.get("source") if isinstance(data, dict) else None
        if isinstance(source, dict) and isinstance(source.get("name"), str):
            names.add(source["name"])
        found.append(PredictionFile(path=path, names=frozenset(names)))
    return found


def read_record(path: Path) -> tuple[Optional[DocumentRecord], str, Optional[str]]:
    """The record in a prediction file, or None with the status and why it cannot be scored."""
    data, problem = _load_json(path)
    if problem:
        return None, "invalid record", problem
    if isinstance(data, dict) and "error" in data:
        error = data["error"]
        kind = error.get("type") if isinstance(error, dict) else None
        return None, "error record", f"the extraction failed ({kind or 'unknown error'})"
    try:
        return DocumentRecord.model_validate(data), STATUS_SCORED, None
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        return None, "invalid record", f"not a DocumentRecord: {where}: {first['msg']} ({exc.error_count()} errors)"


# --- report ------------------------------------------------------------------------------


@dataclass
class DocumentScore:
    source: str
    gold: Path
    prediction: Optional[Path]
    status: str  # scored | no prediction | error record | invalid record
    note: Optional[str]
    counts: dict[str, Counts]
    findings: list[Finding]

    def to_dict(self) -> dict:
        return {
            "source": self.source,
            "gold": str(self.gold),
            "prediction": str(self.prediction) if self.prediction else None,
            "status": self.status,
            "note": self.note,
            "fields": {name: counts.to_dict() for name, counts in self.counts.items()},
            "findings": [finding.to_dict() for finding in self.findings],
        }


def _ratio(value: Optional[float]) -> str:
    return "-" if value is None else f"{value:.3f}"


def _render(rows: list[list[str]]) -> str:
    """Left-align the first column, right-align the others."""
    widths = [max(len(row[k]) for row in rows) for k in range(len(rows[0]))]
    return "\n".join(
        "  ".join(cell.ljust(widths[k]) if k == 0 else cell.rjust(widths[k]) for k, cell in enumerate(row)).rstrip()
        for row in rows
    )


@dataclass
class Report:
    documents: list[DocumentScore]

    @property
    def totals(self) -> dict[str, Counts]:
        """Micro average: tp, fp and fn summed over documents, per field."""
        totals = {name: Counts() for name in FIELDS}
        for document in self.documents:
            for name in FIELDS:
                totals[name] += document.counts[name]
        return totals

    @property
    def without_prediction(self) -> list[DocumentScore]:
        return [document for document in self.documents if document.status != STATUS_SCORED]

    def table(self) -> str:
        missing = self.without_prediction
        lines = [
            f"{len(self.documents)} gold documents, {len(self.documents) - len(missing)} scored against a record, "
            f"{len(missing)} without one (counted as all missed).",
            "",
            _render(
                [["field", "tp", "fp", "fn", "precision", "recall", "F1"]]
                + [
                    [name, str(c.tp), str(c.fp), str(c.fn), _ratio(c.precision), _ratio(c.recall), _ratio(c.f1)]
                    for name, c in self.totals.items()
                ]
            ),
            "(micro average: tp, fp and fn summed over all documents)",
            "",
            "F1 per document:",
            _render(
                [["document", *FIELDS]]
                + [
                    [document.source, *(_ratio(document.counts[name].f1) for name in FIELDS)]
                    for document in self.documents
                ]
            ),
        ]
        if missing:
            lines += ["", "Without a prediction:"]
            lines += [
                f"  {document.source}: {document.status}" + (f" - {document.note}" if document.note else "")
                for document in missing
            ]
        return "\n".join(lines)

    def details(self) -> str:
        """Misses, extras and neutral predictions per document and field."""
        lines = []
        for document in self.documents:
            prediction = f"prediction {document.prediction}" if document.prediction else "no prediction file"
            lines.append(f"== {document.source} ({prediction}; gold {document.gold})")
            if document.status != STATUS_SCORED:
                note = f": {document.note}" if document.note else ""
                lines += [f"   {document.status}{note}; every gold item counts as missed", ""]
                continue
            if not document.findings:
                lines.append("   nothing missed, nothing extra")
            for name in FIELDS:
                findings = [finding for finding in document.findings if finding.field == name]
                if not findings:
                    continue
                c = document.counts[name]
                lines.append(f"-- {name}: tp {c.tp}, fp {c.fp}, fn {c.fn}")
                for finding in findings:
                    lines.append(f"   {finding.kind:<7} {finding.text}  @ {finding.where}")
                    if finding.note:
                        lines.append(f"           {finding.note}")
            lines.append("")
        return "\n".join(lines).rstrip()

    def to_dict(self) -> dict:
        return {
            "fields": {name: counts.to_dict() for name, counts in self.totals.items()},
            "documents": [document.to_dict() for document in self.documents],
            "without_prediction": [document.source for document in self.without_prediction],
        }


def score_document(gold: GoldDocument, predictions: Iterable[PredictionFile], looked_for: str) -> DocumentScore:
    """Score one gold file against the prediction that answers to `looked_for`: the first
    valid record by path, else the first error or invalid file, else nothing."""
    candidates = [prediction for prediction in predictions if looked_for in prediction.names]
    chosen, record = None, None
    status, note = STATUS_NO_PREDICTION, f"no JSON file under the prediction folder answers to {looked_for!r}"
    for prediction in candidates:
        candidate_record, candidate_status, candidate_note = read_record(prediction.path)
        if chosen is None or candidate_record is not None:
            chosen, record, status, note = prediction, candidate_record, candidate_status, candidate_note
        if record is not None:
            break
    if len(candidates) > 1:
        others = ", ".join(str(p.path) for p in candidates if p is not chosen)
        ambiguity = f"{len(candidates)} files answer to {looked_for!r}; also found: {others}"
        note = f"{note}; {ambiguity}" if note else ambiguity
    counts, findings = score_sides(gold.side, record_side(record) if record is not None else Side())
    return DocumentScore(
        source=gold.source,
        gold=gold.path,
        prediction=chosen.path if chosen else None,
        status=status,
        note=note,
        counts=counts,
        findings=findings,
    )


def score_directory(gold_dir: Path, pred_dir: Path, match: Optional[Callable[[str], str]] = None) -> Report:
    """Score every `*.gold.json` under gold_dir against the records under pred_dir.

    A gold file's prediction is the JSON file that answers to its `source` (see
    find_predictions), or to `match(source)` when a match is given: pass one to pair
    differently named files, e.g. gold `000_6fb31197e9ea6f5d.txt` with a record of
    `000-guiyang.pdf`. Raises GoldFormatError for a gold file not in the FORMAT.md shape.
    """
    gold_dir, pred_dir = Path(gold_dir), Path(pred_dir)
    for folder in (gold_dir, pred_dir):
        if not folder.is_dir():
            raise NotADirectoryError(f"{folder} is not a directory")
    predictions = find_predictions(pred_dir)
    documents = []
    for path in sorted(gold_dir.rglob(f"*{GOLD_SUFFIX}")):
        gold = read_gold(path)
        documents.append(score_document(gold, predictions, match(gold.source) if match else gold.source))
    return Report(documents)


# --- command line --------------------------------------------------------------------------


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="zhenggai eval",
        description="Score extraction records against gold annotations (shared/gold/FORMAT.md); "
        "prints precision, recall and F1 per field. The rules: docs/eval.md.",
    )
    parser.add_argument("--gold", required=True, type=Path, metavar="DIR", help="folder of <source>.gold.json files")
    parser.add_argument(
        "--pred", required=True, type=Path, metavar="DIR", help="folder of record JSON files (searched recursively)"
    )
    parser.add_argument("--details", action="store_true", help="also list misses, extras and neutral predictions")
    parser.add_argument("--json", action="store_true", help="print the whole report, findings included, as JSON")
    parser.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="GOLD_SOURCE=PRED",
        help="score the gold of GOLD_SOURCE against the prediction that answers to PRED "
        "(a source.name, or a file path or name under --pred); repeatable",
    )
    return parser


def main(argv: Optional[list[str]] = None) -> int:
    """`zhenggai eval`: 0 when scoring ran, 2 on a usage error (missing folder, bad
    --map, no or malformed gold files)."""
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as stop:  # argparse exits 2 on bad arguments, 0 after --help
        return int(stop.code or 0)

    def usage_error(message: str) -> int:
        print(f"{parser.prog}: error: {message}", file=sys.stderr)
        return 2

    mapping = {}
    for pair in args.map:
        gold_source, separator, pred_name = pair.partition("=")
        if not separator or not gold_source or not pred_name:
            return usage_error(f"--map wants GOLD_SOURCE=PRED, got {pair!r}")
        mapping[gold_source] = pred_name
    for option, folder in (("--gold", args.gold), ("--pred", args.pred)):
        if not folder.is_dir():
            return usage_error(f"{option} {folder} is not a directory")
    try:
        report = score_directory(args.gold, args.pred, match=lambda source: mapping.get(source, source))
    except GoldFormatError as exc:
        return usage_error(str(exc))
    if not report.documents:
        return usage_error(f"no *{GOLD_SUFFIX} files under {args.gold}")
    if args.json:
        print(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    else:
        print(report.table())
        if args.details:
            print()
            print(report.details())
    return 0


if __name__ == "__main__":
    sys.exit(main())
