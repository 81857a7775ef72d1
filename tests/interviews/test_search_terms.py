from interviews.search_terms import fold, highlight_spans, query_phrases, terms


def test_han_text_becomes_overlapping_pairs_then_single_characters_and_runs_of_three_and_four():
    assert terms("就业政策") == ["就业", "业政", "政策", "就", "业", "政", "策", "就业政", "业政策", "就业政策"]


def test_traditional_and_full_width_fold_to_simplified_ascii():
    assert fold("華為ＡＢＣ１２３") == "华为abc123"
    assert terms("華為") == terms("华为")


def test_ascii_words_and_decimals_stay_whole_and_pair_with_the_han_characters_they_touch():
    assert terms("BTX建设 58.8亿元", whole_runs=False) == [
        *["btx建", "建设", "58.8亿", "亿元"],
        *["btx", "建", "设", "58.8", "亿", "元"],
    ]


def test_three_and_four_character_words_are_one_term_longer_ones_a_phrase_of_pairs():
    assert query_phrases("南关区 營商環境 新时代文明") == [["南关区"], ["营商环境"], ["新时", "时代", "代文", "文明"]]


def test_punctuation_only_query_has_no_phrases():
    assert query_phrases("！？、 ……  '\"<>") == []


def test_query_words_become_separate_phrases():
    assert query_phrases("营商 環境") == [["营商"], ["环境"]]


def test_highlight_finds_traditional_query_in_simplified_text():
    text = "整合华为上下游企业，打造华为产业联盟"

    assert [text[a:b] for a, b in highlight_spans(text, "華為")] == ["华为", "华为"]


def test_without_whole_runs_only_pairs_and_single_characters_are_indexed():
    assert terms("就业政策", whole_runs=False) == ["就业", "业政", "政策", "就", "业", "政", "策"]


def test_without_whole_runs_three_and_four_character_words_are_phrases_of_pairs():
    assert query_phrases("南关区 营商环境 区", whole_runs=False) == [
        ["南关", "关区"],
        ["营商", "商环", "环境"],
        ["区"],
    ]


def test_highlight_keeps_its_place_in_text_that_folding_lengthens():
    # NFKC turns … into ... and ㎡ into m2; the matches must still point at the original text.
    text = "我们说……大力发展华为产业，建成10万㎡的华為园区"

    assert [text[a:b] for a, b in highlight_spans(text, "华为 １０万")] == ["华为", "10万", "华為"]
