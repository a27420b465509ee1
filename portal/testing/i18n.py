"""Spanish for tests of strings newer than the compiled catalogue.

A helper adds its Spanish to ``scripts/i18n/fragments/<module>.po``; the coordinator merges them into
``locale/`` later (scripts/i18n/update.py). Until then a test that reads a new sentence in Spanish uses
``fragment_catalogue``: the committed catalogue with every fragment's translation filled in, compiled into a
temporary locale directory for ``settings.LOCALE_PATHS`` (the repository's files are not touched).
"""

from __future__ import annotations

from pathlib import Path

import polib
from django.conf import settings


def fragment_catalogue(directory: Path, language: str = "es") -> Path:
    """Compile the catalogue plus the fragments into ``directory``; returns it (for LOCALE_PATHS)."""
    base = Path(settings.BASE_DIR)
    po = polib.pofile(str(base / "locale" / language / "LC_MESSAGES" / "django.po"))
    entries = {(e.msgctxt or "", e.msgid): e for e in po if not e.obsolete}
    for path in sorted((base / "scripts" / "i18n" / "fragments").glob("*.po")):
        for fragment in polib.pofile(str(path)):
            if not fragment.msgid or not (fragment.msgstr or any(fragment.msgstr_plural.values())):
                continue
            entry = entries.get((fragment.msgctxt or "", fragment.msgid))
            if entry is None:
                po.append(fragment)
            elif not entry.translated() or "fuzzy" in entry.flags:
                entry.msgstr, entry.msgstr_plural = fragment.msgstr, fragment.msgstr_plural
                if "fuzzy" in entry.flags:
                    entry.flags.remove("fuzzy")
    target = directory / language / "LC_MESSAGES"
    target.mkdir(parents=True, exist_ok=True)
    po.save_as_mofile(str(target / "django.mo"))
    return directory
