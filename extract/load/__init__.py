"""Loaders: one module per format, each turning bytes into the shared block model.

The format is sniffed from the bytes (extract/load/sniff.py), never trusted from the
file name: a `.doc` that is really HTML, RTF, MHT or DOCX (common on government
sites) is read as what it is.

Adding a format is one new module implementing `Loader` (a module-level
`load(data: bytes) -> LoadedDocument`) and one line in FORMATS, keyed by the container
name sniff.SIGNATURES gives its bytes (page images already sniff as "image": a loader
for them is one line here, and sniff.UNREAD's row then goes unused). Loader modules are imported lazily, so
start-up stays cheap.

Whatever a loader meets, `load_bytes` raises nothing but ExtractionError: a file
nested too deeply for Python's stack is `corrupt_file`, one that exhausts memory
`too_large`. Each loader also bounds its own work (sizes, counts, nesting) so that
a small file cannot need much memory or time; docs/formats.md lists the limits.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Protocol

from extract.blocks import LoadedDocument
from extract.errors import ExtractionError
from extract.load.sniff import describe_unread, sniff_container


class Loader(Protocol):
    """What a format module provides: its bytes as blocks, or an ExtractionError."""

    def load(self, data: bytes) -> LoadedDocument: ...


@dataclass(frozen=True)
class Format:
    """A container zhenggai reads: the module that loads it, what the record calls it, and
    the file names it usually has (a name that does not fit gets a warning)."""

    module: str
    record_format: str
    extensions: frozenset[str]


def _format(module: str, record_format: str, extensions: str) -> Format:
    return Format(module, record_format, frozenset(extensions.split()))


# container sniffed from the bytes -> how it is read
FORMATS: dict[str, Format] = {
    "pdf": _format("extract.load.pdf", "pdf", ".pdf"),
    "docx": _format("extract.load.docx", "docx", ".docx .docm .dotx .wps"),
    "ofd": _format("extract.load.ofd", "ofd", ".ofd"),
    "doc": _format("extract.load.doc", "doc", ".doc .wps .dot"),
    "image": _format("extract.load.image", "image", ".png .jpg .jpeg .tif .tiff"),
    "rtf": _format("extract.load.rtf", "doc", ".rtf"),
    "mht": _format("extract.load.mht", "html", ".mht .mhtml"),
    "html": _format("extract.load.html", "html", ".html .htm .shtml .xhtml .jsp .asp .aspx .php"),
    "txt": _format("extract.load.text", "txt", ".txt .text"),
}

READ_EXTENSIONS: frozenset[str] = frozenset().union(*(f.extensions for f in FORMATS.values()))
"""Every file name ending a folder walk should pick up."""
MAX_INPUT_BYTES = 256 * 1024 * 1024


def load_bytes(data: bytes, name: str = "") -> LoadedDocument:
    """Sniff the container and run its loader; raise ExtractionError when it cannot be read."""
    label = name or "input"
    if not data:
        raise ExtractionError(
            "empty_file", f"{label}: the file is empty (0 bytes); download it again. / 文件为空,请重新下载。"
        )
    if len(data) > MAX_INPUT_BYTES:
        raise ExtractionError(
            "too_large", f"{label}: {len(data)} bytes is over the {MAX_INPUT_BYTES} byte limit. / 文件过大。"
        )
    container = sniff_container(data, name)
    if container not in FORMATS:
        raise ExtractionError(
            "unsupported_format",
            f"{label}: {describe_unread(container)}. / 不支持的文件格式。",
        )
    document = _run_loader(FORMATS[container], data, label)
    document.format = FORMATS[container].record_format
    if container in ("rtf", "mht") or (name and not _name_fits(name, container)):
        document.warnings.append(f"the file's content is {container.upper()}, whatever its name says")
    return document


def _run_loader(entry: Format, data: bytes, label: str) -> LoadedDocument:
    loader: Loader = importlib.import_module(entry.module)
    try:
        return loader.load(data)
    except RecursionError as exc:
        raise ExtractionError(
            "corrupt_file",
            f"{label}: its structure is nested too deeply to read (a damaged or hostile file). "
            "/ 文件结构嵌套过深,可能已损坏。",
        ) from exc
    except MemoryError as exc:
        raise ExtractionError(
            "too_large", f"{label}: reading it needs more memory than is available. / 文件过大,内存不足。"
        ) from exc


def _name_fits(name: str, container: str) -> bool:
    suffix = name[name.rfind(".") :].lower() if "." in name else ""
    return suffix in FORMATS[container].extensions or (container == "txt" and not suffix)
