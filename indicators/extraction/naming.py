"""What a figure measures: its metric's name from the words around it (「地区生产总值」, 「政务服务审批
时间压缩」, 「民生投入占财政支出比重」), and names shared along lists (「A、B分别增长…」)."""

import re

from .figure import CHANGE, CHANGE_VERBS, COUNT, GROWTH_RATE, LEVEL, RISE_VERBS, SHARE
from .numbers import CATEGORY_UNITS, CN_NUM, MONEY_UNITS
from .text import PART_OF_YEAR, Boundaries

_LEAD_NOISE = re.compile(
    # An answer's enumeration and linking words (「一是」「同时」) and totals (「总计」) open no name.
    # 「十年来」「2012年以来」 say over which years an average was taken (「十年来年均增长9%」). A part
    # of the year (「前三季度」「今年以来」) is the figure's period, as its year is, not what it measures:
    # first, so that 「今年以来」 is not taken for 「今年」 and a name 「以来…」.
    rf"^(?:{PART_OF_YEAR.pattern}|(?:近|过去)?[一二三四五六七八九十两\d]+年(?:以?来|间)|[一二三四五六七八九十]是|首先|其次|再次|同时|此外|另外|目前|截至目前|总计|合计|总共|一共|其中|仅|我们|我区|全区|全市|全县|区内|今年|去年|上年|全年|同期|平均|每年|年均|一年|近[一二三四五六七八九十\d]+年"
    # A dash left between two figures that make no range (「3%-5亿元」) opens no name.
    # One character that opens a phrase (「从…」「在…」「就…」) also opens nouns of the statistics:
    # 从业人员, 在岗职工, 在建项目, 就业人数, 就医人次, 共享单车; those keep it.
    r"|[-–—~]|十年|五年|(?:19|20)\d\d年(?:底|末)?|从(?![业事])|在(?![岗建校册职线营读园途售用])|将(?!军)"
    r"|把(?![关握])|就(?![业医近诊学餐])|现有|已有|共有|共(?![享建治同青产])|累计|(?:超额|超预期|提前|圆满|全面)?(?:实现|完成)|拿出|培育|引进|确定"
    r"|整合|达到|各类|各项|等|的|新建|[比较](?:19|20)\d\d年?|(?:与|同|和|跟)(?:上年|去年)(?:同期|末|底)?相比"
    # A target's words (「力争到2025年」「预计」) say it is a goal (``Figure.target``), not what it
    # measures; 争取 and 计划 only with a year (「争取8亿元专项债券」 names 争取专项债券).
    r"|(?:力争|预计|预期|有望|目标是|目标为)(?:到|在|于)?(?:(?:19|20)\d\d年(?:底|末)?)?"
    r"|(?:争取|计划|规划)(?:到|在|于)(?:19|20)\d\d年(?:底|末)?"
    # 「建成5G基站」 opens with a verb, 「建成区面积」 with a noun (not 「建成区级」「建成区域性」).
    r"|建成(?!区(?![级域])))+"
)
_TRAIL_NOISE = re.compile(
    r"(?:累计|共|已|就|大约|约|近|超过|超|突破|达到|达|高达|为|是|有|增长到|增长至|增至|增加到|提高到|提升到|到|至|了|的|从"
    # A base year (「比2012年」「与2012年相比」) is no part of what grew.
    r"|[比较](?:19|20)\d\d年?|与(?:19|20)\d\d年?相比|(?:与|同|和|跟)(?:上年|去年)(?:同期|末|底)?相比|总计|合计"
    # 「市场主体从上年的10万户」: the year it started from, said as 上年, is no part of it either.
    r"|上年|去年|前年"
    rf"|(?:19|20)\d\d年?|{PART_OF_YEAR.pattern}|以上|左右|分别|实现|完成|由|提升|提高|降低|下降|下滑|压缩|减少|增长|增加|同比|环比|比上年|较上年|比去年|较去年|同期|年均|年平均|平均每年"
    # 「扩大到」「降至」 name the new level like 「增长到」 (but 「扩大5%」 keeps its verb).
    r"|(?:扩大|缩小|缩短|扩展|拓展|延长|上升|降|减|扩|缩|升)[到至]|(?:控制|保持|稳定)在"
    # 「地区生产总值全年预计增长6%」: the target's words and the whole year are no part of the name.
    r"|预计|预期|有望|力争|全年)+$"
)
# A change verb right before its figure, with what may stand between them (「压缩了」「下降超过」).
_CHANGE_VERB_AT_END = re.compile(rf"({CHANGE_VERBS}|{RISE_VERBS})(?:了|为|达到?|超过|超|近|将近|约|大约|高达)?$")
# 「市场主体新增2万户」 counts the new ones as 「新增市场主体2万户」 does: one indicator, 新增 first.
_NEW_AT_END = re.compile(r"新增加?(?:了|约|近|将近|大约|超过|超|达到?)?$")
# What money or a share goes to: 「用于民生投入」「支持科技企业成长壮大」「用于扶持文旅企业发展」.
_PURPOSE = re.compile(
    r"(?:专门)?(?P<verb>用于|用在|投向|支持|扶持|资助|奖励)(?P<support>支持|扶持|资助|奖励|帮助)?(?P<what>[\u4e00-\u9fff]+)"
)
_SPENDING_VERBS = ("用于", "用在", "投向")
# After 「支持」 the beneficiary comes first and what it should do follows: 「科技企业｜成长壮大」.
_SUPPORTED_DOING = re.compile(
    r"发展|成长|壮大|建设|创新|转型|升级|上市|做大|做强|提质|增效|纾困|融资|研发|落地|改造|开展"
)
# Verbs that say money was set aside, and name nothing when they stand alone: 「安排800万元」.
_FUNDING_VERBS = ("安排", "投入", "筹措", "筹集", "下达", "争取", "落实", "拨付", "发放")
_FUND_NOUNS = ("资金", "基金", "经费", "补贴", "补助", "奖补")
_GROWTH_TRAIL = re.compile(
    r"(?:同比|比上年|较上年|比去年|年均|年平均|平均每年|分别)?(?:增长|增速|增幅|上涨|上升|增加)(?:了|为|达)?$"
)
# 「从220亿元到495.7亿元」: 到/至 lead to the next figure and name nothing.
_VERB_AFTER = re.compile(r"[和及与或、到至]|增长|增加|增至|提高|提升|下降|减少|降低|达到|突破|超过|翻|跃升|攀升|上升")
_AFTER_STOP = re.compile(
    r"全部|实现|支持|扶持|资助|顺利|用于|落户|进行|正在|已经|完成|陆续|建成|达到|投入|等|的|在|和|与"
)


