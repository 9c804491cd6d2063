"""factory_boy builders for people and departments, shared by every app's tests."""

import factory
from django.contrib.auth.models import Group

from zhongshu.core.roles import Role
from zhongshu.org.models import ClearanceLevel, Department, User


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department
        django_get_or_create = ("code",)

    name = factory.Sequence(lambda n: f"部门{n}")
    code = factory.Sequence(lambda n: f"dept-{n}")


class UserFactory(factory.django.DjangoModelFactory):
    """`UserFactory(roles=[Role.CLERK], clearance="secret")`: an active user holding roles."""

    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    name = factory.Sequence(lambda n: f"用户{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.com")
    department = factory.SubFactory(DepartmentFactory)
    password = factory.django.Password("pw-12345678")

    class Params:
        level = None

    @factory.lazy_attribute
    def clearance(self):
        return ClearanceLevel.objects.get(code=self.level or "internal")

    @factory.post_generation
    def roles(self, create: bool, extracted: list[Role] | None, **kwargs) -> None:
        if create and extracted:
            self.groups.add(*Group.objects.filter(name__in=[str(role) for role in extracted]))
