"""The site's menu: every module's pages, who may open each, and a line saying what it is for.

One table feeds the left navigation (`core.templatetags.shell_tags.sidenav`) and the modules'
landing pages (`<app>/views/landing.py`), so neither ever shows a page the user cannot open.
Each page names the permissions its view checks (`user.has_perm`, the rules predicates) — any
one of them opens it; `role:<code>` stands for a view's own `user.has_role(...)` test. Pages
are named by URL name only: the platform never imports a domain app.

A user's grants are worked out once per request (`granted`): the role predicates read the
user's groups once (`User.role_codes`, cached on the user object), so the whole menu costs at
most that one query, which the page usually has paid already.
"""

from dataclasses import dataclass

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .roles import Role


@dataclass(frozen=True)
class Page:
    url_name: str
    label: Promise
    description: Promise
    # Any one of these opens the page; empty = every signed-in user.
    requires: tuple[str, ...] = ()
    # False: listed on the module's landing page only, to keep the navigation short.
    in_nav: bool = True

    @property
    def url(self) -> str:
        return reverse(self.url_name)


@dataclass(frozen=True)
class Section:
    key: str  # the URL namespace of the module's pages
    label: Promise
    pages: tuple[Page, ...]
    overview: str = ""  # URL name of the module's landing page, if it has one
    summary: Promise | str = ""


def _role(role: Role) -> str:
    return f"role:{role.value}"


