"""Words that metadata rules read (extract/fields/meta.py): one table per kind of word, so a
new phrasing is a new row."""

# A government information-disclosure table (信息公开 metadata) and the info line of a page:
# label -> the meta field its value gives (None: a label that only ends the value before it).
# Within a field, earlier labels win: 成文日期 (the document's date) before 发布日期 (posting).
DISCLOSURE_LABELS: dict[str, str | None] = {
    "标题": "title", "名称": "title", "信息名称": "title", "名 称": "title",
    "发文机关": "issuer", "发文单位": "issuer", "制发机关": "issuer", "发文机构": "issuer",
    "发布机构": "issuer_fallback", "发布单位": "issuer_fallback",
    "成文日期": "published", "印发日期": "published", "发文日期": "published", "签发日期": "published",
    "发布日期": "posted", "发布时间": "posted", "公开日期": "posted", "公布日期": "posted", "生成日期": "posted",
    "文号": "doc_number", "发文字号": "doc_number", "发文文号": "doc_number", "备注/文号": "doc_number",
    "信息索引号": None, "索引号": None, "主题分类": None, "体裁分类": None, "组配分类": None, "信息分类": None,
    "服务对象分类": None, "服务对象": None, "主题词": None, "公开方式": None, "公开范围": None, "公开时限": None,
    "公开形式": None, "有效性": None, "效力状态": None, "公文时效": None, "实施时间": None, "文件编号": None,
    "文件名称": "title", "信息来源": None, "来源": None, "文章来源": None, "点击率": None, "浏览次数": None,
    "上传时间": None, "发布者": None, "作者": None, "编辑": None, "访问量": None, "阅读": None,
}
# English keys a loader may hand over in page_meta
PAGE_META_FIELDS: dict[str, str] = {
    "title": "title", "issuer": "issuer", "published": "posted", "date": "posted", "doc_number": "doc_number",
}

# Generic words a document's title ends in
TITLE_ENDINGS: tuple[str, ...] = (
    "整改工作方案", "整改实施方案", "整改方案", "工作方案", "实施方案", "行动方案", "方案",
    "整改落实情况", "整改情况", "进展情况", "完成情况", "办理情况", "落实情况", "整改清单", "任务清单",
    "问题清单", "措施清单", "清单", "台账", "统计表", "汇总表", "一览表", "报告", "意见", "通知", "通报",
    "公告", "公示", "决定", "计划", "规划", "批复", "函", "名录", "目录", "裁量表", "预算", "决算", "陈述",
    "销号",
)

# Endings of an issuing body's name (cover, signature, title prefix, 版头)
ISSUER_ENDINGS = (
    r"(?:办公室|办公厅|人民政府|政府|委员会|领导小组|指挥部|[省市区县州旗盟]委|党委|党组|分局|局|厅|委|办|"
    r"办事处|管委会|管理委员会|中心|公司|部|署)"
)

# Lines of a web page around the document: menus, breadcrumbs, page tools, site banners
CHROME_LINE = (
    r"首页|当前位置|您的位置|您现在|所在位置|位置[::]|>|›|»|欢迎|登录|注册|无障碍|字体|字号|打印|关闭|分享|"
    r"收藏|扫描二维码|扫一扫|手机版|手机查看|微博|微信|信箱|播报|浏览|阅读|访问量|点击|English|网站|官网|"
    r"版权所有|主办|承办|站群|导航|由会员分享|在线阅读|珍藏版|搜索|今天是|新闻中心|媒体播报|快讯|赞助|"
    r"\.docx?$|\.pdf$|栏目|专题|政务公开|信息公开$|政府信息公开$|工作时间|休息|^\d{1,2}$|^[\W\d_]*$"
)

# What follows a headline on a web page: its date, source, author or editor
DATELINE = (
    r"^(?:[-•·]\s?)?(?:发布时间|发布日期|时间|日期|来源|文章来源|信息来源|作者|编辑|发布者|发表时间)[::]"
    r"|^(?:[-•·]\s?)?(?:19|20)\d{2}(?:[-/.]\d{1,2}[-/.]\d{1,2}|年\d{1,2}月\d{1,2}日)"
    r"|^(?:\d{1,2}\.){2}(?:19|20)\d{2}"
)
# The lead of a news article
NEWS_LEAD = r"本报讯|本网讯|新华社|中新社|记者|通讯员|原标题|[\p{Han}]{2,6}网讯"

# 我省/全市/本区: the document's own place without its name; the level it names
REGION_PRONOUN = r"(?:我|全|本)(?P<level>省|自治区|市|州|盟|区|县|旗|镇|乡|街道)(?!委|政府|人大|级|长|直)"
PRONOUN_LEVELS: dict[str, tuple[str, ...]] = {
    "省": ("province",), "自治区": ("province",), "市": ("city", "county", "province"),
    "州": ("city",), "盟": ("city",), "区": ("district", "province", "city"), "县": ("county",), "旗": ("county",),
    "镇": ("county",), "乡": ("county",), "街道": ("district",),
}
# A place written masked or anonymised (XX市, **区, (略)市, 某县): region null, level kept
MASKED_PLACE = r"(?:[Xx×*＊]{1,4}|某|\(略\)\s?)(?P<unit>省|市|区|县|镇|乡|街道)"
MASKED_LEVELS = {"省": "province", "市": "city", "区": "district", "县": "county", "镇": "county",
                 "乡": "county", "街道": "district"}
# Below a county: a township or street takes its county's level
TOWNSHIP = r"(?P<name>\p{Han}{2,5}?(?:街道|镇|乡))(?:人民政府|办事处|党委|党工委|政府)"
# A zone that stands in for a government: its name ends in one of these
ZONE_ENDINGS = r"(?:风景名胜区|经济技术开发区|高新技术产业开发区|经济开发区|高新区|开发区|工业园区|新区)"

# Inspection groups: a numbered 督察组, 巡视组 or 巡察组 (an unnumbered mention names none)
GROUP_BODY = (
    r"第[一二三四五六七八九十\d]{1,3}(?:生态)?环(?:境保护|保)督察组"
    r"|第[一二三四五六七八九十\d]{1,3}(?:巡视|巡察)组"
    r"|第[一二三四五六七八九十\d]{1,3}(?:督察|督查)组"
)
GROUP_PREFIXES = (
    "中央", "国家", "省委省政府", "省委", "省政府", "自治区党委", "自治区", "省", "市委", "市", "县委", "区委",
)
GROUP_SPECIAL = (
    r"国家海洋督察第[一二三四五六七八九十\d]{1,3}组"
    r"|(?:中央|省委|市委|县委|区委)\p{Han}{0,16}?巡[视察][一二三四五六七八九十]{1,3}组"
)

# Taiwan and Hong Kong wording a traditional-character page uses, as mainland usage
REGIONAL_WORDS: dict[str, str] = {
    "回馈": "反馈", "资讯": "信息", "列印": "打印", "计画": "计划", "网路": "网络", "品质": "质量",
}

# 《X》…全文如下: a page that reprints X
REPRINT = r"《(?P<title>[^《》\n]{4,120})》[^\n。]{0,20}(?:全文如下|主要内容如下|内容如下)"