def metric_name(segment: str, norm: str, end: int, raw: dict) -> str:
    before = clean_name(segment)
    new_ones = _NEW_AT_END.search(segment.rstrip()) if raw["kind"] in (COUNT, LEVEL) else None
    if new_ones and (stem := clean_name(segment[: new_ones.start()])):
        before = "新增" + stem
    if raw["kind"] == GROWTH_RATE or raw["unit"] == "倍":
        before = _GROWTH_TRAIL.sub("", before)
    elif raw["kind"] == CHANGE:
        raw["plain_metric"] = before  # what a later unnamed figure of the sentence borrows
        before = _with_change_verb(segment, before, raw)
    if raw["kind"] == SHARE:
        # 「财政支出的80%用于民生投入」 is 民生投入's share of 财政支出, not a value of 财政支出.
        spent_on = _spent_on(norm, end)
        if spent_on:
            raw["plain_metric"] = before
            return f"{spent_on}占{before}比重" if before else f"{spent_on}占比"
    after = _after_phrase(norm, end)
    if before in _FUNDING_VERBS and raw["base"] in MONEY_UNITS:
        return _funding_name(before, after, norm, end)
    if raw["kind"] == COUNT and after:
        return before + after if len(before) <= 8 else after
    if not before and raw["base"] in MONEY_UNITS and (spent_on := _spent_on(norm, end)):
        return spent_on + "资金"  # 「其中500万元用于道路改造」, as 「安排500万元用于道路改造」
    if (not before or segment.rstrip().endswith(("等", "等超", "等超过"))) and after:
        named = _named_after(after, norm, end, raw)
        if raw["kind"] == CHANGE:  # 「减少100项审批事项」 names 审批事项减少, as 「审批事项减少100项」
            raw["plain_metric"] = named
            return named + raw.get("verb", "")
        return named
    return before[-24:]


