"""Word boundaries for the rules that need them (a heading's title running into its body,
indicator names), from jieba with a user dictionary of government terms.

jieba's dictionary takes about a second to load, so it is initialised lazily,
once per process, at the first call.
"""

from __future__ import annotations

import functools
import importlib.resources
import logging

USER_DICTIONARY = "jieba_user_dict.txt"


@functools.lru_cache(maxsize=1)
def tokenizer():
    """The process's one jieba tokenizer, with the user dictionary loaded."""
    import jieba  # imported here: importing jieba alone costs ~90 ms of start-up

    jieba.setLogLevel(logging.WARNING)
    instance = jieba.Tokenizer()
    instance.initialize()
    path = importlib.resources.files("extract") / "data" / USER_DICTIONARY
    if path.is_file():
        with path.open("rb") as handle:
            instance.load_userdict(handle)
    return instance


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
