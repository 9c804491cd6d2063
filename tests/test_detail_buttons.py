"""Every button and link on the detail pages (an incoming item at each step, an asset card, a
meeting before and after its minutes) opens for the persona who sees it: no 403, no 404, no
500. Links and dialog buttons are opened; one-click buttons are pressed inside a transaction
that is rolled back, so each is tried on the page as that persona saw it."""

from html.parser import HTMLParser

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse

from tests.access import PERSONAS, domain_access_modules
from tests.test_access_matrix import World, platform_factories

pytestmark = pytest.mark.django_db
RECORD = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "record"}


@pytest.fixture
def world(personas, company, make_user):
    """The access matrix's world: the personas and the records its routes act on."""
    factories = platform_factories()
    for module in domain_access_modules():
        factories.update(module.world_factories())
    return World({**personas, "company": company, "make_user": make_user}, factories)


class Targets(HTMLParser):
    """The links (`href`, `hx-get`) and one-click POST forms of a page region."""

    def __init__(self):
        super().__init__()
        self.links: set[str] = set()
        self.posts: list[tuple[str, dict]] = []
        self._form: tuple[str, dict] | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        for name in ("href", "hx-get"):
            value = attributes.get(name) or ""
            if value.startswith("/"):
                self.links.add(value)
        if tag == "form" and (attributes.get("method") or "").lower() == "post":
            multipart = attributes.get("enctype") == "multipart/form-data"
            # File uploads need a file: the attachments widget is the files app's own.
            self._form = None if multipart else (attributes["action"], {})
        elif self._form is not None and tag in ("input", "button"):
            name = attributes.get("name")
            if name and name != "csrfmiddlewaretoken":
                self._form[1][name] = attributes.get("value") or ""

    def handle_endtag(self, tag):
        if tag == "form" and self._form is not None:
            self.posts.append(self._form)
            self._form = None


class Rollback(Exception):
    pass


def check_page(url, world, personas=PERSONAS):
    """Open `url` as each persona; for those who see it, try every target in its record."""
    seen_by = []
    for persona in personas:
        client = Client()
        client.force_login(world[persona])
        page = client.get(url, **RECORD)
        if page.status_code != 200:
            assert page.status_code in (403, 404), (url, persona, page.status_code)
            continue
        seen_by.append(persona)
        targets = Targets()
        targets.feed(page.content.decode())
        for link in sorted(targets.links):
            status = client.get(link).status_code
            assert status not in (403, 404) and status < 500, (url, persona, link, status)
        for action, data in targets.posts:
            try:
                with transaction.atomic():
                    status = client.post(action, data).status_code
                    raise Rollback
            except Rollback:
                pass
            assert status not in (403, 404) and status < 500, (url, persona, action, status)
    return seen_by


def test_incoming_item_pages(world):
    from zhongshu.documents import services

    item = world["documents_item"]
    assert check_page(reverse("documents:incoming_detail", args=[item.pk]), world) == [
        "supervisor",
        "clerk",
        "leader",
        "employee",
        "auditor",
    ]
    awaiting = world["documents_awaiting"]
    check_page(reverse("documents:incoming_detail", args=[awaiting.pk]), world)
    handled = world["documents_task"].document
    assert "dept_head" in check_page(reverse("documents:incoming_detail", args=[handled.pk]), world)
    clerk = world["clerk"]
    archived = services.document_register(
        by=clerk, subject="关于档案借阅制度的通知", issuer="档案局", kind="notice", level="internal"
    )
    services.scope_extend(document=archived, users=[world["employee"]], by=clerk)
    services.document_propose(document=archived, action="inform", by=clerk)
    services.document_archive(
        document=archived, retention="D30", category="WS", year=2026, by=clerk
    )
    check_page(reverse("documents:incoming_detail", args=[archived.pk]), world)
    returned = services.document_register(
        by=clerk, subject="关于误投的函", issuer="某公司", kind="letter", level="internal"
    )
    services.document_return(document=returned, reason="非本单位来文", by=clerk)
    check_page(reverse("documents:incoming_detail", args=[returned.pk]), world)


def test_asset_card_pages(world):
    from zhongshu.assets.services import asset_dispose
    from zhongshu.assets.services.maintenance import repair_open

    asset = world["assets_asset"]
    assert check_page(reverse("assets:detail", args=[asset.pk]), world) == [
        "supervisor",
        "logistics",
        "dept_head",
        "employee",
        "auditor",
    ]
    repair_open(asset=asset, fault="屏幕不亮", by=world["logistics"])
    world["assets_second_supervisor"]
    asset_dispose(asset=asset, kind="scrap", reason="无法修复", by=world["logistics"])
    check_page(reverse("assets:detail", args=[asset.pk]), world)


def test_meeting_pages(world):
    from zhongshu.meetings.services import (
        minutes_publish,
        minutes_review,
        minutes_save,
        minutes_submit,
    )
    from zhongshu.meetings.tests.factories import started_ago

    meeting = world["meetings_meeting"]
    world["meetings_action"]
    url = reverse("meetings:detail", args=[meeting.pk])
    assert check_page(url, world) == [
        "supervisor",
        "clerk",
        "logistics",
        "leader",
        "employee",
        "auditor",
    ]
    minutes_save(meeting=meeting, by=world["clerk"], body="纪要")
    minutes_submit(meeting=meeting, by=world["clerk"])
    check_page(url, world)
    minutes_review(meeting=meeting, by=world["leader"], decision="approve")
    minutes_publish(meeting=meeting, by=world["clerk"])
    check_page(url, world)
    started_ago(meeting, minutes=5)  # sign-in is open: the clerk's sign-in buttons show
    check_page(url, world)
