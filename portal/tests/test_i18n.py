"""Every user-facing string is translatable and the Spanish catalogue is complete for all that exists."""

import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import translation

LOCALE = Path(settings.BASE_DIR) / "locale"
IGNORED = [".venv", "var", "static/vendor", "node_modules", "*/tests/*", "portal/testing/*", "bench"]


def _untranslated(po: Path) -> str:
    untranslated = subprocess.run(
        ["msgattrib", "--untranslated", "--no-obsolete", str(po)], capture_output=True, text=True, check=True
    ).stdout
    fuzzy = subprocess.run(
        ["msgattrib", "--only-fuzzy", "--no-obsolete", str(po)], capture_output=True, text=True, check=True
    ).stdout
    return untranslated + fuzzy


@pytest.mark.parametrize("domain", ["django", "djangojs"])
def test_spanish_catalogue_covers_every_string_in_the_code(tmp_path, monkeypatch, settings, domain):
    if shutil.which("msgattrib") is None:
        pytest.fail("gettext tools are missing: install the Debian package gettext (bin/setup does)")
    # makemessages writes into the catalogue of the tree it scans: scan a copy, so the check reads what the
    # code needs against what is committed, and never rewrites the repository's own .po file.
    tree = tmp_path / "src"
    shutil.copytree(settings.BASE_DIR, tree, ignore=shutil.ignore_patterns(
        ".git", ".venv", "var", "node_modules", "vendor", "__pycache__", "*.sqlite3", "*.mo"))
    target = tree / "locale"
    settings.LOCALE_PATHS = [target]
    monkeypatch.chdir(tree)
    call_command("makemessages", locale=["es"], domain=domain, ignore_patterns=IGNORED, no_location=True,
                 verbosity=0)
    po = target / "es" / "LC_MESSAGES" / f"{domain}.po"
    if not po.exists():
        assert domain == "djangojs"  # no JavaScript strings yet
        return
    missing = _untranslated(po)
    entries = [line for line in missing.splitlines() if line.startswith("msgid ") and line != 'msgid ""']
    assert not entries, f"{len(entries)} strings lack a Spanish translation (run makemessages -l es):\n" + "\n".join(
        entries[:40]
    )


def test_compiled_catalogue_is_up_to_date(tmp_path):
    po = LOCALE / "es" / "LC_MESSAGES" / "django.po"
    fresh = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "--check-format", "-o", str(fresh), str(po)], check=True)
    assert po.with_suffix(".mo").read_bytes() == fresh.read_bytes(), "run: manage.py compilemessages"


@pytest.mark.django_db
def test_pages_render_in_spanish(client, role_user):
    user = role_user("Production_Portal_Admin", language="es")
    client.force_login(user)
    body = client.get("/").content.decode()
    with translation.override("es"):
        assert translation.gettext("Preferences") != "Preferences"
    assert translation.gettext("Preferences") not in body or "Preferencias" in body
    assert "Preferencias" in body and "Cerrar sesión" in body


def test_spanish_numbers_and_dates_are_mexican():
    import datetime as dt

    from django.utils import formats

    with translation.override("es"):
        assert formats.number_format(1234.5, 2, force_grouping=True) == "1,234.50"
        assert formats.date_format(dt.date(2026, 3, 2), "SHORT_DATE_FORMAT") == "02/03/2026"
