from interviews.importing.parser import parse_title, parse_transcript
from interviews.structure import answer_blocks, parse_point


def test_sample_title_series_and_region_match_gold(sample_text, gold):
    parsed = parse_transcript(sample_text)

    assert f"【视频】{parsed.title}" == gold["title"]
    assert parsed.kind == "video"
    assert f"{parsed.series}|{parsed.subtitle}" == gold["series"]
    assert parsed.region == gold["district"]
    assert [g.name for g in parsed.guests] == [g["name"] for g in gold["guests"]]


def test_sample_questions_and_points_match_gold(sample_text, gold):
    parsed = parse_transcript(sample_text)

    assert [q.number for q in parsed.questions] == list(range(1, len(gold["questions"]) + 1))
    for question, expected in zip(parsed.questions, gold["questions"], strict=True):
        assert question.text.startswith(expected["first_chars"])
        assert len(question.points) == expected["points"]


def test_sample_answer_keeps_text_as_typed(sample_text):
    first = parse_transcript(sample_text).questions[0]

    assert first.answer.splitlines()[0].startswith("党的十八大以来的这十年")
    assert "\n一是经济发展质效不断加强。全区经济稳步增长" in first.answer
    assert first.points[0].lead == "经济发展质效不断加强"


def test_sample_trailing_picture_line_is_a_photo_slot(sample_text):
    parsed = parse_transcript(sample_text)

    assert [(slot.kind, slot.question) for slot in parsed.media_slots] == [("photo", 4)]
    assert parsed.questions[3].answer.splitlines()[-1] == "图片"


def test_announced_aspects_that_are_not_all_listed_give_a_warning(sample_text):
    warnings = parse_transcript(sample_text).warnings

    assert any("四个方面" in w.message and "3 点" in w.message for w in warnings)


def test_title_with_full_width_bar_and_text_marker():
    title = parse_title("【文字】e起点赞长春这十年｜区县领导访谈·朝阳区")

    assert (title.kind, title.series, title.subtitle, title.region) == (
        "text",
        "e起点赞长春这十年",
        "区县领导访谈",
        "朝阳区",
    )


def test_decimal_figure_at_line_start_is_not_a_question():
    parsed = parse_transcript("标题\n1.怎么样?\n回答。\n495.7亿元是去年的数字。")

    assert len(parsed.questions) == 1
    assert parsed.questions[0].answer == "回答。\n495.7亿元是去年的数字。"


def test_text_without_questions_is_kept_as_one_section_with_warning():
    parsed = parse_transcript("一篇报道\n第一段。\n第二段。")

    assert [q.answer for q in parsed.questions] == ["第一段。\n第二段。"]
    assert parsed.warnings and "没有找到编号问题" in parsed.warnings[0].message


def test_empty_text_gives_warning_not_error():
    parsed = parse_transcript("  \n\n")

    assert parsed.questions == ()
    assert "为空" in parsed.warnings[0].message


def test_question_without_answer_is_flagged():
    parsed = parse_transcript("标题\n1.第一问?\n2.第二问?\n回答。")

    assert [q.answer for q in parsed.questions] == ["", "回答。"]
    assert any("第 1 个问题没有回答" in w.message for w in parsed.warnings)


def test_full_width_question_number():
    parsed = parse_transcript("标题\n１．问题一？\n答。")

    assert parsed.questions[0].number == 1
    assert parsed.questions[0].text == "问题一？"


def test_answer_blocks_group_points_and_find_photo_slots():
    blocks = answer_blocks("开头。\n一是甲。甲的内容。\n二是乙；乙的内容。\n图片\n结尾。")

    assert [block.kind for block in blocks] == ["paragraph", "points", "photo", "paragraph"]
    assert [point.lead for point in blocks[1].points] == ["甲", "乙"]


def test_point_without_short_lead_has_no_emphasis():
    point = parse_point("一是" + "很长的句子" * 20 + "。")

    assert point.lead == ""
    assert point.body.startswith("很长的句子")


def test_a_caption_line_belongs_to_the_photo_slot_above_it():
    blocks = answer_blocks("开头。\n图片\n图为南关区新貌。\n图为不是说明的正文。\n视频\n结尾。")

    assert [b.kind for b in blocks] == ["paragraph", "photo", "paragraph", "paragraph"]
    assert blocks[1].caption == "图为南关区新貌。"
    assert blocks[2].text == "图为不是说明的正文。"


def test_warnings_come_in_line_order():
    text = "标题\n1.问一？\n答一。\n3.问三？\n答三。\n谢谢！"

    lines = [warning.line for warning in parse_transcript(text).warnings]

    assert lines == [4, 6]  # the skipped number, then the closing thanks (found first)
