#!/usr/bin/env bash
# Regenerate the hash-locked requirement files (requirements/lock/*.txt) from the ranges in requirements/*.txt.
#
#   scripts/lock-requirements.sh              keep the pins that still fit, add what is new
#   scripts/lock-requirements.sh --upgrade    move every pin to the newest version the ranges allow
#
# bin/setup installs from the lock files with --require-hashes, so an install is the same everywhere and a
# tampered or substituted download is refused. Run this after editing requirements/*.txt and commit both;
# portal/tests/test_requirements_lock.py fails while they disagree. uv resolves in seconds (pip-compile needs
# minutes here); it is installed into a throwaway virtualenv, not into the project.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
uv=${UV:-}
if [[ -z $uv ]]; then
  tools=${TMPDIR:-/tmp}/portal-lock-tools
  [[ -x $tools/bin/uv ]] || { python3 -m venv "$tools" && "$tools/bin/pip" install -q uv; }
  uv=$tools/bin/uv
fi
for name in base test; do
  "$uv" pip compile -q "$@" --python-version 3.11 --generate-hashes --no-header --annotation-style line \
    "requirements/$name.txt" -o "requirements/lock/$name.txt"
done
echo "requirements/lock/ updated: $(grep -c '==' requirements/lock/base.txt) runtime and $(grep -c '==' requirements/lock/test.txt) test pins"
