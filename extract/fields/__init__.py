"""Field rules: each module reads one kind of value from the normalised text."""


def trim_span(text: str, start: int, end: int, chars: str) -> tuple[int, int]:
    """The span [start, end) with any of `chars` cut from both ends: values keep offsets
    into the text, so they are trimmed as spans, not as strings."""
    while start < end and text[start] in chars:
        start += 1
    while end > start and text[end - 1] in chars:
        end -= 1
    return start, end
