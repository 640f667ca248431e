#!/usr/bin/env bash
# Two builds of one commit give the same image (docs/kubernetes.md, Images): builds one module's image twice,
# each time from nothing (its and artie-shared's target/ removed, so every class and jar is made anew), on
# the same base, and compares the digests. Called by scripts/test.sh; exits 1 when they differ.
#   scripts/check-reproducible-image.sh [MODULE] [-- MAVEN_ARGS]   (MODULE default services/http-chat)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
module="services/http-chat"
if [ $# -gt 0 ] && [ "$1" != -- ]; then module="$1"; shift; fi

build() {
  rm -rf "$module/target" services/shared/target
  "$ROOT/scripts/images.sh" --only "$module" --no-aot-cache "$@"
}
first="$(build "$@")"
second="$(build "$@")"
if [ "$first" != "$second" ]; then
  echo "artie: two builds of $module gave different images: $first and $second" >&2
  exit 1
fi
echo "artie: $module builds reproducibly: $first" >&2
