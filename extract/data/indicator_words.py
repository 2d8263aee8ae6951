"""Words that tell a quantified target from a number that only describes, as tables for
extract.fields.indicators.

A new measure unit, comparator phrasing or history marker is a new row here; the rules
in indicators.py stay the same. Rows come from published 整改方案, 整改清单 and 整改情况
of provinces, cities and counties. Every word is matched on normalised text
(half-width ASCII, simplified characters, no spaces inside CJK runs).
"""

from __future__ import annotations

# --- measure units, written after the number ------------------------------------------

# units that also take a 万/亿 prefix (1740万吨, 5600万亩, 2亿元)
SCALABLE_UNITS: tuple[str, ...] = (
    "吨", "吨标准煤", "吨标煤", "亩", "公顷", "平方米", "平方公里", "立方米", "千瓦", "千瓦时", "元",
    "辆", "人", "户", "株", "棵", "头", "只", "羽", "人次", "吨/年", "立方米/年", "立方米/日",
    "立方米/天", "吨/日", "吨/天", "个",
)
UNITS: tuple[str, ...] = SCALABLE_UNITS + (
    # rates and concentrations
    "%", "‰", "个百分点", "百分点", "倍", ":1",
    "微克/立方米", "μg/m3", "μg/m³", "ug/m3", "毫克/立方米", "mg/m3", "mg/m³", "毫克/升", "mg/L", "mg/l",
    "分贝", "dB(A)", "dB", "℃",
    # flows and capacities
    "吨/小时", "t/d", "t/h", "t/a", "m3/d", "m³/d", "立方米/秒", "立方米/小时", "蒸吨/小时", "蒸吨",
    "兆瓦", "MW", "kW", "kWh", "千克", "公斤", "kg", "克", "克标准煤/千瓦时", "克/千瓦时", "吨标准煤/万元",
    # lengths, areas, volumes
    "公里", "千米", "km", "米", "平方千米", "km2", "km²", "m2", "m²", "㎡", "m3", "m³", "hm2",
    # counts
    "座", "台", "套", "家", "处", "条", "项", "件", "次", "名", "艘", "口", "眼", "批", "所", "块",
    "宗", "根", "场", "段", "片", "批次", "台次", "车次", "个村", "个乡镇",
    # durations that are quantities (报道时长 5-10分钟)
    "分钟",
)

# a Chinese numeral counts something only before one of these (两座, 一次, 三家)
COUNT_UNITS: frozenset[str] = frozenset(
    ("个", "座", "台", "套", "家", "处", "条", "项", "件", "次", "人", "名", "户", "辆", "艘", "口", "所", "宗", "场")
)

# what makes a number a date, a duration, an ordinal or a name rather than a quantity
# (2017年, 3个月, 15个工作日, 34号, 二级标准, 第三轮); matched like units, longest first
NOT_QUANTITY_AFTER: tuple[str, ...] = (
    "年", "月", "日", "号", "时", "天", "周", "个月", "个工作日", "工作日", "个季度", "季度", "周岁",
    "小时", "级", "类", "版", "期", "轮", "届", "点", "大类",
)

# what may follow a year or a month in a time word: 2017年底前, 10月底, 3年内, 2013年以来
TIME_WORD_ENDINGS: tuple[str, ...] = ("底前", "底", "末", "前", "内", "以来")
# ... unless a comparator stands right before the number: 优良天数达到260天以上
UNITS_AFTER_COMPARATOR: frozenset[str] = frozenset(("天",))

# 每季度至少…一次, 每月开展一次: a count of 次 under one of these is a frequency target
EVERY_PERIODS: tuple[str, ...] = ("年", "季度", "季", "半年", "月", "个月", "旬", "周", "星期", "天", "日")

# "X大" counts a named list (十大措施, 六大林业工程): only straight after a verb
LIST_COUNT_SUFFIX = "大"

# zero written as a word: 劣Ⅴ类水体比例为零, 黄标车清零, 化肥使用量零增长
# (零排放 is a technique, "no discharge at all", not a quantity set to zero)
ZERO_WORDS: tuple[str, ...] = ("为零", "清零", "归零", "零增长")

# --- comparators -----------------------------------------------------------------------

