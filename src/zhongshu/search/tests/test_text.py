from hypothesis import assume, given, settings
from hypothesis import strategies as st

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


# Text as people type it: Chinese (common words and any CJK character), ASCII and full-width
# letters and digits, punctuation and spaces, and now and then any other character.
TYPED = st.text(
    alphabet=st.one_of(
        st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5),
        st.sampled_from("会议室工作年度中华人民共和国收文发文"),
        st.sampled_from('abcXYZ0129２０ＡＢ -_.,%#&+:，。、（）《》"\u3000'),
        st.characters(codec="utf-8", exclude_categories=["Cs"]),
    ),
    max_size=60,
)
FULL_WIDTH = str.maketrans({chr(c): chr(c + 0xFEE0) for c in range(0x21, 0x7F)} | {" ": "\u3000"})


@settings(max_examples=50, deadline=None, database=None)
@given(q=TYPED)
def test_query_terms_still_demand_every_character_of_every_word_typed(q):
    """Dropping a long word covered by its parts loses nothing: every word of the query is
    covered, character by character, by the terms a hit must contain."""
    terms = text.query_terms(q)
    assume(len(terms) < text.MAX_QUERY_TERMS)  # past the bound, later words are dropped
    assert len(set(terms)) == len(terms)
    for word in text.tokens(q):
        covered = set()
        for term in terms:
            start = word.find(term)
            while start != -1:
                covered.update(range(start, start + len(term)))
                start = word.find(term, start + 1)
        assert covered == set(range(len(word))), (word, terms)


@settings(max_examples=50, deadline=None, database=None)
@given(document=TYPED)
def test_a_document_is_found_by_its_own_text_typed_half_or_full_width(document):
    """Indexing and querying segment alike, after the same normalisation: every term of a query
    that repeats the text (in ASCII or in an IME's full-width forms) is an indexed word of it."""
    indexed = set(text.segment(document).split())
    assert set(text.query_terms(document)) <= indexed
    assert set(text.query_terms(document.translate(FULL_WIDTH))) <= indexed
