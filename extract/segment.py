"""Word boundaries for the rules that need them (a heading's title running into its body,
indicator names), from jieba with a user dictionary of government terms.

jieba loads its whole dictionary (half a million entries, about 0.6 s) before the
first word is cut, which would dominate a one-page plan. zhenggai keeps the same
dictionary split by first character in a cache file and hands jieba a table that
loads each part when a word starting with that character is first looked up, so
a short document loads a few hundred parts and a long one, in the end, all of
them. The words and frequencies are jieba's own: segmentation is unchanged.
"""

from __future__ import annotations

import functools
import importlib.resources
import logging
import marshal
import os
import tempfile
from pathlib import Path
from typing import Optional

USER_DICTIONARY = "jieba_user_dict.txt"
CACHE_FORMAT = 1


class ShardedFrequencies:
    """jieba's prefix-frequency table (word -> count, 0 for a mere prefix), split by the
    first character; the part for a character is unmarshalled on first use."""

    def __init__(self, shards: dict[str, bytes]):
        self._shards = shards
        self._parts: dict[str, dict[str, int]] = {}

    def _part(self, first: str) -> dict[str, int]:
        part = self._parts.get(first)
        if part is None:
            blob = self._shards.get(first)
            part = self._parts[first] = marshal.loads(blob) if blob else {}
        return part

    def __contains__(self, word: str) -> bool:
        return bool(word) and word in self._part(word[0])

    def __getitem__(self, word: str) -> int:
        return self._part(word[0])[word]

    def get(self, word: str, default: Optional[int] = None) -> Optional[int]:
        return self._part(word[0]).get(word, default) if word else default

    def __setitem__(self, word: str, frequency: int) -> None:
        self._part(word[0])[word] = frequency


@functools.lru_cache(maxsize=1)
def tokenizer():
    """The process's one jieba tokenizer, with the user dictionary loaded."""
    import jieba  # imported here: importing jieba alone costs ~90 ms of start-up

    jieba.setLogLevel(logging.WARNING)
    instance = jieba.Tokenizer()
    total, shards = _sharded_dictionary(instance)
    instance.FREQ = ShardedFrequencies(shards)
    instance.total = total
    instance.initialized = True
    path = importlib.resources.files("extract") / "data" / USER_DICTIONARY
    if path.is_file():
        with path.open("rb") as handle:
            instance.load_userdict(handle)
    return instance


def _sharded_dictionary(instance) -> tuple[int, dict[str, bytes]]:
    """jieba's dictionary as (total, {first character: marshalled part}), from the cache file,
    built from jieba's dict.txt (about a second) when the cache is missing or unreadable."""
    import jieba

    cache = _cache_path(jieba.__version__)
    try:
        stored = marshal.loads(cache.read_bytes())
        if stored.get("format") == CACHE_FORMAT:
            return stored["total"], stored["shards"]
    except (OSError, ValueError, EOFError, TypeError, AttributeError):
        pass
    frequencies, total = instance.gen_pfdict(instance.get_dict_file())
    parts: dict[str, dict[str, int]] = {}
    for word, frequency in frequencies.items():
        parts.setdefault(word[0], {})[word] = frequency
    shards = {first: marshal.dumps(part) for first, part in parts.items()}
    _write_cache(cache, marshal.dumps({"format": CACHE_FORMAT, "total": total, "shards": shards}))
    return total, shards


def _cache_path(version: str) -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    folder = Path(base) / "zhenggai"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        folder = Path(tempfile.gettempdir())
    return folder / f"jieba-{version}-sharded.marshal"


def _write_cache(cache: Path, data: bytes) -> None:
    """Atomic, so that parallel workers never read half a cache; a read-only disk is no error."""
    try:
        handle, temp = tempfile.mkstemp(dir=cache.parent, prefix=cache.name, suffix=".tmp")
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temp, cache)
    except OSError:
        pass


def words(text: str) -> list[str]:
    """jieba's words of text (precise mode, no HMM guessing of unknown words)."""
    return tokenizer().lcut(text, HMM=False)


def word_starts(text: str) -> set[int]:
    """Offsets in text where a word begins."""
    starts, offset = set(), 0
    for word in words(text):
        starts.add(offset)
        offset += len(word)
    return starts
