"""An installed portal upgrades with `migrate` alone: a database made and filled with the demo by an earlier commit
(the last one before the layout moves of issue 28) migrates on this checkout with every row and every held
permission kept (scripts/check_upgrade.py)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BEFORE_THE_LAYOUT_MOVES = "1b6d73a"


def _has(commit: str) -> bool:
    found = subprocess.run(["git", "cat-file", "-e", f"{commit}^{{commit}}"], cwd=ROOT, capture_output=True)
    return found.returncode == 0


@pytest.mark.skipif(not _has(BEFORE_THE_LAYOUT_MOVES), reason="needs the git history (a full clone)")
@pytest.mark.skipif(bool(os.environ.get("TEST_DATABASE_URL")),
                    reason="uses no test database: run once, in the SQLite pass (UPGRADE_DATABASE_URL for PostgreSQL)")
def test_a_demo_database_of_the_old_layout_upgrades_with_migrate_and_loses_nothing():
    done = subprocess.run([sys.executable, "scripts/check_upgrade.py", BEFORE_THE_LAYOUT_MOVES], cwd=ROOT,
                          capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "LOST" not in done.stdout and "rows before" in done.stdout
