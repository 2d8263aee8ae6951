"""Mutated real files and random text: every input ends as a record or an error record of a
type a user can act on (never `internal`, which is a bug), with spans inside the text; and
random text costs no more than a few times what a real plan of the same size costs."""

from __future__ import annotations

import functools
import hashlib
import random
import signal
import time
from contextlib import contextmanager

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import CORPUS, PLANS
from extract.batch import convert_bytes
from schemas import DocumentRecord, ErrorRecord

SAMPLES = sorted(PLANS + [p for p in CORPUS.iterdir() if p.suffix != ".md"])
PLAN_TEXT = "".join(p.read_text(encoding="utf-8") for p in PLANS)
PLAN_ALPHABET = sorted(set(PLAN_TEXT))
SECONDS_PER_EXAMPLE = 30
FUZZ = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])


class Hang(BaseException):
    """Not an Exception, so that convert_bytes cannot turn it into an error record."""


@contextmanager
def hang_guard(seconds: float):
    """Fail instead of hanging the suite (a catastrophic regex checks for signals)."""

    def expire(signum, frame):
        raise Hang(f"no result after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@functools.lru_cache(maxsize=None)
def sample_bytes(index: int) -> bytes:
    return SAMPLES[index].read_bytes()


def check(data: bytes, name: str) -> dict:
    """Convert and check the outcome is a valid record, or an error record that is the file's
    fault; spans must lie inside the text they index."""
    with hang_guard(SECONDS_PER_EXAMPLE):
        record = convert_bytes(data, name, with_text=True).model_dump(mode="json")
    if "error" in record:
        error = ErrorRecord.model_validate(record).error
        assert error.type != "internal", error.message
        assert record["source"]["sha256"] == hashlib.sha256(data).hexdigest()
        return record
    document = DocumentRecord.model_validate(record)
    length = len(document.text)
    for items in (document.sections, document.tasks, document.deadlines, document.indicators, document.unit_lists):
        for item in items:
            assert 0 <= item.span.start <= item.span.end <= length, item
    return record


POSITION = st.integers(0, 1 << 24)  # taken modulo the current length
MUTATION = st.one_of(
    st.tuples(st.just("flip"), POSITION, st.integers(0, 7)),
    st.tuples(st.just("truncate"), POSITION),
    st.tuples(st.just("cut"), POSITION, st.integers(1, 4096)),
    st.tuples(st.just("splice"), POSITION, st.integers(0, len(SAMPLES) - 1), POSITION, st.integers(1, 4096)),
)


def mutate(data: bytes, mutations: list[tuple]) -> bytes:
    """Byte flips, truncations, cut-outs and splices of other samples' bytes, in order."""
    data = bytearray(data)
    for kind, position, *args in mutations:
        if not data:
            break
        position %= len(data)
        if kind == "flip":
            data[position] ^= 1 << args[0]
        elif kind == "truncate":
            del data[position:]
        elif kind == "cut":
            del data[position : position + args[0]]
        else:
            donor_index, start, length = args
            donor = sample_bytes(donor_index)
            start %= len(donor)
            data[position:position] = donor[start : start + length]
    return bytes(data)


@FUZZ
@given(st.integers(0, len(SAMPLES) - 1), st.lists(MUTATION, min_size=1, max_size=4))
def test_mutated_real_files_end_as_records_or_error_records(index, mutations):
    """A falsifying example reads as the sample's index in SAMPLES and the mutations."""
    check(mutate(sample_bytes(index), mutations), SAMPLES[index].name)


plan_like_text = st.text(
    alphabet=st.one_of(st.sampled_from(PLAN_ALPHABET), st.characters(blacklist_categories=("Cs",))), max_size=4000
)


@FUZZ
@given(plan_like_text, st.sampled_from(["utf-8", "gb18030", "utf-16"]), st.sampled_from(["plan.txt", "plan.html"]))
def test_random_text_ends_as_a_record_or_an_error_record(text, encoding, name):
    check(text.encode(encoding), name)


@FUZZ
@given(st.lists(st.sampled_from(PLAN_TEXT.splitlines()), max_size=60), st.randoms(use_true_random=False))
def test_real_lines_in_random_order_end_as_records(lines, rng):
    """Real headings, field labels and deadlines in an order no plan has."""
    rng.shuffle(lines)
    check("\n".join(lines).encode("utf-8"), "shuffled.txt")


# --- cost of hostile text ----------------------------------------------------------------

MEGABYTE = 1_000_000


def _megabyte_of(text: str) -> bytes:
    data = text.encode("utf-8")
    return (data * (MEGABYTE // len(data) + 1))[:MEGABYTE].decode("utf-8", "ignore").encode("utf-8")


def _seconds(data: bytes, name: str, repeats: int = 1) -> float:
    best = float("inf")
    for _ in range(repeats):
        started = time.perf_counter()
        with hang_guard(120):
            record = convert_bytes(data, name).model_dump(mode="json")
        best = min(best, time.perf_counter() - started)
        assert "error" not in record or record["error"]["type"] != "internal", record["error"]
    return best


def test_a_megabyte_of_random_text_costs_a_few_times_a_megabyte_of_plan():
    rng = random.Random(20180808)
    random_cjk = "".join(chr(rng.randint(0x4E00, 0x9FFF)) if rng.random() > 0.02 else "\n" for _ in range(340_000))
    plan_alphabet = "".join(rng.choice(PLAN_ALPHABET) for _ in range(340_000))  # digits, 年月日, 、(一) in no order
    _seconds(PLANS[0].read_bytes(), "warm-up.txt")  # jieba's dictionaries load on first use
    real = _seconds(_megabyte_of(PLAN_TEXT), "real.txt", repeats=3)
    for name, text in (("random-cjk.txt", random_cjk), ("plan-alphabet.txt", plan_alphabet)):
        ratio = _seconds(_megabyte_of(text), name) / real
        assert ratio < 12, f"{name}: {ratio:.1f} times as long as a real plan of the same size"
