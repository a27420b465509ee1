#!/usr/bin/env bash
# Refresh static/vendor from the npm registry (maintainers only; the portal itself never needs npm).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
cd "$tmp" && npm init -y >/dev/null
npm install --silent bootstrap@5.3.8 bootstrap-icons@1.13.1 chart.js@4.5.1 htmx.org@2.0.8
v="$root/static/vendor"; m="$tmp/node_modules"
cp "$m/bootstrap/dist/css/bootstrap.min.css" "$m/bootstrap/dist/js/bootstrap.bundle.min.js" "$m/bootstrap/LICENSE" "$v/bootstrap/"
cp "$m/bootstrap-icons/font/bootstrap-icons.min.css" "$m/bootstrap-icons/LICENSE" "$v/bootstrap-icons/"
cp "$m"/bootstrap-icons/font/fonts/*.woff* "$v/bootstrap-icons/fonts/"
cp "$m/chart.js/dist/chart.umd.min.js" "$m/chart.js/LICENSE.md" "$v/chartjs/"
cp "$m/htmx.org/dist/htmx.min.js" "$m/htmx.org/LICENSE" "$v/htmx/"