def _funding_name(verb: str, after: str, norm: str, end: int) -> str:
    """An amount after a bare funding verb: 「安排800万元用于道路改造」 → 道路改造资金,
    「争取8亿元专项债券」 → 争取专项债券, 「安排800万元」 → 安排资金."""
    spent_on = _spent_on(norm, end)
    if spent_on:
        return spent_on + "资金"
    if after and not _PURPOSE.match(after):
        return verb + after
    return verb + "资金"


def _with_change_verb(segment: str, before: str, raw: dict) -> str:
    """「审批时间压缩70%」 names 审批时间压缩: a reduction is not a value of the time itself.
    The verb is kept in ``raw`` for a change that names nothing and borrows its name."""
    verb = _CHANGE_VERB_AT_END.search(segment.rstrip())
    raw["verb"] = verb.group(1) if verb else ""
    if not verb:
        return before
    stem = clean_name(segment[: verb.start()])
    return stem + verb.group(1) if stem else before


def _named_after(noun: str, norm: str, end: int, raw: dict) -> str:
    """The name of an amount written before its noun: 「超30亿元重大项目」「2000万元专项资金支持科技企业」."""
    if raw["base"] not in MONEY_UNITS:
        return noun
    if noun.endswith(("项目", "工程")):
        return noun + "投资规模"  # an amount before a project is its investment, as in 「亿元以上项目」
    if noun.endswith(_FUND_NOUNS):
        noun_end = norm.find(noun, end) + len(noun)
        supports = _purpose(norm[noun_end : noun_end + 40], spending_only=False)
        if supports:
            return supports + noun
    return noun


def _spent_on(norm: str, end: int) -> str:
    """What the words after a figure ending at ``end`` say it is spent on (「…以上用于民生投入」), or ""."""
    return _purpose(re.sub(r"^(?:以上|左右|多)", "", norm[end : end + 40]), spending_only=True)


def _purpose(rest: str, *, spending_only: bool) -> str:
    """What ``rest`` says money goes to, when it opens with 用于/支持…: 「用于民生投入」 → 民生投入;
    「支持科技企业成长壮大」 → 科技企业. "" when it does not say or says it at length."""
    match = _PURPOSE.match(rest)
    if not match or (spending_only and match["verb"] not in _SPENDING_VERBS):
        return ""
    what = re.split(r"等|的", match["what"])[0]
    if match["support"] or match["verb"] not in _SPENDING_VERBS:
        doing = _SUPPORTED_DOING.search(what, 2)
        what = what[: doing.start()] if doing else what
    return what if 2 <= len(what) <= 10 else ""


# 「地区生产总值目标：500亿元」「…预期目标为…」: 目标 before the figure says it is a goal (``Figure.target``),
# not what it measures. Not a bare 「年度目标」 (「完成年度目标的105%」), which marks no target.
_TARGET_AT_END = re.compile(r"(?:预期|奋斗|发展|年度|规划)?目标(?:值)?\s*(?:是|为|:)\s*$")


def clean_name(segment: str) -> str:
    text = segment.split("、")[-1] if not re.search(r"分别", segment) else segment
    if "目标" in text:
        text = _TARGET_AT_END.sub("", text)
    # 各类 only says "of every kind": 「兑现各类惠企资金」 is 兑现惠企资金.
    text = re.sub(r"[“”\"'‘’《》「」()（）\s:]|各类", "", text)
    for _ in range(3):
        text = _TRAIL_NOISE.sub("", _LEAD_NOISE.sub("", text))
    return text


