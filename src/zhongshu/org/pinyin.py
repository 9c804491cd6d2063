"""The pinyin forms of a name, stored on users and departments so the picker finds 张三 by
"zhangsan", "zhangs" or "zs".

Both forms hold only a-z and 0-9, so a prefix search is a plain range on an index in any
database and collation (see `prefix_range`).
"""

import re

from pypinyin import lazy_pinyin

PINYIN_MAX = 200
INITIALS_MAX = 100
_NOT_ALNUM = re.compile(r"[^a-z0-9]+")
# Surnames read differently from the character's everyday reading (曾经 céng, 姓曾 Zēng).
SURNAME_READINGS = {
    "曾": "zeng",
    "单": "shan",
    "解": "xie",
    "仇": "qiu",
    "区": "ou",
    "查": "zha",
    "朴": "piao",
    "盖": "ge",
    "乐": "yue",
    "缪": "miao",
    "覃": "qin",
    "召": "shao",
    "种": "chong",
    "繁": "po",
}


def _syllables(text: str, *, person: bool) -> list[str]:
    # Text that is not Chinese (a Latin name, digits) comes back whole; split it into words.
    parts = lazy_pinyin(text, errors=lambda chunk: chunk.split())
    if person and text[:1] in SURNAME_READINGS and parts:
        parts[0] = SURNAME_READINGS[text[0]]
    syllables = (_NOT_ALNUM.sub("", part.lower()) for part in parts)
    return [syllable for syllable in syllables if syllable]


def pinyin_forms(text: str | None, *, person: bool = False) -> tuple[str, str]:
    """(full pinyin, initials) of `text`: 张三 → ("zhangsan", "zs"); Tom Lee → ("tomlee", "tl").

    `person` reads the first character as a surname (曾伟 → "zengwei").
    """
    syllables = _syllables((text or "").strip(), person=person)
    full = "".join(syllables)[:PINYIN_MAX]
    initials = "".join(syllable[0] for syllable in syllables)[:INITIALS_MAX]
    return full, initials


def normalise_query(text: str) -> str:
    """What a typed query looks like in the stored forms: lower case a-z and 0-9 only."""
    return _NOT_ALNUM.sub("", (text or "").lower())


def prefix_range(prefix: str) -> tuple[str, str]:
    """Bounds (low inclusive, high exclusive) of the a-z0-9 strings starting with `prefix`.

    A range instead of LIKE: SQLite's case-insensitive LIKE cannot use an index on a column of
    the default collation, and PostgreSQL's LIKE needs a pattern-ops index; a range uses the
    plain index on both.
    """
    return prefix, prefix[:-1] + chr(ord(prefix[-1]) + 1)
