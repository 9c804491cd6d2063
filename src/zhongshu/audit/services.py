"""Interim interface; the audit helper replaces this with the hash-chained implementation."""


def record(*, actor, action, obj=None, before=None, after=None, note=""):
    return None


def record_access(*, actor, obj, action="view", note=""):
    return None
