#!/usr/bin/env bash
# Runs every test of Artie (docs/testing.md), fastest first so a failure shows early:
#   1. every module but cluster-tests: unit tests, the queue against real Redis servers (7.x when installed, and
#      the embedded 6.2), real SQLite, the local stack, and the operator against a real kube-apiserver;
#      meanwhile the one-node test cluster is built (first run) and started in the background;
#   2. one image built twice gives one digest (scripts/check-reproducible-image.sh), and takes its ahead-of-time
#      class cache (scripts/image-aot.sh check); the images, built by Jib
#      and pushed to the test cluster's registry;
#   3. cluster-tests: helm install, kubectl apply and chats on that real cluster.
# Called by `./artie test`, which finds the JDK; installs what the tests need first, so it works on a fresh clone.
# A cluster someone names (KUBECONFIG + ARTIE_TEST_REGISTRY + ARTIE_TEST_HOST_IP) is used instead of the test
# cluster. ARTIE_TEST_CLUSTER=skip leaves tier 3 out. With CI=true a cluster that cannot start fails the run.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
: "${JAVA_HOME:?run this through ./artie test, which finds a JDK 21+}"
MVN=("$ROOT/mvnw" -B --no-transfer-progress)

"$ROOT/scripts/test-prerequisites.sh"

if [ -x "$ROOT/scripts/kube-test-binaries.sh" ]; then
  ARTIE_KUBE_BINARIES="$("$ROOT/scripts/kube-test-binaries.sh" | tail -n 1)"
  export ARTIE_KUBE_BINARIES
  echo "artie: Kubernetes test binaries in $ARTIE_KUBE_BINARIES" >&2
fi
# Knative Serving's CRDs, against which the Cloud Run renderer's manifests are dry-run applied.
ARTIE_KNATIVE_CRDS="$("$ROOT/scripts/knative-crds.sh" | tail -n 1)"
export ARTIE_KNATIVE_CRDS

cluster_wanted=true
[ "${ARTIE_TEST_CLUSTER:-}" = skip ] && cluster_wanted=false
named_cluster=false
[ -n "${KUBECONFIG:-}" ] && [ -n "${ARTIE_TEST_REGISTRY:-}" ] && [ -n "${ARTIE_TEST_HOST_IP:-}" ] && named_cluster=true

cluster_pid=""
cluster_env="$ROOT/cluster-tests/target/test-cluster.env"
cluster_log="$ROOT/cluster-tests/target/test-cluster-up.log"
if $cluster_wanted && ! $named_cluster; then
  mkdir -p "$(dirname "$cluster_env")"
  # Stopped at the end whatever happens (a start still under way first); `down` is harmless when nothing is up.
  stop_cluster() {
    if [ -n "$cluster_pid" ] && kill -0 "$cluster_pid" 2>/dev/null; then
      kill "$cluster_pid" 2>/dev/null || true
      wait "$cluster_pid" 2>/dev/null || true
    fi
    "$ROOT/scripts/test-cluster.sh" down >/dev/null 2>&1 || true
  }
  trap stop_cluster EXIT
  echo "artie: starting the test cluster in the background (log: $cluster_log)" >&2
  "$ROOT/scripts/test-cluster.sh" up >"$cluster_env" 2>"$cluster_log" &
  cluster_pid=$!
fi

# Tier 1. -pl with an exclusion keeps the reactor order; cluster-tests is the last module anyway.
"${MVN[@]}" verify -pl '!cluster-tests' "$@"

# Two builds of one commit give the same image; a full run only, as it builds one image twice.
if [ $# -eq 0 ]; then
  "$ROOT/scripts/check-reproducible-image.sh"
  # An image's entrypoint takes the ahead-of-time class cache trained for it (JDK 25 or newer).
  if "$JAVA_HOME/bin/java" -XX:AOTMode=auto -version >/dev/null 2>&1; then
    "$ROOT/scripts/images.sh" --only services/http-chat >/dev/null
    "$ROOT/scripts/image-aot.sh" check services/http-chat/target/jib-image.tar
  fi
fi

$cluster_wanted || { echo "artie: ARTIE_TEST_CLUSTER=skip: the cluster tier is left out" >&2; exit 0; }

if [ -n "$cluster_pid" ]; then
  if ! wait "$cluster_pid"; then
    echo "artie: the test cluster did not start; last lines of $cluster_log:" >&2
    tail -n 40 "$cluster_log" >&2 || true
    if [ "${CI:-}" = true ]; then
      echo "artie: CI=true: failing, the cluster tier must run here" >&2
      exit 1
    fi
    echo "artie: skipping the cluster tier (docs/testing.md says what it needs)" >&2
    exit 0
  fi
  while IFS='=' read -r key value; do
    case "$key" in KUBECONFIG|ARTIE_TEST_REGISTRY|ARTIE_TEST_HOST_IP) export "$key=$value" ;; esac
  done <"$cluster_env"
fi

# Tier 2: every image pushed here rather than from inside the test JVM, so no build rewrites jars the tests
# have open.
echo "artie: building the images and pushing them to $ARTIE_TEST_REGISTRY" >&2
"$ROOT/artie" images --registry "$ARTIE_TEST_REGISTRY"
export ARTIE_TEST_IMAGES_PUSHED=true

# Tier 3. -am builds what cluster-tests uses (already compiled: quick); -DskipTests skips their tests, which tier 1
# ran, and not the cluster tests (cluster-tests/pom.xml).
"${MVN[@]}" verify -pl cluster-tests -am -DskipTests "$@"
