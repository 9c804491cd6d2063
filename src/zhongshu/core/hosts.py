"""Where the site is reached: SITE_URL and ALLOWED_HOSTS when the environment names neither.

`make run` exports HOST and PORT (scripts/run.sh). Served on a loopback address, links say
http://127.0.0.1:PORT; served on every interface (HOST=0.0.0.0), they name the machine's LAN
address, so that a phone on the office network can open a QR code's link, and the LAN
addresses are allowed as Host. Settings read this before Django is set up: standard library
only, and nothing here answers to a request's Host header (that would let a forged header
choose where e-mailed links point).
"""

import contextlib
import ipaddress
import socket
from urllib.parse import urlsplit

WILDCARD_HOSTS = frozenset({"0.0.0.0", "::", ""})  # noqa: S104 - names the wildcard, binds nothing
LOCAL_HOSTS = ("127.0.0.1", "localhost", "testserver")


def lan_addresses() -> list[str]:
    """This machine's IPv4 addresses other than loopback, the one of the default route first."""
    found = []
    with contextlib.suppress(OSError), socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        # Connecting a UDP socket only picks the route; no packet is sent (TEST-NET-1).
        probe.connect(("192.0.2.1", 9))
        found.append(probe.getsockname()[0])
    with contextlib.suppress(OSError):
        infos = socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)
        found += [info[4][0] for info in infos]
    usable = [a for a in found if not ipaddress.ip_address(a).is_loopback]
    return [a for a in dict.fromkeys(usable) if a not in WILDCARD_HOSTS]


def site_url(host: str, port: int) -> str:
    """The address links should carry for a server bound to `host`:`port`."""
    if host in WILDCARD_HOSTS:
        lan = lan_addresses()
        host = lan[0] if lan else "127.0.0.1"
    if ":" in host:
        host = f"[{host}]"
    return f"http://{host}" if port == 80 else f"http://{host}:{port}"


def allowed_hosts(host: str, site: str) -> list[str]:
    """The Host names to answer to: this machine, SITE_URL's host, and on 0.0.0.0 the LAN."""
    hosts = [*LOCAL_HOSTS, urlsplit(site).hostname or ""]
    if host in WILDCARD_HOSTS:
        name = socket.gethostname()
        hosts += [*lan_addresses(), name, f"{name}.local"]
    else:
        hosts.append(host)
    return [h for h in dict.fromkeys(hosts) if h]
