"""RTF, which government sites often serve under a .doc name.

A single forward pass over the bytes with an explicit group stack: no
recursion, so hostile nesting costs memory bounded by MAX_GROUP_DEPTH, and
every token is matched by a pattern with bounded repetitions, so the pass is
linear. Text bytes (plain and \\'hh escapes) are collected and decoded together
in the code page in force — the font's charset (\\fcharset134 -> GBK) or else
\\ansicpg — so a two-byte GBK character split over two escapes decodes whole.
\\uN escapes give Unicode directly and skip the \\ucN fallback characters after
them. Destinations a reader does not see (font and colour tables, styles,
document info, pictures, headers and footers, field instructions) are skipped;
list numbers that RTF writes out (\\listtext, \\pntext) are kept. Tables are
\\cell and \\row marks; the row's \\cellx edges and \\clvmgf/\\clvmrg/\\clmrg
merge flags place the cells on a column grid (see doc.BlockBuilder).
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass, replace
from typing import Optional

import regex

from extract.blocks import LoadedDocument
from extract.load.doc import BlockBuilder, CellLayout

MAX_GROUP_DEPTH = 512
"""Deeper groups are read as part of the deepest tracked one."""

TOKEN = regex.compile(
    rb"\\([a-zA-Z]{1,32})(-?[0-9]{1,10})?[ ]?"  # control word with optional parameter
    rb"|\\'([0-9a-fA-F]{2})"  # one byte in the current code page
    rb"|\\([^a-zA-Z'])"  # control symbol
    rb"|([{}])"
    rb"|([^\\{}\r\n]{1,65536})"  # plain text
    rb"|[\r\n]{1,65536}"  # line ends in the file are not text
    rb"|\\",  # a backslash at the very end
    regex.DOTALL,
)

SKIPPED_DESTINATIONS = frozenset(
    "fonttbl colortbl stylesheet info pict object objdata header headerl headerr headerf footer "
    "footerl footerr footerf footnote annotation atnid atnauthor fldinst xe tc txe bkmkstart "
    "bkmkend themedata colorschememapping datastore latentstyles listtable listoverridetable "
    "rsidtbl generator xmlnstbl mmathPr pgdsctbl revtbl filetbl nonshppict userprops docvar "
    "template private comment pn title author subject keywords operator doccomm".split()
)
META_DESTINATIONS = {"title": "title", "author": "author"}
"""Destinations inside \\info whose text goes to page_meta."""

PARAGRAPH_BREAKS = frozenset({"par", "sect", "page"})
LINE_BREAKS = frozenset({"line", "column", "nestcell", "nestrow"})
"""Nested table cells are flattened into lines of the outer cell."""
CHARACTERS = {
    "tab": "\t",
    "emdash": "\u2014",
    "endash": "\u2013",
    "emspace": "\u2003",
    "enspace": "\u2002",
    "qmspace": "\u2005",
    "bullet": "\u2022",
    "lquote": "\u2018",
    "rquote": "\u2019",
    "ldblquote": "\u201c",
    "rdblquote": "\u201d",
}
CELL_MERGES = {"clvmgf": ("restart", False), "clvmrg": ("continue", False), "clmrg": ("", True)}
"""Cell properties before a \\cellx: first or continued vertical merge, continued horizontal merge."""
SYMBOLS = {b"\\": "\\", b"{": "{", b"}": "}", b"~": "\u00a0", b"_": "-", b"-": "", b"\n": "\n", b"\r": "\n"}

FONT_CHARSET_CODECS = {
    128: "cp932",
    129: "cp949",
    134: "gb18030",  # GB2312; GB18030 is its superset
    136: "big5",
    161: "cp1253",
    162: "cp1254",
    177: "cp1255",
    178: "cp1256",
    186: "cp1257",
    204: "cp1251",
    222: "cp874",
    238: "cp1250",
    255: "cp437",
}
CODEPAGE_CODECS = {936: "gb18030", 54936: "gb18030", 950: "big5", 65001: "utf-8"}
DEFAULT_CODEC = "cp1252"


@dataclass(frozen=True)
class GroupState:
    skip: bool = False
    uc: int = 1
    font: Optional[int] = None
    in_table: bool = False
    """\\intbl: paragraph properties are group-scoped, so a \\pard inside \\listtext does not
    take the paragraph out of its table cell."""
    destination: str = ""
    """The control word that opened the group, if it named a destination we treat specially."""


def _codec_for_codepage(codepage: int) -> str:
    name = CODEPAGE_CODECS.get(codepage, f"cp{codepage}")
    try:
        codecs.lookup(name)
    except LookupError:
        return DEFAULT_CODEC
    return name


class RtfReader:
    """One pass over the RTF bytes, building blocks and page metadata."""

    def __init__(self):
        self.builder = BlockBuilder()
        self.codec = DEFAULT_CODEC
        self.font_codecs: dict[int, str] = {}
        self.default_font: Optional[int] = None
        self.meta: dict[str, str] = {}
        self._stack: list[GroupState] = []
        self._overflow = 0  # groups opened past MAX_GROUP_DEPTH
        self._state = GroupState()
        self._group_start = False  # the next control word is the first in its group
        self._ignorable = False  # \* was seen: the group is a destination we may not know
        self._pending = bytearray()
        self._text: list[str] = []
        self._meta_text: list[str] = []
        self._fallback_left = 0  # \uN fallback characters still to skip
        self._font_being_defined: Optional[int] = None
        self._row_layout: list[CellLayout] = []  # cells defined by \\cellx since \\trowd
        self._row_left = 0
        self._cell_merge = ("", False)

    def read(self, data: bytes) -> None:
        position = 0
        while position < len(data):
            position = self._read_tokens(data, position)
        self._flush()
        self.builder.paragraph(self._take_text(), self._state.in_table)

    def _read_tokens(self, data: bytes, start: int) -> int:
        """Handle tokens from `start` on; return where reading resumes after a \\bin skip, or the end."""
        for match in TOKEN.finditer(data, start):
            word, hex_byte, symbol, brace, text = match.group(1, 3, 4, 5, 6)
            if hex_byte is not None:
                self._byte(int(hex_byte, 16))
            elif text is not None:
                self._plain(text)
            elif word is not None:
                parameter = match.group(2)
                if word == b"bin" and parameter:
                    self._flush()
                    return match.end() + max(int(parameter), 0)  # raw binary data: not text
                self._control_word(word.decode("ascii"), int(parameter) if parameter else None)
            elif symbol is not None:
                self._symbol(symbol)
            elif brace == b"{":
                self._open_group()
            elif brace == b"}":
                self._close_group()
        return len(data)

    # --- groups -----------------------------------------------------------------------

    def _open_group(self) -> None:
        self._flush()
        self._fallback_left = 0
        if len(self._stack) >= MAX_GROUP_DEPTH:
            self._overflow += 1
            return
        self._stack.append(self._state)
        self._group_start = True
        self._ignorable = False

    def _close_group(self) -> None:
        self._flush()
        self._fallback_left = 0
        self._group_start = False
        if self._overflow:
            self._overflow -= 1
            return
        if not self._stack:
            return
        closing = self._state
        self._state = self._stack.pop()
        leaves_meta = self._state.destination != closing.destination
        if closing.destination in META_DESTINATIONS and leaves_meta and self._meta_text:
            value = _pair_surrogates("".join(self._meta_text)).strip()
            if value:
                self.meta[META_DESTINATIONS[closing.destination]] = value
            self._meta_text = []

    # --- tokens -------------------------------------------------------------------------

    def _control_word(self, word: str, parameter: Optional[int]) -> None:
        first_in_group = self._group_start
        self._group_start = False
        if word == "u" and parameter is not None:
            self._flush()
            self._emit(chr(parameter % 0x10000))
            self._fallback_left = self._state.uc
            return
        self._flush()
        self._fallback_left = 0
        if first_in_group and (self._ignorable or word in SKIPPED_DESTINATIONS):
            self._state = replace(self._state, skip=True, destination=word)
        if word == "uc" and parameter is not None:
            self._state = replace(self._state, uc=max(parameter, 0))
        elif word == "ansicpg" and parameter is not None:
            self.codec = _codec_for_codepage(parameter)
        elif word == "deff":
            self.default_font = parameter
        elif word == "f" and parameter is not None:
            if self._state.destination == "fonttbl":
                self._font_being_defined = parameter
            else:
                self._state = replace(self._state, font=parameter)
        elif word == "fcharset" and parameter is not None and self._font_being_defined is not None:
            codec = FONT_CHARSET_CODECS.get(parameter)
            if codec:
                self.font_codecs[self._font_being_defined] = codec
        elif self._state.skip:
            return
        elif word in PARAGRAPH_BREAKS:
            self.builder.paragraph(self._take_text(), self._state.in_table)
        elif word in LINE_BREAKS:
            self._text.append("\n")
        elif word == "cell":
            self.builder.cell_end(self._take_text())
        elif word == "row":
            self._take_text()
            self.builder.row_end(tuple(self._row_layout) or None)
        elif word == "trowd":
            self._row_layout, self._row_left, self._cell_merge = [], 0, ("", False)
        elif word == "trleft" and parameter is not None:
            self._row_left = parameter
        elif word in CELL_MERGES:
            self._cell_merge = CELL_MERGES[word]
        elif word == "cellx" and parameter is not None:
            left = self._row_layout[-1].right if self._row_layout else self._row_left
            self._row_layout.append(CellLayout(left, parameter, *self._cell_merge))
            self._cell_merge = ("", False)
        elif word == "intbl":
            self._state = replace(self._state, in_table=True)
        elif word == "pard":
            self._state = replace(self._state, in_table=False)
        elif word in CHARACTERS:
            self._text.append(CHARACTERS[word])

    def _symbol(self, symbol: bytes) -> None:
        self._group_start = False
        if symbol == b"*":
            self._ignorable = True
            self._group_start = True  # the destination's name follows
            return
        self._flush()
        if self._fallback_left:
            self._fallback_left -= 1
            return
        if not self._state.skip:
            self._text.append(SYMBOLS.get(symbol, ""))

    def _byte(self, value: int) -> None:
        self._group_start = False
        if self._fallback_left:
            self._fallback_left -= 1
            return
        if not self._state.skip or self._state.destination in META_DESTINATIONS:
            self._pending.append(value)

    def _plain(self, text: bytes) -> None:
        self._group_start = False
        if self._fallback_left:
            skipped = min(self._fallback_left, len(text))
            self._fallback_left -= skipped
            text = text[skipped:]
        if not self._state.skip or self._state.destination in META_DESTINATIONS:
            self._pending.extend(text)

    # --- text -------------------------------------------------------------------------------

    def _current_codec(self) -> str:
        font = self._state.font if self._state.font is not None else self.default_font
        return self.font_codecs.get(font, self.codec) if font is not None else self.codec

    def _flush(self) -> None:
        if not self._pending:
            return
        decoded = bytes(self._pending).decode(self._current_codec(), errors="replace")
        self._pending.clear()
        self._emit(decoded)

    def _emit(self, text: str) -> None:
        """Add decoded text where the current group sends it (body, a metadata field, nowhere)."""
        if self._state.destination in META_DESTINATIONS:
            self._meta_text.append(text)
        elif not self._state.skip:
            self._text.append(text)

    def _take_text(self) -> str:
        self._flush()
        text = _pair_surrogates("".join(self._text))
        self._text = []
        return text


def _pair_surrogates(text: str) -> str:
    """\\uN escapes write characters beyond U+FFFF as two UTF-16 halves; join them, drop strays."""
    if not regex.search(r"[\ud800-\udfff]", text):
        return text
    return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")


def load(data: bytes) -> LoadedDocument:
    reader = RtfReader()
    reader.read(data)
    return LoadedDocument(
        format="doc",
        blocks=reader.builder.finish(),
        encoding=reader.codec,
        page_meta=reader.meta,
    )
