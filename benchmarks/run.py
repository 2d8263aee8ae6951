"""zhenggai's benchmark: throughput per format, stage split, scaling, batch workers, start-up.

    python benchmarks/run.py                  # full run, ~2 min on 2 cores; rewrites benchmarks/README.md
    python benchmarks/run.py --quick          # < 1 min; prints only
    python benchmarks/run.py --profile FILE   # cProfile of one warm conversion of FILE

Every timed measurement runs in a fresh process (benchmarks/measure.py), one after another
so they do not compete for the 2 cores; see benchmarks/README.md for what each number means.
Nothing here asserts on time: targets are reported as met or not.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass
from importlib import metadata
from pathlib import Path
from typing import Optional

import regex

from inputs import ROOT, InputSet, batch_folder, large_sets, sample_sets, tiny_plan

HERE = Path(__file__).resolve().parent
README = HERE / "README.md"
RESULTS_START = "<!-- results:start (written by benchmarks/run.py) -->"
RESULTS_END = "<!-- results:end -->"
PACKAGES = ("pypdfium2", "pdfplumber", "jieba", "lxml", "python-docx", "olefile", "pydantic", "regex")
SUBPROCESS_TIMEOUT = 600


@dataclass(frozen=True)
class Plan:
    """How much to run: the full run and --quick differ only in these."""

    reps: int
    large_factor: Optional[int]
    scaling: tuple[tuple[int, int], ...]
    """(factor, repetitions) of the scaled plan text."""
    batch_files: int
    batch_reps: int
    startup_reps: int


FULL = Plan(reps=5, large_factor=10, scaling=((1, 7), (10, 3), (100, 2)), batch_files=120, batch_reps=2, startup_reps=5)
QUICK = Plan(reps=1, large_factor=None, scaling=((1, 3), (10, 1), (100, 1)), batch_files=20, batch_reps=1, startup_reps=2)

TARGETS = {
    "scale_100x": 120.0,
    "post_load_mb_s": 1.0,
    "pdf_ratio": 3.0,
    "pdf_ruled_ratio": 4.0,
    "batch_speedup": 1.7,
    "startup_seconds": 0.5,
}
"""Start-up "well under a second" is read as at most half a second."""


def progress(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def measure(spec: dict, folder: Path) -> dict:
    """Run one measurement of benchmarks/measure.py in a fresh process."""
    spec_path = folder / "spec.json"
    out_path = folder / "result.json"
    spec_path.write_text(json.dumps(spec), encoding="utf-8")
    subprocess.run(
        [sys.executable, str(HERE / "measure.py"), str(spec_path), str(out_path)],
        cwd=ROOT, check=True, timeout=SUBPROCESS_TIMEOUT, env=_env(),
    )
    return json.loads(out_path.read_text(encoding="utf-8"))


def _env() -> dict:
    """This checkout first on the path: an installed zhenggai (another checkout, pip -e) must
    not be what is measured."""
    path = os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p)
    return {**os.environ, "PYTHONHASHSEED": "0", "PYTHONPATH": path}


def wall(command: list[str], **kwargs) -> tuple[float, subprocess.CompletedProcess]:
    start = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, timeout=SUBPROCESS_TIMEOUT, env=_env(), **kwargs)
    return time.perf_counter() - start, done


def zhenggai_command() -> list[str]:
    """The installed console script beside this Python, else the same entry point via -m."""
    script = Path(sys.executable).parent / "zhenggai"
    return [str(script)] if script.exists() else [sys.executable, "-m", "extract.cli"]


# --- the parts of the run ------------------------------------------------------------------------


def run_sets(sets: list[InputSet], plan: Plan, folder: Path) -> list[dict]:
    results = []
    for item in sets:
        progress(f"format {item.label}: {len(item.files)} file(s), {plan.reps} rep(s)")
        spec = {"kind": "set", "label": item.label, "raw": item.raw, "files": list(item.files),
                "reps": plan.reps, "extract_file": item.raw == "pdf"}
        result = measure(spec, folder)
        result["note"] = item.note
        results.append(result)
    return results


def run_scaling(plan: Plan, folder: Path) -> dict:
    progress(f"scaling: {', '.join(f'{f}x' for f, _ in plan.scaling)}")
    return measure({"kind": "scaling", "factors": [list(s) for s in plan.scaling]}, folder)


CLI_SUMMARY = regex.compile(r"(\d+) converted, (\d+) failed.*?; ([\d.]+) s,")
"""The CLI's closing line on stderr: converted, failed, seconds."""