# before the number: word -> comparator (longest first when compiled)
COMPARATORS_BEFORE: dict[str, str] = {
    **dict.fromkeys(
        ("不低于", "不少于", "不小于", "不得低于", "不得少于", "不应低于", "不应少于", "至少", "最少",
         "大于等于", "高于或等于", "≥", ">="),
        ">=",
    ),
    **dict.fromkeys(
        ("不超过", "不高于", "不大于", "不多于", "不得超过", "不得高于", "不应超过", "不应高于", "控制在",
         "控制到", "小于等于", "低于或等于", "≤", "<="),
        "<=",
    ),
    # FORMAT.md reads 高于 as >= (高于93% is how plans write "at least 93%")
    **dict.fromkeys(("高于",), ">="),
    **dict.fromkeys(("超过", "大于", "多于", "逾"), ">"),
    **dict.fromkeys(("低于", "小于", "少于", "不到", "不足"), "<"),
    **dict.fromkeys(("达到", "达", "为", "是", "稳定在", "保持在", "提高到", "提高至", "提升到", "提升至",
                     "降至", "降到", "下降到", "下降至", "减少到", "减少至", "增加到", "增至", "增长到"), "="),
    **dict.fromkeys(("约", "大约", "约为", "近", "将近", "接近"), "~"),
}
# comparators that state a value without committing to it (2017年浓度为58微克/立方米)
LINK_WORDS: frozenset[str] = frozenset(("为", "是"))
# these only count when they touch the number: 达65%, 为90%, 约117公里, 近2万亩
# (传达, 作为, 近期 must not read as comparators)
ADJACENT_ONLY: frozenset[str] = frozenset(("达", "为", "是", "约", "近", "逾", "将近", "接近"))

# between the number and its unit: 整治“散乱污”企业2000余家 (comparator ~)
APPROXIMATE_AFTER_NUMBER: tuple[str, ...] = ("余", "多")

# after the number and unit: suffix -> comparator
COMPARATORS_AFTER: dict[str, str] = {
    "及以上": ">=", "以上": ">=", "及以下": "<=", "以下": "<=", "以内": "<=", "之内": "<=",
    "左右": "~", "上下": "~",
}

# words that sit between the name and the comparator (均达到, 分别控制在, 要达到)
ADVERBS: tuple[str, ...] = (
    "均", "分别", "都", "全部", "要", "应", "应当", "必须", "须", "需", "基本", "稳定", "力争", "确保",
    "争取", "努力", "逐步", "进一步", "持续", "彻底", "总体", "实现",
)

# --- evidence: is the number a commitment or a description? ---------------------------

# words that name what is to be done; a strong one decides on its own
COMMITMENT_WORDS: tuple[str, ...] = (
    "确保", "力争", "争取", "完成", "建成", "新建", "改建", "改造", "实现", "削减", "压减", "减少", "降低",
    "下降", "提高", "提升", "增加", "新增", "淘汰", "关闭", "关停", "取缔", "拆除", "退出", "问责",
    "投运", "办结", "办理", "建设完成", "消除", "清理", "公开", "报道", "安排", "造林", "绿化", "修复",
    "复垦", "查处", "处罚", "约谈", "销号", "兑现", "完工", "搬迁", "封堵", "安装", "配备", "招录",
    "培训", "抽查", "核查", "划定", "投入", "控制", "保持", "研究部署", "传达学习", "退耕", "种植",
    "植树", "补植", "治理", "整治", "整改", "建设", "推进", "开展", "实施", "加强", "推动", "组织", "落实",
)
# of those, the ones that are just as often nouns (污水治理, 生态文明建设): they count
# only where nothing stronger is near
WEAK_COMMITMENT_WORDS: frozenset[str] = frozenset(
    ("治理", "整治", "整改", "建设", "推进", "开展", "实施", "加强", "推动", "组织", "落实")
)

# a target horizon or an order: cancels the history markers of its sentence; target years
# (到2020年, 2017年底前, “十三五”期间) are read with time_words' tables in indicators.py
TARGET_WORDS: tuple[str, ...] = ("确保", "力争", "争取", "目标", "必须", "年底前", "年内", "前完成")

# counts that size the work rather than set a target (45项整改任务, 12个问题线索, 分3个阶段,
# 17个牵头单位, 组织四个检查组): the noun right after the count's unit starts with one of these
WORK_ITEM_NOUNS: tuple[str, ...] = (
    "问题", "整改任务", "任务", "线索", "问题线索", "意见", "建议", "举措", "方面", "阶段", "类问题",
    "整改措施", "措施", "项目标", "检查组", "督察组", "工作组", "督导组", "小组", "部门", "成员单位",
    "牵头单位", "责任单位", "被审计单位", "省直部门", "市直部门", "指标", "目标",
)
# numbered political formulas, not counts (协调推进四个全面战略布局, 增强四个意识)
NUMBERED_FORMULAS: tuple[str, ...] = (
    "四个全面", "四个意识", "四个自信", "两个维护", "两个确立", "三个代表", "五位一体", "四个革命",
    "两个一百年", "三个务必", "四个伟大",
)

# --- what kind of document, and which part of it -----------------------------------------

