#!/usr/bin/env bash
# npm run bench: benchmarks (not tests). Results go to bench/results/.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d node_modules ] || npm ci --no-audit --no-fund
bash scripts/ensure-packages.sh nginx haproxy prometheus sshd sudo nft ip nginx-lua
# The bundles measured are the ones src/ builds now.
bash scripts/build.sh > /dev/null
# One run, one truth: every result file carries this run's id, start and machine.
BENCH_STARTED=$(date -u +%Y-%m-%dT%H:%M:%SZ)
BENCH_RUN_ID="bench-$(date -u +%Y%m%d-%H%M%S)-$(git rev-parse --short HEAD 2>/dev/null || echo nogit)"
export BENCH_STARTED BENCH_RUN_ID
echo "bench: run $BENCH_RUN_ID"
npx tsx bench/bluegreen-nginx.ts
npx tsx bench/github-api.ts
npx tsx bench/canary.ts
npx tsx bench/analysis.ts
npx tsx bench/rolling.ts
npx tsx bench/fleet.ts
npx tsx bench/switch-peers.ts
bash scripts/k8s-testenv.sh
npx tsx bench/kubernetes.ts
npx tsx bench/sticky.ts
# The README's figures, from these results.
npx tsx scripts/bench-readme.ts
