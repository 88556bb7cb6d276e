"""Webhook URLs may not point into our own network (server-side request forgery):
refuse those that resolve to private, loopback, link-local or otherwise special
addresses, unless settings.WEBHOOK_ALLOW_PRIVATE says the receiver is internal."""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

from django.conf import settings


class UnsafeWebhookUrl(ValueError):
    """The message says why, for the admin form and the delivery log."""


def _refusal(address: ipaddress.IPv4Address | ipaddress.IPv6Address, allow_private: bool) -> str | None:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    if address.is_unspecified or address.is_multicast:
        return f"{address} is not an address a receiver can have"
    if allow_private:
        return None
    if address.is_loopback:
        return f"{address} is a loopback address"
    if address.is_link_local:
        return f"{address} is a link-local address (cloud metadata lives there)"
    if address.is_private or address.is_reserved or not address.is_global:
        return f"{address} is a private or reserved address"
    return None


def check_webhook_url(url: str, *, resolve=socket.getaddrinfo) -> list[str]:
    """The addresses `url` resolves to, all acceptable; UnsafeWebhookUrl otherwise."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UnsafeWebhookUrl("Use an http:// or https:// URL with a host name.")
    if parts.username or parts.password:
        raise UnsafeWebhookUrl("Put no user name or password in the URL; the secret signs each delivery.")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
        infos = resolve(parts.hostname, port, proto=socket.IPPROTO_TCP)
    except (OSError, ValueError, UnicodeError) as exc:
        raise UnsafeWebhookUrl(f"{parts.hostname} does not resolve ({exc}).") from None
    addresses = sorted({info[4][0] for info in infos})
    if not addresses:
        raise UnsafeWebhookUrl(f"{parts.hostname} does not resolve.")
    allow = settings.WEBHOOK_ALLOW_PRIVATE
    for text in addresses:
        problem = _refusal(ipaddress.ip_address(text.split("%")[0]), allow)
        if problem:
            raise UnsafeWebhookUrl(f"{parts.hostname} resolves to {problem}; only public receivers are allowed.")
    return addresses
