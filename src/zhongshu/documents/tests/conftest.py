import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from zhongshu.documents.services import document_register


@pytest.fixture
def register(clerk):
    def make(by=None, **values):
        data = {
            "subject": "关于开展消防安全检查的通知",
            "issuer": "市应急管理局",
            "kind": "notice",
            "level": "internal",
            "doc_number": "应急发〔2026〕8号",
            "urgency": "normal",
        }
        data.update(values)
        return document_register(by=by or clerk, **data)

    return make


@pytest.fixture
def doc(register):
    return register()


@pytest.fixture
def secret_doc(register):
    return register(
        subject="关于核心技术转让的绝密谈判纪要",
        issuer="集团公司总部",
        doc_number="集团纪〔2026〕3号",
        kind="minutes",
        level="secret",
        secrecy_years=5,
    )


@pytest.fixture
def cleared_reader(make_user):
    """Cleared for secret items, but not on any knowledge scope by default."""
    return make_user("reader1", "employee", department="sales", clearance="secret", name="读者甲")


@pytest.fixture
def second_reader(make_user):
    return make_user("reader2", "employee", department="sales", clearance="secret", name="读者乙")


def txt(name="正文.txt", text="本通知涉及灭火器年检和疏散演练。"):
    return SimpleUploadedFile(name, text.encode(), "text/plain")
