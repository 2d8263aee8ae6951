"""The inputs the benchmark runs on: the sample corpus, and large inputs generated from it.

Generated inputs must make every stage do real work at every size. Normalisation drops
a body published twice (runs of >= 300 repeated characters of consecutive paragraphs),
so copies of a plan must differ. Shifting digits is not enough: most paragraphs of a
plan hold no digit, and 10 copies still lost 17 runs where 3 are expected. So each copy's lines
carry a copy tag of invisible characters (U+200B / U+200C, the copy number in binary)
after their first character: the raw paragraphs differ, so no dedup fires, and
normalisation deletes the tag, so every later stage reads the plan's own wording.
"""

from __future__ import annotations

import html
import io
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

ROOT = Path(__file__).resolve().parents[1]
PLANS = sorted((ROOT / "samples" / "plans").glob("*.txt"))
CORPUS = ROOT / "samples" / "corpus"
TABLE_PDF = CORPUS / "000-guiyang-table.pdf"
REAL = ROOT.parent / "shared" / "real"
REAL_RULED_PDFS = ("r01", "r04", "r08", "r14")
"""Published PDFs with ruled tables, one per producer: WPS 文字, WPS 表格, Word through
Acrobat PDFMaker 20 and 10 (read in place from ../shared/real when it is there)."""

COPY_TAG_BITS = 8
"""Copy numbers up to 255 (100x of plan 000 takes about 130 copies of the three plans)."""
ZERO, ONE = "\u200b", "\u200c"


@dataclass(frozen=True)
class InputSet:
    """Files measured together: one row of the per-format table."""

    label: str
    raw: str
    """Which raw loader is the baseline: txt, docx, doc, html or pdf."""
    files: tuple[str, ...]
    note: str = ""


def sample_sets() -> list[InputSet]:
    """The sample corpus by format; the ruled-table PDF apart, as its own row."""

    def corpus(suffix: str) -> tuple[str, ...]:
        return tuple(str(p) for p in sorted(CORPUS.glob(f"*{suffix}")) if p != TABLE_PDF)

    return [
        InputSet("txt", "txt", tuple(str(p) for p in PLANS), "samples/plans/*.txt"),
        InputSet("docx", "docx", corpus(".docx")),
        InputSet("doc", "doc", corpus(".doc")),
        InputSet("html", "html", corpus(".html")),
        InputSet("pdf (text)", "pdf", corpus(".pdf")),
        InputSet("pdf (ruled tables)", "pdf", (str(TABLE_PDF),), "14 pages, one table over all of them"),
        *real_pdf_sets(),
    ]


def real_pdf_sets() -> list[InputSet]:
    """Published PDFs with ruled tables from ../shared/real, when that folder is there."""
    files = tuple(str(p) for name in REAL_RULED_PDFS for p in sorted(REAL.glob(f"{name}-*.pdf")))
    if not files:
        return []
    return [InputSet("pdf real (ruled tables)", "pdf", files, "../shared/real " + ", ".join(REAL_RULED_PDFS))]


# --- scaled plan text ----------------------------------------------------------------------


def copy_tag(number: int) -> str:
    return "".join(ONE if bit == "1" else ZERO for bit in format(number, f"0{COPY_TAG_BITS}b"))


def tagged_copy(text: str, number: int) -> str:
    """The plan with the copy tag after the first character of every non-blank line."""
    tag = copy_tag(number)
    return "\n".join(line[:1] + tag + line[1:] if line.strip() else line for line in text.split("\n"))


def scaled_plan_text(factor: int) -> str:
    """`factor` times the size (UTF-8 bytes) of plan 000: tagged copies of plans 000, 001, 002
    in turn, the last one cut at a line end so that the size is factor x, within one line."""
    plans = [p.read_text(encoding="utf-8").rstrip("\n") for p in PLANS]
    unit = len(tagged_copy(plans[0], 0).encode("utf-8"))
    target = factor * unit
    parts: list[str] = []
    size = 0
    number = 0
    while size < target:
        copy = tagged_copy(plans[number % len(plans)], number)
        for line in copy.split("\n"):
            parts.append(line)
            size += len(line.encode("utf-8")) + 1
            if size >= target:
                break
        number += 1
    return "\n".join(parts) + "\n"


