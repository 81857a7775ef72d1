"""The transcript shapes editors receive besides the sample (texts in tests/data/shapes/)."""

from pathlib import Path

import pytest

from interviews.importing.parser import ParsedGuest, parse_transcript
from interviews.structure import answer_blocks

SHAPES = Path(__file__).parent.parent / "data" / "shapes"


def parse(name: str, **options):
    return parse_transcript((SHAPES / name).read_text(encoding="utf-8"), **options)


def messages(parsed) -> str:
    return "\n".join(w.message for w in parsed.warnings)


def test_bracket_dialogue_host_turns_become_questions_and_guest_turns_answers():
    parsed = parse("dialogue-brackets.txt")

    assert parsed.shape == "dialogue"
    assert [q.text for q in parsed.questions] == [
        "这十年，经开区在招商引资方面有哪些新突破？",
        "下一步，经开区将如何推动高质量发展？",
    ]
    # two consecutive guest turns make one answer
    assert parsed.questions[0].answer.startswith("十年来，我们始终坚持项目为王")
    assert parsed.questions[0].answer.endswith("新签约项目数量同比增长20%。")


def test_bracket_dialogue_greetings_handover_and_credits_are_not_questions():
    parsed = parse("dialogue-brackets.txt")

    assert parsed.intro == ("各位网友大家好，欢迎收看本期访谈节目。", "主持人好，各位网友大家好。")
    assert not any("谢谢谢书记" in q.text for q in parsed.questions)
    assert "串场话「好的，谢谢谢书记的介绍。」" in messages(parsed)
    assert parsed.hosts == (ParsedGuest("王晓"),)
    assert parsed.guests == (ParsedGuest("谢志敏", "长春经济技术开发区党工委书记"),)


def test_bracket_dialogue_metadata_junk_spaces_and_photo_caption():
    parsed = parse("dialogue-brackets.txt")

    assert (parsed.source, parsed.date) == ("人民网-吉林频道", "2022-10-12")
    assert "总投资58.8亿元" in parsed.questions[0].answer
    assert "全文长" not in parsed.questions[1].answer
    assert "「全文长 6575 字符」像是网页杂项" in messages(parsed)
    assert "「分享到： 微信 微博 QQ空间」像是网页杂项" in messages(parsed)
    [slot] = parsed.media_slots
    assert (slot.kind, slot.question, slot.caption) == ("photo", 2, "图为长春经开区全景。")


def test_ordinal_and_aspect_enumerations_are_points():
    parsed = parse("dialogue-brackets.txt")

    assert [(p.marker, p.lead) for p in parsed.questions[0].points] == [("第一，", "抓招商"), ("第二，", "抓服务")]
    assert [p.marker for p in parsed.questions[1].points] == ["一方面，", "另一方面，"]


def test_outlet_and_reporter_speakers_ask_and_named_guest_answers():
    parsed = parse("dialogue-outlet.txt")

    assert len(parsed.questions) == 3
    assert parsed.questions[0].text.endswith("请您介绍一下南关区这十年的变化？")
    assert parsed.questions[1].text == "老城改造方面有什么打算？"
    assert parsed.questions[2].text == "网友很关心停车难问题，南关区怎么解决？"
    assert parsed.guests == (ParsedGuest("张三", "南关区委副书记、区长"),)
    assert parsed.questions[1].answer == "我们将大规模实施片区化、立体化旧城改造。\n同时，我们会充分听取居民意见。"
    assert [p.marker for p in parsed.questions[0].points] == ["首先，", "其次，", "最后，"]
    assert parsed.byline == "记者 李明"


def test_named_host_from_credits_line_and_guest_from_sentence():
    parsed = parse("dialogue-named-host.txt")

    assert parsed.hosts == (ParsedGuest("王某"),)
    assert parsed.guests == (ParsedGuest("罗某某", "吉州区委副书记、区长"),)
    assert [q.text for q in parsed.questions] == [
        "吉州区在乡村振兴方面做了哪些工作？",
        "谢谢罗区长。下面请您谈谈下一步的打算。",
    ]
    assert "感谢罗区长做客" in messages(parsed)


def test_question_and_answer_pairs():
    parsed = parse("qa-pairs.txt")

    assert [q.text for q in parsed.questions] == ["今年秋季学期南关区有哪些新变化？", "如何保障学生上下学安全？"]
    assert len(parsed.questions[0].points) == 3
    assert parsed.date == "2022-08-30"


@pytest.mark.parametrize(
    ("name", "questions"),
    [
        ("numbered-chinese.txt", ["十年来，宽城区取得了哪些成就？", "下一步有哪些打算？"]),
        ("numbered-paren.txt", ["绿园区如何推进城市更新？", "在民生保障方面有哪些举措？"]),
        ("numbered-fullwidth.txt", ["双阳区这十年最大的变化是什么？", "如何发展梅花鹿产业？"]),
    ],
)
def test_numbering_styles(name, questions):
    parsed = parse(name)

    assert [q.text for q in parsed.questions] == questions
    assert [q.number for q in parsed.questions] == [1, 2]


