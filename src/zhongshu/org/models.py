from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import Q, Value
from django.db.models.functions import Concat, Lower, Substr
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from zhongshu.core.roles import ROLE_CODES, Role

from .pinyin import INITIALS_MAX, PINYIN_MAX, pinyin_forms


class ClearanceLevel(models.Model):
    """An ordered confidentiality level (密级); names are configurable, `rank` orders them."""

    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=50)
    name_en = models.CharField(_("English name"), max_length=50, blank=True)
    rank = models.PositiveSmallIntegerField(_("rank"), unique=True)
    default_term_years = models.PositiveSmallIntegerField(
        _("default secrecy term (years)"), null=True, blank=True
    )

    class Meta:
        ordering = ["rank"]
        verbose_name = _("clearance level")
        verbose_name_plural = _("clearance levels")

    def __str__(self):
        from django.utils.translation import get_language

        if self.name_en and (get_language() or "").startswith("en"):
            return self.name_en
        return self.name

    @classmethod
    def lowest(cls):
        return cls.objects.order_by("rank").first()


def _with_pinyin(update_fields, source_fields):
    """The `update_fields` of a save, with the pinyin forms when their source is saved."""
    if update_fields is None or not set(source_fields) & set(update_fields):
        return update_fields
    return {*update_fields, "name_pinyin", "name_initials"}


class DepartmentQuerySet(models.QuerySet):
    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        for department in objs:
            department.fill_pinyin()
        return super().bulk_create(objs, *args, **kwargs)

    def active(self):
        return self.filter(is_active=True)

    def subtree_of(self, departments):
        """The given departments and every department below them."""
        paths = [d.path for d in departments]
        if not paths:
            return self.none()
        cond = Q()
        for path in paths:
            cond |= Q(path__startswith=path)
        return self.filter(cond)

    def visible_to(self, user):
        if not user.is_authenticated or not user.is_active:
            return self.none()
        return self

    def with_member_counts(self):
        """Annotate `member_count`: active users whose own department this is."""
        return self.annotate(
            member_count=models.Count("members", filter=Q(members__is_active=True))
        )


