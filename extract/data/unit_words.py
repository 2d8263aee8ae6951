"""Words that tell a responsible unit from running text, as tables for extract.fields.units.

A new label variant, unit ending or noise phrase is a new row here; the rules in
units.py stay the same. Variants come from published 整改方案, 整改清单 and 整改情况
tables of provinces, cities and counties.
"""

from __future__ import annotations

# A string that ends in one of these names a body (longest match wins when cutting).
UNIT_ENDINGS: tuple[str, ...] = (
    "人民政府", "政府", "党委", "党组", "党工委", "工委", "管委会", "管理委员会", "委员会", "常委会",
    "委", "局", "厅", "办公室", "室", "办", "组", "部门", "部", "院", "中心", "公司", "集团", "企业", "国企",
    "会", "支队", "大队", "队", "站", "所", "处", "署", "街道", "办事处", "乡", "镇", "单位", "机关",
    "人大", "政协", "海关", "社", "银行", "台", "馆", "学校", "医院", "联", "协", "园区", "景区", "厂", "场",
)
# Place endings: 各区县 or 各县(市、区) name the local governments as a whole.
PLACE_ENDINGS: tuple[str, ...] = ("县", "区", "市", "州", "旗", "盟", "乡镇", "区县", "县区")

# Endings after which a name rarely goes on, unless a sub-body word follows
# (市人民政府|办公厅, 市委|组织部): where a run-on list is cut when nothing else decides.
TERMINAL_ENDINGS: tuple[str, ...] = (
    "人民政府", "政府", "管委会", "委员会", "局", "厅", "办公室", "公司", "集团", "中心", "街道",
    "办事处", "法院", "检察院", "支队", "大队",
)
SUB_BODY_STARTS: tuple[str, ...] = (
    "办公厅", "办公室", "办", "组织部", "宣传部", "统战部", "政法委", "党组", "有关部门", "相关部门",
    "各部门", "所属", "直属", "分局", "支队", "大队", "机关", "人民政府", "政府", "党工委", "管委会",
    "和", "及",
)

# Generic bodies that carry no place of their own; "X和<one of these>" is one joint unit
# (各区(市、县)党委和政府, 党工委和管委会), not two.
BARE_BODIES: frozenset[str] = frozenset(
    {"政府", "人民政府", "党委", "党组", "党工委", "工委", "管委会", "管理委员会", "人大", "政协", "纪委", "监委"}
)

# Words a run-in measure or sentence opens with: where a unit list with no closing
# punctuation ends ("…花溪区人民政府按照双龙航空港经济区总体规划").
SENTENCE_OPENERS: tuple[str, ...] = (
    "按照", "根据", "依据", "依照", "结合", "围绕", "针对", "通过", "加大", "加快", "加强", "进一步",
    "推进", "推动", "严格", "强化", "完善", "建立", "健全", "建设", "落实", "开展", "实施", "完成",
    "组织", "确保", "切实", "全面", "认真", "深入", "坚持", "持续", "积极", "着力", "大力", "重点",
    "制定", "编制", "启动", "督促", "指导", "研究", "明确", "抓好", "做好", "提升", "提高", "优化",
    "调整", "整治", "治理", "清理", "排查", "关停", "取缔", "拆除", "淘汰", "禁止", "严禁", "依法",
    "同时", "其中", "力争", "争取", "实现", "于", "对", "由", "在", "将", "把", "以", "为", "要", "到",
    "并", "从", "自", "一是", "二是", "负责", "配合",
)

# Trailing words that belong to the field, not to the last unit (applied until none matches)
TRAILING_NOISE: tuple[str, ...] = (
    r"(?:按照?|根据)?(?:各自)?职责(?:分工)?(?:分别)?(?:负责|落实|配合|推进)?",
    r"分别(?:负责|落实)",
    r"等(?:有关|相关)?(?:单位|部门)?",
    r"(?:负责|落实|配合|牵头|参与|协助)",
)
# A bracketed note inside a unit field, not part of a unit name: (排名第一的为牵头单位)
BRACKET_NOTE_WORDS = r"牵头|排名|排序|列第|第一位|为主|负责|配合|分工|落实"

# "省水利厅(牵头)、省发改委" in a 责任单位 list: the marked unit also leads
LEAD_MARKERS: tuple[str, ...] = ("牵头", "牵头单位", "牵头部门", "总牵头")

# "(市生态环境局牵头,市发展改革委配合)": role verb -> role
ROLE_VERBS: dict[str, str] = {
    "牵头": "lead",
    "负责": "responsible",
    "落实": "responsible",
    "配合": "cooperating",
    "参与": "cooperating",
    "协助": "cooperating",
    "协办": "cooperating",
    "督导": "supervising",
    "督办": "supervising",
}
# such a bracket counts only if one of its clauses names a role no deadline note would use
STRONG_ROLE_VERBS: frozenset[str] = frozenset({"牵头", "配合", "参与", "协助", "协办", "督导", "督办"})
ROLE_VERB_PREFIXES = r"(?:按照?|根据)?(?:各自)?职责(?:分工)?|分别|共同|具体"

# Unit kinds, tried in order; the first pattern found in the name decides.
KIND_PATTERNS: tuple[tuple[str, str], ...] = (
    ("discipline", r"纪委|纪律检查委员会|纪检|监委|监察委员会|(?<!环境|环保|执法|安全生产|劳动|保障|卫生|质量|安监)监察局"),
    ("court_procuratorate", r"法院|检察院|人民检察|法庭"),
    ("people_congress", r"人大|人民代表大会"),
    ("management_committee", r"管委会|管理委员会"),
    ("enterprise", r"公司|集团|有限|股份|银行|企业$|国企$|厂$"),
    ("party", r"党委|党组|党工委|工委|中共|组织部|宣传部|统战部|政法委|网信办|党校|(?:^|[省市区县州旗盟])委(?!员)"),
    ("government", r"人民政府|政府|行署|行政公署|办事处|街道$|[乡镇]$|^各(?:区|县|市|乡|镇)[^局委办厅部]*$"),
    ("department", r"局|厅|委|办|部门|部|中心|署|支队|大队|站|所|处|办公室|院|海关|机关"),
)

# Unit prefixes that stand for a level of the plan's own region: 市生态文明委 -> 贵阳市生态文明委.
# prefix -> the endings of region names it can stand for
LEVEL_PREFIXES: dict[str, tuple[str, ...]] = {
    "自治区": ("自治区",),
    "自治州": ("自治州",),
    "自治县": ("自治县",),
    "地区": ("地区",),
    "省": ("省",),
    "市": ("市",),
    "州": ("州",),
    "县": ("县",),
    "区": ("区",),
    "旗": ("旗",),
    "盟": ("盟",),
}
# Words that open with a prefix character but are no prefix: 市场监管局 is not 市+场监管局.
NOT_LEVEL_PREFIX = r"市场|市容|市政(?!府)|区域|县域|省际|市民(?!政|宗|族)|州际"
