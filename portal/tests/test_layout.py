"""The house's layout rules (README "Layout"), checked on the code itself so a later change cannot drift from them."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings

from portal.demo import demo_steps

ROOT = Path(settings.BASE_DIR)
# The design card's top level, and the one domain it has no home for (README: why production stands apart).
CARD = {"portal", "downtime", "scheduling", "mrp", "quality", "maintenance", "finance", "laser", "notifications", "erp"}
OWN_DOMAIN = {"production"}


def _ours(path: Path) -> bool:
    return path.is_relative_to(ROOT) and ".venv" not in path.relative_to(ROOT).parts


def _app_packages() -> set[str]:
    return {config.name.split(".")[0] for config in apps.get_app_configs() if _ours(Path(config.path))}


def _imports(path: Path) -> set[str]:
    """The top-level packages a module imports (absolute imports; relative ones stay inside its package)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
    return found


def test_the_top_level_is_the_design_cards():
    assert _app_packages() == CARD | OWN_DOMAIN


def test_the_core_imports_no_module_app():
    domain = _app_packages() - {"portal"}
    core = [p for p in (ROOT / "portal").rglob("*.py")
            if not {"tests", "testing", "migrations"} & set(p.relative_to(ROOT).parts)]
    offenders = {str(p.relative_to(ROOT)): sorted(_imports(p) & domain) for p in core if _imports(p) & domain}
    assert not offenders, f"the core imports module apps (declare it in the app's AppConfig instead): {offenders}"


ENGINES = sorted(p for p in ROOT.glob("**/engine/*.py") if _ours(p))
# The core's pure rules every engine may call (one working calendar per facility, never a copy in an app).
PURE_CORE = {"portal.calendar.arithmetic"}


def test_every_app_with_rules_keeps_them_in_one_engine_package():
    assert {str(p.parent.relative_to(ROOT)) for p in ENGINES} == {
        "mrp/engine", "finance/engine", "quality/coc/engine", "production/engine", "scheduling/planning/engine"}


@pytest.mark.parametrize("path", ENGINES + [ROOT / "portal" / "calendar" / "arithmetic.py"],
                         ids=lambda p: str(p.relative_to(ROOT)))
def test_engines_are_plain_python(path):
    plain = set(sys.stdlib_module_names) | {"__future__"}
    for node in ast.walk(ast.parse(path.read_text())):
        names = ([alias.name for alias in node.names] if isinstance(node, ast.Import)
                 else [node.module] if isinstance(node, ast.ImportFrom) and node.level == 0 else [])
        for name in names:  # the standard library, or another app's engine (finance nets with MRP's rules)
            assert name.split(".")[0] in plain or ".engine" in name or name in PURE_CORE, (
                f"{path.relative_to(ROOT)} imports {name}: an engine takes plain values, no Django, no models")


def test_every_demo_builder_is_a_declared_step():
    builders = {step.builder.rsplit(".", 1)[0] for step in demo_steps()}
    modules = {".".join(p.relative_to(ROOT).with_suffix("").parts) for p in ROOT.glob("**/demo.py")
               if _ours(p) and "tests" not in p.parts and p != ROOT / "portal" / "demo.py"}
    assert modules <= builders, f"demo modules no app declares as a DemoStep: {sorted(modules - builders)}"
    names = [step.name for step in demo_steps()]
    assert len(names) == len(set(names))
