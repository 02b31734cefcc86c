#!/usr/bin/env bash
# Builds the k8s-testenv kit from Debian's sources, for machines where the prebuilt kit
# (../shared/k8s-testenv) is absent — as envtest-style tooling fetches its API servers, except
# that only Debian's archive is reachable here, so we compile:
#   A) kube-apiserver v1.20.2 from bookworm's source package `kubernetes` with bookworm's Go 1.19;
#   B) apiextensions-apiserver (the CRD server, new enough for the Gateway API CRDs' CEL rules)
#      from sid's golang-k8s-apiextensions-apiserver-dev and its Go library packages.
# The output folder is a complete kit: both binaries (xz), SHA256SUMS of what was built, the
# start/stop scripts and the Gateway API CRDs kept beside this script.
#
# Usage: build-from-debian.sh <kit folder>
# Needs: apt-get, dpkg-deb, dpkg-source, xz, sha256sum, Debian's archive keyring; no root when the
# apt lists are private (they are: nothing under /etc/apt or /var/lib/apt is touched).
# Cost, measured on 2 cores from an empty cache (README, "The tests' Kubernetes API servers"):
# 440 s, about 480 MB downloaded, 4.5 GB of scratch in $PD_K8S_BUILD_DIR (kept; a rerun after a
# failure of B reuses A).
set -euo pipefail
out="${1:?usage: build-from-debian.sh <kit folder>}"
here="$(cd "$(dirname "$0")" && pwd)"
work="${PD_K8S_BUILD_DIR:-${HOME}/.cache/progressive-deploy/k8s-build}"
mirror="${PD_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
security_mirror="${PD_DEBIAN_SECURITY_MIRROR:-http://deb.debian.org/debian-security}"
keyring=/usr/share/keyrings/debian-archive-keyring.gpg
kubernetes_version="1.20.5+really1.20.2-1.1+deb12u1"
started=$(date +%s)
say() { echo "k8s-testenv build: $* (+$(($(date +%s) - started)) s)" >&2; }
die() { echo "k8s-testenv build: $*" >&2; exit 1; }
for tool in apt-get apt-cache dpkg-deb dpkg-source xz sha256sum; do
  command -v "$tool" > /dev/null || die "$tool is missing (a Debian machine has it; apt-get install dpkg-dev xz-utils)"
done
[ -f "$keyring" ] || die "$keyring is missing (apt-get install debian-archive-keyring)"

# Private apt configurations, so the machine's own sources, lists and dpkg database stay as they are.
apt_config() { # <name> -> the -o options of a private apt tree under $work/apt/<name>
  local dir="$work/apt/$1"
  echo "-o Dir::Etc::SourceList=$dir/sources.list -o Dir::Etc::SourceParts=/dev/null"
  echo "-o Dir::State::Lists=$dir/lists -o Dir::Cache=$dir/cache -o Dir::Cache::Archives=$dir/archives"
  echo "-o Debug::NoLocking=true"
  # As root, apt hands downloads to user _apt, who cannot write into a private tree under $HOME.
  [ "$(id -u)" != 0 ] || echo "-o APT::Sandbox::User=root"
}
mkdir -p "$work"/apt/{bookworm,sid}/{lists/partial,cache,archives/partial} "$work/apt/sid/status"
cat > "$work/apt/bookworm/sources.list" << EOF
deb [signed-by=$keyring] $mirror bookworm main
deb-src [signed-by=$keyring] $mirror bookworm main
deb [signed-by=$keyring] $security_mirror bookworm-security main
deb-src [signed-by=$keyring] $security_mirror bookworm-security main
EOF
echo "deb [signed-by=$keyring] $mirror sid main" > "$work/apt/sid/sources.list"
# An empty dpkg status for sid: the dependency closure must not stop at what this machine has.
: > "$work/apt/sid/status/status"
# shellcheck disable=SC2207 # the options have no spaces inside
bookworm=($(apt_config bookworm))
# shellcheck disable=SC2207
sid=($(apt_config sid) -o "Dir::State::status=$work/apt/sid/status/status")