# document kinds (meta.kind) whose figures report what was done, or (other: regulations,
# catalogues, budgets) state rules and accounts rather than commitments: a figure there is a
# target only where its sentence sets one (到2025年, 力争, 确保, 目标) or it stands in a
# 整改目标 field
REPORT_KINDS: frozenset[str] = frozenset(
    ("progress_report", "public_notice", "audit_report", "tour_report", "news", "other")
)
# headings of report fields besides extract.labels' progress labels (整改措施落实情况, 整改效果)
ACHIEVED_LABELS: tuple[str, ...] = ("落实情况", "整改效果", "成效", "推进情况", "销号情况", "验收情况")
# 目标 marks a target only after the number (达到90%以上的目标要求); before it, it is often
# what was met or a noun (完成…目标任务, 高于国家考核目标2.4个百分点, 签订了目标责任书)
TARGET_AFTER_ONLY: frozenset[str] = frozenset(("目标",))
# in a report, a sentence after one that set a target year, in the same paragraph and this close,, in the same paragraph and this close,
# continues it (《方案》提出,到2020年…达到76.5%;…下降到42。水质优良比例达到51.2%以上。);
# only a target year opens such a frame, not 确保 or 力争 alone
TARGET_FRAME_WINDOW = 240

# history or present state next to the number (仅5%, 已达180万瓶/日, 7个断面中有5个,
# 288台仍在生产, 4个已完成开发): decides for the number it touches
DESCRIPTIVE_WORDS: tuple[str, ...] = (
    "仍", "尚", "正在", "仅", "只有", "中有", "共有", "的有", "组长", "成员",
    "范围内", "基础上", "为期", "曾",
)
DESCRIPTIVE_PATTERNS: tuple[str, ...] = (
    r"共(?=[\d一二两三四五六七八九十])",  # 前三轮共七个市
)
# 了 after a verb tells a done deed, for its whole sentence (签订了…责任书,对26家…予以淘汰)
HISTORY_PATTERNS: tuple[str, ...] = (
    r"(?<![为除受])了(?![解结])",
)
# history for a whole sentence, unless the sentence also sets a target
# (2010年至今,先后…总建设规模超过70万平方米; 市委常委会没有组织学习…8份文件)
SENTENCE_HISTORY_WORDS: tuple[str, ...] = (
    "已", "已经", "已完成", "已建成", "已达", "以来", "至今", "截至", "截止", "目前", "当前", "现在",
    "先后", "没有", "未能", "尚未", "涉及", "去年", "上年", "同比", "比上年", "下设", "累计", "共计",
    "合计", "总计",
)

# a change told from a start value: the start value is history (由最初的不到3000平方米,
# 从50个增加到, 由2013-2014的10%降至); the end value is a target only in a target sentence
CHANGE_FROM_WORDS: tuple[str, ...] = ("由", "从")
CHANGE_TO_WORDS: tuple[str, ...] = (
    "到", "至", "降至", "降到", "降低到", "下降到", "减少到", "减至", "增加到", "增至", "增长到", "提高到",
    "提升到", "上升到", "扩建", "扩大到", "调整为", "变为", "改为",
)

# name heads: a name ending in one of these is a measured level (饮用水源地水质达标率100%),
# and "A和B均达到" splits into two indicators only when both end in one
INDICATOR_HEADS: tuple[str, ...] = (
    "率", "比例", "占比", "比重", "比率", "指数", "浓度", "总量", "排放量", "用量", "强度", "面积", "长度",
    "规模", "能力", "产能", "天数", "数量", "人数", "个数", "次数", "权重", "得分", "分值", "覆盖率",
)
NAME_SPLITTERS: tuple[str, ...] = ("和", "及", "以及", "与", "、", "或", "或者")
# between two values of one list (分别削减8.5%、7.2%)
LIST_JOINERS: tuple[str, ...] = ("、", "和", "及", ",")
# before 均/都 the name lists several measures that share one value
SHARED_VALUE_ADVERBS: tuple[str, ...] = ("均", "都", "全部")

# --- names: where the noun phrase before (or after) the number starts and ends ---------

# words a name never starts with or runs across (scope, order, time, enumeration)
NAME_STOP_WORDS: frozenset[str] = frozenset(
    (
        "确保", "力争", "争取", "努力", "实现", "完成", "按时完成", "全面完成", "使", "让", "将", "把", "对",
        "要", "并", "且", "同时", "其中", "以及", "通过", "作为", "按照", "根据", "围绕", "针对", "进行",
        "全部", "均", "都",
        "全市", "全省", "全区", "全县", "全州", "全盟", "全旗", "全国", "全域", "所有", "各", "各地",
        "到", "至", "前", "底", "年底", "年底前", "年内", "今年", "明年", "当年", "期间", "以前", "之前",
        "进一步", "切实", "加快", "不断", "逐步", "稳步", "持续", "全面", "大力", "积极", "坚决",
        "一是", "二是", "三是", "四是", "五是", "六是", "七是", "八是", "九是", "十是",
        "的", "是", "为", "基础上",
    )
)
# the longest a name may grow, in characters (whole words are kept)
MAX_NAME_CHARS = 24
MAX_NOUN_AFTER_CHARS = 16
