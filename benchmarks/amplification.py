"""Small inputs that once amplified: each one's time and peak memory through zhenggai.

    python benchmarks/amplification.py          # table of every input in tests/load/hostile_inputs.py

Each input is built by its generator (tests/load/hostile_inputs.py) and converted with
`extract.pipeline.extract_bytes` in a fresh Python process under a 2 GB address-space
limit and a 60 s alarm, so one input's memory is its own and a runaway cannot take the
machine. Reported: the input's size, the outcome (converted, or the error type), wall
seconds of the conversion (after a warm-up conversion of a two-character text pays for
lazy imports and jieba's dictionary), the process's peak RSS (ru_maxrss) over that
conversion, and the tracemalloc peak (Python allocations only) of a second, untimed pass.
The machine's load average is printed: on a busy machine times grow. Target: an input under 1 MB needs at most 500 MB and 10 s.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LIMIT_MB, LIMIT_S, SMALL_INPUT = 500, 10.0, 1 << 20

CHILD = r"""
import json, resource, signal, sys, time, tracemalloc
sys.path.insert(0, sys.argv[1])
resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))
from tests.load.hostile_inputs import AMPLIFIERS
from extract.errors import ExtractionError
from extract.pipeline import extract_bytes
item = AMPLIFIERS[int(sys.argv[2])]
data = item.build()
signal.alarm(60)

def convert():
    try:
        extract_bytes(data, "input")
        return "converted"
    except ExtractionError as exc:
        return exc.type
    except BaseException as exc:
        return "raised " + type(exc).__name__

extract_bytes("整改".encode(), "warm-up.txt")  # lazy imports and jieba's dictionary, paid once per process
start = time.perf_counter()
outcome = convert()
seconds = time.perf_counter() - start
rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
tracemalloc.start()  # a second, untimed pass: tracing slows allocation-heavy code severalfold
convert()
print(json.dumps({"name": item.name, "bytes": len(data), "outcome": outcome, "seconds": seconds,
                  "rss_mb": rss_mb, "traced_mb": tracemalloc.get_traced_memory()[1] / 2**20}))
"""


def measure(index: int) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(ROOT), str(index)], capture_output=True, text=True, timeout=120
    )
    lines = done.stdout.strip().splitlines()
    if done.returncode or not lines:
        return {"name": f"input {index}", "bytes": 0, "outcome": f"process died ({done.returncode})",
                "seconds": float("nan"), "rss_mb": float("nan"), "traced_mb": float("nan")}
    return json.loads(lines[-1])


def main() -> int:
    sys.path.insert(0, str(ROOT))
    from tests.load.hostile_inputs import AMPLIFIERS

    print(f"Target: an input under 1 MB needs at most {LIMIT_MB} MB and {LIMIT_S:.0f} s. "
          f"Load average before the run: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores.\n")
    print("| input | bytes | outcome | seconds | peak RSS MB | tracemalloc MB | within target |")
    print("|---|---|---|---|---|---|---|")
    failures = 0
    for index in range(len(AMPLIFIERS)):
        row = measure(index)
        within = row["seconds"] <= LIMIT_S and row["rss_mb"] <= LIMIT_MB and not row["outcome"].startswith(("raised", "process"))
        if row["bytes"] < SMALL_INPUT:
            failures += not within
        print(f"| {row['name']} | {row['bytes']} | {row['outcome']} | {row['seconds']:.2f} | {row['rss_mb']:.0f} "
              f"| {row['traced_mb']:.0f} | {'yes' if within else 'no'}{'' if row['bytes'] < SMALL_INPUT else ' (over 1 MB)'} |")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
