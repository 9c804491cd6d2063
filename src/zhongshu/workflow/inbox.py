"""Interim interface; the workflow helper replaces this with the provider registry."""


def inbox_for(user, limit=None):
    return []


def inbox_count(user):
    return 0
