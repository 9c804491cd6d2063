"""Request parsers: refuse input built to exhaust the server, and clean every string.

Control characters are stripped at input, for the whole API, here: every string of a JSON,
form or multipart body (keys and values) loses its C0 control characters except tab, line
feed and carriage return, DEL, unpaired surrogates and the non-characters U+FFFE/U+FFFF. None of
them is text a person typed; each breaks a writer downstream (XML in .xlsx, ICS lines, a
PostgreSQL text column refuses NUL and surrogates). Stripping in the parser means no view or
field can forget the rule. Uploaded files are left as they are.
"""

import re

from django.http import QueryDict
from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import DataAndFiles, FormParser, JSONParser, MultiPartParser

# No request of the API nests deeper than a few levels; a generous cap still stops a body like
# [[[[…]]]] 5,000 deep, which would otherwise end the parser with a RecursionError (a 500).
MAX_DEPTH = 32

UNWANTED_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


def clean_text(text: str) -> str:
    return UNWANTED_CHARACTERS.sub("", text)


def _depth(value) -> int:
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, level = stack.pop()
        deepest = max(deepest, level)
        if level > MAX_DEPTH:
            break
        if isinstance(item, dict):
            stack.extend((child, level + 1) for child in item.values())
        elif isinstance(item, list):
            stack.extend((child, level + 1) for child in item)
    return deepest


def clean_strings(value):
    """`value` (parsed JSON, at most MAX_DEPTH deep) with every string cleaned."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, dict):
        return {clean_text(key): clean_strings(item) for key, item in value.items()}
    if isinstance(value, list):
        return [clean_strings(item) for item in value]
    return value


def clean_query_dict(data: QueryDict) -> QueryDict:
    cleaned = QueryDict(mutable=True, encoding=data.encoding)
    for key, values in data.lists():
        cleaned.setlist(clean_text(key), [clean_text(value) for value in values])
    cleaned._mutable = False
    return cleaned


class BoundedJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError(_("The JSON body is nested too deeply.")) from None
        if _depth(data) > MAX_DEPTH:
            raise ParseError(_("The JSON body is nested too deeply."))
        return clean_strings(data)


class CleanFormParser(FormParser):
    def parse(self, stream, media_type=None, parser_context=None):
        return clean_query_dict(super().parse(stream, media_type, parser_context))


class CleanMultiPartParser(MultiPartParser):
    def parse(self, stream, media_type=None, parser_context=None):
        parsed = super().parse(stream, media_type, parser_context)
        return DataAndFiles(clean_query_dict(parsed.data), parsed.files)


# The parsers of the API (settings.REST_FRAMEWORK and views that list their own).
API_PARSERS = [BoundedJSONParser, CleanFormParser, CleanMultiPartParser]
