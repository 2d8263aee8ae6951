"""Plain-text plans: detect the encoding from the bytes, one paragraph per line."""

from __future__ import annotations

from extract.blocks import LoadedDocument, Paragraph
from extract.load.decoding import decode_text


def load(data: bytes) -> LoadedDocument:
    text, encoding = decode_text(data)
    blocks = []
    offset = 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        if body.strip():
            blocks.append(Paragraph(body, None, offset))
        offset += len(line)
    warnings = []
    if "\ufffd" in text:
        warnings.append(f"{text.count(chr(0xFFFD))} bytes are not valid {encoding}; shown as U+FFFD")
    return LoadedDocument(format="txt", blocks=blocks, encoding=encoding, warnings=warnings)
