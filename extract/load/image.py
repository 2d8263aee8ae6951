"""Page images given directly (PNG, JPEG, TIFF with any number of pages): read by OCR.

Each image (each TIFF frame) is turned upright as its EXIF orientation says and becomes one
page of an image-only PDF, sized from the image's resolution, which the PDF loader then
reads as a scan: so a photo or scan of a page is laid out (lines, paragraphs, ruled tables,
running heads) by exactly the code that lays out a scanned PDF page.

Images are hostile input like any other: Pillow's own limit (Image.MAX_IMAGE_PIXELS) bounds
each page, MAX_PAGES bounds a TIFF, and only the three formats are decoded.
"""

from __future__ import annotations

import io
import warnings

from extract.blocks import LoadedDocument
from extract.errors import ExtractionError
from extract.load import ocr, pdf

FORMATS = ("PNG", "JPEG", "TIFF")
MAX_PAGES = 1000
"""Frames read from one TIFF; each becomes a page of about 10 s of OCR."""
PLAUSIBLE_DPI = (100, 1200)
"""A resolution outside this range is a default written by software, not the scan's."""
A4_LONG_SIDE_INCHES = 11.69
"""Without a plausible resolution an image is taken for an A4 page (its long side)."""
EXIF_ORIENTATION = 0x0112
JPEG_QUALITY = 92
"""Frames that are not JPEG already are stored at this quality: no loss that changes a reading."""


def load(data: bytes) -> LoadedDocument:
    pages = _decode(data)
    if not ocr.available():
        raise ocr.missing_extra_error("an image (PNG, JPEG, TIFF)")
    document = pdf.load(_as_pdf(pages))
    document.format = "image"
    return document


def _decode(data: bytes) -> list[tuple[bytes, int, int, float]]:
    """Each page as (JPEG bytes, width, height, resolution in dpi), upright."""
    from PIL import Image, UnidentifiedImageError

    pages = []
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=FORMATS) as image:
                frames = getattr(image, "n_frames", 1)
                if frames > MAX_PAGES:
                    raise ExtractionError(
                        "too_large",
                        f"the image file holds {frames} pages, over the {MAX_PAGES} page limit; split it. "
                        "/ 图像文件页数过多,请拆分后再处理。",
                    )
                for frame in range(frames):
                    image.seek(frame)
                    _check_size(image)
                    pages.append(_page(image, data if image.format == "JPEG" else None))
    except ExtractionError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise ExtractionError(
            "too_large",
            f"the image is too large to read safely ({exc}). / 图像尺寸过大,无法安全读取。",
        ) from exc
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, EOFError) as exc:
        raise ExtractionError(
            "corrupt_file",
            f"the image is damaged or truncated ({exc}); download it again. / 图像文件已损坏或不完整,请重新下载。",
        ) from exc
    return pages


def _check_size(image) -> None:
    from PIL import Image

    width, height = image.size
    if Image.MAX_IMAGE_PIXELS and width * height > Image.MAX_IMAGE_PIXELS:
        raise ExtractionError(
            "too_large",
            f"a page image of {width}x{height} pixels is over the {Image.MAX_IMAGE_PIXELS} pixel limit. "
            "/ 图像像素过多,无法安全读取。",
        )


def _page(image, original_jpeg) -> tuple[bytes, int, int, float]:
    """One frame as JPEG bytes: a JPEG's own bytes where it needs no turning, else re-encoded."""
    from PIL import ImageOps

    dpi = _resolution(image)
    turned = image.getexif().get(EXIF_ORIENTATION, 1) != 1
    if original_jpeg is not None and not turned and image.mode in ("L", "RGB"):
        return original_jpeg, image.width, image.height, dpi
    upright = ImageOps.exif_transpose(image) if turned else image
    buffer = io.BytesIO()
    _on_white(upright).convert("L").save(buffer, "JPEG", quality=JPEG_QUALITY)
    return buffer.getvalue(), upright.width, upright.height, dpi


def _on_white(image):
    """A transparent image laid on white paper (its clear pixels are often stored black)."""
    from PIL import Image

    if image.mode not in ("RGBA", "LA", "PA") and "transparency" not in image.info:
        return image
    rgba = image.convert("RGBA")
    paper = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
    paper.alpha_composite(rgba)
    return paper


def _resolution(image) -> float:
    dpi = image.info.get("dpi")
    try:
        value = float(dpi[0]) if dpi else 0.0
    except (TypeError, ValueError, IndexError):
        value = 0.0
    if PLAUSIBLE_DPI[0] <= value <= PLAUSIBLE_DPI[1]:
        return value
    return max(image.size) / A4_LONG_SIDE_INCHES


def _as_pdf(pages: list[tuple[bytes, int, int, float]]) -> bytes:
    """An image-only PDF, one page per image, each page the image's size at its resolution."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument.new()
    try:
        for jpeg, width, height, dpi in pages:
            page_width, page_height = width * 72 / dpi, height * 72 / dpi
            page = document.new_page(page_width, page_height)
            picture = pdfium.PdfImage.new(document)
            picture.load_jpeg(io.BytesIO(jpeg), inline=True)
            picture.set_matrix(pdfium.PdfMatrix().scale(page_width, page_height))
            page.insert_obj(picture)
            page.gen_content()
            page.close()
        buffer = io.BytesIO()
        document.save(buffer)
        return buffer.getvalue()
    finally:
        document.close()
