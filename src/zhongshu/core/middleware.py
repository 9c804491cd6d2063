"""Zhongshu speaks Simplified Chinese unless the user chose English with the language switch."""


class ChineseFirstMiddleware:
    """Ignore the browser's Accept-Language so zh-hans is the default for everyone.

    The language cookie set by the switch (Django's set_language view) still wins.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)
