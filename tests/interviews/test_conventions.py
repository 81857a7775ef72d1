"""Other ways district interviews are written (texts in tests/data/shapes/), as an editor reads them."""

from pathlib import Path

import pytest

from interviews.importing.parser import ParsedGuest, parse_transcript
from interviews.structure import answer_blocks

SHAPES = Path(__file__).parent.parent / "data" / "shapes"


def parse(name: str):
    return parse_transcript((SHAPES / name).read_text(encoding="utf-8"))


def messages(parsed) -> str:
    return "\n".join(w.message for w in parsed.warnings)


def points(question) -> list[str]:
    return [p.text for p in question.points]


def test_questions_labelled_wenti_with_full_width_numbers_and_editors_note():
    parsed = parse("question-label-inline.txt")

    assert (parsed.kind, parsed.region, parsed.shape) == ("video", "朝阳区", "numbered")
    assert [(q.number, q.text) for q in parsed.questions] == [
        (1, "十年来，朝阳区在经济发展方面取得了哪些成绩？"),
        (2, "在改善民生方面，朝阳区做了哪些工作？"),
        (3, "下一步，朝阳区将如何推动高质量发展？"),
    ]
    assert [line[:4] for line in parsed.intro] == ["编者按："]
    assert parsed.guests == (ParsedGuest("刘某某", "朝阳区委副书记、区长"),)
    assert "没有找到编号问题" not in messages(parsed)


def test_points_running_inline_in_one_paragraph_are_points():
    parsed = parse("question-label-inline.txt")

    assert [len(q.points) for q in parsed.questions] == [3, 3, 2]
    assert points(parsed.questions[1])[1] == "二是完善养老服务，建成社区养老服务中心46个；"
    assert parsed.questions[0].points[1].lead == "产业结构不断优化，现代服务业占比达到78%"
    assert "三个方面" not in messages(parsed)  # three announced, three listed
    assert [(s.kind, s.question, s.caption) for s in parsed.media_slots] == [("photo", 1, "图为朝阳区桂林路商圈。")]


def test_closing_thanks_after_the_last_numbered_answer_is_not_part_of_it():
    parsed = parse("question-label-inline.txt")

    assert parsed.questions[2].answer.endswith("力争引进域外资金150亿元。")
    assert "「主持人：谢谢刘区长！」" in messages(parsed)


def test_speaker_labels_naming_the_guest_with_position_in_brackets():
    parsed = parse("dialogue-name-position.txt")

    assert parsed.shape == "dialogue"
    assert parsed.guests == (ParsedGuest("李某某", "九台区委书记"),)
    assert [q.text for q in parsed.questions] == ["李书记，这十年九台区在产业发展上有哪些突破？", "在生态环境方面呢？"]
    assert parsed.questions[0].answer.startswith("十年来，九台区从一个传统农业县")
    assert [p.marker for p in parsed.questions[0].points] == ["第一，", "第二，", "第三，"]
    assert [p.marker for p in parsed.questions[1].points] == ["首先，", "其次，", "最后，"]
    assert [(s.kind, s.question) for s in parsed.media_slots] == [("photo", 1)]


def test_closing_exchange_of_a_dialogue_is_not_part_of_the_last_answer():
    parsed = parse("dialogue-name-position.txt")

    assert parsed.questions[1].answer.endswith("最后，建成口袋公园35个。")
    assert "「谢谢！」" in messages(parsed)


def test_full_width_date_beside_the_source_is_metadata():
    parsed = parse("dialogue-name-position.txt")

    assert (parsed.date, parsed.source) == ("2022-09-20", "长春日报")


def test_reporter_and_position_name_labels_and_video_placeholder_above_the_title():
    parsed = parse("reporter-position-name.txt")

    assert (parsed.kind, parsed.title) == ("video", "德惠市市长赵某某接受本报专访：打造农产品加工强市")
    assert parsed.guests == (ParsedGuest("赵某某", "德惠市市长"),)
    assert [q.text for q in parsed.questions] == [
        "赵市长，您好！第一个问题，德惠市这十年在农业现代化方面有哪些进展？",
        "第二个问题，在县域经济发展方面，德惠有哪些打算？",
    ]
    assert parsed.questions[1].answer.endswith("推进长德快速路建设。\n（图）")
    assert [(s.kind, s.question) for s in parsed.media_slots] == [("photo", 2)]


