"""The picker's search endpoints: people and departments by name, username, pinyin or initials.

Both answer at most `LIMIT` options, only from what the requesting user may see (`visible_to`,
active rows only), and take filters for the contexts that need them: `level` (people cleared for
a confidentiality level), `role`, `department` (its members); `exclude` for departments (a
department and everything below it, for choosing a new parent). The filters only narrow the
list; the form field and the service still decide what is accepted.

People are matched by a prefix of the username, full pinyin or initials (ranges on indexes) or by
part of the name typed in Chinese; departments by part of the name, its pinyin or initials.
"""

from django.contrib.auth.decorators import login_required
from django.db.models import Q, QuerySet
from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from zhongshu.core.errors import ServiceError
from zhongshu.core.roles import ROLE_CODES, Role

from .models import ClearanceLevel, Department, User
from .pinyin import normalise_query, prefix_range

LIMIT = 20
MAX_QUERY = 50


def _cleaned(text: str) -> str:
    return text.strip()[:MAX_QUERY]


def _people_filter(text: str) -> Q:
    """Latin letters: a prefix of the username, the full pinyin or the initials, each a range on
    an index (a few thousand people); Chinese characters: part of the name."""
    if not text.isascii():
        return Q(name__contains=text)
    condition = Q(pk__in=[])
    letters = normalise_query(text)
    if letters:
        low, high = prefix_range(letters)
        condition |= Q(name_pinyin__gte=low, name_pinyin__lt=high)
        condition |= Q(name_initials__gte=low, name_initials__lt=high)
    low, high = prefix_range(text.lower())
    return condition | Q(username__gte=low, username__lt=high)


def _department_filter(text: str) -> Q:
    """Part of the name, its pinyin or initials, or the start of the code: "xs" finds 销售部 and
    华东销售组 alike (a company has a few hundred departments at most)."""
    if not text.isascii():
        return Q(name__contains=text)
    condition = Q(code__istartswith=text)
    letters = normalise_query(text)
    if letters:
        condition |= Q(name_pinyin__contains=letters) | Q(name_initials__contains=letters)
    return condition


def _department_id(value: str) -> int | None:
    if not value:
        return None
    if not value.isdigit() or len(value) > 18:
        raise ServiceError(_("Unknown department."), field="department")
    return int(value)


def search_people(
    user: User,
    text: str = "",
    *,
    level: str = "",
    role: str = "",
    department: str = "",
) -> QuerySet[User]:
    """Active people `user` may see matching `text`, narrowed by the filters; bounded."""
    people = User.objects.visible_to(user).active()
    if level:
        cleared = ClearanceLevel.objects.filter(code=level).first()
        if cleared is None:
            raise ServiceError(_("Unknown clearance level."), code="unknown_clearance")
        people = people.cleared_for(cleared)
    if role:
        if role not in ROLE_CODES:
            raise ServiceError(_("Unknown role: %(codes)s.") % {"codes": role}, code="unknown_role")
        people = people.filter(groups__name=role)
    department_id = _department_id(department)
    if department_id is not None:
        people = people.filter(department_id=department_id)
    if _cleaned(text):
        people = people.filter(_people_filter(_cleaned(text)))
    return (
        people.select_related("department")
        .prefetch_related("groups")
        .order_by("name_pinyin", "username")[:LIMIT]
    )


def search_departments(user: User, text: str = "", *, exclude: str = "") -> QuerySet[Department]:
    """Active departments `user` may see matching `text`; `exclude` drops a subtree; bounded."""
    departments = Department.objects.visible_to(user).active()
    excluded = _department_id(exclude)
    if excluded is not None:
        root = Department.objects.filter(pk=excluded).first()
        if root is not None:
            departments = departments.exclude(path__startswith=root.path)
    if _cleaned(text):
        departments = departments.filter(_department_filter(_cleaned(text)))
    return departments.order_by("path", "order")[:LIMIT]


def person_option(user: User) -> dict[str, object]:
    """One person as the picker shows them: name, username, department and roles."""
    return {
        "value": user.pk,
        "text": user.display_name,
        "username": user.username,
        "dept": user.department.name if user.department_id else "",
        "roles": "、".join(str(Role(code).label) for code in user.role_codes),
    }


def department_options(departments: list[Department]) -> list[dict[str, object]]:
    """Departments as the picker shows them: name and the departments above it."""
    above = {
        int(part)
        for department in departments
        for part in department.path.strip("/").split("/")[:-1]
        if part.isdigit()
    }
    names = dict(Department.objects.filter(pk__in=above).values_list("pk", "name"))
    return [
        {
            "value": department.pk,
            "text": department.name,
            "path": " / ".join(
                names[int(part)]
                for part in department.path.strip("/").split("/")[:-1]
                if part.isdigit() and int(part) in names
            ),
        }
        for department in departments
    ]


def _refused(error: ServiceError) -> JsonResponse:
    return JsonResponse({"code": error.code, "detail": str(error.detail)}, status=400)


@require_GET
@login_required
@never_cache
def people(request):
    params = request.GET
    try:
        found = search_people(
            request.user,
            params.get("q", ""),
            level=params.get("level", ""),
            role=params.get("role", ""),
            department=params.get("department", ""),
        )
    except ServiceError as error:
        return _refused(error)
    return JsonResponse({"results": [person_option(user) for user in found]})


@require_GET
@login_required
@never_cache
def departments(request):
    params = request.GET
    try:
        found = search_departments(
            request.user, params.get("q", ""), exclude=params.get("exclude", "")
        )
    except ServiceError as error:
        return _refused(error)
    return JsonResponse({"results": department_options(list(found))})
