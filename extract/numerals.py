"""Chinese numerals to numbers: 十二 -> 12, 二〇二〇 -> 2020, 两 -> 2, 1.5万 stays the caller's.

Shared by the outline (一、 二十一、), deadlines (二〇二〇年十二月) and indicators (十大); it sits
outside fields/ so that the outline, a stage before the fields, need not import from them.
"""

from __future__ import annotations

from typing import Optional

DIGITS = {
    "〇": 0, "零": 0, "○": 0, "Ｏ": 0, "O": 0,
    "一": 1, "壹": 1, "幺": 1,
    "二": 2, "贰": 2, "两": 2, "兩": 2,
    "三": 3, "叁": 3,
    "四": 4, "肆": 4,
    "五": 5, "伍": 5,
    "六": 6, "陆": 6, "陸": 6,
    "七": 7, "柒": 7,
    "八": 8, "捌": 8,
    "九": 9, "玖": 9,
}
MULTIPLIERS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
LARGE = {"万": 10_000, "萬": 10_000, "亿": 100_000_000, "億": 100_000_000}
NUMERAL_CHARS = "".join(DIGITS) + "".join(MULTIPLIERS) + "".join(LARGE)

# a year as plans write it, in digits (2017) or digit by digit in Chinese (二〇一七): the one
# year pattern of deadlines and indicators
_CN_DIGITS = "〇零○O一二三四五六七八九"
YEAR_PATTERN = (
    rf"(?:(?<!\d)(?:19|20)\d{{2}}(?!\d)|(?<![{_CN_DIGITS}十])[一二][{_CN_DIGITS}]{{3}}(?![{_CN_DIGITS}十]))"
)


def chinese_to_int(text: str) -> Optional[int]:
    """Value of a Chinese numeral, or None if `text` is not one.

    Handles positional (十二, 一百零五, 两万三千) and digit-by-digit (二〇二〇) forms.
    Arabic digits are accepted too, so mixed input from OCR (1十) does not crash.
    """
    text = text.strip()
    if not text:
        return None
    if text.isdigit():
        return int(text)
    if all(ch in DIGITS for ch in text):
        if len(text) == 1:
            return DIGITS[text]
        return int("".join(str(DIGITS[ch]) for ch in text))
    total, section, current = 0, 0, None
    for ch in text:
        if ch in DIGITS:
            current = DIGITS[ch]
        elif ch.isdigit() and ch.isascii():
            current = (current or 0) * 10 + int(ch)
        elif ch in MULTIPLIERS:
            section += (1 if current is None else current) * MULTIPLIERS[ch]
            current = None
        elif ch in LARGE:
            section += current or 0
            total += (section or 1) * LARGE[ch]
            section, current = 0, None
        else:
            return None
    return total + section + (current or 0)
