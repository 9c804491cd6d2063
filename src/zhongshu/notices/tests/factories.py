"""factory_boy builder for in-app notifications.

It writes the row only: no e-mail, no webhook, none of notify()'s checks. Tests of telling
people something call `notices.services.notify`; tests that need a list to read use this.

    NotificationFactory(recipient=employee, title="会议通知", read=True)
"""

import factory
from django.utils import timezone

from zhongshu.notices.models import Notification
from zhongshu.org.tests.factories import UserFactory


class NotificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Notification

    recipient = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"通知{n}")

    class Params:
        read = factory.Trait(read_at=factory.LazyFunction(timezone.now))
