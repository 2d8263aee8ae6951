"""Word fields as a reader sees them, shared by the DOCX and DOC readers.

A field is begin, code, separate, result, end; a reader sees the result and never the
code. Fields nest (a result may hold another field, whose code is hidden again), so the
reader keeps a stack of open fields and a count of those still in their code: the text
shows while that count is zero. Both stay O(1) per mark, so a file of 150,000 nested
fields costs linear time (a check over the whole stack per character once made it
quadratic).
"""

from __future__ import annotations


class FieldNesting:
    """Open fields in the text read so far, and whether text at this point shows."""

    def __init__(self) -> None:
        self._in_result: list[bool] = []
        self._in_code = 0

    @property
    def showing(self) -> bool:
        return self._in_code == 0

    def begin(self) -> None:
        self._in_result.append(False)
        self._in_code += 1

    def separate(self) -> None:
        if self._in_result and not self._in_result[-1]:
            self._in_result[-1] = True
            self._in_code -= 1

    def end(self) -> None:
        if self._in_result and not self._in_result.pop():
            self._in_code -= 1
