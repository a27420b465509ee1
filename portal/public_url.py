"""The portal's address as its users reach it (setting PORTAL_PUBLIC_URL), for links printed or sent outside a
request: a QR code on a PDF must open the portal from a customer's phone, not the address the issuing request came
in on (127.0.0.1 behind a proxy)."""

from __future__ import annotations

from django.conf import settings


def public_url(path: str) -> str:
    """``path`` (absolute path, e.g. from reverse()) on the portal's public address."""
    return settings.PORTAL_PUBLIC_URL.rstrip("/") + "/" + path.lstrip("/")
