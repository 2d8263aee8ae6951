"""Importing this module loads jieba's dictionary.

The batch runner's fork server preloads it, so every worker forks with the
dictionary already in memory (shared copy-on-write) instead of spending about a
second loading its own.
"""

from extract.segment import tokenizer

tokenizer()
