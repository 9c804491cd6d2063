"""Password login without Django's model permissions.

Every permission in Zhongshu is a django-rules predicate (see each app's rules.py); no user or
group is ever given a model permission. Django's ModelBackend would still load the user's and
the groups' permission rows on the first permission check of each request, two queries on
every page for nothing, so this backend logs people in and grants nothing itself.
"""

from django.contrib.auth.backends import ModelBackend


class PasswordBackend(ModelBackend):
    def _get_permissions(self, user_obj, obj, from_name):
        return set()
