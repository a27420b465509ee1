"""Enumerate every URL of the URLconf with a concrete sample path and what it requires.

Used by the URL-walk meta-test: new URLs are picked up without editing the test. Parameters get sample values
that match no object (access checks happen before lookups, so a permitted user sees a 404, a refused one a 403).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.contrib import admin
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404

_GROUP = re.compile(r"\(\?P<(\w+)>[^)]*\)")
_CONVERTER = re.compile(r"<(?:(\w+):)?(\w+)>")
SAMPLES = {
    "int": "999999", "str": "no-such-thing", "slug": "no-such-thing",
    "uuid": "00000000-0000-0000-0000-000000000000", "path": "no/such/thing",
}


@dataclass(frozen=True)
class WalkedUrl:
    path: str
    name: str
    callback: object

    @property
    def view_class(self):
        return getattr(self.callback, "view_class", None) or getattr(self.callback, "cls", None)

    @property
    def is_api(self) -> bool:
        return hasattr(self.callback, "cls")  # Django REST framework views

    @property
    def is_admin(self) -> bool:
        return self.path.startswith("/admin/")


def _sample_from_route(route: str) -> str:
    return _CONVERTER.sub(lambda m: SAMPLES.get(m.group(1) or "str", "x"), route)


def _sample_from_regex(regex: str) -> str | None:
    if "format" in regex:  # DRF's ".json" suffix variants duplicate the plain URL
        return None
    text = _GROUP.sub(lambda m: "999999" if m.group(1) in {"pk", "id", "object_id"} else "x", regex)
    text = text.lstrip("^").rstrip("$").replace(r"\Z", "").replace("\\.", ".").replace("\\/", "/")
    return None if re.search(r"[\\()\[\]|?*+{}]", text) else text


def _piece(pattern) -> str | None:
    raw = str(pattern.pattern)
    if hasattr(pattern.pattern, "_route"):
        return _sample_from_route(raw)
    return _sample_from_regex(raw)


def walk(patterns=None, prefix: str = "/", names: tuple[str, ...] = ()) -> list[WalkedUrl]:
    found: list[WalkedUrl] = []
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        piece = _piece(entry)
        if piece is None:
            continue
        if isinstance(entry, URLResolver):
            ns = names + ((entry.namespace,) if entry.namespace else ())
            found += walk(entry.url_patterns, prefix + piece, ns)
        elif isinstance(entry, URLPattern):
            path = prefix + piece
            try:
                match = resolve(path)
            except Resolver404:
                continue
            if match.func is not entry.callback:
                continue  # shadowed by an earlier pattern
            found.append(WalkedUrl(path=path, name=":".join(names + (entry.name or "",)), callback=entry.callback))
    return found


def admin_model_urls() -> list[tuple[str, object, str]]:
    """(path, model, action) for the changelist and add page of every model registered in the admin."""
    from django.urls import reverse

    urls = []
    for model in admin.site._registry:
        info = (model._meta.app_label, model._meta.model_name)
        urls.append((reverse("admin:{}_{}_changelist".format(*info)), model, "view"))
        urls.append((reverse("admin:{}_{}_add".format(*info)), model, "add"))
    return urls
