#!/usr/bin/env bash
# Regenerate the hash-locked requirement files (requirements/lock/*.txt) from the ranges in requirements/*.txt.
#
#   scripts/lock-requirements.sh              keep the pins that still fit, add what is new
#   scripts/lock-requirements.sh --upgrade    move every pin to the newest version the ranges allow
#
# bin/setup installs from the lock files with --require-hashes, so an install is the same everywhere and a
# tampered or substituted download is refused. Run this after editing requirements/*.txt and commit both;
# portal/tests/test_requirements_lock.py fails while they disagree. uv resolves in seconds (pip-compile needs
# minutes here); it is installed at the version of requirements/lock/tools.txt into a throwaway
# virtualenv, not into the project.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
tools=${TMPDIR:-/tmp}/portal-lock-tools
uv_version=$(sed -n 's/^uv==\([^ ]*\).*/\1/p' requirements/lock/tools.txt)
# uv at the version of requirements/lock/tools.txt (with its hashes), in a throwaway virtualenv.
if [[ $("$tools/bin/uv" --version 2>/dev/null | cut -d' ' -f2) != "$uv_version" ]]; then
  rm -rf "$tools"
  python3 -m venv "$tools"
  "$tools/bin/python" -m pip install -q --disable-pip-version-check --require-hashes -r requirements/lock/pip.txt
  "$tools/bin/python" -m pip install -q --disable-pip-version-check --require-hashes -r requirements/lock/tools.txt
fi
uv=$tools/bin/uv
for name in base test; do
  "$uv" pip compile -q "$@" --python-version 3.11 --generate-hashes --no-header --annotation-style line \
    "requirements/$name.txt" -o "requirements/lock/$name.txt"
done
# An old pip resolves `fonttools[woff]` (asked by weasyprint) apart from a plain `fonttools==` pin, so the lock
# lines carry the extras that packages ask of each other. Which ones is read from the packages' own metadata:
# install the lock (no dependencies resolved again) into a second throwaway virtualenv and let it rewrite the lines.
meta=$tools/locked
rm -rf "$meta"
"$uv" venv -q --python python3 "$meta"
"$uv" pip install -q --python "$meta/bin/python" --no-deps --require-hashes -r requirements/lock/test.txt
"$meta/bin/python" scripts/lock_extras.py --fix requirements/lock/base.txt requirements/lock/test.txt
echo "requirements/lock/ updated: $(grep -c '==' requirements/lock/base.txt) runtime and $(grep -c '==' requirements/lock/test.txt) test pins"