class Department(models.Model):
    """A node of the company's department tree; `path` ("/1/4/9/") makes subtree reads cheap."""

    name = models.CharField(_("name"), max_length=100)
    code = models.SlugField(_("code"), max_length=30, unique=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    head = models.ForeignKey(
        "org.User",
        verbose_name=_("head"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="headed_departments",
    )
    order = models.PositiveIntegerField(pgettext_lazy("sort order", "order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)
    path = models.CharField(_("path"), max_length=500, editable=False, db_index=True, default="")
    name_pinyin = models.CharField(
        _("name in pinyin"), max_length=PINYIN_MAX, editable=False, blank=True, default=""
    )
    name_initials = models.CharField(
        _("initials of the name"), max_length=INITIALS_MAX, editable=False, blank=True, default=""
    )

    objects = DepartmentQuerySet.as_manager()

    class Meta:
        ordering = ["path", "order"]
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        indexes = [
            models.Index(fields=["is_active"], name="org_dept_active_idx"),
            models.Index(fields=["name_pinyin"], name="org_dept_pinyin_idx"),
            models.Index(fields=["name_initials"], name="org_dept_initials_idx"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.fill_pinyin()
        kwargs["update_fields"] = _with_pinyin(kwargs.get("update_fields"), ["name"])
        super().save(*args, **kwargs)
        path = self.compute_path()
        if path != self.path:
            old = self.path
            self.path = path
            Department.objects.filter(pk=self.pk).update(path=path)
            if old:
                # One UPDATE re-roots the whole subtree: "/old/prefix/rest/" -> "/new/prefix/rest/".
                Department.objects.filter(path__startswith=old).exclude(pk=self.pk).update(
                    path=Concat(Value(path), Substr("path", len(old) + 1))
                )

    def fill_pinyin(self) -> None:
        self.name_pinyin, self.name_initials = pinyin_forms(self.name)

    @property
    def depth(self) -> int:
        return max(self.path.count("/") - 2, 0)

    def compute_path(self) -> str:
        prefix = self.parent.path if self.parent_id else "/"
        return f"{prefix}{self.pk}/"


class UserQuerySet(models.QuerySet):
    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        for user in objs:
            user.fill_pinyin()
        return super().bulk_create(objs, *args, **kwargs)

    def active(self):
        return self.filter(is_active=True)

    def visible_to(self, user):
        """The staff directory: every signed-in, active user sees active colleagues."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.has_perm("org.manage_users"):
            return self
        return self.filter(is_active=True)

    def search(self, text: str):
        """Users whose name or username contains `text`."""
        text = (text or "").strip()
        if not text:
            return self
        return self.filter(Q(name__icontains=text) | Q(username__icontains=text))

    def with_role(self, role: str):
        return self.filter(groups__name=role, is_active=True)

    def cleared_for(self, level: ClearanceLevel):
        return self.filter(clearance__rank__gte=level.rank)


class ZhongshuUserManager(UserManager.from_queryset(UserQuerySet)):
    pass


class User(AbstractUser):
    """A person who uses Zhongshu: belongs to a department, holds roles and a clearance level."""

    name = models.CharField(_("full name"), max_length=100, blank=True)
    department = models.ForeignKey(
        Department,
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members",
    )
    clearance = models.ForeignKey(
        ClearanceLevel,
        verbose_name=_("clearance level"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    away_until = models.DateTimeField(_("away until"), null=True, blank=True)
    # Bumped by the services that end a user's access (`org.services.end_access`); it is part of
    # the session auth hash, so every session signed before the bump fails Django's check on its
    # next request and is flushed, without a scan of the session table.
    session_epoch = models.PositiveIntegerField(_("session epoch"), default=0, editable=False)
    # Kept from `name` (or the username when there is no name) on every save, for the picker.
    name_pinyin = models.CharField(
        _("name in pinyin"), max_length=PINYIN_MAX, editable=False, blank=True, default=""
    )
    name_initials = models.CharField(
        _("initials of the name"), max_length=INITIALS_MAX, editable=False, blank=True, default=""
    )

    objects = ZhongshuUserManager()

    class Meta:
        ordering = ["username"]
        verbose_name = _("user")
        verbose_name_plural = _("users")
        indexes = [
            models.Index(fields=["is_active", "username"], name="org_user_active_idx"),
            models.Index(fields=["name"], name="org_user_name_idx"),
            models.Index(fields=["name_pinyin"], name="org_user_pinyin_idx"),
            models.Index(fields=["name_initials"], name="org_user_initials_idx"),
        ]
        constraints = [
            # One account per mailbox: password reset mails and notices go to the address.
            models.UniqueConstraint(
                Lower("email"), condition=~Q(email=""), name="org_user_email_ci_uniq"
            ),
        ]
        permissions = [("manage_users", _("Can manage departments and users"))]

    def __str__(self):
        return self.name or self.username

    def get_session_auth_hash(self) -> str:
        """An HMAC of the password hash and the session epoch, kept in every session.

        Django ends a session whose stored hash no longer matches: a new password or a bumped
        epoch (disabled, clearance lowered, sessions ended) signs every older session out.
        """
        return self._session_hash(None)

    def get_session_auth_fallback_hash(self):
        for secret in settings.SECRET_KEY_FALLBACKS:
            yield self._session_hash(secret)

    def _session_hash(self, secret: str | None) -> str:
        return salted_hmac(
            "zhongshu.org.User.get_session_auth_hash",
            f"{self.password}\n{self.session_epoch}",
            secret=secret,
            algorithm="sha256",
        ).hexdigest()

    def save(self, *args, **kwargs):
        self.fill_pinyin()
        kwargs["update_fields"] = _with_pinyin(kwargs.get("update_fields"), ["name", "username"])
        super().save(*args, **kwargs)

    def fill_pinyin(self) -> None:
        self.name_pinyin, self.name_initials = pinyin_forms(self.display_name, person=True)

    @property
    def display_name(self) -> str:
        return self.name or self.username

    @property
    def role_codes(self) -> list[str]:
        if not hasattr(self, "_role_codes"):
            prefetched = getattr(self, "_prefetched_objects_cache", {}).get("groups")
            if prefetched is not None:
                names = [group.name for group in prefetched]
            else:
                names = self.groups.values_list("name", flat=True) if self.pk else []
            self._role_codes = sorted(n for n in names if n in ROLE_CODES)
        return self._role_codes

    def has_role(self, *roles: str) -> bool:
        return bool(set(roles) & set(self.role_codes))

    @property
    def clearance_rank(self) -> int:
        return self.clearance.rank if self.clearance_id else 0

    def scope_departments(self):
        """Departments a department head sees and approves for: the ones they head, and below."""
        heads = list(Department.objects.filter(head=self))
        if self.has_role(Role.DEPT_HEAD) and self.department_id:
            heads.append(self.department)
        return Department.objects.subtree_of(heads)


class PasswordResetRequest(models.Model):
    """One request for a password reset mail, kept for an hour to throttle the next ones.

    Counted per account (`user`, only requests whose mail was sent) and per client address
    (every request); see `org.services.password_reset_recipients`.
    """

    requested_at = models.DateTimeField(_("requested at"), db_index=True)
    address = models.GenericIPAddressField(_("client address"), null=True, blank=True)
    user = models.ForeignKey(
        User,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,  # org_reset_user_idx starts with the user
    )
    mailed = models.BooleanField(_("mail sent"), default=False)

    class Meta:
        verbose_name = _("password reset request")
        verbose_name_plural = _("password reset requests")
        indexes = [
            models.Index(fields=["address", "requested_at"], name="org_reset_address_idx"),
            models.Index(fields=["user", "requested_at"], name="org_reset_user_idx"),
        ]

    def __str__(self):
        return f"{self.address} {self.requested_at:%Y-%m-%d %H:%M}"
