#!/usr/bin/env bash
# The composite actions run dist/ with the node on PATH. GitHub-hosted runners have a recent one;
# a self-hosted runner (say, on the load balancer host) may have none, or an old one. Say so, with
# the fix, before anything runs.
set -u
MIN_MAJOR=20
FIX="Add actions/setup-node (node-version: 20 or later) before this step."
if ! command -v node > /dev/null 2>&1; then
  echo "::error title=progressive-deploy needs Node.js::There is no node on PATH. $FIX"
  exit 1
fi
version=$(node -p 'process.versions.node' 2> /dev/null || true)
# Only digits and dots reach the log line.
[[ "$version" =~ ^[0-9]+(\.[0-9]+)*$ ]] || version=""
major=${version%%.*}
if [[ -z "$major" ]] || ((major < MIN_MAJOR)); then
  echo "::error title=progressive-deploy needs Node.js ${MIN_MAJOR}+::The node on PATH is ${version:-of an unknown version}; progressive-deploy needs ${MIN_MAJOR} or later. $FIX"
  exit 1
fi
