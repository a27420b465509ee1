#!/usr/bin/env bash
# What a newcomer's first bin/demo does to the Python packages, on this machine, from the registry: a new
# virtualenv made by the machine's Python (with the pip that Python bundles, often an old one) installs the
# runtime lock. bin/setup upgrades pip first (requirements/lock/pip.txt), but the lock must install with the old
# pip too, so that a release on the registry can never break a first install (issue 26: pip 23.2 took a newer
# fonttools for weasyprint's `fonttools[woff]` than the lock's). Run by bin/test; about 30 s with a warm pip cache.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
python=${PYTHON:-python3}
venv=$(mktemp -d "${TMPDIR:-/tmp}/portal-fresh-venv.XXXXXX")
trap 'rm -rf "$venv"' EXIT
"$python" -m venv "$venv"
echo "fresh install: $("$python" --version), $("$venv/bin/python" -m pip --version | cut -d' ' -f1-2) (the stock pip)"
"$venv/bin/python" -m pip install --disable-pip-version-check --no-input -q --require-hashes \
  -r requirements/lock/base.txt || {
  echo "fresh install: FAILED: the stock pip cannot install requirements/lock/base.txt (see above);" \
    "run scripts/lock-requirements.sh and commit requirements/lock/" >&2
  exit 1
}
"$venv/bin/python" -c "import django, weasyprint, celery, ldap, pyodbc; print('fresh install: ok, Django', django.get_version())"
