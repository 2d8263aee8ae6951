"""Chinese time words for extract.fields.deadlines: one row per phrasing.

The rules in deadlines.py only combine these tables; a new way of writing a
time limit (or of writing a date that is not one) is a new row here.
"""

from __future__ import annotations

# --- around a date: what turns it into a limit, a start, or history ---------------

# written after a date: the limit is that date (前 = by the end of the period named)
BY_SUFFIXES = ("之前", "以前", "以内", "为限", "前", "内", "止")
# written after a date: something starts then (从2017年第4季度开始, 2017年10月起)
START_SUFFIXES = ("及以后", "以后", "开始", "起")
# written after a date: it is history (2013年以来, 2010年至今)
HISTORY_SUFFIXES = ("以来", "至今")
# characters after 前 / 内 / 起 / 止 that make them part of another word (前列, 内容, 起草, 止损)
SUFFIX_BLOCKERS = {
    "前": "后期列夕提沿端置面述三两五十",
    "内": "容部外涵蒙地河",
    "起": "草诉步点码来到见因",
    "止": "损血",
}

# written just before a date and kept in its span, as annotators write it (到2020年, 从…开始)
SPAN_PREFIXES = ("到", "从", "自")
# just before a date: the date is a limit
BY_PREFIXES = ("不晚于", "最迟于", "最迟", "到")
# just before a date: the date is when something started (自1997年…以来) unless 起/开始 follows
START_PREFIXES = ("从", "自")
# just before a date: a status date (截至2017年底); only a 整改时限 field overrides it
STATUS_PREFIXES = ("截至", "截止到", "截止至", "截止")
# just before a date: the event is past
PAST_PREFIXES = (
    "已经于", "已经在", "已于", "已在", "已经", "已", "曾经", "曾于", "曾在", "曾", "早在", "早于", "才于",
    # a limit put off, as a finding tells it (将退出时间延迟至2022年年底)
    "延迟至", "延迟到", "推迟至", "推迟到", "延期至", "延期到",
)
# in the clause after a date: the event is past (…以来, …至今, 开展了)
PAST_AFTER = ("以来", "至今", "进驻")
# an inspection or tour as the actor of the date's clause: the date is its visit or feedback
# (督察组于…进驻, 自…起督察组陆续反馈, 第二轮督察2019年7月启动), unless the date carries a limit word
INSPECTION_ACTORS = ("督察组", "巡视组", "巡察组", "督导组", "检查组", "督察", "巡视", "巡察")
INSPECTION_EVENTS = ("进驻", "反馈", "启动", "交办", "下沉", "约谈", "指出", "陆续")
# 了 after a date marks a past event, except in these words
NOT_PAST_LE = ("为了", "除了", "了解", "了结", "不了", "得了", "罢了", "受了")
# right after a date (and its suffix): the thing was already done by then (…前已完成)
DONE_AFTER = ("均已", "全部已", "都已", "已经", "已", "曾", "才")
# after 前 and before 的: a past event told as an attribute (2004年前建成的码头), when the year
# is past; not 完成的 (2018年12月底前完成的整改任务 names tasks by their limit)
ATTRIBUTE_VERBS = ("建成", "投产", "投运", "建设", "设立", "成立", "开工", "批准", "审批", "注册", "颁布", "出台")
# a word after a date that makes it an obligation (2020年应完成整改的32项问题): a limit word
OBLIGATION_ADVERBS = ("应当", "应", "须", "需", "必须", "务必", "要", "将", "确保", "力争", "争取")
# later in the same sentence: the date was a limit someone else set and missed (2015年底前淘汰…仍在生产)
MISSED_LIMIT_MARKERS = ("仍在", "仍未", "仍然", "仍有", "尚未", "至今未", "依然", "仅完成", "只完成", "没有完成", "延迟至", "推迟至", "延期至")
# …unless it is a condition on the future (对尚未完成的予以问责, 如仍未缴纳)
CONDITION_WORDS = "对如若凡"

