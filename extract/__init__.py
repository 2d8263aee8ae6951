"""zhenggai: Chinese rectification plans (整改方案) to structured, verifiable JSON records.

Python API:
    extract_file(path)            -> schemas.DocumentRecord
    extract_bytes(data, name)     -> schemas.DocumentRecord
Both raise extract.errors.ExtractionError (with a CONTRACT.md error type) for a
file that cannot be read.
"""

__version__ = "0.1.0"

__all__ = ["ExtractionError", "__version__", "extract_bytes", "extract_file"]


def __getattr__(name):
    # imported lazily so that `zhenggai --version` and `import extract` stay instant
    if name in ("extract_file", "extract_bytes"):
        from extract import pipeline

        return getattr(pipeline, name)
    if name == "ExtractionError":
        from extract.errors import ExtractionError

        return ExtractionError
    raise AttributeError(name)