# --- other formats from the scaled text -------------------------------------------------------


def docx_from_text(text: str) -> bytes:
    """A DOCX with one Word paragraph per line, as python-docx writes it."""
    import docx

    document = docx.Document()
    for line in text.split("\n"):
        if line.strip():
            document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def html_from_text(text: str) -> bytes:
    """A government-site page: navigation, the plan as <p> paragraphs in a content div, a footer."""
    paragraphs = "\n".join(f"<p>{html.escape(line)}</p>" for line in text.split("\n") if line.strip())
    page = (
        '<!DOCTYPE html><html><head><meta charset="utf-8"><title>整改方案</title></head><body>'
        '<div class="nav"><a href="/">首页</a> &gt; <a href="/zwgk">政务公开</a></div>'
        f'<div class="content">{paragraphs}</div>'
        '<div class="footer">版权所有 ICP备00000000号</div></body></html>'
    )
    return page.encode("utf-8")


def pdf_of_pages(target_pages: int) -> bytes:
    """The three sample plan PDFs merged in turn until the document has target_pages pages.

    The copies repeat word for word (a PDF's text cannot be tagged), so normalisation
    drops the repeated bodies: this input measures the loader at scale, not later stages."""
    import pypdfium2 as pdfium

    sources = [pdfium.PdfDocument(str(CORPUS / name)) for name in ("000-guiyang.pdf", "001-shanxi.pdf", "002-gongshu.pdf")]
    merged = pdfium.PdfDocument.new()
    try:
        k = 0
        while len(merged) < target_pages:
            source = sources[k % len(sources)]
            take = min(len(source), target_pages - len(merged))
            merged.import_pages(source, list(range(take)))
            k += 1
        buffer = io.BytesIO()
        merged.save(buffer)
        return buffer.getvalue()
    finally:
        merged.close()
        for source in sources:
            source.close()


def large_sets(folder: Path, factor: int) -> list[InputSet]:
    """`factor`x inputs in the other formats (no generator exists for legacy .doc)."""
    text = scaled_plan_text(factor)
    files = {
        "docx": docx_from_text(text),
        "html": html_from_text(text),
        "pdf": pdf_of_pages(factor * _page_count(CORPUS / "000-guiyang.pdf")),
    }
    sets = []
    for kind, data in files.items():
        path = folder / f"plan-{factor}x.{kind}"
        path.write_bytes(data)
        note = "merged sample PDFs; repeated bodies are deduplicated" if kind == "pdf" else "tagged copies of the 3 plans"
        sets.append(InputSet(f"{kind} {factor}x", kind, (str(path),), note))
    return sets


def _page_count(path: Path) -> int:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(path))
    try:
        return len(document)
    finally:
        document.close()


# --- batch folder and a one-page plan -----------------------------------------------------------


def batch_folder(folder: Path, count: int) -> Path:
    """`count` files cycling through the corpus and the plans (every format, the table PDF
    included), each under its own name so each gets its own output."""
    sources = sorted(p for p in CORPUS.iterdir() if p.suffix != ".md") + PLANS
    folder.mkdir(parents=True, exist_ok=True)
    for k in range(count):
        source = sources[k % len(sources)]
        shutil.copyfile(source, folder / f"{k:03d}-{source.name}")
    return folder


TINY_PLAN = """贵阳市环境保护督察反馈意见整改方案
一、整改任务
(一)城市污水处理能力不足。
整改目标:2018年底前城市污水处理率达到95%。
整改时限:2018年12月31日
责任单位:市水务局、各区(市、县)人民政府
"""


def tiny_plan(folder: Path, name: str = "tiny.txt", text: Optional[str] = None) -> Path:
    path = folder / name
    path.write_text(text or TINY_PLAN, encoding="utf-8")
    return path
