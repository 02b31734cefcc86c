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
rm -rf dist && mkdir -p dist dist/cli
# Code loaded only when needed (octokit, for GitHub state) is a chunk ncc writes beside the entry;
# each entry's chunks stay beside it: the action's in dist/, the command line's in dist/cli/,
# behind a one-line dist/cli.js (the same chunk name can hold different code per entry).
place() { # name folder file
  for chunk in $(ls "$work/$1" | grep -v -e '^index.js$' -e '^package.json$' || true); do
    cp "$work/$1/$chunk" "$2/$chunk"
  done
  cp "$work/$1.js" "$2/$3"
}
place index dist index.js
place cli dist/cli index.js
{ echo '#!/usr/bin/env node'; echo '// Built by npm run build: the command line, in dist/cli/ with the code it loads when needed.'; echo "import './cli/index.js'"; } > dist/cli.js
extra=$(ls "$work/demo" | grep -v -e '^index.js$' -e '^package.json$' || true)
if [ -n "$extra" ]; then echo "build: unexpected extra files from ncc for demo: $extra" >&2; exit 1; fi
cp "$work/demo.js" dist/demo.js
echo '{ "type": "module" }' > dist/package.json
echo '{ "type": "module" }' > dist/cli/package.json
chmod +x dist/cli.js dist/cli/index.js
npx tsx scripts/generate-actions.ts
ls -l dist
