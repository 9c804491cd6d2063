"""文号 / 发文字号 (GB/T 9704): 机关代字 + 〔four-digit year〕 + sequence without leading
zeros + 号.

Every number in that form is accepted and parsed back into its parts; every near miss is
refused. No database: the parser is what registration and correction check a 文号 with, and
the builder is what issuing numbers an outgoing document with.
"""

from hypothesis import given, settings
from hypothesis import strategies as st

from zhongshu.documents.services.common import DocNumber, parse_doc_number
from zhongshu.documents.services.outgoing import CODE_RE

EXAMPLES = settings(max_examples=50, deadline=None)

# Any printable character but whitespace, 〔, 〕 and 第; mostly CJK, like real 机关代字.
code_char = st.one_of(
    st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF),
    st.characters(blacklist_categories=("C", "Z"), blacklist_characters="〔〕第").filter(
        lambda c: not c.isspace()
    ),
)
codes = st.text(code_char, min_size=1, max_size=30)
years = st.integers(min_value=1000, max_value=9999)
sequences = st.integers(min_value=1, max_value=999_999)


@EXAMPLES
@given(codes, years, sequences)
def test_valid_numbers_are_parsed_back(code, year, seq):
    text = f"{code}〔{year}〕{seq}号"
    assert parse_doc_number(text) == DocNumber(code, year, seq)
    assert str(parse_doc_number(text)) == text


@EXAMPLES
@given(
    st.text(code_char, min_size=1, max_size=20).filter(lambda code: CODE_RE.match(code)),
    years,
    sequences,
)
def test_our_issued_numbers_are_valid_numbers(code, year, seq):
    """What `outgoing_issue` writes is a 文号 the recipient's register accepts."""
    assert parse_doc_number(str(DocNumber(code, year, seq))) == (code, year, seq)


def near_misses(code: str, year: int, seq: int) -> st.SearchStrategy[str]:
    """Numbers one mistake away from `code〔year〕seq号`."""
    return st.sampled_from(
        [
            f"{code}〔{year}〕0{seq}号",  # leading zero
            f"{code}〔{year}〕0号",
            f"{code}〔{year}〕{seq * 1_000_000}号",  # seven digits and more
            f"{code}〔{year % 1000}〕{seq}号",  # not four digits
            f"{code}〔{year}0〕{seq}号",
            f"{code}[{year}]{seq}号",  # square brackets
            f"{code}（{year}）{seq}号",
            f"{code}〔{year}〕第{seq}号",  # no 第
            f"{code}〔{year}〕{seq}",  # no 号
            f"〔{year}〕{seq}号",  # no 机关代字
            f"{code} {code}〔{year}〕{seq}号",  # whitespace in the code
            f"{code * 31}〔{year}〕{seq}号",  # a code longer than 30 characters
            f"{code}〔{year}〕{seq}号 附件",
        ]
    )


@EXAMPLES
@given(st.builds(near_misses, codes, years, sequences).flatmap(lambda strategy: strategy))
def test_near_misses_are_refused(text):
    assert parse_doc_number(text) is None