def run_batch(plan: Plan, folder: Path) -> dict:
    """1 and 2 workers alternately (so that load from elsewhere hits both alike), best of reps."""
    inputs = batch_folder(folder / "batch-in", plan.batch_files)
    best: dict[int, dict] = {}
    for rep in range(plan.batch_reps):
        for workers in (1, 2):
            progress(f"batch: {plan.batch_files} files, {workers} worker(s), rep {rep + 1}")
            out = folder / f"batch-out-{workers}"
            shutil.rmtree(out, ignore_errors=True)
            command = zhenggai_command() + ["extract", str(inputs), "-o", str(out), "--workers", str(workers)]
            load, parallel = _load_average(), cpu_parallelism()
            seconds, done = wall(command, capture_output=True, text=True)
            summary = CLI_SUMMARY.search(done.stderr or "")
            run = {
                "workers": workers,
                "wall": seconds,
                "load": load,
                "parallel": parallel,
                "exit": done.returncode,
                "converted": int(summary.group(1)) if summary else None,
                "failed": int(summary.group(2)) if summary else None,
                "cli_seconds": float(summary.group(3)) if summary else None,
            }
            if workers not in best or run["wall"] < best[workers]["wall"]:
                best[workers] = run
    progress("batch: timeline through extract.batch.iter_results")
    timeline = measure({"kind": "batch", "folder": str(inputs), "reps": plan.batch_reps}, folder)
    steady = {w: min((r for r in timeline["runs"] if r["workers"] == w), key=lambda r: r["last"]) for w in (1, 2)}
    return {"files": plan.batch_files, "reps": plan.batch_reps, "runs": [best[1], best[2]],
            "server_start": timeline["server_start"], "timeline": [steady[1], steady[2]],
            "command": "zhenggai extract DIR -o OUT --workers N"}


def _spin(count: int) -> float:
    start = time.perf_counter()
    total = 0
    for k in range(count):
        total += k * k
    return time.perf_counter() - start


def cpu_parallelism(count: int = 1_000_000, rounds: int = 3) -> float:
    """Throughput of two pure-Python processes relative to one, measured now (best of
    `rounds` each): 2.0 when both cores are free, near 1.0 when something else holds one."""
    with ProcessPoolExecutor(2) as pool:
        list(pool.map(_spin, [1, 1]))  # both workers started
        one = two = float("inf")
        for _ in range(rounds):
            started = time.perf_counter()
            pool.submit(_spin, count).result()
            one = min(one, time.perf_counter() - started)
            started = time.perf_counter()
            list(pool.map(_spin, [count, count]))
            two = min(two, time.perf_counter() - started)
    return round(2 * one / two, 2)


def run_startup(plan: Plan, folder: Path) -> dict:
    progress("start-up")
    tiny = tiny_plan(folder)
    cli = zhenggai_command()

    def best_wall(command: list[str]) -> float:
        return min(wall(command, capture_output=True)[0] for _ in range(plan.startup_reps))

    result = {
        "version": best_wall(cli + ["--version"]),
        "tiny_extract": best_wall(cli + ["extract", str(tiny)]),
        "import_pipeline": best_wall([sys.executable, "-c", "import extract.pipeline"]),
        "cold": measure({"kind": "cold", "file": str(tiny)}, folder),
        "importtime": import_offenders(),
    }
    return result


IMPORTTIME_LINE = regex.compile(r"^import time:\s+(\d+) \|\s+(\d+) \| *(\S+)$")


