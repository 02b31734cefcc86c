#!/usr/bin/env bash
# npm run bench: benchmarks (not tests). Results go to bench/results/.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d node_modules ] || npm ci --no-audit --no-fund
bash scripts/ensure-packages.sh nginx haproxy prometheus
[ -f dist/cli.js ] || bash scripts/build.sh > /dev/null
npx tsx bench/bluegreen-nginx.ts
npx tsx bench/github-api.ts
npx tsx bench/canary.ts
npx tsx bench/analysis.ts
npx tsx bench/rolling.ts
