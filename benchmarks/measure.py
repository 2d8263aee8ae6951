"""Measurements that need a fresh process: run as `python benchmarks/measure.py SPEC OUT`.

run.py starts one process per measurement so that its cold start and its peak memory
(ru_maxrss) belong to that measurement alone. SPEC is a JSON file naming what to
measure; the results go to OUT as JSON (stdout stays free for whatever libraries print).
"""

from __future__ import annotations

import json
import resource
import sys
import time
import tracemalloc
from pathlib import Path

STAGES = ("load", "normalise", "outline", "fields", "serialise")


def rss_mb() -> float:
    """Peak resident memory of this process so far (Linux reports kB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_stages(data: bytes, name: str) -> tuple[dict[str, float], str, object]:
    """The pipeline's stages in extract_bytes's order, each timed: (seconds per stage,
    the record's JSON, the loaded document). `load` includes describe_source (sha256)."""
    from extract.load import load_bytes
    from extract.normalise import normalise
    from extract.outline import find_outline
    from extract.pipeline import build_record, describe_source

    clock = time.perf_counter
    t0 = clock()
    source = describe_source(data, name)
    loaded = load_bytes(data, name)
    source.format, source.pages, source.encoding = loaded.format, loaded.pages, loaded.encoding
    t1 = clock()
    document = normalise(loaded)
    t2 = clock()
    outline = find_outline(document)
    t3 = clock()
    record = build_record(source, document, outline, loaded.page_meta, loaded.warnings, False)
    t4 = clock()
    serialised = record.model_dump_json()
    t5 = clock()
    times = dict(zip(STAGES, (t1 - t0, t2 - t1, t3 - t2, t4 - t3, t5 - t4)))
    return times, serialised, loaded


# --- the raw loaders our total is compared with ----------------------------------------------


def raw_txt(data: bytes) -> None:
    data.decode("utf-8")


def raw_html(data: bytes) -> None:
    import lxml.html

    lxml.html.document_fromstring(data).text_content()


def raw_docx(data: bytes) -> None:
    import io

    import docx

    document = docx.Document(io.BytesIO(data))
    for paragraph in document.paragraphs:
        paragraph.text
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                cell.text


def raw_doc(data: bytes) -> None:
    import olefile

    ole = olefile.OleFileIO(data)
    try:
        for stream in ole.listdir(streams=True, storages=False):
            ole.openstream(stream).read()
    finally:
        ole.close()


def raw_pdf(data: bytes) -> None:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(data)
    try:
        for index in range(len(document)):
            page = document[index]
            textpage = page.get_textpage()
            textpage.get_text_range()
            textpage.close()
            page.close()
    finally:
        document.close()


RAW_LOADERS = {"txt": raw_txt, "html": raw_html, "docx": raw_docx, "doc": raw_doc, "pdf": raw_pdf}


def timed(function, *args) -> float:
    start = time.perf_counter()
    function(*args)
    return time.perf_counter() - start


# --- measurements ------------------------------------------------------------------------------


def measure_set(spec: dict) -> dict:
    """One input set: cold first document, then `reps` warm rounds of our stages, the raw
    loader (and extract_file for PDF), interleaved file by file; then a tracemalloc round.
    Each time is the best of the rounds: on a shared machine the minimum is the stable figure."""
    started = time.perf_counter()
    import extract.pipeline  # noqa: F401 - the cold import is part of what is measured

    import_seconds = time.perf_counter() - started
    rss_imported = rss_mb()
    files = [(Path(p), Path(p).read_bytes()) for p in spec["files"]]
    first_path, first_data = files[0]
    cold_times, _, _ = run_stages(first_data, first_path.name)
    raw = RAW_LOADERS[spec["raw"]]

    mismatched = []
    pages = {}
    for path, data in files:  # warm-up: every file once through ours, extract_bytes and raw
        _, serialised, loaded = run_stages(data, path.name)
        pages[path.name] = loaded.pages
        if serialised != extract.pipeline.extract_bytes(data, path.name).model_dump_json():
            mismatched.append(path.name)
        raw(data)

    samples = {path.name: {"stages": [], "raw": [], "extract_file": []} for path, _ in files}
    for _ in range(spec["reps"]):
        for path, data in files:
            sample = samples[path.name]
            sample["stages"].append(run_stages(data, path.name)[0])
            sample["raw"].append(timed(raw, data))
            if spec.get("extract_file"):
                sample["extract_file"].append(timed(extract.pipeline.extract_file, path))
    rss_timed = rss_mb()

    traced_peak = 0
    tracemalloc.start()
    for path, data in files:
        tracemalloc.reset_peak()
        run_stages(data, path.name)
        traced_peak = max(traced_peak, tracemalloc.get_traced_memory()[1])
    tracemalloc.stop()

    rows = []
    for path, data in files:
        sample = samples[path.name]
        stages = {s: min(t[s] for t in sample["stages"]) for s in STAGES}
        rows.append(
            {
                "name": path.name,
                "bytes": len(data),
                "pages": pages[path.name],
                "stages": stages,
                "total": sum(stages.values()),
                "raw": min(sample["raw"]),
                "extract_file": min(sample["extract_file"]) if sample["extract_file"] else None,
            }
        )
    return {
        "label": spec["label"],
        "reps": spec["reps"],
        "files": rows,
        "import_seconds": import_seconds,
        "cold_first": {"name": first_path.name, "seconds": sum(cold_times.values()), "stages": cold_times},
        "rss_imported_mb": rss_imported,
        "rss_peak_mb": rss_timed,
        "tracemalloc_peak_mb": traced_peak / 2**20,
        "mismatched": mismatched,
    }


def measure_scaling(spec: dict) -> dict:
    """The pipeline on 1x, 10x, 100x plan text: best stage times and what was found."""
    from inputs import scaled_plan_text  # benchmarks/ is sys.path[0] when run as a script

    warm_up = scaled_plan_text(1).encode("utf-8")
    run_stages(warm_up, "warm-up.txt")
    results = []
    for factor, reps in spec["factors"]:
        data = scaled_plan_text(factor).encode("utf-8")
        runs = [run_stages(data, f"plan-{factor}x.txt") for _ in range(reps)]
        stages = {s: min(r[0][s] for r in runs) for s in STAGES}
        record = json.loads(runs[0][1])
        results.append(
            {
                "factor": factor,
                "reps": reps,
                "bytes": len(data),
                "stages": stages,
                "total": sum(stages.values()),
                "tasks": len(record["tasks"]),
                "sections": len(record["sections"]),
                "deadlines": len(record["deadlines"]),
                "indicators": len(record["indicators"]),
                "dedup_warnings": sum("published twice" in w for w in record["warnings"]),
            }
        )
    return {"scales": results, "rss_peak_mb": rss_mb()}


def measure_cold(spec: dict) -> dict:
    """A fresh process: import time, the first (cold) and a second (warm) one-page plan."""
    started = time.perf_counter()
    import extract.pipeline

    import_seconds = time.perf_counter() - started
    data = Path(spec["file"]).read_bytes()
    first = timed(extract.pipeline.extract_bytes, data, "tiny.txt")
    second = timed(extract.pipeline.extract_bytes, data, "tiny.txt")
    return {"import_seconds": import_seconds, "first_seconds": first, "warm_seconds": second, "rss_peak_mb": rss_mb()}


def measure_batch(spec: dict) -> dict:
    """extract.batch.iter_results over a folder with 1 and 2 workers, alternately: when the
    first record arrives and when the last does, so that the steady rate can be told apart
    from the start-up every run pays. A first one-file run starts the process-wide fork
    server (imports, preloads) and is reported on its own."""
    from extract.batch import find_inputs, iter_results

    items = find_inputs([spec["folder"]])
    started = time.perf_counter()
    for _ in iter_results(items[:1], workers=1):
        pass
    server_start = time.perf_counter() - started
    runs = []
    for _ in range(spec["reps"]):
        for workers in (1, 2):
            started = time.perf_counter()
            arrivals = [time.perf_counter() - started for _ in iter_results(items, workers=workers)]
            runs.append({"workers": workers, "first": arrivals[0], "last": arrivals[-1], "files": len(arrivals)})
    return {"server_start": server_start, "runs": runs}


MEASUREMENTS = {"set": measure_set, "scaling": measure_scaling, "cold": measure_cold, "batch": measure_batch}


def main(spec_path: str, out_path: str) -> None:
    spec = json.loads(Path(spec_path).read_text(encoding="utf-8"))
    result = MEASUREMENTS[spec["kind"]](spec)
    Path(out_path).write_text(json.dumps(result), encoding="utf-8")


if __name__ == "__main__":
    main(*sys.argv[1:3])
