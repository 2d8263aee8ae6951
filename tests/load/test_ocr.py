"""OCR of scans and page images: the scans in ../shared/scans against the text PDFs they were
made from (read in place, measured by benchmarks/ocr.py), and the rules around it on files
made here (sniffing, EXIF turning, TIFF pages, size limits, the error without the extra)."""

from __future__ import annotations

import importlib.util
import io
import sys

import pytest
import regex

from extract.errors import ExtractionError
from extract.load import image, load_bytes, ocr
from extract.load.sniff import sniff_container
from extract.normalise import normalise_text
from extract.pipeline import extract_bytes
from tests.conftest import ROOT, SCANS

needs_ocr = pytest.mark.skipif(not ocr.available(), reason=f"the OCR extra is not installed ({ocr.EXTRA})")


def _benchmark():
    spec = importlib.util.spec_from_file_location("ocr_benchmark", ROOT / "benchmarks" / "ocr.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def measured():
    """Every scan converted once per session (about 10 s a page): name -> ScanResult."""
    if not ocr.available():
        pytest.skip(f"the OCR extra is not installed ({ocr.EXTRA})")
    benchmark = _benchmark()
    return {scan.name: benchmark.measure_scan(scan) for scan in benchmark.SCANS}


SCAN_NAMES = ("001-shanxi-p1-3-scan.pdf", "r03-huaian-p1-3-scan.pdf", "000-guiyang-table-p1-scan.png")


@needs_ocr
@pytest.mark.parametrize("name", SCAN_NAMES)
def test_scan_text_is_the_text_pdfs_to_within_three_percent(measured, name):
    result = measured[name]
    assert len(result.reference.text) > 300
    assert result.cer <= 0.03, f"CER {result.cer:.3f}"


@needs_ocr
@pytest.mark.parametrize("name", SCAN_NAMES)
def test_scan_record_says_what_the_text_pdfs_record_says(measured, name):
    result = measured[name]
    for field in ("sections", "deadlines", "indicators"):
        f1 = result.f1[field]
        assert f1 is None or f1 >= 0.90, f"{field} F1 {f1:.2f}"
    # the figures above are about something: each scan's reference has sections or deadlines
    assert result.reference.sections or result.reference.deadlines


@needs_ocr
def test_table_image_gives_the_appendix_tasks_with_units_and_deadlines(measured):
    result = measured["000-guiyang-table-p1-scan.png"]
    assert len(result.reference.tasks) >= 2
    for field in ("tasks", "task_units", "task_deadlines"):
        assert result.f1[field] >= 0.90, f"{field} F1 {result.f1[field]:.2f}"
    first = result.record.tasks[0]
    assert first.number == "一"
    assert [u.text for u in first.lead_units] == ["修文县人民政府"]


@needs_ocr
@pytest.mark.parametrize("name", SCAN_NAMES)
def test_record_says_which_pages_were_read_by_ocr(measured, name):
    result = measured[name]
    source = result.record.source
    assert source.ocr_pages == list(range(1, len(result.scan.pages) + 1))
    assert 0.9 <= source.ocr_confidence <= 1
    assert any("read by OCR" in w for w in result.record.warnings)
    assert result.reference.source.ocr_pages is None
    assert all(s.page in source.ocr_pages for s in result.record.sections)


@needs_ocr
def test_a_pdf_with_one_scanned_page_has_only_that_page_read_by_ocr():
    import pypdfium2 as pdfium

    mixed = pdfium.PdfDocument.new()
    text_pdf = pdfium.PdfDocument(ROOT.parent / "shared" / "corpus" / "001-shanxi.pdf")
    scan = pdfium.PdfDocument(SCANS / "001-shanxi-p1-3-scan.pdf")
    mixed.import_pages(text_pdf, [3])
    mixed.import_pages(scan, [0])
    buffer = io.BytesIO()
    mixed.save(buffer)
    record = extract_bytes(buffer.getvalue(), "mixed.pdf", with_text=True)
    assert record.source.ocr_pages == [2]
    assert "山西省贯彻落实中央第二环境保护督察组督察反馈意见整改方案" in record.text
    text_page = regex.search(r"\p{Han}{12,}", text_pdf[3].get_textpage().get_text_range()).group()
    assert text_page in record.text


def test_without_the_extra_a_scan_gets_an_error_naming_it(monkeypatch):
    monkeypatch.setattr(ocr, "available", lambda: False)
    for name in ("001-shanxi-p1-3-scan.pdf", "000-guiyang-table-p1-scan.png"):
        with pytest.raises(ExtractionError) as error:
            load_bytes((SCANS / name).read_bytes(), name)
        assert error.value.type == "unsupported_format"
        assert "pip install 'zhenggai[ocr]'" in error.value.message


def test_a_low_mean_confidence_is_warned_about():
    warnings: list[str] = []
    reader = ocr.ScanReader(warnings)
    lines = [ocr.OcrLine("整改目标", 1, (0, 0, 40, 10), 0.95), ocr.OcrLine("到2020年底前", 1, (0, 20, 60, 30), 0.6)]
    reader.pages.append(ocr.OcrPage(1, [], [], lines, None))
    reader.finish()
    assert reader.confidence == pytest.approx((0.95 * 4 + 0.6 * 8) / 12, abs=1e-4)
    assert any("OCR confidence 0.72" in w for w in warnings)
    reader.pages[0].lines[1] = ocr.OcrLine("到2020年底前", 1, (0, 20, 60, 30), 0.97)
    warnings.clear()
    reader.finish()
    assert not any("confidence" in w for w in warnings)


def test_ocr_output_is_normalised_like_any_text():
    """OCR mixes full- and half-width forms and leaves spaces between CJK characters."""
    assert normalise_text("到 2020 年 底，ＰＭ２.５ 浓度下降 １５％；") == "到2020年底,PM2.5浓度下降15%;"
    assert normalise_text("（一）整 改 目 标：") == "(一)整改目标:"


# --- image files: sniffing, pages, turning, limits (no OCR needed) -------------------------


def _image_bytes(format: str, size=(60, 40), **save) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("L", size, 255).save(buffer, format, **save)
    return buffer.getvalue()


@pytest.mark.parametrize("format", ["PNG", "JPEG", "TIFF"])
def test_page_images_are_sniffed_from_their_bytes(format):
    assert sniff_container(_image_bytes(format), "scan.pdf") == "image"


def test_exif_orientation_turns_the_page_upright():
    from PIL import Image

    exif = Image.Exif()
    exif[image.EXIF_ORIENTATION] = 6  # stored sideways: turn 90 degrees
    data = _image_bytes("JPEG", size=(60, 40), exif=exif.tobytes())
    [(_, width, height, _)] = image._decode(data)
    assert (width, height) == (40, 60)
    [(jpeg, width, height, _)] = image._decode(_image_bytes("JPEG", size=(60, 40)))
    assert (width, height) == (60, 40)


def test_every_tiff_page_becomes_a_pdf_page_sized_from_its_resolution():
    import pypdfium2 as pdfium
    from PIL import Image

    frames = [Image.new("L", (400, 600), 255) for _ in range(3)]
    buffer = io.BytesIO()
    frames[0].save(buffer, "TIFF", save_all=True, append_images=frames[1:], dpi=(200, 200))
    pages = image._decode(buffer.getvalue())
    assert len(pages) == 3 and all(dpi == 200 for *_, dpi in pages)
    document = pdfium.PdfDocument(image._as_pdf(pages))
    assert len(document) == 3
    assert document[2].get_size() == pytest.approx((400 * 72 / 200, 600 * 72 / 200))


def test_a_transparent_image_lies_on_white():
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGBA", (30, 20), (0, 0, 0, 0)).save(buffer, "PNG")
    [(jpeg, *_)] = image._decode(buffer.getvalue())
    assert Image.open(io.BytesIO(jpeg)).getextrema()[0] > 240


def test_an_image_over_the_pixel_limit_is_too_large(monkeypatch):
    from PIL import Image

    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 1000)
    with pytest.raises(ExtractionError) as error:
        image.load(_image_bytes("PNG", size=(100, 100)))
    assert error.value.type == "too_large"


