"""Meta-test: every view and API action that writes a floor record, or takes an idempotency key, goes through the
one receiver (portal/commands.py, docs/floor-writes.md).

It walks the whole URLconf and reads each handler of an unsafe method (POST/PUT/PATCH/DELETE): a handler that
names a floor record model, a floor write service or a key must be marked ``@floor_write(kind)``, and every kind
it names must be one that the app's services really send through ``receive()`` (read from their source). A new
floor view cannot ship on its own copy of the rules. The runtime half: ``guard_floor_records`` makes creating a
floor record while a request is served outside ``receive()`` an error, so a marked view that skips the receiver
fails its own tests.
"""

from __future__ import annotations

import ast
import inspect
import re
import textwrap
from functools import cache
from pathlib import Path

import pytest
from django.apps import apps

from portal.testing.urlwalk import walk

FLOOR_APPS = ("downtime", "production", "quality", "maintenance", "laser")
# What the floor writes (issue 27): creating one of these through a page or the API is a floor write.
FLOOR_RECORDS = ("DowntimeEvent", "Movement", "InternalReject", "CustomerReturn", "ReturnPhoto", "Ticket",
                 "TicketPhoto", "TicketPart", "TicketLabour", "LaserRun")
KEY_WORDS = re.compile(r"idempotency_key|start_key|end_key|\bkey=")
UNSAFE = {"post", "put", "patch", "delete"}
# Handlers that name a floor record but write none, with the reason.
NOT_FLOOR_WRITES = {
    "quality:ncr-create": "an NCR is raised in the office from a reject or a return: it reads them, writes neither",
}


def _receiving_services() -> set[str]:
    """Names of the functions of the floor apps whose body calls ``receive(`` (found in their source)."""
    names: set[str] = set()
    for app in FLOOR_APPS:
        root = Path(apps.get_app_config(app).path)
        for path in root.rglob("*.py"):
            if "tests" in path.parts or "migrations" in path.parts:
                continue
            tree = ast.parse(path.read_text())
            for node in ast.walk(tree):
                if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                    calls = {getattr(c.func, "id", getattr(c.func, "attr", "")) for c in ast.walk(node)
                             if isinstance(c, ast.Call)}
                    if "receive" in calls:
                        names.add(node.name)
    return names


RECEIVERS = cache(_receiving_services)


def _kinds_sent() -> set[str]:
    """Command kinds the floor apps' services send through ``receive(kind, ...)``: a literal, or a module-level
    constant of the same module (``KIND = "downtime.event"``)."""
    kinds: set[str] = set()
    for app in FLOOR_APPS:
        for path in Path(apps.get_app_config(app).path).rglob("*.py"):
            if {"tests", "migrations"} & set(path.parts):
                continue
            tree = ast.parse(path.read_text())
            constants = {target.id: node.value.value for node in tree.body if isinstance(node, ast.Assign)
                         and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str)
                         for target in node.targets if isinstance(target, ast.Name)}
            for call in ast.walk(tree):
                name = getattr(getattr(call, "func", None), "id", getattr(getattr(call, "func", None), "attr", None))
                if isinstance(call, ast.Call) and name == "receive" and call.args:
                    first = call.args[0]
                    if isinstance(first, ast.Constant) and isinstance(first.value, str):
                        kinds.add(first.value)
                    elif isinstance(first, ast.Name) and first.id in constants:
                        kinds.add(constants[first.id])
    return kinds


def _source(function) -> str:
    function = inspect.unwrap(function)
    try:
        return textwrap.dedent(inspect.getsource(function))
    except (OSError, TypeError):
        return ""


def _handlers(url) -> list[tuple[str, object, object]]:
    """(label, handler function, object carrying the marker) of each unsafe-method handler of a floor app."""
    callback = url.callback
    found = []
    cls = getattr(callback, "cls", None) or getattr(callback, "view_class", None)
    if cls is None:  # a function view: a handler of unsafe methods when it reads them
        source = _source(callback)
        if re.search(r"request\.POST|require_POST|\"POST\"|request\.method", source):
            found.append((url.name, callback, callback))
        return [f for f in found if f[1].__module__.split(".")[0] in FLOOR_APPS]
    actions = getattr(callback, "actions", None)
    if actions is not None:  # a viewset: its unsafe actions
        for method, action in actions.items():
            if method in UNSAFE:
                handler = getattr(cls, action)
                found.append((f"{url.name} {action}", handler, handler))
    else:
        for method in UNSAFE:
            handler = getattr(cls, method, None)
            if handler is not None:
                found.append((f"{url.name} {method}", handler, cls))
    return [f for f in found if cls.__module__.split(".")[0] in FLOOR_APPS]


def _writes_floor(handler, owner) -> bool:
    source = _source(handler)
    source = source[source.find(":", source.find("def ")) + 1:]  # the body: not the handler's own name
    serializer = getattr(owner, "serializer_class", None) if inspect.isclass(owner) else None
    model = getattr(getattr(serializer, "Meta", None), "model", None)
    return (any(re.search(rf"\b{name}\b", source) for name in FLOOR_RECORDS)
            or any(re.search(rf"\b{name}\(", source) for name in RECEIVERS())
            or bool(KEY_WORDS.search(source))
            or (model is not None and model.__name__ in FLOOR_RECORDS and "CreateModelMixin" in str(owner.__mro__)))


def _floor_handlers():
    seen, found = set(), []
    for url in walk():
        if url.is_admin:
            continue
        for label, handler, owner in _handlers(url):
            if label in NOT_FLOOR_WRITES:
                continue
            if id(handler) not in seen and _writes_floor(handler, owner):
                seen.add(id(handler))
                found.append(pytest.param(handler, owner, id=label))
    return found


FLOOR_HANDLERS = _floor_handlers()


def test_the_walk_finds_the_floor_writes():
    labels = " ".join(p.id for p in FLOOR_HANDLERS)
    for expected in ("downtime:", "production", "quality", "maintenance", "laser"):
        assert expected in labels, labels
    assert len(FLOOR_HANDLERS) >= 8


@pytest.mark.parametrize("handler, owner", FLOOR_HANDLERS)
def test_every_floor_write_is_marked_and_sends_a_kind_the_services_receive(handler, owner):
    kinds = getattr(handler, "floor_commands", None) or getattr(owner, "floor_commands", None)
    assert kinds, "mark the view with @portal.commands.floor_write(kind) and send the write through receive()"
    unknown = set(kinds) - _kinds_sent()
    assert not unknown, f"no service sends {unknown} through portal.commands.receive()"


def test_the_receiving_services_are_found():
    assert {"receive"} - RECEIVERS() == {"receive"}  # receive itself lives in the core
    assert len(_kinds_sent()) >= 5, _kinds_sent()
