"""Which Host headers name this server: the check against DNS rebinding."""

from __future__ import annotations

import ipaddress

LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1", "localhost.localdomain", "ip6-localhost"})


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def allowed_hosts(bound: str, extra: tuple[str, ...]) -> frozenset[str]:
    """Host names requests may carry: loopback names, the bound address, and those allowed."""
    return frozenset({*LOOPBACK_NAMES, bound.lower(), *(h.lower() for h in extra)})


def host_allowed(header: str | None, allowed: frozenset[str], bound: str) -> bool:
    """Whether a Host header names this server (DNS rebinding: a foreign name pointing at us is refused).

    No Host header (HTTP/1.0) is allowed. On a wildcard address (0.0.0.0, ::) any IP literal is
    too: a rebinding attack needs a DNS name.
    """
    if header is None:
        return True
    name = header.strip().lower()
    if name.startswith("["):
        name = name[1 : name.find("]")] if "]" in name else name
    elif name.count(":") == 1:
        name = name.rsplit(":", 1)[0]
    if name in allowed:
        return True
    if bound in {"0.0.0.0", "::", ""}:
        try:
            ipaddress.ip_address(name)
        except ValueError:
            return False
        return True
    return False