def _after_phrase(norm: str, end: int) -> str:
    rest = norm[end : end + 16]
    rest = re.sub(r"^(?:以上|左右|多|的)", "", rest)
    phrase = re.match(r"[\u4e00-\u9fff]+", rest)
    if not phrase or phrase.group()[0] in CN_NUM or _VERB_AFTER.match(phrase.group()):
        return ""  # 「220亿元增长到…」: what follows a figure is a noun only when it names what was counted
    words = phrase.group()
    stop = _AFTER_STOP.search(words, 2)
    return words[: stop.start()] if stop else words[:10]


def share_metrics(norm: str, found: list[dict], bounds: Boundaries) -> None:
    """Lists take their metrics respectively (「A、B、C分别增长…」); a figure without one borrows its neighbour's."""
    groups: dict[int, list[dict]] = {}
    for raw in found:
        groups.setdefault(raw.get("list_of", raw["start"]), []).append(raw)
    for lead, members in groups.items():
        head = members[0]
        segment_start = bounds.clause_start(lead)
        subject = norm[segment_start:lead]
        if "分别" in subject and len(members) > 1:
            names = [clean_name(n) for n in re.split(r"、|和|及", subject.split("分别")[0])]
            # 「A达到4.8万元，B 2.1万元，分别增长5.5%和7%」: no names here, so those of the figures before.
            names = _shared_ending(names) if any(names) else _named_before(found, head)[-len(members) :]
            if len(names) == len(members):
                # 「审批事项、办理环节分别减少30%和50%」: each a change, named with its verb as alone.
                verb = head.get("verb", "") if head["kind"] == CHANGE else ""
                for raw, name in zip(members, names, strict=True):
                    raw["plain_metric"], raw["metric"] = name, name + verb if name else ""
                continue
        for raw in members[1:]:
            raw["metric"] = head["metric"]
    last_metric: dict[int, str] = {}  # sentence start → the latest metric named in that sentence
    for index, raw in enumerate(found):
        if not raw["metric"]:
            following = found[index + 1] if index + 1 < len(found) else None
            if raw["sentence_start"] in last_metric:
                # 「…32微克/立方米，比2015年下降40%」: a change of the level named before is a series of
                # its own (PM2.5平均浓度下降), as when the change names the level itself.
                raw["plain_metric"] = last_metric[raw["sentence_start"]]
                raw["metric"] = raw["plain_metric"] + raw.get("verb", "")
            elif following and following["start"] == raw["end"]:  # 「6大类58项工作任务」
                raw["metric"] = following["metric"]
        if raw["metric"]:
            # 「城镇化率提高2个百分点，达到65%」: the level is 城镇化率, not its change.
            last_metric[raw["sentence_start"]] = raw.get("plain_metric") or raw["metric"]
    for index, raw in enumerate(found):
        if raw["kind"] == COUNT and raw["base"] in CATEGORY_UNITS:
            # 「8大类32项重点工程」: the kinds sort the items that follow, and are not among them.
            following = found[index + 1] if index + 1 < len(found) else None
            if following and following["start"] == raw["end"] and following["metric"]:
                raw["metric"] = following["metric"]
            if raw["metric"] and not raw["metric"].endswith(("类别", "种类", "类型")):
                raw["metric"] += "类别"


def _shared_ending(names: list[str]) -> list[str]:
    """「一、二、三产业增加值」 → 第一产业增加值, 第二产业增加值, 第三产业增加值: one-character heads of
    a list share the ending of its last name. (Longer heads are left alone: without word boundaries
    「工业、服务业增加值」 cannot be told from 「城镇、农村居民收入」.)"""
    *heads, last = names
    if not heads or not all(len(head) == 1 for head in heads) or len(last) < 3:
        return names
    names = [head + last[1:] for head in heads] + [last]
    return [f"第{name}" if name[0] in "一二三" and name[1:3] == "产业" else name for name in names]


def _named_before(found: list[dict], lead: dict) -> list[str]:
    """The metrics named by the figures before ``lead`` in its sentence, each once, in order."""
    names = [
        raw.get("plain_metric") or raw["metric"]
        for raw in found
        if raw["sentence_start"] == lead["sentence_start"] and raw["end"] <= lead["start"] and raw["metric"]
    ]
    return list(dict.fromkeys(names))
