"""Refresh the Spanish catalogue: makemessages, fill the empty entries from the fragments, compile.

Each module keeps the Spanish of its own strings in ``scripts/i18n/fragments/<module>.po`` (ordinary .po entries:
msgctxt/msgid/msgid_plural/msgstr). Several people can add strings at once without editing the one big
``locale/es/LC_MESSAGES/django.po`` by hand, and a merge conflict in that file is solved by taking either side and
running this script again:

    .venv/bin/python scripts/i18n/update.py          # django and djangojs domains

It prints the entries that still have no Spanish (add them to a fragment and run it again).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parents[2]
FRAGMENTS = Path(__file__).resolve().parent / "fragments"
IGNORE = [".venv", "var", "static/vendor", "node_modules", "*/tests/*", "portal/testing/*", "bench", "scripts"]


def _key(entry: polib.POEntry) -> tuple[str, str]:
    return (entry.msgctxt or "", entry.msgid)


def load_fragments() -> dict[tuple[str, str], polib.POEntry]:
    found: dict[tuple[str, str], polib.POEntry] = {}
    for path in sorted(FRAGMENTS.glob("*.po")):
        for entry in polib.pofile(str(path)):
            if entry.msgstr or any(entry.msgstr_plural.values()):
                found[_key(entry)] = entry
    return found


def fill(po_path: Path, fragments: dict[tuple[str, str], polib.POEntry], created: str | None = None) -> list[str]:
    po = polib.pofile(str(po_path), wrapwidth=0)
    if created:
        po.metadata["POT-Creation-Date"] = created
    missing = []
    for entry in po:
        if entry.obsolete:
            continue
        source = fragments.get(_key(entry))
        untranslated = not entry.translated() or "fuzzy" in entry.flags
        if source is not None and untranslated:
            if entry.msgid_plural:
                entry.msgstr_plural = {int(k): v for k, v in source.msgstr_plural.items()} or {0: source.msgstr,
                                                                                             1: source.msgstr}
            else:
                entry.msgstr = source.msgstr
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
            entry.previous_msgid = entry.previous_msgid_plural = entry.previous_msgctxt = None
        elif untranslated:
            missing.append(entry.msgid)
    # Obsolete entries are history only; dropping them keeps merges small.
    for entry in [e for e in po if e.obsolete]:
        po.remove(entry)
    po.save()
    return missing


def main() -> int:
    manage = [sys.executable, str(ROOT / "manage.py")]
    ignores = [arg for pattern in IGNORE for arg in ("--ignore", pattern)]
    fragments = load_fragments()
    status = 0
    for domain in ("django", "djangojs"):
        po = ROOT / "locale" / "es" / "LC_MESSAGES" / f"{domain}.po"
        # The creation date would change on every run and make every merge of the catalogue conflict.
        created = polib.pofile(str(po)).metadata.get("POT-Creation-Date") if po.exists() else None
        subprocess.run([*manage, "makemessages", "-l", "es", "-d", domain, "--no-location", "--no-wrap", "-v", "0",
                        *ignores], cwd=ROOT, check=True)
        if not po.exists():
            continue
        missing = fill(po, fragments, created)
        if missing:
            status = 1
            print(f"{domain}: {len(missing)} strings without Spanish:")
            for msgid in missing:
                print("  ", repr(msgid))
    subprocess.run([*manage, "compilemessages", "-l", "es", "-v", "0", "--ignore", ".venv", "--ignore", "var"],
                   cwd=ROOT, check=True)
    return status


if __name__ == "__main__":
    sys.exit(main())