def test_a_damaged_image_is_corrupt():
    with pytest.raises(ExtractionError) as error:
        image.load(_image_bytes("PNG")[:40])
    assert error.value.type == "corrupt_file"


@pytest.mark.skipif(not ocr.available(), reason=f"the OCR extra is not installed ({ocr.EXTRA})")
def test_ruled_cells_are_found_with_merged_ones_whole():
    """A 3x3 grid whose top row is one merged cell, drawn a little thick and grey; a lone
    rule above it (a 版头 line) and a large 田-shaped character are no tables."""
    from PIL import Image, ImageDraw

    page = Image.new("L", (1600, 2200), 255)
    draw = ImageDraw.Draw(page)
    left, right, rows, columns = 200, 1400, [400, 500, 700, 900], [200, 600, 1000, 1400]
    for y in rows:
        draw.line([(left, y), (right, y)], fill=40, width=3)
    for x in columns:
        draw.line([(x, 500 if x not in (left, right) else 400), (x, 900)], fill=40, width=3)
    draw.line([(200, 250), (1400, 250)], fill=40, width=4)
    draw.rectangle([(300, 1200), (500, 1400)], outline=0, width=12)
    draw.line([(400, 1200), (400, 1400)], fill=0, width=12)
    draw.line([(300, 1300), (500, 1300)], fill=0, width=12)
    [cells] = ocr._find_tables(page, 200)
    assert len(cells) == 1 + 2 * 3
    widest = max(cells, key=lambda c: c[2] - c[0])
    assert widest[0] < 210 and widest[2] > 1390


@needs_ocr
def test_a_batch_worker_reports_each_ocr_page_before_the_record():
    """The per-file timeout restarts at each OCR'd page (extract/batch.py), so a long scan is
    bounded page by page: the worker says so once per page, then sends the record."""
    import multiprocessing

    from extract import batch

    context = multiprocessing.get_context("fork")
    parent, child = context.Pipe()
    worker = context.Process(target=batch._serve, args=(child, False, batch.DEFAULT_MAX_MEMORY_MB), daemon=True)
    worker.start()
    try:
        assert parent.recv() == batch.WORKER_READY
        parent.send((str(SCANS / "000-guiyang-table-p1-scan.png"), None))
        assert parent.recv() == batch.PAGE_READ
        record = parent.recv()
        assert record["source"]["ocr_pages"] == [1] and record["tasks"]
    finally:
        parent.send(None)
        worker.join(timeout=30)
        if worker.is_alive():
            worker.kill()