say "reading Debian's package lists (bookworm and sid)"
apt-get "${bookworm[@]}" -qq update
apt-get "${sid[@]}" -qq update

unpack_debs() { # <deb folder> <root>
  for deb in "$1"/*.deb; do dpkg-deb -x "$deb" "$2"; done
}

build_kube_apiserver() {
  local a="$work/a" log="$work/a.log"
  # Built before from the same source (a run that failed on B only): keep it.
  if [ -x "$work/kube-apiserver" ] && [ "$(cat "$work/kube-apiserver.from" 2> /dev/null)" = "$kubernetes_version" ]; then
    return 0
  fi
  rm -rf "$a" && mkdir -p "$a/debs" "$a/root" "$a/src" "$a/home"
  (cd "$a/debs" && apt-get "${bookworm[@]}" -qq download golang-1.19-go golang-1.19-src rsync \
    golang-github-modern-go-reflect2-dev golang-github-json-iterator-go-dev) >> "$log" 2>&1
  unpack_debs "$a/debs" "$a/root"
  (cd "$a/src" && apt-get "${bookworm[@]}" -qq source --download-only "kubernetes=$kubernetes_version" \
    && dpkg-source -x "kubernetes_${kubernetes_version}.dsc" k8s) >> "$log" 2>&1
  # Go >= 1.18 crashes the vendored reflect2 1.0.1 ("fault in mapiterinit"): use Debian's
  # reflect2 1.0.2 and json-iterator 1.1.12 instead.
  local package file
  for package in modern-go/reflect2 json-iterator/go; do
    rm -rf "$a/src/k8s/vendor/github.com/$package" && mkdir -p "$a/src/k8s/vendor/github.com/$package"
    for file in "$a/root/usr/share/gocode/src/github.com/$package"/*.go; do
      case "$file" in *_test.go) ;; *) cp "$file" "$a/src/k8s/vendor/github.com/$package/" ;; esac
    done
  done
  # hack/lib/golang.sh strips the binary (-s -w) by default.
  (cd "$a/src/k8s" && env HOME="$a/home" GOROOT="$a/root/usr/lib/go-1.19" \
    PATH="$a/root/usr/lib/go-1.19/bin:$a/root/usr/bin:$PATH" GOCACHE="$work/gocache-a" \
    CGO_ENABLED=0 GOPROXY=off GOTOOLCHAIN=local KUBE_GIT_VERSION=v1.20.2 KUBE_GIT_TREE_STATE=clean \
    KUBE_GIT_COMMIT=debian make WHAT=cmd/kube-apiserver) >> "$log" 2>&1
  cp "$a/src/k8s/_output/bin/kube-apiserver" "$work/kube-apiserver"
  echo "$kubernetes_version" > "$work/kube-apiserver.from"
}

build_apiextensions_apiserver() {
  local b="$work/b" log="$work/b.log" go closure
  rm -rf "$b" && mkdir -p "$b/debs" "$b/root"
  # sid's default Go (golang-go depends on golang-1.NN-go): the CRD library needs a recent one.
  go=$(apt-cache "${sid[@]}" depends golang-go | awk '$1 ~ /Depends:/ && $2 ~ /^golang-1\.[0-9]+-go$/ { print $2; exit }')
  [ -n "$go" ] || die "sid has no golang-1.NN-go behind golang-go"
  go="${go%-go}"                 # golang-1.NN; its GOROOT is /usr/lib/go-1.NN
  local goroot="$b/root/usr/lib/go-${go#golang-}"
  closure=$(apt-cache "${sid[@]}" depends --recurse --no-recommends --no-suggests --no-conflicts --no-breaks \
    --no-replaces --no-enhances golang-k8s-apiextensions-apiserver-dev "$go-go" "$go-src" \
    | grep -v '^ ' | grep -v '^<' | grep '^golang-' | sort -u)
  # shellcheck disable=SC2086 # one package name per word
  (cd "$b/debs" && apt-get "${sid[@]}" -qq download $closure) >> "$log" 2>&1
  dpkg-deb -f "$b/debs"/golang-k8s-apiextensions-apiserver-dev_*.deb Version > "$b/version"
  for deb in "$b/debs"/*.deb; do echo "$(dpkg-deb -f "$deb" Package) $(dpkg-deb -f "$deb" Version)"; done \
    | sort > "$b/packages.txt"
  unpack_debs "$b/debs" "$b/root"
  local version_package=k8s.io/component-base/version minor
  minor=$(cut -d. -f2 < "$b/version")
  # The staging module v0.N.x is Kubernetes 1.N.x; without this /version says v0.0.0-master.
  (cd "$b" && env HOME="$b" GOROOT="$goroot" GOPATH="$b/root/usr/share/gocode" GO111MODULE=off \
    CGO_ENABLED=0 GOCACHE="$work/gocache-b" GOTOOLCHAIN=local GOPROXY=off PATH="$goroot/bin:$PATH" \
    go build -trimpath -ldflags "-s -w -buildid= -X $version_package.gitVersion=v1.$minor.$(cut -d. -f3 < "$b/version" | cut -d- -f1) \
      -X $version_package.gitMajor=1 -X $version_package.gitMinor=$minor -X $version_package.gitTreeState=clean \
      -X $version_package.gitCommit=debian-golang-k8s-apiextensions-apiserver-dev-$(cat "$b/version")" \
      -o "$work/apiextensions-apiserver" k8s.io/apiextensions-apiserver) >> "$log" 2>&1
}

say "building kube-apiserver v1.20.2 (bookworm, log $work/a.log) and apiextensions-apiserver (sid, log $work/b.log) side by side"
: > "$work/a.log" && : > "$work/b.log"
# Both in the background: a function called from a `||` list would run without `set -e`.
build_kube_apiserver &
a_pid=$!
build_apiextensions_apiserver &
b_pid=$!
a_status=0 && wait "$a_pid" || a_status=$?
b_status=0 && wait "$b_pid" || b_status=$?
[ "$a_status" = 0 ] || die "kube-apiserver did not build; the end of $work/a.log: $(tail -5 "$work/a.log")"
[ "$b_status" = 0 ] || die "apiextensions-apiserver did not build; the end of $work/b.log: $(tail -5 "$work/b.log")"
say "both built; packing the kit into $out"

# The prebuilt kit's list spells an epoch as in file names (2%3a); compare like with like.
if ! sed 's/%3a/:/' "$here/build-B-sid-packages.txt" | sort | diff -q - "$work/b/packages.txt" > /dev/null; then
  say "note: sid has moved since the prebuilt kit (packages differ from build-B-sid-packages.txt; see $work/b/packages.txt)"
fi
rm -rf "$out.tmp" && mkdir -p "$out.tmp"
for binary in kube-apiserver apiextensions-apiserver; do
  xz -T2 -6 -c "$work/$binary" > "$out.tmp/$binary.xz"
done
(cd "$work" && sha256sum kube-apiserver apiextensions-apiserver) > "$out.tmp/SHA256SUMS"
cp "$here/start.sh" "$here/stop.sh" "$out.tmp/"
xz -dc "$here/gateway-api-crds.yaml.xz" > "$out.tmp/gateway-api-crds.yaml"
cp "$work/b/packages.txt" "$out.tmp/build-B-sid-packages.txt"
echo "built from Debian's sources by scripts/k8s-testenv/build-from-debian.sh in $(($(date +%s) - started)) s on $(nproc) cores, $(date -u +%FT%TZ)" > "$out.tmp/BUILT"
rm -rf "$out" && mv "$out.tmp" "$out"
say "done: $out"
