#!/usr/bin/env bash
# Seeds the per-machine cache of the k8s-testenv kit (real kube-apiserver and
# apiextensions-apiserver built from Debian's packages, with start/stop scripts) that the
# Kubernetes tests start: from $K8S_TESTENV or ../shared/k8s-testenv beside the repository into
# ~/.cache/progressive-deploy/k8s-testenv (re-seeded when its SHA256SUMS differ), and checks the
# tools start.sh uses. etcd comes from Debian's etcd-server: start.sh fetches it on first use
# with apt-get download (unpacked, not installed: installing would start a system etcd).
# Idempotent; a warm cache costs nothing.
set -euo pipefail
cd "$(dirname "$0")/.."
cache="${HOME}/.cache/progressive-deploy/k8s-testenv"
source_dir="${K8S_TESTENV:-$(cd .. && pwd)/shared/k8s-testenv}"
if [ ! -f "$cache/start.sh" ] || { [ -f "$source_dir/SHA256SUMS" ] && ! cmp -s "$source_dir/SHA256SUMS" "$cache/SHA256SUMS"; }; then
  if [ ! -f "$source_dir/start.sh" ]; then
    echo "k8s-testenv: the kit is neither in $cache nor in $source_dir. Set K8S_TESTENV to its folder." >&2
    exit 1
  fi
  echo "k8s-testenv: seeding $cache from $source_dir ..."
  rm -rf "$cache.tmp" && mkdir -p "$(dirname "$cache")"
  cp -r "$source_dir" "$cache.tmp"
  rm -rf "$cache" && mv "$cache.tmp" "$cache"
fi
for tool in openssl xz curl; do
  command -v "$tool" > /dev/null || { echo "k8s-testenv: $tool is missing (apt-get install openssl xz-utils curl)" >&2; exit 1; }
done
