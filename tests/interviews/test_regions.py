import pytest

from interviews.importing.parser import parse_transcript
from interviews.importing.regions import region_at_start

REGIONS = ("长春市", "南关区", "朝阳区", "东城区", "长春经济技术开发区")


def transcript(title: str, *intro: str) -> str:
    return "\n".join([title, *intro, "1.这十年有哪些变化？", "变化很大。"])


@pytest.mark.parametrize(
    ("guest", "region"),
    [
        ("南关区教育局局长 张三", "南关区"),
        ("朝阳区发改局局长 李四", "朝阳区"),
        ("嘉宾：南关区区长 张三", "南关区"),
        ("中共长春市南关区委副书记 王五", "南关区"),  # the most specific of the names
        ("长春市教育局局长 赵六", "长春市"),
        ("长春经济技术开发区党工委书记 谢志敏", "长春经济技术开发区"),
    ],
)
def test_a_guests_position_that_begins_with_a_known_region_names_the_region(guest, region):
    parsed = parse_transcript(transcript("教育这十年", guest), regions=REGIONS)

    assert parsed.region == region
    assert not any("地区" in w.message for w in parsed.warnings)


def test_a_title_that_begins_with_a_known_region_names_it_before_the_guests():
    parsed = parse_transcript(transcript("南关区：教育这十年", "朝阳区教育局局长 张三"), regions=REGIONS)

    assert parsed.region == "南关区"


def test_the_region_after_the_separator_in_the_title_comes_first():
    parsed = parse_transcript(transcript("区县领导访谈·朝阳区", "南关区教育局局长 张三"), regions=REGIONS)

    assert parsed.region == "朝阳区"


@pytest.mark.parametrize(
    ("title", "guest"),
    [
        ("教育这十年", "朝阳区域经济研究会会长 张三"),  # 朝阳 + 区域, not 朝阳区
        ("广东城区改造这十年", "市教育局局长 张三"),  # 东城区 inside 广东城区
        ("教育这十年", "市委常委、南关区委书记 张三"),  # not at the start
        ("教育这十年", "绿园区教育局局长 张三"),  # no such region (yet)
    ],
)
def test_a_region_name_inside_other_words_or_an_unknown_one_names_no_region(title, guest):
    assert parse_transcript(transcript(title, guest), regions=REGIONS).region == ""


def test_guests_from_two_regions_leave_the_region_to_the_editor():
    parsed = parse_transcript(
        transcript("教育这十年", "南关区教育局局长 张三", "朝阳区教育局局长 李四"), regions=REGIONS
    )

    assert parsed.region == ""
    assert [w.message for w in parsed.warnings if "地区" in w.message] == [
        "嘉宾职务提到多个地区（南关区、朝阳区），未自动选择地区，请导入后在访谈中选择。"
    ]


def test_without_known_regions_only_the_title_names_one(sample_text):
    assert parse_transcript(transcript("教育这十年", "南关区教育局局长 张三")).region == ""
    assert parse_transcript(sample_text).region == "南关区"


def test_the_longest_known_name_at_the_start_wins():
    assert region_at_start("长春经济技术开发区管委会", ("长春", "长春经济技术开发区")) == "长春经济技术开发区"