# a label right before a date that makes it the document's own date, not a limit
PUBLICATION_LABELS = ("发布日期", "发布时间", "生成日期", "公布日期", "成文日期", "印发日期", "发文日期", "上传时间", "更新时间", "签发日期")
# right after a date: the document's own date (2017年9月11日印发)
PUBLICATION_AFTER = ("印发", "发布", "公布", "签发", "制发", "上传")
# a line ending so names an issuing body; a date alone on the next line is the signing date
# when the document ends there or its tail follows (a table cell after a unit cell is not)
SIGNATORY_ENDINGS = ("委员会", "政府", "办公室", "领导小组", "委", "局", "厅", "办", "部", "中心", "公司", "处", "街道", "所", "站")
# what may follow a document's signing date: its tail, or a web page's furniture below it
DOCUMENT_TAIL_OPENINGS = (
    "(此件", "(此页", "附件", "抄送", "抄报", "印发", "(联系人", "(信息公开", "主题词",
    "来源", "分享", "打印", "关闭", "【", "扫一扫", "责任编辑", "(责任编辑", "编辑", "相关", "上一篇", "下一篇",
)
# a label before a date that makes it the period of a notice or of objections, not a limit
# (公示期为2018年6月7日至13日, 公示时间:…, 请在公示期间(…)向…反映)
NOTICE_PERIOD_LABELS = ("公示期", "公示时间", "公示日期", "公示期间", "公示期内", "公示期限", "受理时间", "异议期", "反馈时间", "公告期")
# in the sentence of a duration: an objection window (请于7日内提出异议), not a limit
OBJECTION_WORDS = ("异议", "公示期", "举报", "投诉")
# a range followed by one of these is a dated phase of the work (…至6月14日,为动员部署阶段)
PHASE_WORDS = ("阶段",)
# after a range of years with 底前: one limit per year (2025—2027年底前分别完成…)
EACH_WORDS = ("分别",)

# a date with no limit word is still a limit when an action follows it (2017年关闭退出煤矿18座)
LIMIT_ADVERBS = ("全年", "全面", "全部", "基本", "要", "将", "必须", "确保", "力争", "争取", "务必", "均", "逐步", "率先", "初步", "进一步", "再", "应当", "应", "需", "须")
LIMIT_VERBS = (
    "完成", "实现", "建成", "关闭", "退出", "开展", "启动", "出台", "制定", "淘汰", "取缔", "关停", "拆除",
    "消除", "达到", "达标", "整改", "编制", "划定", "投运", "投入运行", "竣工", "完工", "验收", "销号",
    "清零", "覆盖", "到位", "落实", "推进", "实施", "建立", "上报", "提交", "办结", "审批", "搬迁", "开工",
    "组织", "召开", "印发实施", "制订", "修订", "健全", "推行", "开通", "改造", "治理", "清理", "整治",
    "新建", "新增", "报送", "建设",
)
# just before a date: the date is the limit of the numbered item named (第1、2项目标2017年9月30日),
# as in a 整改时限 cell that has lost its label in a table
LIMIT_LEADS = ("项整改目标", "项目标", "项任务", "项措施")
# a period in brackets right after one of these is the period of a plan's title, not a limit
TITLE_WORDS = ("规划", "计划", "方案", "纲要", "意见", "办法", "条例", "规定", "细则", "标准", "》")
# a date in brackets right after one of these is the as-of date of a table or the date of a
# named document (…情况统计表(2018年7月20日), 《…》(2021年修订))
DATED_TITLE_ENDS = ("表", "》", "情况", "清单", "台账", "报告", "公示")

# --- dates -------------------------------------------------------------------------

