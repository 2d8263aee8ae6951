"""OCR benchmark: each scan in ../shared/scans against the text PDF it was made from.

    python benchmarks/ocr.py               # record-level figures per scan (about 1 min on 2 cores)
    python benchmarks/ocr.py --engines     # also the engines alone: RapidOCR and Tesseract chi_sim

For each scan, the record of the scan is compared with the record of the same pages of its
text PDF (the reference, cut to those pages):
- CER: character error rate of the scan record's text against the reference record's text,
  both whitespace-free (edit distance / reference length). Both go through the same layout,
  normalising and table code, so the figure is OCR's misreadings plus whatever layout the
  OCR'd geometry changes.
- sections, deadlines, indicators, tasks, task units, task deadlines: F1 of the scan's record
  against the reference record, paired as `zhenggai eval` pairs a record with gold.
- seconds per page of the whole conversion, engine start-up excluded (one warm-up page).

`--engines` reads every page image with each engine alone and scores its raw text against
pdfium's text of the reference page (whitespace-free, NFKC), which is how the engine was chosen.
The test suite (tests/load/test_ocr.py) asserts the figures through `measure_scan`.
"""

from __future__ import annotations

import argparse
import io
import shutil
import subprocess
import sys
import tempfile
import time
import unicodedata
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from extract.evaluate import record_side, score_sides  # noqa: E402
from extract.pipeline import extract_bytes  # noqa: E402
from schemas import DocumentRecord  # noqa: E402

SHARED = ROOT.parent / "shared"
COMPARED_FIELDS = ("sections", "deadlines", "indicators", "tasks", "task_units", "task_deadlines")


@dataclass(frozen=True)
class Scan:
    name: str
    reference: Path
    pages: tuple[int, ...]

    @property
    def path(self) -> Path:
        return SHARED / "scans" / self.name


SCANS = (
    Scan("001-shanxi-p1-3-scan.pdf", SHARED / "corpus" / "001-shanxi.pdf", (1, 2, 3)),
    Scan("r03-huaian-p1-3-scan.pdf", SHARED / "real" / "r03-huaian-2024-xxgk-annual-report.pdf", (1, 2, 3)),
    Scan("000-guiyang-table-p1-scan.png", SHARED / "corpus" / "000-guiyang-table.pdf", (1,)),
)


@dataclass
class ScanResult:
    scan: Scan
    reference: DocumentRecord
    record: DocumentRecord
    seconds: float
    cer: float
    f1: dict[str, float | None]

    @property
    def seconds_per_page(self) -> float:
        return self.seconds / len(self.scan.pages)


def pages_of(path: Path, pages: tuple[int, ...]) -> bytes:
    """A PDF of just these pages (1-based) of `path`."""
    import pypdfium2 as pdfium

    source, target = pdfium.PdfDocument(path), pdfium.PdfDocument.new()
    try:
        target.import_pages(source, [p - 1 for p in pages])
        buffer = io.BytesIO()
        target.save(buffer)
        return buffer.getvalue()
    finally:
        target.close()
        source.close()


def squash(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance, one row of the table at a time in numpy."""
    import numpy

    if not a or not b:
        return max(len(a), len(b))
    codes = numpy.frombuffer(b.encode("utf-32-le"), dtype=numpy.uint32)
    steps = numpy.arange(len(b) + 1)
    row = steps.copy()
    for i, ch in enumerate(a, 1):
        changed = codes != ord(ch)
        below = numpy.empty_like(row)
        below[0] = i
        below[1:] = numpy.minimum(row[1:] + 1, row[:-1] + changed)
        row = numpy.minimum.accumulate(below - steps) + steps  # insertions run left to right
    return int(row[-1])


def character_error_rate(reference: str, text: str) -> float:
    reference, text = squash(reference), squash(text)
    return edit_distance(reference, text) / max(len(reference), 1)


def field_f1(reference: DocumentRecord, record: DocumentRecord) -> dict[str, float | None]:
    counts, _ = score_sides(record_side(reference), record_side(record))
    return {name: counts[name].f1 for name in COMPARED_FIELDS}


def measure_scan(scan: Scan) -> ScanResult:
    reference = extract_bytes(pages_of(scan.reference, scan.pages), scan.reference.name, with_text=True)
    data = scan.path.read_bytes()
    started = time.perf_counter()
    record = extract_bytes(data, scan.name, with_text=True)
    seconds = time.perf_counter() - started
    cer = character_error_rate(reference.text or "", record.text or "")
    return ScanResult(scan, reference, record, seconds, cer, field_f1(reference, record))


def warm_up() -> None:
    """Load the engine once, so that no scan's time includes it."""
    extract_bytes(SCANS[-1].path.read_bytes(), SCANS[-1].name)


# --- the engines alone ---------------------------------------------------------------------


def page_images(scan: Scan):
    """(page number, PIL image, dpi) of each page of the scan."""
    from PIL import Image

    if scan.path.suffix == ".png":
        yield 1, Image.open(scan.path).convert("L"), 200.0
        return
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(scan.path)
    for number in scan.pages:
        yield number, document[number - 1].render(scale=200 / 72, grayscale=True).to_pil(), 200.0


def reference_page_text(scan: Scan, number: int) -> str:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(scan.reference)
    return document[number - 1].get_textpage().get_text_range()


def engine_rows() -> list[list[str]]:
    from extract.load import ocr

    tesseract = shutil.which("tesseract")
    rows = []
    ocr.read_image(next(page_images(SCANS[-1]))[1], 1, 200.0)  # warm-up
    for scan in SCANS:
        for number, image, dpi in page_images(scan):
            reference = reference_page_text(scan, number)
            started = time.perf_counter()
            page = ocr.read_image(image, number, dpi)
            rapid_seconds = time.perf_counter() - started
            rapid_text = "".join(line.text for line in page.lines)
            row = [f"{scan.name} p{number}", f"{character_error_rate(reference, rapid_text):.3f}", f"{rapid_seconds:.1f}"]
            if tesseract:
                with tempfile.NamedTemporaryFile(suffix=".png") as file:
                    image.save(file.name)
                    started = time.perf_counter()
                    text = subprocess.run(
                        [tesseract, file.name, "-", "-l", "chi_sim"], capture_output=True, text=True, check=False
                    ).stdout
                    seconds = time.perf_counter() - started
                row += [f"{character_error_rate(reference, text):.3f}", f"{seconds:.1f}"]
            rows.append(row)
    return rows


def _table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--engines", action="store_true", help="also score the engines alone (RapidOCR, Tesseract)")
    args = parser.parse_args(argv)
    warm_up()
    rows = []
    for scan in SCANS:
        result = measure_scan(scan)
        f1 = ["-" if v is None else f"{v:.2f}" for v in result.f1.values()]
        rows.append([scan.name, str(len(scan.pages)), f"{result.cer:.3f}", f"{result.seconds_per_page:.1f}", *f1])
    print(_table(["scan", "pages", "CER", "s/page", *COMPARED_FIELDS], rows))
    if args.engines:
        print()
        header = ["page", "RapidOCR CER", "s", "Tesseract chi_sim CER", "s"]
        print(_table(header, engine_rows()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
