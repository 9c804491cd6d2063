"""Links that leave the page (QR codes, feeds, e-mails) point where `make run` serves."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

from zhongshu.core import hosts

SRC = Path(__file__).resolve().parents[3]
LAN = "192.168.1.23"


def settings_under(**environment) -> dict:
    """SITE_URL and ALLOWED_HOSTS as a fresh process computes them from `environment`."""
    env = {k: v for k, v in os.environ.items() if k not in ("SITE_URL", "ALLOWED_HOSTS")}
    env.update(environment, PYTHONPATH=str(SRC), DJANGO_SETTINGS_MODULE="zhongshu.settings")
    code = (
        "import json; from django.conf import settings as s; "
        "print(json.dumps([s.SITE_URL, s.ALLOWED_HOSTS]))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    site, allowed = json.loads(out.stdout)
    return {"SITE_URL": site, "ALLOWED_HOSTS": allowed}


def test_links_follow_host_and_port():
    served = settings_under(HOST="127.0.0.1", PORT="9000")
    assert served["SITE_URL"] == "http://127.0.0.1:9000"
    assert "127.0.0.1" in served["ALLOWED_HOSTS"]


def test_on_every_interface_links_name_the_lan_address():
    served = settings_under(HOST="0.0.0.0", PORT="9000")
    lan = hosts.lan_addresses()
    expected = lan[0] if lan else "127.0.0.1"
    assert served["SITE_URL"] == f"http://{expected}:9000"
    assert set(lan) <= set(served["ALLOWED_HOSTS"])


def test_an_explicit_site_url_wins_and_its_host_is_allowed():
    served = settings_under(HOST="0.0.0.0", PORT="9000", SITE_URL="https://oa.example.cn/")
    assert served["SITE_URL"] == "https://oa.example.cn"
    assert "oa.example.cn" in served["ALLOWED_HOSTS"]
    explicit = settings_under(ALLOWED_HOSTS="oa.example.cn,10.0.0.5")
    assert explicit["ALLOWED_HOSTS"] == ["oa.example.cn", "10.0.0.5"]


def test_wildcard_binding_uses_every_lan_address(monkeypatch):
    monkeypatch.setattr(hosts, "lan_addresses", lambda: [LAN, "10.8.0.2"])
    assert hosts.site_url("0.0.0.0", 9000) == f"http://{LAN}:9000"
    allowed = hosts.allowed_hosts("0.0.0.0", f"http://{LAN}:9000")
    assert {LAN, "10.8.0.2", "127.0.0.1", "localhost"} <= set(allowed)
    monkeypatch.setattr(hosts, "lan_addresses", list)  # no network at all
    assert hosts.site_url("0.0.0.0", 80) == "http://127.0.0.1"
    assert hosts.site_url("::1", 8000) == "http://[::1]:8000"


def test_lan_addresses_are_never_loopback():
    assert all(not address.startswith("127.") for address in hosts.lan_addresses())


@pytest.mark.django_db
def test_a_phone_on_the_lan_opens_the_qr_link(client, settings, logistics, monkeypatch):
    """The QR label's link names the LAN address, and the server answers to that address."""
    from zhongshu.assets.services.labels import label_payload
    from zhongshu.assets.tests.factories import AssetFactory

    monkeypatch.setattr(hosts, "lan_addresses", lambda: [LAN])
    settings.SITE_URL = hosts.site_url("0.0.0.0", 9000)
    settings.ALLOWED_HOSTS = hosts.allowed_hosts("0.0.0.0", settings.SITE_URL)
    asset = AssetFactory()
    link = label_payload(asset)
    assert link == f"http://{LAN}:9000" + reverse("assets:by_number", args=[asset.number])
    path = link.removeprefix(settings.SITE_URL)
    anonymous = client.get(path, HTTP_HOST=f"{LAN}:9000")
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous.headers["Location"]
    client.force_login(logistics)
    assert client.get(path, HTTP_HOST=f"{LAN}:9000", follow=True).status_code == 200
    assert client.get(path, HTTP_HOST="10.99.99.99:9000").status_code == 400