RANGE_CONNECTORS = "至到-—–~"
# relative year words -> years after the document's own year
RELATIVE_YEARS = {"今年": 0, "本年度": 0, "本年": 0, "当年": 0, "明年": 1, "次年": 1, "来年": 1}
# part of a year written after 年 (or alone for the relative ones): first month, last month, precision;
# 初 (early in the year) is read as its first month
YEAR_PARTS = {
    "上半年": (1, 6, "half_year"),
    "下半年": (7, 12, "half_year"),
    "年中": (1, 6, "half_year"),
    "年底": (12, 12, "year"),
    "年末": (12, 12, "year"),
    "年初": (1, 1, "month"),
    "年内": (1, 12, "year"),
    "底": (12, 12, "year"),
    "末": (12, 12, "year"),
    "初": (1, 1, "month"),
    "度": (1, 12, "year"),
}
# written alone (no year): this year's part (年内实现黄标车清零, 确保年底完工)
RELATIVE_PARTS = ("年内", "年底", "年末", "上半年", "下半年")
# the current month, quarter or week: a limit only with 内/底/前 (本月内, 当月底前); no date
RELATIVE_PERIODS = ("本月", "当月", "本季度", "当季", "本周", "本旬")
RELATIVE_PERIOD_SUFFIXES = ("底前", "内", "底", "前")
# holidays: a limit with 前/之前 (争取“十一”之前, 春节前); no date, the text kept
HOLIDAYS = ("元旦", "春节", "清明", "五一", "端午", "中秋", "国庆", "国庆节", "十一", "汛期")
# chars before a quarter with no year that make it another word (前三季度, 2018年一季度)
QUARTER_BLOCKERS = "0123456789〇零○O一二三四五六七八九十两年前后第每上本当该"
# chars before a lone 年内 / 年底 that make it another word (上年底, 近年内, 每年底, 三年内)
RELATIVE_PART_BLOCKERS = "0123456789〇零○O一二三四五六七八九十两百半上去前往历近每逐多当今明本次该同全"
# part of a month written after 月: first day, last day (None = month end), precision
MONTH_PARTS = {
    "上旬": (1, 10, "day"),
    "中旬": (11, 20, "day"),
    "下旬": (21, None, "day"),
    "初": (1, 10, "day"),
    "底": (1, None, "month"),
    "末": (1, None, "month"),
}
# parts that make a date a limit by themselves (FORMAT: 底 is a by-limit; 年内 is one)
LIMIT_PARTS = ("底", "年底", "年内")
# chars before a month with no year that make it something else (3个月, 第3月, 1-6月)
MONTH_BLOCKERS = "0123456789〇零○O一二三四五六七八九十两年个每上下本当该次同前近去第-~"
FIVE_YEAR_PLANS = {
    "十一五": (2006, 2010),
    "十二五": (2011, 2015),
    "十三五": (2016, 2020),
    "十四五": (2021, 2025),
    "十五五": (2026, 2030),
}
# after a five-year plan's name: the whole period (range) or its end (by)
FIVE_YEAR_RANGE_SUFFIXES = ("规划期间", "规划期内", "期间", "时期", "期内")
FIVE_YEAR_END_SUFFIXES = ("末期", "期末", "末")

# --- recurring, ongoing, immediate, durations --------------------------------------

# unit after 每 (每年, 每2个月, 每旬) -> period, days per unit where the period is day
RECURRING_UNITS = {
    "半年": ("half_year", 1),
    "年度": ("year", 1),
    "年": ("year", 1),
    "季度": ("quarter", 1),
    "季": ("quarter", 1),
    "个月": ("month", 1),
    "月": ("month", 1),
    "旬": ("day", 10),
    "周": ("week", 1),
    "星期": ("week", 1),
    "个工作日": ("day", 1),
    "工作日": ("day", 1),
    "天": ("day", 1),
    "日": ("day", 1),
}
WEEKDAYS = "一二三四五六日天1234567"
# a routine named by its period (周调度, 月通报): period word -> period, days per unit as above
ROUTINE_PERIODS = {k: RECURRING_UNITS[k] for k in ("年", "季度", "季", "月", "旬", "周", "日")}
ROUTINE_ACTIONS = ("调度", "通报", "报告", "报送", "例会", "会商", "研判", "点评", "督查", "排名", "小结", "考核")
ROUTINE_BLOCKERS = "0123456789〇零○O一二三四五六七八九十两半年月日本当该次同上下每这前后假个工作全去今明"

# a limit with no date: ongoing work or immediate rectification, held as a limit only
# where the text gives it as one (a 整改时限 field, a cell of its own, brackets)
ONGOING_WORDS = (
    "长期坚持", "长期开展", "长期推进", "长期实施", "长期执行", "长期落实", "长期保持",
    "持续推进", "持续开展", "持续整改", "持续实施", "常态化推进", "常态化开展", "长期",
)
IMMEDIATE_WORDS = ("立行立改", "立即整改", "即知即改", "立查立改", "立整立改", "边查边改", "立即")
# an immediate or continuing word joined to 长期坚持 is one ongoing limit (立行立改、长期坚持,
# 持续加强、长期坚持), wherever it stands; the second word of such a pair:
ONGOING_PAIR_ENDS = ("长期坚持", "长期推进", "长期开展")
ONGOING_PAIR_OPENERS = IMMEDIATE_WORDS + ("持续加强", "持续推进", "持续开展", "常态推进", "久久为功")
# a year with its digits masked (20**年, ****年, 20XX年): a limit with no date
MASK_CHARS = "*＊×Xx"

# a span of time counted from now (半年内, 3个月内): units after the number
DURATION_UNITS = ("个工作日", "工作日", "个月", "星期", "月", "年", "周", "日", "天")
DURATION_BLOCKERS = "0123456789〇零○O一二三四五六七八九十两百近每前过"
# characters that may stand between limits in one cell or bracket (立行立改、长期坚持)
LIMIT_SEPARATORS = " 、,,;;。.及和或并"
