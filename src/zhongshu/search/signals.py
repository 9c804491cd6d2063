"""Keep index entries in step: the staff directory with users and department names, and an
owner's entry with the text of its files once extracted."""

from django.db.models.signals import post_delete, post_save

from zhongshu.files.signals import attachment_text_extracted

from . import registry, services

# Saving only these never changes what the directory shows, so it does not reindex (login).
_IRRELEVANT_FIELDS = frozenset({"last_login", "password", "away_until"})


def user_saved(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw or (update_fields and set(update_fields) <= _IRRELEVANT_FIELDS):
        return
    services.update_object(instance)


def user_deleted(sender, instance, **kwargs):
    services.remove_object(instance)


def department_saved(sender, instance, raw=False, created=False, **kwargs):
    if raw or created:
        return
    for user in instance.members.select_related("department"):
        services.update_object(user)


def connect(user_model, department_model) -> None:
    post_save.connect(user_saved, sender=user_model, dispatch_uid="search.user_saved")
    post_delete.connect(user_deleted, sender=user_model, dispatch_uid="search.user_deleted")
    post_save.connect(
        department_saved, sender=department_model, dispatch_uid="search.department_saved"
    )


def reindex_attachment_owner(sender, attachment, **kwargs):
    """A file's text arrived after its upload: re-index its owner when the owner is searchable
    and builds its index entry from a document callable (which reads the attachments' text)."""
    owner = attachment.owner
    if owner is None:
        return
    try:
        spec = registry.for_model(type(owner))
    except LookupError:
        return
    if spec.document is not None:
        services.update_object(owner)


def connect_files() -> None:
    attachment_text_extracted.connect(
        reindex_attachment_owner, dispatch_uid="search.reindex_attachment_owner"
    )
