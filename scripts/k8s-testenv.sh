#!/usr/bin/env bash
# Seeds the per-machine cache of the k8s-testenv kit (real kube-apiserver and
# apiextensions-apiserver, with start/stop scripts and the Gateway API CRDs) that the Kubernetes
# tests start, in ~/.cache/progressive-deploy/k8s-testenv:
#   - from the prebuilt kit in $K8S_TESTENV or ../shared/k8s-testenv beside the repository
#     (re-seeded when its SHA256SUMS differ);
#   - where there is none, by building the same API servers from Debian's sources once
#     (scripts/k8s-testenv/build-from-debian.sh; about 7 minutes on 2 cores, see the README).
# etcd comes from Debian's etcd-server: start.sh fetches it on first use with apt-get download
# (unpacked, not installed: installing would start a system etcd).
# Idempotent; a warm cache costs nothing.
set -euo pipefail
cd "$(dirname "$0")/.."
cache="${HOME}/.cache/progressive-deploy/k8s-testenv"
source_dir="${K8S_TESTENV:-$(cd .. && pwd)/shared/k8s-testenv}"
for tool in openssl xz curl; do
  command -v "$tool" > /dev/null || { echo "k8s-testenv: $tool is missing (apt-get install openssl xz-utils curl)" >&2; exit 1; }
done
if [ -f "$source_dir/start.sh" ]; then
  if [ ! -f "$cache/start.sh" ] || ! cmp -s "$source_dir/SHA256SUMS" "$cache/SHA256SUMS"; then
    echo "k8s-testenv: seeding $cache from $source_dir ..."
    rm -rf "$cache.tmp" && mkdir -p "$(dirname "$cache")"
    cp -r "$source_dir" "$cache.tmp"
    rm -rf "$cache" && mv "$cache.tmp" "$cache"
  fi
elif [ ! -f "$cache/start.sh" ]; then
  echo "k8s-testenv: no prebuilt kit in $source_dir (set K8S_TESTENV to one); building kube-apiserver and" \
    "apiextensions-apiserver from Debian's sources into $cache, once per machine: about 7 minutes on" \
    "2 cores and 0.5 GB of downloads ..."
  bash scripts/k8s-testenv/build-from-debian.sh "$cache"
fi
