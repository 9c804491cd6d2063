"""Benchmarks of the documents module at 200,000 items and 1,000,000 routing-slip lines:
the register list with filters, a reader's 待阅 list, a search for a two-character word."""

from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from zhongshu.documents.filters import search_documents
from zhongshu.documents.models import IncomingDocument, RoutingSlip
from zhongshu.org.models import User

from .measure import query_count, timed

WORD = "消防"


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _replay(fn):
    """The slowest statement `fn` runs on the documents or search tables (its main query),
    replayed on a bare cursor: the bare-SQL baseline."""
    with CaptureQueriesContext(connection) as captured:
        fn()
    mine = [
        q for q in captured.captured_queries if "documents_" in q["sql"] or "search_" in q["sql"]
    ]
    sql = max(mine, key=lambda q: (float(q["time"]), len(q["sql"])))["sql"]

    def bare():
        with connection.cursor() as cursor:
            cursor.execute(sql)
            cursor.fetchall()

    return bare


def _minimal(client, path, query=None):
    """The minimal view through the middleware (session, auth, locale), like the page. Call it
    inside `_bench_urls()`: overriding the URLconf per call would clear the URL caches and
    make the baseline look slower than it is."""

    def call():
        assert client.get(path, query or {}).status_code == 200

    return call


def _bench_urls():
    return override_settings(ROOT_URLCONF="bench.views_documents")


def _baselines(client, path, query=None) -> dict:
    """Bare SQL, the minimal view, and last (the printed ratio is against it) the same rows in
    the site's page shell — base.html, which every page pays for and no list can avoid."""
    minimal = _minimal(client, path, query)
    in_shell = _minimal(client, path.rstrip("/") + "-shell/", query)
    with _bench_urls():
        return {
            "baseline_bare_sql": timed(_replay(minimal)),
            "baseline_minimal_view": timed(minimal),
            "baseline_minimal_view_in_shell": timed(in_shell),
        }


def _api_queries(client, page_size) -> int:
    return query_count(lambda: client.get("/api/v1/documents/incoming/", {"page_size": page_size}))


def register_list() -> dict:
    clerk = User.objects.get(username="clerk")
    client = _client(clerk)
    query = {"year": timezone.localdate().year, "kind": "notice", "status": "registered"}

    def page():
        assert client.get("/documents/", query).status_code == 200

    return {
        "name": "documents register list with filters (/documents/)",
        "documents": IncomingDocument.objects.count(),
        "page": timed(page),
        "page_queries": query_count(page),
        "api_queries_page_size_10": _api_queries(client, 10),
        "api_queries_page_size_200": _api_queries(client, 200),
        **_baselines(client, "/bench/minimal-register/", query),
    }


def reading_list() -> dict:
    reader = User.objects.get(username="employee")
    client = _client(reader)

    def page():
        assert client.get("/documents/slips/").status_code == 200

    return {
        "name": "a reader's 待阅 list (/documents/slips/)",
        "slip_rows": RoutingSlip.objects.count(),
        "pending_for_reader": RoutingSlip.objects.pending_for(reader).count(),
        "page": timed(page),
        "page_queries": query_count(page),
        "api": timed(lambda: client.get("/api/v1/documents/slips/", {"state": "pending"})),
        "api_queries_page_size_10": query_count(
            lambda: client.get("/api/v1/documents/slips/", {"page_size": 10})
        ),
        "api_queries_page_size_200": query_count(
            lambda: client.get("/api/v1/documents/slips/", {"page_size": 200})
        ),
        **_baselines(client, "/bench/minimal-slips/"),
    }


def search_word() -> dict:
    clerk = User.objects.get(username="clerk")
    client = _client(clerk)

    def page():
        assert client.get("/documents/search/", {"q": WORD}).status_code == 200

    minimal = _minimal(client, "/bench/minimal-search/", {"q": WORD})
    with _bench_urls():
        minimal_view = timed(minimal)
    return {
        "name": f"documents search for “{WORD}” (/documents/search/)",
        "documents": IncomingDocument.objects.count(),
        "page": timed(page),
        "page_queries": query_count(page),
        "search_function": timed(lambda: search_documents(clerk, WORD, {}, limit=21)),
        "hits_on_first_page": len(search_documents(clerk, WORD, {}, limit=20)),
        "baseline_bare_sql": timed(_replay(lambda: search_documents(clerk, WORD, {}, limit=21))),
        "baseline_minimal_view": minimal_view,
    }


CASES = [register_list, reading_list, search_word]
