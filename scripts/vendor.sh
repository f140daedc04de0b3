#!/usr/bin/env bash
# Maintainers: refresh static/vendor from the npm packages pinned in package.json.
# The copied files are committed, so running or testing Voorveld never needs npm or a CDN.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
cp package.json "$tmp/"
(cd "$tmp" && npm install --silent --no-audit --no-fund)
nm="$tmp/node_modules"
out=static/vendor
rm -rf "$out" && mkdir -p "$out/bootstrap" "$out/htmx" "$out/fonts"
cp "$nm/bootstrap/dist/css/bootstrap.min.css"{,.map} "$nm/bootstrap/dist/js/bootstrap.bundle.min.js"{,.map} "$nm/bootstrap/LICENSE" "$out/bootstrap/"
cp "$nm/htmx.org/dist/htmx.min.js" "$nm/htmx.org/LICENSE" "$out/htmx/"
for f in "$nm"/@fontsource/atkinson-hyperlegible/files/atkinson-hyperlegible-latin*-{400,700}-{normal,italic}.woff2; do
  cp "$f" "$out/fonts/"
done
cp "$nm/@fontsource/atkinson-hyperlegible/LICENSE" "$out/fonts/LICENSE" 2>/dev/null || true
rm -rf "$tmp"
echo "Vendored into $out"
