from interviews.search_terms import fold, highlight_spans, query_phrases, terms


def test_han_text_becomes_overlapping_pairs():
    assert terms("就业政策") == ["就业", "业政", "政策"]


def test_traditional_and_full_width_fold_to_simplified_ascii():
    assert fold("華為ＡＢＣ１２３") == "华为abc123"
    assert terms("華為") == terms("华为")


def test_ascii_words_and_decimals_stay_whole():
    assert terms("BTX建设 58.8亿元") == ["btx", "建设", "58.8", "亿元"]


def test_punctuation_only_query_has_no_phrases():
    assert query_phrases("！？、 ……  '\"<>") == []


def test_query_words_become_separate_phrases():
    assert query_phrases("营商 環境") == [["营商"], ["环境"]]


def test_highlight_finds_traditional_query_in_simplified_text():
    text = "整合华为上下游企业，打造华为产业联盟"

    assert [text[a:b] for a, b in highlight_spans(text, "華為")] == ["华为", "华为"]