def test_first_then_finally_inline_and_points_between_blank_lines():
    parsed = parse("reporter-position-name.txt")

    assert [p.marker for p in parsed.questions[0].points] == ["首先是", "其次是", "最后是"]
    assert points(parsed.questions[0])[2] == "最后是抓品牌建设，培育“德惠大米”等地理标志产品6个。"
    assert [p.marker for p in parsed.questions[1].points] == ["一是", "二是"]


def test_q_numbered_questions_with_a_answers_and_numbered_list():
    parsed = parse("q-numbered.txt")

    assert [(q.number, q.text) for q in parsed.questions] == [
        (1, "榆树市是如何保障国家粮食安全的？"),
        (2, "在农民增收方面有哪些具体举措？"),
        (3, "下一步榆树市将如何推进乡村振兴？"),
    ]
    assert parsed.questions[0].answer.startswith("榆树是“天下第一粮仓”。")
    assert parsed.intro == ()
    assert points(parsed.questions[1]) == [
        "1.发展庭院经济，带动农户增收3000元以上。",
        "2.推进土地规模经营，土地流转面积达到180万亩。",
        "3.开展职业农民培训，每年培训1.5万人次。",
    ]
    assert "没有回答" not in messages(parsed)


def test_question_number_on_its_own_line_above_the_question():
    parsed = parse("question-heading-lines.txt")

    assert [(q.number, q.text) for q in parsed.questions] == [
        (1, "请您介绍一下二道区这十年来的发展成就。"),
        (2, "请谈谈二道区在城市更新方面的做法。"),
        (3, "二道区在营商环境方面有什么新举措？"),
    ]
    assert parsed.questions[0].answer.startswith("十年来，二道区地区生产总值")
    assert [p.marker for p in parsed.questions[1].points] == ["（1）", "（2）"]
    assert [(s.kind, s.question) for s in parsed.media_slots] == [("photo", 1)]
    assert parsed.guests == (ParsedGuest("周某某", "二道区委书记"),)


def test_other_question_labels():
    for label in ("问题1：", "问1：", "Q1.", "Ｑ１：", "问题一：", "第一个问题："):
        parsed = parse_transcript(f"标题\n{label}怎么样？\n很好。")
        assert [(q.number, q.text, q.answer) for q in parsed.questions] == [(1, "怎么样？", "很好。")], label


def test_inline_enumeration_needs_its_markers_in_order_after_punctuation():
    # 「统一是」 is a word, and 「一是…三是」 skips a number: neither is a list.
    assert [b.kind for b in answer_blocks("标准统一是关键，二是其次。")] == ["paragraph"]
    assert [b.kind for b in answer_blocks("我们做了两件事：一是甲；三是丙。")] == ["paragraph"]
    blocks = answer_blocks("我们做了两件事：一是甲；二是乙。")
    assert [b.kind for b in blocks] == ["paragraph", "points"]
    assert blocks[0].text == "我们做了两件事："


def test_numbered_lines_and_bracketed_placeholders_in_an_answer():
    blocks = answer_blocks("开头。\n（图）\n1.甲。\n2、乙。\n「视频」\n2021年是关键一年。")

    assert [b.kind for b in blocks] == ["paragraph", "photo", "points", "paragraph"]
    assert [p.marker for p in blocks[2].points] == ["1.", "2、"]
    assert [b.kind for b in answer_blocks("1.只有一条。\n495.7亿元。")] == ["paragraph", "paragraph"]


def test_an_answer_that_ends_with_thanks_to_others_keeps_its_last_sentence():
    parsed = parse_transcript("标题\n1.怎么样？\n很好。\n感谢社会各界的支持。")

    assert parsed.questions[0].answer == "很好。\n感谢社会各界的支持。"
    assert not parsed.warnings


def test_a_skipped_point_number_is_flagged_not_guessed():
    inline = parse_transcript("标题\n1.怎么样？\n我们做了两件事：一是甲；三是丙。")
    lines = parse_transcript("标题\n1.怎么样？\n一是甲。\n三是丙。\n2.还有吗？\n第一，甲；第二，乙。")

    assert "第 1 个问题的回答中要点编号不连续：「一是」之后是「三是」" in messages(inline)
    assert "第 1 个问题的回答中要点编号不连续：「一是」之后是「三是」" in messages(lines)
    assert "第 2 个问题" not in messages(lines)