def import_offenders(top: int = 10) -> dict:
    """`python -X importtime -c "import extract.pipeline"` (second run, so the disk cache is
    warm): the modules with the most self time, and self time summed per top-level package."""
    entries = []
    for _ in range(2):
        _, done = wall([sys.executable, "-X", "importtime", "-c", "import extract.pipeline"],
                       capture_output=True, text=True)
        entries = [
            (m.group(3), int(m.group(1)), int(m.group(2)))
            for m in map(IMPORTTIME_LINE.match, done.stderr.splitlines())
            if m
        ]
    packages: dict[str, int] = {}
    for name, self_us, _ in entries:
        root = name.split(".")[0]
        packages[root] = packages.get(root, 0) + self_us
    total = next((cumulative for name, _, cumulative in entries if name == "extract.pipeline"), 0)
    return {
        "total_ms": total / 1000,
        "modules": [(n, s / 1000, c / 1000) for n, s, c in sorted(entries, key=lambda e: -e[1])[:top]],
        "packages": sorted(((n, s / 1000) for n, s in packages.items()), key=lambda e: -e[1])[:top],
    }


def describe_machine() -> dict:
    cpu = "unknown"
    try:
        cpu = next(
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        )
    except (OSError, StopIteration):
        pass
    versions = {}
    for package in PACKAGES:
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            versions[package] = "not installed"
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                                text=True, timeout=10).stdout.strip() or "unknown"
    except (OSError, subprocess.SubprocessError):
        commit = "unknown"
    return {
        "cpu": cpu,
        "cores": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "packages": versions,
        "commit": commit,
        "date": time.strftime("%Y-%m-%d"),
        "load_before": _load_average(),
    }


def _load_average() -> Optional[float]:
    """The 1-minute load average: above ~0.3 on 2 cores, other work competed with the run."""
    return round(os.getloadavg()[0], 2) if hasattr(os, "getloadavg") else None


# --- the report ------------------------------------------------------------------------------------


def _mb(n: float) -> float:
    return n / 1e6


def _met(ok: bool) -> str:
    return "yes" if ok else "**no**"


