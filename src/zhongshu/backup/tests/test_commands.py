import io
import tarfile

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from zhongshu.backup.management.commands.restore import Command as RestoreCommand
from zhongshu.backup.services import backup_create

from .conftest import flip_byte, rewrite


@pytest.fixture
def english():
    with translation.override("en"):
        yield


@pytest.mark.django_db
def test_backup_prints_the_path_and_the_summary(tmp_path, english):
    out = io.StringIO()
    call_command("backup", "--output", str(tmp_path / "out"), stdout=out)
    text = out.getvalue()
    archives = list((tmp_path / "out").glob("zhongshu-backup-*.tar"))
    assert len(archives) == 1
    assert f"Backup written: {archives[0]}" in text
    assert "Audit head: #" in text and "Files: 0" in text
    assert not list((tmp_path / "out").glob(".zhongshu-backup-*"))  # work files removed


@pytest.mark.django_db
def test_backup_defaults_to_data_dir_backups(tmp_path, settings, english):
    settings.DATA_DIR = tmp_path
    call_command("backup", stdout=io.StringIO())
    assert len(list((tmp_path / "backups").glob("*.tar"))) == 1


@pytest.mark.django_db
def test_restore_verify_only_writes_nothing(tmp_path, settings, english):
    archive = backup_create(target_dir=tmp_path)
    settings.FILES_ROOT = tmp_path / "files-should-not-appear"
    out = io.StringIO()
    call_command("restore", str(archive), "--verify-only", stdout=out)
    assert "The archive verifies: nothing was written." in out.getvalue()
    assert not settings.FILES_ROOT.exists()


@pytest.mark.django_db
def test_restore_of_a_tampered_archive_fails_with_the_reason(tmp_path, english):
    archive = backup_create(target_dir=tmp_path)
    bad = rewrite(
        archive,
        tmp_path / "bad.tar",
        change=lambda info, data: (info, flip_byte(data) if info.name == "database.enc" else data),
    )
    for extra in (["--verify-only"], ["--yes"]):
        with pytest.raises(CommandError, match=r"database\.enc does not match its SHA-256"):
            call_command("restore", str(bad), *extra, stdout=io.StringIO())


@pytest.mark.django_db
def test_restore_asks_first_and_stops_on_no(tmp_path, monkeypatch, english):
    archive = backup_create(target_dir=tmp_path)
    asked = []
    monkeypatch.setattr("builtins.input", lambda prompt: asked.append(prompt) or "no")
    with pytest.raises(CommandError, match="Restore cancelled"):
        call_command("restore", str(archive), stdout=io.StringIO())
    assert "Type 'yes' to continue" in asked[0]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_restore_exits_non_zero_on_an_unsafe_member(tmp_path, capsys, english):
    archive = backup_create(target_dir=tmp_path)
    evil = tarfile.TarInfo("../evil")
    bad = rewrite(archive, tmp_path / "bad.tar", extra=[(evil, b"x")])
    with pytest.raises(SystemExit) as exited:
        RestoreCommand().run_from_argv(["zhongshu", "restore", str(bad), "--yes"])
    assert exited.value.code == 1
    assert "unexpected name: '../evil'" in capsys.readouterr().err
    assert not (tmp_path.parent / "evil").exists()
