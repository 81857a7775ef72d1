"""Property-based tests of the parser (Hypothesis)."""

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from interviews.importing.parser import parse_transcript

# Characters that cannot spell a marker, speaker, junk or metadata word, so a generated paragraph
# is ordinary text unless we make it a point on purpose.
HAN = "经济发展建设项目服务民生城市改革创新产业人才科技环境营商重大推进提升优化坚持加快乡村振兴"
CN = "一二三四五六七八九十"

words = st.text(alphabet=HAN, min_size=2, max_size=12)
sentence = st.builds(lambda a, b: f"{a}，{b}。", words, words)
point_body = st.builds(lambda lead, rest: (lead, f"{lead}。{rest}"), words, st.text(alphabet=HAN, max_size=20))


@st.composite
def interviews(draw):
    """An interview as (series, subtitle, region, [(question, [paragraphs], point count)])."""
    series, subtitle = draw(words), draw(words)
    region = draw(st.text(alphabet=HAN, min_size=2, max_size=4)) + "区"
    questions = []
    for _ in range(draw(st.integers(1, 6))):
        question = draw(words) + "，" + draw(words) + "？"
        paragraphs = draw(st.lists(sentence, max_size=2))
        points = draw(st.lists(point_body, max_size=5))
        paragraphs += [f"{CN[i]}是{body}" for i, (_, body) in enumerate(points)]
        if not paragraphs:
            paragraphs = [draw(sentence)]
        if draw(st.booleans()):
            paragraphs.append("图片")
        questions.append((question, paragraphs, len(points)))
    return series, subtitle, region, questions


def render(series, subtitle, region, questions, *, style="{n}.") -> str:
    lines = [f"【视频】{series}|{subtitle}·{region}"]
    for n, (question, paragraphs, _) in enumerate(questions, start=1):
        lines.append(style.format(n=n) + question)
        lines.extend(paragraphs)
    return "\n".join(lines) + "\n"


@given(interview=interviews(), style=st.sampled_from(["{n}.", "{n}、", "{n}. "]))
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_rendered_interview_parses_back_to_the_same_interview(interview, style):
    series, subtitle, region, questions = interview
    all_lines = [q for q, _, _ in questions] + [p for _, ps, _ in questions for p in ps if p != "图片"]
    assume(len(set(all_lines)) == len(all_lines))  # a repeated paragraph is dropped on purpose

    parsed = parse_transcript(render(*interview, style=style))

    assert (parsed.kind, parsed.series, parsed.subtitle, parsed.region) == ("video", series, subtitle, region)
    assert parsed.shape == "numbered"
    assert [(q.number, q.text, q.answer) for q in parsed.questions] == [
        (n, question, "\n".join(paragraphs)) for n, (question, paragraphs, _) in enumerate(questions, start=1)
    ]
    assert [len(q.points) for q in parsed.questions] == [points for _, _, points in questions]
    assert [s.question for s in parsed.media_slots] == [
        n for n, (_, paragraphs, _) in enumerate(questions, start=1) if "图片" in paragraphs
    ]


LINE_PIECES = st.sampled_from(
    [
        "【主持人】", "【嘉宾】张三：", "主持人：", "记者：", "人民网：", "问：", "答：", "张三：", "1.", "１．",
        "一、", "（一）", "一是", "第一，", "首先，", "一方面，", "图片", "视频", "来源：",
        "2022年10月12日", "记者 某某",
        "分享到", "全文长 100 字符", "？", "。", "?", "【视频】", "|", "·", "區長", "58.8 亿元", "\t", " ", "\r",
        "\x85", "\u2028", "邀请到", "书记", "区长", "做客", "（摄影：某）", "https://a.cn/x", "\ufeff",
        "问题1：", "问题一：", "Q1：", "Ｑ：", "A：", "【问题一】", "第一个问题：", "李某某（区委书记）：",
        "区长 张某某：", "谢谢", "主持人好", "（图）", "「视频」", "编者按：", "；二是", "，第二，", "其次是",
        "２０２２年９月２０日",
    ]
)  # fmt: skip


@given(st.text())
@settings(max_examples=300, deadline=None)
def test_parser_never_raises_on_any_text(text):
    parsed = parse_transcript(text)

    assert isinstance(parsed.warnings, tuple)


@given(st.lists(st.one_of(LINE_PIECES, st.text(max_size=8)), max_size=60).map("".join))
@settings(max_examples=300, deadline=None)
def test_parser_never_raises_on_transcript_like_text(text):
    parsed = parse_transcript(text)

    assert all(q.number >= 1 for q in parsed.questions)
    assert len({q.number for q in parsed.questions}) == len(parsed.questions)  # numbers stay unique
