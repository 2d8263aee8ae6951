"""Words and marks that say where a sentence, a title or a body begins and ends.

The outline cuts a heading's title where its body begins; normalisation and the
rules after it need to know what ends a sentence. One table per kind, so a new
phrasing is a new row.
"""

from __future__ import annotations

# marks that end a sentence (full-width forms are folded to these by normalisation)
SENTENCE_ENDS = "。;!?"

# marks that end a whole sentence: a semicolon only parts clauses, so a problem's first
# sentence and an indicator's sentence run on over it
FULL_STOPS = "。!?"

# words that open a body sentence: where a heading's title runs into its body with no
# punctuation, the cut falls before one of them (一、指导思想|深入贯彻…)
BODY_OPENERS = frozenset(
    """深入 认真 以 坚持 按照 根据 围绕 结合 通过 加大 进一步 严格 严格按照 全市 全省 全区 全县 全州
    各级 各地 各区 各县 各部门 注重 调整 调整优化 要 切实 着力 积极 大力 全面 针对 对 为 由 在 把 将 从
    依法 依托 立足 聚焦 紧紧围绕 牢固树立 贯彻落实 认真贯彻 认真落实 认真学习 成立 建成 完成 开展
    推动 实行 实施 落实 组织 督促 制定 力争 确保 到 目前 加快 加强 做好 抓好""".split()
)

# prepositions and framing verbs that open a sentence-long heading ((一)以高度的政治自觉落实…,
# 切实扛起…): a title that begins with one is a sentence, not a short title run into a body
SENTENCE_TITLE_OPENERS = frozenset(
    """以 对 为 由 在 把 将 从 按照 根据 依据 围绕 通过 针对 结合 依托 立足 聚焦 紧紧围绕 坚持以
    认真贯彻 认真贯彻落实 贯彻落实""".split()
)

# degree, negation and modal words: the word after them still belongs to the title
# (问责不够严格, 小水电站应在…退出)
TITLE_MODIFIERS = frozenset(
    "不 不够 不太 较 比较 更 更加 最 很 尚 尚未 未 没有 不断 日益 仍 仍然 还 应 应当 须 必须 需 需要".split()
)

# characters before an inline number that show an enumeration inside a sentence (第1、2项)
ENUMERATION_BEFORE = frozenset("第、和及与至到或-~—")

# dashes that open a list item or a garbled line, never a heading's title
DASHES = "―—–-─"

# words a line cannot end a title on: a heading line that ends on one wraps onto the next line
DANGLING_WORDS = ("、", "或者", "或", "和", "及", "以及", "与", "并", "的")