def test_announced_count_of_points_in_other_words():
    first = "1.怎么样？\n主要有三点：\n一是甲。\n二是乙。"
    second = "2.还有吗？\n重点抓好两件事：一是甲；二是乙。"
    parsed = parse_transcript(f"标题\n{first}\n{second}")

    assert "第 1 个问题的回答提到「三点」，但只列出了 2 点，请核对。" in messages(parsed)
    assert "第 2 个问题" not in messages(parsed)


def test_a_question_label_with_no_question_is_flagged():
    parsed = parse_transcript("标题\n问题1：怎么样？\n很好。\n问题2：")

    assert [q.text for q in parsed.questions] == ["怎么样？", ""]
    assert "第 2 个问题只有编号，没有问题文字，请补充。" in messages(parsed)


def test_bare_q_and_a_labels_are_a_dialogue():
    parsed = parse_transcript("标题\nQ：怎么样？\nA：很好。\nＱ：还有吗？\nＡ：有。")

    assert [(q.number, q.text, q.answer) for q in parsed.questions] == [
        (1, "怎么样？", "很好。"),
        (2, "还有吗？", "有。"),
    ]


def test_a_question_wrapped_onto_the_next_line_is_joined_and_flagged():
    first = "1.十年来，宽城区在城市建设方面\n\n取得了哪些成就？\n我们建成了一批项目。"
    parsed = parse_transcript(f"标题\n{first}\n2.下一步有哪些打算？\n继续努力。")

    assert [(q.text, q.answer) for q in parsed.questions] == [
        ("十年来，宽城区在城市建设方面取得了哪些成就？", "我们建成了一批项目。"),
        ("下一步有哪些打算？", "继续努力。"),
    ]
    assert "第 1 个问题分在两行，已合并为一个问题，请核对。" in messages(parsed)


def test_an_answer_opening_with_a_question_mark_line_after_a_full_question_stays_the_answer():
    parsed = parse_transcript("标题\n1.怎么样？\n您问得好，这一点为什么重要？\n因为很关键。")

    assert parsed.questions[0].text == "怎么样？"
    assert parsed.questions[0].answer.startswith("您问得好")


def test_an_editors_note_on_the_first_line_is_not_the_title():
    parsed = parse_transcript("编者按：十年来，农安县发生了巨大变化。\n1.怎么样？\n很好。")

    assert parsed.title == ""
    assert parsed.intro == ("编者按：十年来，农安县发生了巨大变化。",)
    assert "第一行是编者按，不是标题，标题留空，请补充。" in messages(parsed)


def test_a_question_label_followed_by_the_next_label_does_not_take_it_as_its_text():
    parsed = parse_transcript("标题\n【问题一】\n【问题二】\n下一步有哪些打算？\n继续努力。")

    assert [(q.number, q.text) for q in parsed.questions] == [(1, ""), (2, "下一步有哪些打算？")]
    assert "第 1 个问题只有编号，没有问题文字，请补充。" in messages(parsed)


def test_guest_named_in_a_title_that_says_what_they_talk_about():
    parsed = parse("q-numbered.txt")

    assert parsed.guests == (ParsedGuest("孙某某", "榆树市委书记"),)
    assert parse_transcript("我们在座谈会上听取意见\n1.怎么样？\n很好。").guests == ()


def test_a_guest_addressed_by_surname_and_title_is_the_guest_introduced():
    # 「刘区长：」 labels the answers of the 区长刘某某 the introduction names; it is neither a second
    # person nor, because the introduction named only him, someone asking.
    parsed = parse("dialogue-surname-title.txt")

    assert parsed.shape == "dialogue"
    assert [q.text for q in parsed.questions] == [
        "刘区长，十年来绿园区发展取得了哪些成就？",
        "下一步有哪些打算？",
        "您对绿园区的未来有什么期待？",
    ]
    assert parsed.questions[1].answer == "一是抓项目建设；二是优化营商环境。"
    assert parsed.guests == (ParsedGuest("刘某某", "绿园区委副书记、区长"),)


def surname_title_dialogue(introduction: str):
    """dialogue-surname-title.txt (「刘区长：」 answers) with another introduction line."""
    text = (SHAPES / "dialogue-surname-title.txt").read_text(encoding="utf-8")
    return parse_transcript(text.replace("本期节目邀请到绿园区委副书记、区长刘某某。", introduction))


UNKNOWN_SPEAKER = "发言人“刘区长”未在嘉宾介绍中出现，已按“刘区长”记为嘉宾，请核对姓名和职务。"


