"""Seed the indicators district interviews quote most, with the other names they go by."""

from django.db import migrations

# (code, name, category, unit, definition, aliases)
SEED = [
    (
        "gdp",
        "地区生产总值",
        "economy",
        "元",
        "本地区所有常住单位在一定时期内生产活动的最终成果。",
        ["生产总值", "GDP", "地区GDP", "国内生产总值"],
    ),
    (
        "gdp-growth",
        "地区生产总值增速",
        "economy",
        "%",
        "地区生产总值比上年增长的百分比（按可比价格计算）。",
        ["生产总值增速", "GDP增速", "经济增速"],
    ),
    (
        "fixed-asset-investment",
        "固定资产投资",
        "economy",
        "元",
        "建造和购置固定资产的工作量。",
        ["全社会固定资产投资", "固投"],
    ),
    (
        "retail-sales",
        "社会消费品零售总额",
        "economy",
        "元",
        "批发零售、住宿餐饮等行业售给个人和社会集团的消费品零售额。",
        ["社零总额", "社会消费品零售额"],
    ),
    (
        "public-budget-revenue",
        "一般公共预算收入",
        "economy",
        "元",
        "地方一般公共预算收入。",
        ["地方级财政收入", "财政收入"],
    ),
    (
        "market-entities",
        "市场主体",
        "business",
        "户",
        "登记在册的企业、个体工商户和农民专业合作社总数。",
        ["市场主体数量", "各类市场主体"],
    ),
    (
        "tax-fee-cuts",
        "减税降费",
        "business",
        "元",
        "当年为企业和个人减免的税费总额。",
        ["减税降费金额", "新增减税降费"],
    ),
    (
        "enterprise-support-funds",
        "惠企资金",
        "business",
        "元",
        "兑现给企业的各类扶持、奖补资金。",
        ["兑现惠企资金", "各类惠企资金"],
    ),
    (
        "administrative-approvals",
        "行政审批事项",
        "business",
        "项",
        "纳入政务服务的行政审批事项数。",
        ["审批事项", "政务服务事项"],
    ),
    (
        "disposable-income",
        "居民人均可支配收入",
        "livelihood",
        "元",
        "居民可用于最终消费支出和储蓄的人均收入。",
        ["人均可支配收入", "全体居民人均可支配收入"],
    ),
    (
        "new-urban-jobs",
        "城镇新增就业",
        "livelihood",
        "人",
        "城镇累计新就业人数减去自然减员人数。",
        ["新增城市就业", "城镇新增就业人数", "新增就业"],
    ),
    ("jobs-created", "开发就业岗位", "livelihood", "个", "开发或提供的就业岗位数。", ["就业岗位", "新增就业岗位"]),
    (
        "technology-contracts",
        "技术合同成交额",
        "innovation",
        "元",
        "登记的技术合同成交金额。",
        ["技术合同交易额", "技术交易额"],
    ),
    (
        "tech-enterprises",
        "科技型企业",
        "innovation",
        "户",
        "从事科技研发和成果转化的企业数。",
        ["科技类企业", "科技企业"],
    ),
    (
        "tech-smes",
        "科技型中小企业",
        "innovation",
        "户",
        "入库的科技型中小企业数。",
        ["科技型中小入库企业", "入库科技型中小企业"],
    ),
    (
        "high-tech-enterprises",
        "高新技术企业",
        "innovation",
        "户",
        "认定或入库的高新技术企业数。",
        ["高新技术入库企业", "高企"],
    ),
    ("grassroots-party-organisations", "基层党组织", "party", "个", "基层党委、总支和支部的个数。", ["基层党组织数量"]),
    ("party-members", "党员", "party", "人", "党员人数。", ["党员人数", "在职党员"]),
]


def seed(apps, schema_editor):
    Indicator = apps.get_model("indicators", "Indicator")
    IndicatorAlias = apps.get_model("indicators", "IndicatorAlias")
    for code, name, category, unit, definition, aliases in SEED:
        indicator, _ = Indicator.objects.get_or_create(
            code=code, defaults={"name": name, "category": category, "unit": unit, "definition": definition}
        )
        for alias in aliases:
            IndicatorAlias.objects.get_or_create(name=alias, defaults={"indicator": indicator})


def unseed(apps, schema_editor):
    Indicator = apps.get_model("indicators", "Indicator")
    Indicator.objects.filter(code__in=[row[0] for row in SEED], observations__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("indicators", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