MENU: tuple[Section, ...] = (
    Section(
        "workspace",
        _("Workspace"),
        (
            Page("dashboard", _("Dashboard"), _("Your to-dos and latest notifications.")),
            Page("workflow:inbox", _("To-do inbox"), _("Everything waiting for you.")),
            Page("workflow:request_list", _("Approvals"), _("Requests you made or decide.")),
            Page("notices:list", _("Notifications"), _("Messages sent to you.")),
            Page("search:results", _("Search"), _("Search everything you may see.")),
        ),
    ),
    Section(
        "documents",
        _("Documents"),
        (
            Page(
                "documents:incoming_list",
                _("Incoming documents"),
                _("The incoming register: documents received, their proposals and handling."),
            ),
            Page(
                "documents:slip_list",
                _("To read"),
                _("Documents circulated to you for reading and signing."),
            ),
            Page(
                "documents:outgoing_list",
                _("Outgoing documents"),
                _("Documents drafted, signed off and issued by the company."),
            ),
            Page(
                "documents:archive_list",
                _("Archive"),
                _("Archived documents by archive number; export the catalogue."),
                requires=("documents.view_archive",),
            ),
            Page(
                "documents:borrowing_list",
                _("Borrowings"),
                _("Archived documents you borrowed, and their return."),
            ),
            Page(
                "documents:search",
                _("Document search"),
                _("Find documents by their words, issuer or number."),
                in_nav=False,
            ),
            Page(
                "documents:incoming_create",
                _("Register incoming item"),
                _("Register a document received from outside."),
                requires=("documents.register",),
                in_nav=False,
            ),
            Page(
                "documents:outgoing_create",
                _("New outgoing document"),
                _("Draft a document for the company to issue."),
                requires=("documents.draft_outgoing",),
                in_nav=False,
            ),
        ),
        overview="documents:overview",
        summary=_("Incoming and outgoing documents, circulation for reading, and the archive."),
    ),
    Section(
        "meetings",
        _("Meetings"),
        (
            Page("meetings:index", _("Meetings"), _("Your meetings, upcoming and past.")),
            Page(
                "meetings:book",
                _("Book a meeting"),
                _("Find a free room and invite people."),
                in_nav=False,
            ),
            Page(
                "meetings:grid",
                _("Room schedule"),
                _("Which room is booked when, for one day."),
            ),
            Page("meetings:rooms", _("Meeting rooms"), _("Rooms, their size and equipment.")),
            Page(
                "meetings:report",
                _("Weekly progress report"),
                _("Action items from meetings and how far they are."),
                requires=("meetings.view_report",),
                in_nav=False,
            ),
            Page(
                "meetings:stats",
                _("Meeting statistics"),
                _("How rooms are used and how many meetings were held."),
                requires=("meetings.view_stats",),
                in_nav=False,
            ),
        ),
        overview="meetings:overview",
        summary=_("Room booking, notices, sign-in, minutes and action items."),
    ),
    Section(
        "assets",
        _("Assets"),
        (
            Page(
                "assets:list",
                _("Asset ledger"),
                _("Asset cards: who holds what, where, and in which state."),
            ),
            Page(
                "assets:transfer_list",
                _("Transfers"),
                _("Assets moving between departments, waiting for the receiver."),
                requires=("assets.view_ledger", _role(Role.DEPT_HEAD)),
            ),
            Page(
                "assets:stocktake_list",
                _("Stocktaking"),
                _("Counts of the assets against the ledger, and their differences."),
                requires=("assets.view_ledger",),
            ),
            Page(
                "assets:create",
                _("Register asset"),
                _("Add a new asset card."),
                requires=("assets.manage",),
                in_nav=False,
            ),
            Page(
                "assets:import",
                _("Import assets"),
                _("Add many asset cards from an Excel sheet."),
                requires=("assets.manage",),
                in_nav=False,
            ),
            Page(
                "assets:idle_list",
                _("Idle assets"),
                _("Assets nobody uses, to lend or dispose of."),
                requires=("assets.manage",),
                in_nav=False,
            ),
            Page(
                "assets:inspection_plans",
                _("Inspection plans"),
                _("Regular checks of equipment, and who does them."),
                requires=("assets.view_ledger",),
                in_nav=False,
            ),
            Page(
                "assets:stocktake_plans",
                _("Scheduled stocktakes"),
                _("Stocktakes that open by themselves on a schedule."),
                requires=("assets.view_ledger",),
                in_nav=False,
            ),
            Page(
                "assets:snapshot_list",
                _("Monthly ledger"),
                _("The ledger as it stood at the end of each month."),
                requires=("assets.view_ledger",),
                in_nav=False,
            ),
            Page(
                "assets:categories",
                _("Asset categories"),
                _("Categories, with their depreciation and inspection rules."),
                requires=("assets.view_ledger",),
                in_nav=False,
            ),
            Page(
                "assets:locations",
                _("Locations"),
                _("Buildings, floors and rooms where assets are kept."),
                requires=("assets.view_ledger",),
                in_nav=False,
            ),
        ),
        overview="assets:overview",
        summary=_("One card per asset: custody, transfers, repairs, inspections and stocktaking."),
    ),
    Section(
        "org",
        _("Organisation"),
        (
            Page("org:directory", _("Staff directory"), _("Colleagues and their departments.")),
            Page(
                "org:department_list",
                _("Departments"),
                _("The department tree and its heads."),
                requires=("org.manage_users",),
            ),
            Page(
                "org:user_list",
                _("Users and roles"),
                _("Accounts, roles and clearance levels."),
                requires=("org.manage_users",),
            ),
            Page(
                "workflow:chain_list",
                _("Approval chains"),
                _("Who approves which kind of request."),
                requires=("org.manage_users",),
            ),
            Page(
                "audit:list",
                _("Audit log"),
                _("Who did what, in a chain that cannot be altered."),
                requires=("audit.view_audit",),
            ),
            # The people who connect other systems (supervisors) or pull records for review
            # (auditors) use the API; for everyone else the page is noise.
            Page(
                "api-docs",
                _("API documentation"),
                _("The REST API, to try out in the browser."),
                requires=("org.view_admin_console",),
            ),
        ),
    ),
)

SECTIONS = {section.key: section for section in MENU}
REQUIREMENTS = frozenset(name for s in MENU for page in s.pages for name in page.requires)


def _holds(user, requirement: str) -> bool:
    if requirement.startswith("role:"):
        return user.has_role(requirement.removeprefix("role:"))
    return user.has_perm(requirement)


def granted(user) -> frozenset[str]:
    """The menu requirements `user` meets, computed once per request (kept on the user)."""
    cached = getattr(user, "_menu_granted", None)
    if cached is None:
        cached = frozenset(name for name in REQUIREMENTS if _holds(user, name))
        user._menu_granted = cached
    return cached


def may_open(page: Page, grants: frozenset[str]) -> bool:
    return not page.requires or not grants.isdisjoint(page.requires)


def visible_pages(section: Section, grants: frozenset[str], *, nav: bool) -> list[Page]:
    return [p for p in section.pages if may_open(p, grants) and (p.in_nav or not nav)]


def render_overview(request, key: str) -> HttpResponse:
    """A module's landing page: the module's pages `request.user` may open, one line each."""
    section = SECTIONS[key]
    pages = visible_pages(section, granted(request.user), nav=False)
    return render(request, "module_overview.html", {"section": section, "pages": pages})
