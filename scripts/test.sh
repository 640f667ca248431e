#!/usr/bin/env bash
# Runs every test of Artie: unit tests, the queue against real Redis servers (7.x when installed, and the
# embedded 6.2), real SQLite, and the operator against a real kube-apiserver. Called by `./artie test`, which
# finds the JDK; installs what the tests need first, so it works on a fresh clone.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
: "${JAVA_HOME:?run this through ./artie test, which finds a JDK 21+}"

"$ROOT/scripts/test-prerequisites.sh"

if [ -x "$ROOT/scripts/kube-test-binaries.sh" ]; then
  ARTIE_KUBE_BINARIES="$("$ROOT/scripts/kube-test-binaries.sh" | tail -n 1)"
  export ARTIE_KUBE_BINARIES
  echo "artie: Kubernetes test binaries in $ARTIE_KUBE_BINARIES" >&2
fi

# Two builds of one commit give the same image; a full run only, as it builds one image twice.
if [ $# -eq 0 ]; then
  "$ROOT/scripts/check-reproducible-image.sh"
fi

exec "$ROOT/mvnw" -B --no-transfer-progress verify "$@"
