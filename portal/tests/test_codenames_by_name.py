"""Permission codenames are written once, in portal/roles.py: every other module refers to them by name.

A codename re-typed as a string (``has_perm("quality.manage_ncr")``, ``permission_required = "laser.manage_shop"``)
silently stops matching when the role map renames it; importing the constant fails loudly instead. Model ``Meta``
permissions declare the codenames (without the app label) and are allowed.
"""

from __future__ import annotations

import ast
from pathlib import Path

from django.apps import apps
from django.conf import settings

import portal.roles as roles

ROLES_FILE = Path(roles.__file__).resolve()
SKIPPED_DIRS = {"tests", "migrations"}
# Apps being converted on another branch of the same issue (28): remove the entry when that branch lands.
PENDING: set[str] = set()


def _codenames() -> dict[str, str]:
    """Codename -> the name roles.py gives it (its module-level constants whose value is "app.codename")."""
    names: dict[str, str] = {}
    for name in dir(roles):
        value = getattr(roles, name)
        if name.isupper() and isinstance(value, str) and value.count(".") == 1:
            names.setdefault(value, name)
    return names


def _sources():
    base = Path(settings.BASE_DIR).resolve()
    for config in apps.get_app_configs():
        root = Path(config.path).resolve()
        if base not in root.parents or config.label in PENDING:
            continue  # third-party apps
        for path in sorted(root.rglob("*.py")):
            if SKIPPED_DIRS & set(path.relative_to(root).parts) or path == ROLES_FILE:
                continue
            yield path.relative_to(base), ast.parse(path.read_text(encoding="utf-8"))


def _strings(tree: ast.AST):
    """String constants of a module, leaving out the bodies of ``class Meta`` (model permissions)."""
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.ClassDef) and node.name == "Meta":
            continue
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            yield node
        yield from _strings(node)


def test_no_module_retypes_a_codename_that_roles_names():
    codenames = _codenames()
    assert "quality.record_reject" in codenames and "laser.manage_shop" in codenames  # the scan sees the map
    found = [f"{path}:{node.lineno}: {node.value!r} (portal.roles.{codenames[node.value]})"
             for path, tree in _sources() for node in _strings(tree) if node.value in codenames]
    assert not found, "Import these from portal.roles instead:\n" + "\n".join(found)
