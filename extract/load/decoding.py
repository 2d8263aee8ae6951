"""Decode text whose encoding nobody declared: UTF-8 (with or without BOM),
GBK/GB18030, Big5 and UTF-16, as Chinese government files come.

Shared by the text and HTML loaders. GBK and GB2312 are read as GB18030,
their superset, so rare characters in names still decode.
"""

from __future__ import annotations

import codecs
from typing import Optional

import regex

from extract.errors import ExtractionError

_CHINESE_SUPERSET = {"gbk": "gb18030", "gb2312": "gb18030", "cp936": "gb18030", "hz": "gb18030"}


def decode_text(data: bytes, declared: Optional[str] = None) -> tuple[str, str]:
    """Return (text, encoding name). Raise ExtractionError('encoding') when no encoding fits."""
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith(codecs.BOM_UTF16_LE) or data.startswith(codecs.BOM_UTF16_BE):
        return data.decode("utf-16", errors="replace"), "utf-16"
    if declared:
        encoding = _canonical(declared)
        if encoding:
            try:
                return data.decode(encoding), encoding
            except (UnicodeDecodeError, LookupError):
                pass
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        if _mostly_utf8(data):
            # a stray byte or a character cut off at the end in an otherwise UTF-8 file:
            # keep the text, with U+FFFD where the bytes were bad
            return data.decode("utf-8", errors="replace"), "utf-8"
    utf16 = utf16_without_bom(data)
    if utf16:
        return data.decode(utf16, errors="replace"), utf16
    decoded = []
    for encoding in LEGACY_CHINESE:
        try:
            decoded.append((data.decode(encoding), encoding))
        except UnicodeDecodeError:
            pass
    if decoded:
        # GB18030 decodes most Big5 bytes too, into private-use and symbol soup: keep the
        # reading with the fewest characters a Chinese document would not contain
        return min(decoded, key=lambda pair: _implausible(pair[0]))
    guess = _detect(data)
    if guess:
        return data.decode(guess, errors="replace"), guess
    raise ExtractionError(
        "encoding",
        "the text is in no encoding zhenggai recognises (UTF-8, GBK/GB18030, Big5, UTF-16); "
        "save it as UTF-8 and try again. / 无法识别文本编码,请另存为 UTF-8 后重试。",
    )


LEGACY_CHINESE = ("gb18030", "big5")
CJK = regex.compile(r"[\u4e00-\u9fff]")
PLAUSIBLE = regex.compile(r"[\x09\x0a\x0d\x20-\x7e\u4e00-\u9fff\u3000-\u303f\uff00-\uffef\u2010-\u206f\u00b7]")


def _implausible(text: str) -> int:
    sample = text[:20000]
    return len(sample) - len(PLAUSIBLE.findall(sample))


def _mostly_utf8(data: bytes) -> bool:
    """True when all but a few bytes (at most 1 in 1000) decode as UTF-8, and some are multi-byte."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    return bad <= max(1, len(data) // 1000) and any(ord(ch) > 0x7F and ch != "\ufffd" for ch in text[:20000])


def _canonical(name: str) -> Optional[str]:
    try:
        codec = codecs.lookup(name.strip().strip("'\"").lower()).name
    except LookupError:
        return None
    return _CHINESE_SUPERSET.get(codec, codec)


def utf16_without_bom(data: bytes) -> Optional[str]:
    """utf-16-le or utf-16-be when the bytes read as UTF-16 text without a byte-order mark.

    Mostly-ASCII UTF-16 shows every other byte NUL; Chinese UTF-16 has hardly any NULs,
    so it is told by decoding a sample both ways: one reading is CJK text, the other (and
    GBK or UTF-8 bytes read as UTF-16) is scattered over Hangul, symbols and private use.
    """
    sample = data[:4096]
    sample = sample[: len(sample) // 2 * 2]
    if len(sample) < 4:
        return None
    evens, odds = sample[0::2], sample[1::2]
    if odds.count(0) > 0.3 * len(odds) and evens.count(0) < 0.05 * len(evens):
        return "utf-16-le"
    if evens.count(0) > 0.3 * len(evens) and odds.count(0) < 0.05 * len(odds):
        return "utf-16-be"
    for encoding in ("utf-16-le", "utf-16-be"):
        text = sample.decode(encoding, errors="replace")
        if len(CJK.findall(text)) >= 0.3 * len(text) and _implausible(text) <= 0.05 * len(text):
            return encoding
    return None


def _detect(data: bytes) -> Optional[str]:
    from charset_normalizer import from_bytes

    best = from_bytes(data[: 1 << 20]).best()
    if best is None:
        return None
    encoding = _canonical(best.encoding) or best.encoding
    if encoding.startswith(("utf-16", "utf-32", "utf_16", "utf_32")):
        return None  # random high bytes pass for UTF-16 without the NUL pattern real UTF-16 has
    return encoding
