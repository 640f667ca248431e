#!/usr/bin/env bash
# knative-crds.sh — make Knative Serving's own CRDs (serving.knative.dev: Service, Configuration, Revision,
# Route, ...) available to the Cloud Run renderer's schema test, cached OUTSIDE the repo. Cloud Run's
# service YAML is Knative Serving's serving.knative.dev/v1 Service, so the renderer's manifests are
# dry-run applied against these CRDs on the test kube-apiserver (CloudRunManifestsOnApiServerTest).
# Prints the CRD directory as the last (and only) line on stdout; progress goes to stderr.
#
# Source: the Go module knative.dev/serving (its config/core/300-resources/*.yaml), fetched through the Go
# module proxy with `go mod download` — the only route to Knative's published source from here.
# Cache layout:
#   ${ARTIE_CACHE:-$HOME/.cache/artie}/knative/<version>/   *.yaml  .complete   <- printed on stdout
#
# Usage: scripts/knative-crds.sh [--check]
#   --check   only verify an existing cache (exit 1 if missing), never download
# Environment (all optional):
#   ARTIE_CACHE                 cache root (default $HOME/.cache/artie)
#   ARTIE_KNATIVE_VERSION       knative.dev/serving module version (default v0.51.0)
#   GO                          go binary (default: `go` on PATH, else /usr/local/go/bin/go)
set -euo pipefail

KNATIVE_VERSION="${ARTIE_KNATIVE_VERSION:-v0.51.0}"
CACHE_ROOT="${ARTIE_CACHE:-${HOME:?HOME is not set}/.cache/artie}"
OUT="$CACHE_ROOT/knative/$KNATIVE_VERSION"

log() { printf '[knative-crds] %s\n' "$*" >&2; }
die() { printf '[knative-crds] ERROR: %s\n' "$*" >&2; exit 1; }

CHECK_ONLY=false
for arg in "$@"; do
  case "$arg" in
    --check) CHECK_ONLY=true ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2; exit 0 ;;
    *) die "unknown argument '$arg' (use --check or --help)" ;;
  esac
done

if [[ -f "$OUT/.complete" ]]; then
  echo "$OUT"
  exit 0
fi
$CHECK_ONLY && die "no Knative CRDs in $OUT; fetch them with $0"

GO="${GO:-$(command -v go || echo /usr/local/go/bin/go)}"
[[ -x "$GO" ]] || die "no go binary (set GO=...); it fetches knative.dev/serving from the Go module proxy"
log "fetching knative.dev/serving@$KNATIVE_VERSION from the Go module proxy"
# go mod download needs a module context only for its defaults; an empty temporary one keeps the repo out of it.
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
dir="$(cd "$scratch" && GOFLAGS=-mod=mod "$GO" mod download -json "knative.dev/serving@$KNATIVE_VERSION" \
  | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')"
[[ -n "$dir" && -d "$dir/config/core/300-resources" ]] || die "knative.dev/serving@$KNATIVE_VERSION has no config/core/300-resources"
mkdir -p "$OUT"
cp "$dir"/config/core/300-resources/*.yaml "$OUT"/
chmod u+w "$OUT"/*.yaml
touch "$OUT/.complete"
log "Knative Serving CRDs in $OUT"
echo "$OUT"
