"""The roles of PRODUCT.md. Each role is a Django group named by its code (org creates them)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    SUPERVISOR = "supervisor", _("Admin supervisor")
    CLERK = "clerk", _("Admin clerk")
    LOGISTICS = "logistics", _("Logistics specialist")
    LEADER = "leader", _("Leader")
    DEPT_HEAD = "dept_head", _("Department head")
    EMPLOYEE = "employee", _("Employee")
    DRIVER = "driver", _("Driver")
    AUDITOR = "auditor", _("Auditor")


ROLE_CODES = frozenset(Role.values)
