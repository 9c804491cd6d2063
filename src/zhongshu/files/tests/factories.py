"""factory_boy builder for attachments, stored through the files service.

An attachment is only meaningful with its ciphertext on disk, its wrapped key and its audit
event, so the factory calls `attachment_create` (upload checks, encryption, audit) instead of
writing a row. `owner` is required: an instance of a model registered with
`register_attachment_owner`, and `by` must be allowed to attach to it.

    AttachmentFactory(owner=department, by=clerk, name="纪要.txt", content=b"...")
"""

import factory
from django.core.files.uploadedfile import SimpleUploadedFile

from zhongshu.core.roles import Role
from zhongshu.files.models import Attachment
from zhongshu.files.services import attachment_create
from zhongshu.org.tests.factories import UserFactory


class AttachmentFactory(factory.Factory):
    class Meta:
        model = Attachment

    by = factory.SubFactory(UserFactory, roles=[Role.CLERK])
    name = factory.Sequence(lambda n: f"附件{n}.txt")
    content = factory.LazyAttribute(lambda attachment: f"{attachment.name} 的内容\n".encode())
    kind = ""

    @classmethod
    def _build(cls, model_class: type[Attachment], *args, **kwargs) -> Attachment:
        raise TypeError("an attachment is stored encrypted: use AttachmentFactory() to create it")

    @classmethod
    def _create(
        cls, model_class: type[Attachment], *, owner, by, name: str, content: bytes, kind: str
    ) -> Attachment:
        upload = SimpleUploadedFile(name, content, content_type="application/octet-stream")
        return attachment_create(owner=owner, upload=upload, by=by, kind=kind)
