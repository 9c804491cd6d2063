from zhongshu.search import text


def test_tokens_segment_lowercase_and_drop_punctuation():
    assert text.tokens("关于召开年度工作会议的通知！Hello, World") == [
        "关于",
        "召开",
        "年度",
        "工作",
        "会议",
        "的",
        "通知",
        "hello",
        "world",
    ]


def test_tokens_normalise_full_width_characters():
    assert text.tokens("２０２６年ＡＢＣ") == ["2026", "年", "abc"]


def test_segment_joins_with_spaces_and_keeps_sub_words():
    assert text.segment("会议室预订") == "会议 会议室 预订"


def test_query_terms_drop_long_words_covered_by_their_parts():
    assert text.query_terms("中华人民共和国") == ["中华", "华人", "人民", "共和", "共和国"]
    assert text.query_terms("会议室") == ["会议", "会议室"]
    assert text.query_terms("工作会议") == ["工作", "会议"]


def test_query_terms_ignore_syntax_characters():
    assert text.query_terms('"*( NEAR -x) OR') == ["near", "x", "or"]
    assert text.query_terms('" * ( ) - ^ :') == []
    assert text.query_terms("") == []


def test_query_terms_are_bounded():
    assert len(text.query_terms(" ".join(f"w{i}" for i in range(100)))) == text.MAX_QUERY_TERMS


def test_snippet_is_a_window_around_the_first_match():
    body = "开头" * 100 + "年度工作会议" + "结尾" * 100
    excerpt = text.snippet(body, ["会议"], width=40)
    assert excerpt.startswith("…")
    assert excerpt.endswith("…")
    assert "会议" in excerpt
    assert len(excerpt) == 42


def test_snippet_without_match_starts_at_the_beginning():
    assert text.snippet("第一行\n\n第二行", ["不存在"]) == "第一行 第二行"


def test_highlight_escapes_and_marks_case_insensitively():
    html = text.highlight('<b>Budget</b> & "预算" budget', ["budget", "预算"])
    assert html == (
        "&lt;b&gt;<mark>Budget</mark>&lt;/b&gt; &amp; &quot;<mark>预算</mark>&quot; "
        "<mark>budget</mark>"
    )


def test_highlight_never_trusts_the_terms_either():
    html = text.highlight("a <i>x</i>", ["<i>x</i>"])
    assert html == "a <mark>&lt;i&gt;x&lt;/i&gt;</mark>"
