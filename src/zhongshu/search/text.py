"""Chinese-aware text handling for the index: jieba segmentation, query terms, snippets.

jieba ships its dictionary inside the package and never touches the network; it is loaded
once, lazily (the first index or search in a process), with its chatty logging turned down.
"""

import logging
import re
import threading
import unicodedata

import jieba
from django.utils.html import escape, format_html, format_html_join

MAX_INDEXED_CHARS = 100_000
MAX_QUERY_CHARS = 200
MAX_QUERY_TERMS = 16
SNIPPET_CHARS = 160

_lock = threading.Lock()
_ready = False


def _tokenizer():
    global _ready
    if not _ready:
        with _lock:
            if not _ready:
                jieba.setLogLevel(logging.WARNING)
                jieba.initialize()
                _ready = True
    return jieba


def _is_word(token: str) -> bool:
    return any(ch.isalnum() for ch in token)


def tokens(text: str) -> list[str]:
    """Search-mode jieba tokens of `text`: NFKC-normalised (full-width digits and letters become
    ASCII), lower-cased, punctuation and spaces dropped. Long words also yield their parts
    ("会议室" → "会议", "会议室")."""
    text = unicodedata.normalize("NFKC", text or "")
    return [
        token.lower()
        for token in (t.strip() for t in _tokenizer().cut_for_search(text))
        if token and _is_word(token)
    ]


def segment(text: str) -> str:
    """The segmented form stored in the index: tokens joined by single spaces."""
    return " ".join(tokens((text or "")[:MAX_INDEXED_CHARS]))


def query_terms(q: str) -> list[str]:
    """The terms every hit must contain (AND). A long word whose characters are all covered by
    shorter words of the same query is dropped, so "工作会议" needs "工作" and "会议" — found
    whether the indexed text was segmented as one word or two."""
    candidates = list(dict.fromkeys(tokens((q or "")[:MAX_QUERY_CHARS])))
    terms = []
    for term in candidates:
        covered = set()
        for part in candidates:
            if part != term and len(part) < len(term):
                start = term.find(part)
                while start != -1:
                    covered.update(range(start, start + len(part)))
                    start = term.find(part, start + 1)
        if len(covered) < len(term):
            terms.append(term)
    return terms[:MAX_QUERY_TERMS]


def _pattern(terms):
    if not terms:
        return None
    ordered = sorted(set(terms), key=len, reverse=True)
    return re.compile("|".join(re.escape(term) for term in ordered), re.IGNORECASE)


def snippet(text: str, terms, width: int = SNIPPET_CHARS) -> str:
    """Plain-text excerpt of `text` around the first term found (its start when none is)."""
    text = text or ""
    pattern = _pattern(terms)
    match = pattern.search(text) if pattern else None
    start = max(0, match.start() - width // 4) if match else 0
    excerpt = " ".join(text[start : start + width].split())
    if start > 0:
        excerpt = "…" + excerpt
    if start + width < len(text):
        excerpt += "…"
    return excerpt


def highlight(text: str, terms):
    """`text` HTML-escaped with every term wrapped in <mark>; safe to render as is."""
    pattern = _pattern(terms)
    if not pattern or not text:
        return escape(text or "")
    pieces, last = [], 0
    for match in pattern.finditer(text):
        pieces.append((text[last : match.start()], match.group()))
        last = match.end()
    return format_html("{}{}", format_html_join("", "{}<mark>{}</mark>", pieces), text[last:])
