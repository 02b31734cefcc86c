#!/usr/bin/env bash
# The project's test command (npm test). On a fresh Debian machine it installs what the tests
# need: the npm packages when absent; nginx, HAProxy and Prometheus with apt-get when missing; the
# k8s-testenv kit's cache (real Kubernetes API servers). Then: type check, lint,
# a fresh build of dist/ (the integration tests run the bundles, as users do), and jest.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "test: installing npm packages (npm ci) ..."
  npm ci --no-audit --no-fund
fi
bash scripts/ensure-packages.sh nginx haproxy prometheus sshd sudo nft ip nginx-lua chromium emoji
bash scripts/k8s-testenv.sh

echo "test: type check"; npx tsc --noEmit
# One command per line: under set -e, a failure inside an `a && b` list would not stop the run.
echo "test: lint";       npx eslint .
npx prettier --check . > /dev/null
echo "test: build";      bash scripts/build.sh > /dev/null
echo "test: jest"
results=$(mktemp)
status=0
NODE_OPTIONS="--experimental-vm-modules --disable-warning=ExperimentalWarning" \
  npx jest --json --outputFile="$results" "$@" || status=$?
# Jest's own closing lines are not read by every CI; print the plain count line too.
node -e 'const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  console.log(`jest: ${r.numPassedTests} passed, ${r.numFailedTests} failed` + (r.numPendingTests ? `, ${r.numPendingTests} skipped` : ""))' "$results" || true
rm -f "$results"
exit "$status"