def _table(header: list[str], rows: list[list]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return lines


def _set_totals(result: dict) -> dict:
    files = result["files"]
    total = sum(f["total"] for f in files)
    pages = [f["pages"] for f in files if f["pages"]]
    return {
        "total": total,
        "bytes": sum(f["bytes"] for f in files),
        "pages": sum(pages) if pages else None,
        "raw": sum(f["raw"] for f in files),
        "stages": {s: sum(f["stages"][s] for f in files) for s in files[0]["stages"]},
    }


def _steady_rate(run: dict) -> float:
    """Files per second between the first record and the last."""
    return (run["files"] - 1) / (run["last"] - run["first"])


def render(machine: dict, plan: Plan, quick: bool, sets: list[dict], scaling: dict, batch: dict, startup: dict) -> str:
    out: list[str] = []
    command = "python benchmarks/run.py" + (" --quick" if quick else "")
    out += [
        f"Measured {machine['date']} at commit `{machine['commit']}` with `{command}`.",
        "",
    ]
    out += _table(
        ["machine", ""],
        [["CPU", machine["cpu"]], ["cores", machine["cores"]], ["Python", machine["python"]],
         ["OS", machine["platform"]],
         ["load average (1 min) before / after the run", f"{machine['load_before']} / {machine.get('load_after')}"]]
        + [[p, v] for p, v in machine["packages"].items()],
    )

    # targets first: what a reader wants to know
    scales = {s["factor"]: s for s in scaling["scales"]}
    ratio_100 = scales[100]["total"] / scales[1]["total"] if 100 in scales and 1 in scales else None
    ratio_10 = scales[10]["total"] / scales[1]["total"] if 10 in scales and 1 in scales else None
    biggest = scales[max(scales)]
    post_load = sum(v for k, v in biggest["stages"].items() if k != "load")
    post_load_rate = _mb(biggest["bytes"]) / post_load
    pdf_rows = [f for s in sets if s["label"].startswith("pdf") for f in s["files"]]
    text_pdfs = [f for s in sets if s["label"].startswith("pdf") and "tables" not in s["label"] for f in s["files"]]
    ruled_pdfs = [f for s in sets if s["label"].startswith("pdf") and "tables" in s["label"] for f in s["files"]]
    worst_pdf = max((f["extract_file"] / f["raw"] for f in text_pdfs), default=None)
    worst_ruled = max((f["extract_file"] / f["raw"] for f in ruled_pdfs), default=None)
    runs = {r["workers"]: r for r in batch["runs"]}
    speedup = runs[1]["wall"] / runs[2]["wall"]
    timeline = {r["workers"]: r for r in batch["timeline"]}
    steady_speedup = _steady_rate(timeline[2]) / _steady_rate(timeline[1])
    out += ["", "### Targets", ""]
    out += _table(
        ["target", "measured", "met"],
        [
            [f"100x plan text ≤ {TARGETS['scale_100x']:g}x the time of 1x", f"{ratio_100:.1f}x", _met(ratio_100 <= TARGETS["scale_100x"])],
            [f"stages after load ≥ {TARGETS['post_load_mb_s']:g} MB/s of Chinese text per core ({max(scales)}x)",
             f"{post_load_rate:.2f} MB/s", _met(post_load_rate >= TARGETS["post_load_mb_s"])],
            [f"text PDF: extract_file ≤ {TARGETS['pdf_ratio']:g}x pypdfium2 text (worst file)",
             f"{worst_pdf:.1f}x", _met(worst_pdf <= TARGETS["pdf_ratio"])],
            [f"ruled-table PDF: extract_file ≤ {TARGETS['pdf_ruled_ratio']:g}x pypdfium2 text (worst file)",
             f"{worst_ruled:.1f}x", _met(worst_ruled <= TARGETS["pdf_ruled_ratio"])],
            [f"batch: 2 workers ≥ {TARGETS['batch_speedup']:g}x 1 worker ({batch['files']} files, wall)",
             f"{speedup:.2f}x", _met(speedup >= TARGETS["batch_speedup"])],
            ["… the same, steady rate once workers run (start-up left out, see Batch)",
             f"{steady_speedup:.2f}x", _met(steady_speedup >= TARGETS["batch_speedup"])],
            [f"`zhenggai --version` ≤ {TARGETS['startup_seconds']:g} s", f"{startup['version']:.2f} s",
             _met(startup["version"] <= TARGETS["startup_seconds"])],
            [f"`zhenggai extract tiny.txt` ≤ {TARGETS['startup_seconds']:g} s", f"{startup['tiny_extract']:.2f} s",
             _met(startup["tiny_extract"] <= TARGETS["startup_seconds"])],
        ],
    )

    out += ["", "### Per format (warm)", "",
            f"Best of {plan.reps} rep(s) per file, summed over the files. *ours* = load + normalise + outline "
            "+ fields + serialise; *raw* = the bare library on the same files (see below). *cold* = first "
            "document in a fresh process after `import extract.pipeline` (jieba, lazy loader imports). "
            "RSS = ru_maxrss of that process; tracemalloc = Python allocations, largest single document.", ""]
    rows = []
    for s in sets:
        t = _set_totals(s)
        pages = t["pages"]
        rows.append([
            s["label"], len(s["files"]), pages or "–", f"{_mb(t['bytes']):.2f}",
            f"{len(s['files']) / t['total']:.1f}", f"{pages / t['total']:.0f}" if pages else "–",
            f"{_mb(t['bytes']) / t['total']:.2f}", f"{t['total']:.3f}", f"{t['raw']:.3f}",
            f"{t['total'] / t['raw']:.1f}x", f"{s['cold_first']['seconds']:.2f}",
            f"{s['rss_imported_mb']:.0f} / {s['rss_peak_mb']:.0f}",
            f"{s['tracemalloc_peak_mb']:.0f}",
        ])
    out += _table(["input", "files", "pages", "MB", "docs/s", "pages/s", "MB/s", "ours s", "raw s",
                   "ours ÷ raw", "cold first doc s", "RSS MB (imported / peak)", "tracemalloc MB"], rows)
    out += [""] + [f"- {s['label']}: {s['note']}" for s in sets if s["note"]]
    mismatched = [f"{s['label']}: {', '.join(s['mismatched'])}" for s in sets if s["mismatched"]]
    if mismatched:
        out += ["", "**The timed stages gave a different record from extract_bytes for** " + "; ".join(mismatched)]

    out += ["", "### Time by stage (warm)", ""]
    rows = []
    for s in sets:
        t = _set_totals(s)
        rows.append([s["label"]] + [f"{1000 * v:.0f} ms ({100 * v / t['total']:.0f}%)" for v in t["stages"].values()])
    out += _table(["input", "load", "normalise", "outline", "fields", "serialise"], rows)

    out += ["", "### PDF: extract_file ÷ pypdfium2 text extraction", "",
            "Measured side by side, file by file in one process (best of the reps each); *load* is "
            "`extract.load.load_bytes` alone, *extract_file* the whole conversion.", ""]
    rows = [
        [f["name"], f["pages"], f"{f['extract_file']:.3f}", f"{f['stages']['load']:.3f}", f"{f['raw']:.3f}",
         f"{f['stages']['load'] / f['raw']:.1f}x", f"{f['extract_file'] / f['raw']:.1f}x",
         f"{f['pages'] / f['extract_file']:.0f}"]
        for f in pdf_rows
    ]
    out += _table(["file", "pages", "extract_file s", "load s", "pypdfium2 s", "load ÷ raw", "extract_file ÷ raw",
                   "pages/s"], rows)

    out += ["", "### Scaling with input size (plan text)", "",
            f"Stage times are the best of {', '.join(f'{r} run(s) at {f}x' for f, r in plan.scaling)}. "
            "*after load* = normalise + outline + fields + serialise.", ""]
    rows = []
    base = scales.get(1)
    for s in scaling["scales"]:
        after = sum(v for k, v in s["stages"].items() if k != "load")
        rows.append(
            [f"{s['factor']}x", f"{_mb(s['bytes']):.2f}", f"{s['bytes'] / base['bytes']:.1f}"]
            + [f"{v:.3f}" for v in s["stages"].values()]
            + [f"{s['total']:.3f}", f"{s['total'] / base['total']:.1f}x", f"{_mb(s['bytes']) / after:.2f}",
               s["tasks"], s["sections"], s["deadlines"], s["indicators"], s["dedup_warnings"]]
        )
    out += _table(["input", "MB", "size ratio", "load s", "normalise s", "outline s", "fields s", "serialise s",
                   "total s", "t / t(1x)", "after load MB/s", "tasks", "sections", "deadlines", "indicators",
                   "dedup warnings"], rows)
    out += ["", f"t(10x)/t(1x) = {ratio_10:.1f}, t(100x)/t(1x) = {ratio_100:.1f} (target ≤ {TARGETS['scale_100x']:g}); "
            f"peak RSS {scaling['rss_peak_mb']:.0f} MB."]

    out += ["", f"### Batch: `{batch['command']}` over {batch['files']} sample files", "",
            f"Best of {batch['reps']} run(s); wall = the whole command, start-up included; CLI s = the "
            "CLI's own summary (workers' start-up included, interpreter start-up not).", ""]
    rows = [
        [r["workers"], f"{r['wall']:.2f}", f"{batch['files'] / r['wall']:.2f}",
         f"{r['cli_seconds']:.2f}" if r["cli_seconds"] is not None else "–",
         f"{runs[1]['wall'] / r['wall']:.2f}x", f"{r['converted']} / {r['failed']}", r["exit"], r["load"],
         f"{r['parallel']:.2f}"]
        for r in batch["runs"]
    ]
    out += _table(["workers", "wall s", "files/s", "CLI s", "speed-up", "converted / failed", "exit",
                   "load average before", "free cores (2 = both)"], rows)
    out += ["", "*free cores*: two processes of pure Python, run just before, did this many times the work "
            "of one in the same time.", "",
            "The same batch through `extract.batch.iter_results` in one process, best of its runs: the "
            f"fork server started (with a one-file run) in {batch['server_start']:.2f} s; after that, each "
            "run's first record waits for its workers to fork and convert one file, then the steady rate.", ""]
    rows = [
        [r["workers"], f"{r['first']:.2f}", f"{r['last']:.2f}", f"{_steady_rate(r):.1f}",
         f"{_steady_rate(r) / _steady_rate(timeline[1]):.2f}x"]
        for r in batch["timeline"]
    ]
    out += _table(["workers", "first record s", "last record s", "steady files/s", "steady speed-up"], rows)

    cold = startup["cold"]
    out += ["", "### Start-up", "", f"Best of {plan.startup_reps} run(s) per command.", ""]
    out += _table(
        ["what", "seconds"],
        [
            ["`zhenggai --version`", f"{startup['version']:.3f}"],
            ["`zhenggai extract tiny.txt` (one-page plan, record to stdout)", f"{startup['tiny_extract']:.3f}"],
            ["`python -c \"import extract.pipeline\"`", f"{startup['import_pipeline']:.3f}"],
            ["in-process: `import extract.pipeline`", f"{cold['import_seconds']:.3f}"],
            ["in-process: first extract_bytes(tiny.txt) after import (cold)", f"{cold['first_seconds']:.3f}"],
            ["in-process: second extract_bytes(tiny.txt) (warm)", f"{cold['warm_seconds']:.3f}"],
        ],
    )
    imports = startup["importtime"]
    out += ["", f"`python -X importtime -c \"import extract.pipeline\"`: {imports['total_ms']:.0f} ms in all. "
            "Self time summed per top-level package, and the single modules with the most self time:", ""]
    out += _table(["package", "self ms"], [[n, f"{s:.1f}"] for n, s in imports["packages"]])
    out += [""]
    out += _table(["module", "self ms", "cumulative ms"], [[n, f"{s:.1f}", f"{c:.1f}"] for n, s, c in imports["modules"]])
    return "\n".join(out) + "\n"


def write_readme(results: str) -> None:
    """Replace the results block of benchmarks/README.md, keeping the prose around it."""
    text = README.read_text(encoding="utf-8") if README.exists() else f"# Benchmarks\n\n{RESULTS_START}\n{RESULTS_END}\n"
    before, _, rest = text.partition(RESULTS_START)
    _, found, after = rest.partition(RESULTS_END)
    if not found:
        before, after = text.rstrip("\n") + "\n\n", "\n"
    README.write_text(f"{before}{RESULTS_START}\n{results}{RESULTS_END}{after}", encoding="utf-8")


# --- profiling --------------------------------------------------------------------------------------


def profile(path: Path, limit: int = 30) -> None:
    """cProfile of one warm conversion of `path`, by own time and by cumulative time."""
    import cProfile
    import pstats

    from measure import run_stages

    data = path.read_bytes()
    run_stages(data, path.name)
    profiler = cProfile.Profile()
    profiler.enable()
    times, _, _ = run_stages(data, path.name)
    profiler.disable()
    print(" ".join(f"{k} {1000 * v:.0f} ms" for k, v in times.items()))
    stats = pstats.Stats(profiler)
    stats.sort_stats("tottime").print_stats(limit)
    stats.sort_stats("cumulative").print_stats(limit)


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="short run (< 1 min); prints, does not write README")
    parser.add_argument("--no-write", action="store_true", help="print the results only")
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write the raw measurements as JSON")
    parser.add_argument("--profile", type=Path, metavar="FILE", help="profile one warm conversion of FILE and stop")
    args = parser.parse_args(argv)
    if args.profile:
        profile(args.profile)
        return 0

    plan = QUICK if args.quick else FULL
    started = time.perf_counter()
    machine = describe_machine()
    with tempfile.TemporaryDirectory(prefix="zhenggai-bench-") as temp:
        folder = Path(temp)
        sets = sample_sets()
        if plan.large_factor:
            progress(f"generating {plan.large_factor}x DOCX, HTML and PDF inputs")
            sets += large_sets(folder, plan.large_factor)
        set_results = run_sets(sets, plan, folder)
        scaling = run_scaling(plan, folder)
        batch = run_batch(plan, folder)
        startup = run_startup(plan, folder)
    machine["load_after"] = _load_average()
    results = render(machine, plan, args.quick, set_results, scaling, batch, startup)
    print(results)
    progress(f"done in {time.perf_counter() - started:.0f} s")
    if args.json:
        raw = {"machine": machine, "plan": asdict(plan), "sets": set_results, "scaling": scaling,
               "batch": batch, "startup": startup}
        args.json.write_text(json.dumps(raw, ensure_ascii=False, indent=1), encoding="utf-8")
    if not args.quick and not args.no_write:
        write_readme(results)
        progress(f"results written to {README.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
