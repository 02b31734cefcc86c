#!/usr/bin/env bash
# Bundles the entries with ncc into dist/ (committed) and regenerates the action.yml files.
# ncc writes one index.js per output folder, so each entry is built apart and moved into place.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d node_modules ] || npm ci --no-audit --no-fund
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
build() { # entry output-name
  npx ncc build "$1" -o "$work/$2" --target es2022 --quiet --no-source-map-register
  # The banner keeps readers from editing the bundle instead of src/; a shebang must stay first.
  local bundle="$work/$2/index.js"
  if head -n 1 "$bundle" | grep -q '^#!'; then
    { head -n 1 "$bundle"; echo "// Built by npm run build from $1; do not edit."; tail -n +2 "$bundle"; } > "$work/$2.js"
  else
    { echo "// Built by npm run build from $1; do not edit."; cat "$bundle"; } > "$work/$2.js"
  fi
}
build src/main.ts index
build src/cli.ts cli
build demo/main.ts demo
rm -rf dist && mkdir -p dist
for name in index cli demo; do
  extra=$(ls "$work/$name" | grep -v -e '^index.js$' -e '^package.json$' || true)
  if [ -n "$extra" ]; then echo "build: unexpected extra files from ncc for $name: $extra" >&2; exit 1; fi
  cp "$work/$name.js" "dist/$name.js"
done
echo '{ "type": "module" }' > dist/package.json
chmod +x dist/cli.js
npx tsx scripts/generate-actions.ts
ls -l dist
