"""The client's address, the same way for every rate limit (apply, sign-in, allauth).

Without `TRUSTED_PROXIES` the client is the peer of the connection, REMOTE_ADDR, and
X-Forwarded-For is ignored: anybody can send that header. With it (a list of networks,
the load balancers and ingress controllers in front of us), X-Forwarded-For is walked
from the right, where our own proxies appended what they saw: each hop a trusted proxy
vouches for is skipped, and the first address that is not a trusted proxy is the client.
Entries left of it were written by the client and are never believed.
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

__all__ = ["client_ip", "parse_networks", "rate_limit_subject"]

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network

UNKNOWN = "unknown"


def parse_networks(items) -> tuple[Network, ...]:
    """Networks from strings such as "10.0.0.0/8" or "127.0.0.1" (a single host)."""
    networks = []
    for item in items:
        try:
            networks.append(ipaddress.ip_network(str(item).strip(), strict=False))
        except ValueError:
            raise ImproperlyConfigured(f"TRUSTED_PROXIES: {item!r} is not an IP network such as 10.0.0.0/8") from None
    return tuple(networks)


@lru_cache(maxsize=8)
def _trusted(items: tuple[str, ...]) -> tuple[Network, ...]:
    return parse_networks(items)


def _address(text: str) -> Address | None:
    """An address as proxies write it: bare, "[v6]:port" or "v4:port"; None if it is not one."""
    text = text.strip().strip('"')
    if text.startswith("["):
        text = text[1:].partition("]")[0]
    elif text.count(":") == 1:  # IPv4 with a port; an IPv6 address has several colons
        text = text.partition(":")[0]
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        return address.ipv4_mapped
    return address


def _is_trusted(address: Address, networks: tuple[Network, ...]) -> bool:
    return any(address.version == network.version and address in network for network in networks)


def client_ip(request) -> str:
    """The client's IP address as text, or "unknown" when even the peer is not an address."""
    peer = _address(request.META.get("REMOTE_ADDR", ""))
    if peer is None:
        return UNKNOWN
    networks = _trusted(tuple(getattr(settings, "TRUSTED_PROXIES", ()) or ()))
    if not networks or not _is_trusted(peer, networks):
        return str(peer)
    client = peer
    hops = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    for hop in reversed(hops):
        address = _address(hop)
        if address is None:
            break  # garbage our proxy passed on: the last proxy we trust is all we know
        client = address
        if not _is_trusted(address, networks):
            break
    return str(client)


def rate_limit_subject(ip: str) -> str:
    """What a per-address limit counts: the address, or for IPv6 its /64 network (one
    customer's allocation, inside which an attacker can pick any address)."""
    address = _address(ip)
    if isinstance(address, ipaddress.IPv6Address):
        return str(ipaddress.IPv6Network((address, 64), strict=False))
    return ip