def test_sub_heading_inside_answer_is_not_a_question():
    parsed = parse("numbered-chinese.txt")

    assert parsed.questions[0].answer.endswith("（一）经济总量稳步提升。")
    assert parsed.region == "宽城区"


def test_photo_credit_under_a_slot_is_its_caption_not_the_byline():
    parsed = parse("numbered-fullwidth.txt")

    assert parsed.media_slots[0].caption == "（摄影：刘某）"
    assert parsed.byline == ""


def test_report_without_questions_is_one_section_without_duplicates_or_furniture():
    parsed = parse("narrative.txt")

    assert parsed.shape == "narrative"
    [section] = parsed.questions
    assert section.text == ""
    assert section.answer.count("会议指出") == 1
    assert "打印本页" not in section.answer
    assert "与前文重复" in messages(parsed)
    assert "没有找到编号问题" in messages(parsed)
    assert (parsed.byline, parsed.date) == ("记者 赵某 钱某", "2023-01-05")


def test_traditional_text_is_converted_to_simplified_by_default():
    parsed = parse("traditional.txt")

    assert parsed.simplified
    assert (parsed.series, parsed.subtitle, parsed.region) == ("e起点赞长春这十年", "区县领导访谈", "朝阳区")
    assert parsed.questions[0].text == "十年来，朝阳区发展取得了哪些新突破、新成就？"
    assert [p.lead for p in parsed.questions[0].points] == ["经济发展质效不断加强", "人民群众福祉不断提升"]
    assert "繁体字" in messages(parsed)


def test_conversion_can_be_turned_off():
    parsed = parse("traditional.txt", convert=False)

    assert not parsed.simplified
    assert parsed.region == "朝陽區"


def test_simplified_text_is_never_rewritten(sample_text):
    assert not parse_transcript(sample_text).simplified
    assert parse_transcript(sample_text).questions == parse_transcript(sample_text, convert=False).questions


def test_ascii_and_full_width_punctuation_both_work():
    ascii_text = parse_transcript("标题\n1. 怎么样?\n很好。\n2. 还有吗?\n有。")
    full_width = parse_transcript("标题\n１．怎么样？\n很好。\n２．还有吗？\n有。")

    assert [q.answer for q in ascii_text.questions] == [q.answer for q in full_width.questions] == ["很好。", "有。"]


def test_single_sequence_word_is_not_a_point_but_two_are():
    assert [b.kind for b in answer_blocks("最后，我们表示感谢。")] == ["paragraph"]
    assert [b.kind for b in answer_blocks("首先，抓项目。\n最后，抓服务。")] == ["points"]


def test_several_guests_in_one_sentence():
    parsed = parse_transcript("访谈\n今天我们请到了南关区委书记张三和长春市发改委主任李四。\n1.问题？\n回答。")

    assert parsed.guests == (ParsedGuest("张三", "南关区委书记"), ParsedGuest("李四", "长春市发改委主任"))


def test_guest_named_before_position_in_brackets():
    parsed = parse_transcript("访谈\n谢志敏（长春经济技术开发区党工委书记）\n1.问题？\n回答。")

    assert parsed.guests == (ParsedGuest("谢志敏", "长春经济技术开发区党工委书记"),)
    assert parsed.intro == ()


def test_two_guests_answering_one_question_keep_their_names():
    text = "访谈\n主持人：两位怎么看？\n张三：我先说。\n李四：我补充。\n主持人：还有吗？\n张三：没有了。\n李四：同意。"
    parsed = parse_transcript(text)

    assert parsed.questions[0].answer == "张三：我先说。\n李四：我补充。"


def test_colon_in_prose_is_not_a_speaker():
    parsed = parse_transcript("标题\n1.怎么做？\n总之：要抓落实。\n我们提出：三个坚持。")

    assert parsed.shape == "numbered"
    assert parsed.questions[0].answer == "总之：要抓落实。\n我们提出：三个坚持。"


def test_two_named_speakers_the_one_who_asks_is_the_host():
    parsed = parse_transcript(
        "访谈\n张三：李区长，今年有什么新举措？\n李四：我们推进了三项改革。\n张三：效果如何？\n李四：效果明显。"
    )

    assert (parsed.hosts, parsed.guests) == ((ParsedGuest("张三"),), (ParsedGuest("李四"),))
    assert [q.answer for q in parsed.questions] == ["我们推进了三项改革。", "效果明显。"]


def test_named_guest_from_introduction_makes_the_other_speaker_the_host():
    text = (
        "访谈\n嘉宾：南关区区长 李四\n张三：今年有什么新举措？\n李四：我们推进了三项改革。\n张三：好的。\n李四：谢谢。"
    )
    parsed = parse_transcript(text)

    assert parsed.guests == (ParsedGuest("李四", "南关区区长"),)
    assert [q.text for q in parsed.questions] == ["今年有什么新举措？"]
    assert parsed.questions[0].answer == "我们推进了三项改革。\n谢谢。"  # 「好的。」 only hands over
