"""`manage.py check --deploy` passes with production settings and refuses development keys."""

import base64
import os
import secrets
import subprocess
import sys
from pathlib import Path

MANAGE = Path(__file__).resolve().parents[4] / "manage.py"


def run_check(**overrides):
    env = {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "oa.example.com",
        "SECURE_COOKIES": "true",
        "SECURE_SSL_REDIRECT": "true",
        "SECURE_HSTS_SECONDS": "31536000",
        "FILES_MASTER_KEYS": "k1:" + base64.b64encode(os.urandom(32)).decode(),
        "AUDIT_KEYS": "a1:" + base64.b64encode(os.urandom(32)).decode(),
        **overrides,
    }
    return subprocess.run(
        [sys.executable, str(MANAGE), "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_settings_pass_the_deploy_check():
    result = run_check()
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_the_development_file_key_fails_the_deploy_check():
    from django.conf import settings

    result = run_check(FILES_MASTER_KEYS=settings.DEV_MASTER_KEYS)
    assert result.returncode != 0
    assert "zhongshu.E001" in result.stdout + result.stderr


def test_the_development_audit_key_fails_the_deploy_check():
    from django.conf import settings

    result = run_check(AUDIT_KEYS=settings.DEV_AUDIT_KEYS)
    assert result.returncode != 0
    assert "zhongshu.E003" in result.stdout + result.stderr
