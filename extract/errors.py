"""The one exception type the pipeline raises for a file it cannot read.

Every failure a user can act on becomes an ExtractionError with one of the
CONTRACT.md error types; the batch turns it into an error record and goes on.
"""

from __future__ import annotations

import typing

from schemas.record import ErrorType

ERROR_TYPES = typing.get_args(ErrorType)  # the CONTRACT.md list, defined once in schemas/


class ExtractionError(Exception):
    """A file could not be converted; `type` is a CONTRACT.md error type.

    `message` should say, in English and Chinese, what is wrong with the file
    and what the user can do about it.
    """

    def __init__(self, type: str, message: str):
        if type not in ERROR_TYPES:
            raise ValueError(f"unknown error type {type!r}")
        super().__init__(message)
        self.type = type
        self.message = message


class OutputError(Exception):
    """An output cannot be written (a read-only or full disk, a file where a folder should be):
    the run stops, keeping what it wrote, and the command exits 3. The message is one line
    saying which output and why."""