@pytest.mark.parametrize(
    ("introduction", "introduced"),
    [
        ("本期节目聚焦绿园区这十年。", ()),
        ("本期节目邀请到绿园区委副书记、区长王某某。", (ParsedGuest("王某某", "绿园区委副书记、区长"),)),
    ],
)
def test_a_surname_and_title_no_introduced_guest_has_is_a_guest_by_that_label_with_a_warning(introduction, introduced):
    # Not a host, whoever else was introduced: the answers stay answers, and the editor is told.
    parsed = surname_title_dialogue(introduction)

    assert parsed.shape == "dialogue"
    assert len(parsed.questions) == 3
    assert parsed.questions[1].answer == "一是抓项目建设；二是优化营商环境。"
    assert parsed.guests == (ParsedGuest("刘区长"), *introduced)  # speakers first, as always
    assert [(w.line, w.message) for w in parsed.warnings] == [(4, UNKNOWN_SPEAKER)]


def test_a_surname_and_title_whose_guest_was_introduced_with_another_title_is_flagged():
    parsed = surname_title_dialogue("本期节目邀请到绿园区委书记刘某某。")

    assert parsed.shape == "dialogue" and len(parsed.questions) == 3
    assert parsed.guests == (ParsedGuest("刘区长"), ParsedGuest("刘某某", "绿园区委书记"))
    assert messages(parsed) == (
        "发言人“刘区长”与嘉宾介绍中的刘某某（绿园区委书记）职务不符，已按“刘区长”记为嘉宾，请核对姓名和职务。"
    )


def test_a_surname_and_title_two_introduced_guests_share_is_flagged_not_guessed():
    # 「刘区长」 may be the 区长 or the 副区长 (who is addressed as 区长 too): neither is chosen, and no
    # third guest is made up; the answers are imported as they are.
    parsed = surname_title_dialogue("本期节目邀请到绿园区委副书记、区长刘某某和绿园区副区长刘某。")

    assert parsed.shape == "dialogue" and len(parsed.questions) == 3
    assert parsed.questions[0].answer.startswith("谢谢主持人。")
    assert parsed.guests == (ParsedGuest("刘某某", "绿园区委副书记、区长"), ParsedGuest("刘某", "绿园区副区长"))
    assert messages(parsed) == (
        "发言人“刘区长”可能是嘉宾介绍中的刘某某（绿园区委副书记、区长）或刘某（绿园区副区长），"
        "无法确定是哪一位，未对应到嘉宾，请核对。"
    )


def test_a_surname_two_guests_share_is_no_doubt_when_only_one_has_the_title():
    parsed = surname_title_dialogue("本期节目邀请到绿园区区长刘某某和绿园区委书记刘某。")

    assert parsed.guests == (ParsedGuest("刘某某", "绿园区区长"), ParsedGuest("刘某", "绿园区委书记"))
    assert len(parsed.questions) == 3
    assert not parsed.warnings


def test_a_surname_and_title_that_asks_the_questions_is_the_host_and_not_flagged():
    turns = ["王主任：十年来有哪些成就？", "刘区长：成就很大。", "王主任：下一步呢？", "刘区长：继续努力。"]
    parsed = parse_transcript("\n".join(["标题", *turns]))

    assert parsed.hosts == (ParsedGuest("王主任"),)
    assert parsed.guests == (ParsedGuest("刘区长"),)
    assert messages(parsed) == UNKNOWN_SPEAKER  # only the one answering


def test_a_host_label_with_the_hosts_credits_opens_a_host_turn():
    text = (SHAPES / "dialogue-surname-title.txt").read_text(encoding="utf-8")
    parsed = parse_transcript(text.replace("\n主持人：", "\n主持人（人民网记者 王某）："))

    assert parsed.shape == "dialogue" and len(parsed.questions) == 3
    assert parsed.hosts == (ParsedGuest("王某", "人民网记者"),)
    assert parsed.questions[0].text == "刘区长，十年来绿园区发展取得了哪些成就？"


def test_a_paragraph_opening_with_a_later_point_goes_on_inline():
    # 「一是」 has a paragraph of its own, 「二是」 and 「三是」 share the next: three points, not two.
    answer = "我们做了三件事。\n一是经济发展质效不断加强。全区经济稳步增长。\n二是民生持续改善；三是党建不断深化。"

    [points] = [b for b in answer_blocks(answer) if b.kind == "points"]
    assert [(p.marker, p.lead) for p in points.points] == [
        ("一是", "经济发展质效不断加强"),
        ("二是", "民生持续改善"),
        ("三是", "党建不断深化"),
    ]
