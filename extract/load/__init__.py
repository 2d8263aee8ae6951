"""Loaders: one module per format, each turning bytes into the shared block model.

The format is sniffed from the bytes, never trusted from the file name: a
`.doc` that is really HTML, RTF, MHT or DOCX (common on government sites) is
read as what it is. Adding a format means one new module and one line in
LOADERS. Loader modules are imported lazily so that start-up stays cheap.
"""

from __future__ import annotations

import importlib

from extract.blocks import LoadedDocument
from extract.errors import ExtractionError
from extract.load.sniff import sniff_container

# container sniffed from the bytes -> (module, the record's source.format)
LOADERS: dict[str, tuple[str, str]] = {
    "pdf": ("extract.load.pdf", "pdf"),
    "docx": ("extract.load.docx", "docx"),
    "ofd": ("extract.load.ofd", "ofd"),
    "doc": ("extract.load.doc", "doc"),
    "image": ("extract.load.image", "image"),
    "rtf": ("extract.load.rtf", "doc"),
    "mht": ("extract.load.mht", "html"),
    "html": ("extract.load.html", "html"),
    "txt": ("extract.load.text", "txt"),
}

MAX_INPUT_BYTES = 256 * 1024 * 1024


def load_bytes(data: bytes, name: str = "") -> LoadedDocument:
    """Sniff the container and run its loader; raise ExtractionError when it cannot be read."""
    if not data:
        raise ExtractionError(
            "empty_file",
            f"{name or 'input'}: the file is empty (0 bytes); download it again. / 文件为空,请重新下载。",
        )
    if len(data) > MAX_INPUT_BYTES:
        raise ExtractionError(
            "too_large",
            f"{name or 'input'}: {len(data)} bytes is over the {MAX_INPUT_BYTES} byte limit. / 文件过大。",
        )
    container = sniff_container(data, name)
    module_name, record_format = LOADERS[container]
    module = importlib.import_module(module_name)
    document = module.load(data)
    document.format = record_format
    if container in ("rtf", "mht") or (name and not _name_fits(name, container)):
        document.warnings.append(f"the file's content is {container.upper()}, whatever its name says")
    return document


_EXTENSIONS = {
    "pdf": {".pdf"},
    "docx": {".docx", ".docm", ".wps"},
    "ofd": {".ofd"},
    "doc": {".doc", ".wps", ".dot"},
    "image": {".png", ".jpg", ".jpeg", ".tif", ".tiff"},
    "rtf": {".rtf"},
    "mht": {".mht", ".mhtml"},
    "html": {".html", ".htm", ".shtml", ".xhtml", ".jsp", ".asp", ".aspx", ".php"},
    "txt": {".txt", ".text", ""},
}


def _name_fits(name: str, container: str) -> bool:
    suffix = name[name.rfind(".") :].lower() if "." in name else ""
    return suffix in _EXTENSIONS[container]
