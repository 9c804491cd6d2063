"""Every role clicks through what the shell offers: nothing it shows may answer 403, 404 or 500.

On the demo company (`zhongshu demo`), each persona opens the dashboard and every module's
landing page, collects every link there and in the menu, opens each, and then every button and
link of the pages those open (one click deeper: a list's buttons, a detail page's links); any
answer of 400 or more fails. A second test checks
the menu against the access matrix (tests/access.py): a page is in a persona's menu exactly
when the matrix lets that persona open it.
"""

import io
from html.parser import HTMLParser

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from tests.access import PERSONAS, ROUTES
from zhongshu.core.menu import MENU, SECTIONS, granted, may_open

pytestmark = pytest.mark.django_db

# Links that are not pages to open: the language switch and logout are forms; static files.
SKIPPED_PREFIXES = ("/static/", "/i18n/", "/accounts/logout/")


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs: set[str] = set()
        self.nav: list[str] = []
        self._in_nav = 0

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "aside" and attributes.get("id") == "sidenav":
            self._in_nav = 1
        href = attributes.get("href") or ""
        if tag == "a" and href.startswith("/") and not href.startswith(SKIPPED_PREFIXES):
            self.hrefs.add(href)
            if self._in_nav:
                self.nav.append(href)

    def handle_endtag(self, tag):
        if tag == "aside":
            self._in_nav = 0


def links_of(html: str) -> Links:
    parser = Links()
    parser.feed(html)
    return parser


@pytest.fixture
def demo_personas(db):
    """The demo company's users, one per role, and an outsider from the far branch."""
    from zhongshu.org.demo import DEMO_USERNAMES, load_demo
    from zhongshu.org.models import ClearanceLevel, Department, User

    load_demo("demo-pass-123", "small", stdout=io.StringIO())
    # One demo user per role (the demo's other staff are members of departments, not personas).
    roles = [name for name in PERSONAS if name in DEMO_USERNAMES]
    users = {user.username: user for user in User.objects.filter(username__in=roles)}
    outsider = User.objects.create_user(
        username="outsider",
        password="demo-pass-123",
        name="吴外部",
        department=Department.objects.get(code="sz"),
        clearance=ClearanceLevel.objects.get(code="public"),
    )
    outsider.groups.add(Group.objects.get(name="employee"))
    return {**users, "outsider": outsider}


def landing_urls() -> list[str]:
    return [reverse(section.overview) for section in MENU if section.overview]


def test_every_role_opens_every_link_it_is_shown(demo_personas):
    """Menu, landing pages and dashboard, then the buttons and links of each page they open."""
    assert set(demo_personas) == set(PERSONAS)
    failures = []
    for persona, user in demo_personas.items():
        client = Client()
        client.force_login(user)
        start_pages = [reverse("dashboard"), *landing_urls()]
        shown: dict[str, str] = {}  # link -> the page it was found on
        for url in start_pages:
            response = client.get(url)
            assert response.status_code == 200, f"{persona}: {url} answered {response.status_code}"
            links = links_of(response.content.decode())
            assert links.nav, f"{persona}: {url} has no navigation"
            shown.update(dict.fromkeys(links.hrefs - shown.keys(), url))
        assert len(shown) > 20, f"{persona}: only {len(shown)} links"
        one_click_deeper: dict[str, str] = {}
        for href in sorted(shown.keys() - set(start_pages)):
            response = client.get(href)
            status = response.status_code
            if status >= 400:
                failures.append(f"{persona}: {href} (on {shown[href]}) answered {status}")
            elif response.headers.get("Content-Type", "").startswith("text/html"):
                found = links_of(response.content.decode()).hrefs - shown.keys()
                one_click_deeper.update(dict.fromkeys(found - one_click_deeper.keys(), href))
        for href, page in sorted(one_click_deeper.items()):
            status = client.get(href).status_code
            if status >= 400:
                failures.append(f"{persona}: {href} (on {page}) answered {status}")
    assert failures == []


def test_the_menu_shows_a_page_exactly_to_whom_the_access_matrix_opens_it(personas):
    """Every page of the menu and of the landing pages, for every persona, against access.py."""
    rules = {route.name: route for route in ROUTES if not route.api}
    checked = 0
    for section in MENU:
        for page in section.pages:
            route = rules[page.url_name]
            if route.public:
                continue
            for persona, user in personas.items():
                user = type(user).objects.get(pk=user.pk)  # a fresh user: grants of this persona
                shown = may_open(page, granted(user))
                assert shown == (persona in route.allowed), (
                    f"{page.url_name}: shown to {persona}: {shown}, access matrix: "
                    f"{persona in route.allowed}"
                )
                checked += 1
    assert checked > 100


def test_only_the_api_roles_see_the_api_documentation(personas):
    """Supervisors connect other systems and auditors pull records through the API."""
    api_docs = next(p for p in SECTIONS["org"].pages if p.url_name == "api-docs")
    for persona, user in personas.items():
        user = type(user).objects.get(pk=user.pk)
        assert may_open(api_docs, granted(user)) == (persona in ("supervisor", "auditor"))
