#!/usr/bin/env bash
# Installs what the tests use beyond a JDK, where this machine lets us (root with apt-get), in one apt-get run:
# - redis-server 7.x and redis-tools, so the queue is tested on Redis 7 as well as on the embedded Redis 6.2
#   (without them the tests still run, on the embedded Redis only);
# - prometheus, Debian's package of the Prometheus server and promtool (observability-tests; skipped without);
# - postgresql, Debian's PostgreSQL server: the memory store's tests on PostgreSQL and ./artie bench figure (e)
#   start their own cluster from its programs (as its postgres user when run as root, which PostgreSQL requires);
# - chromium and chromium-driver (http-chat's WebPageInBrowserTest drives the web page in a real browser;
#   skipped without);
# - containerd, runc, containernetworking-plugins, docker-registry, skopeo, iptables, conntrack, busybox-static,
#   inotify-tools, gcc and openssl for the one-node test cluster (scripts/test-cluster.sh); skopeo also
#   copies its Redis image (scripts/base-image.sh redis --push) to its registry.
set -euo pipefail

packages=()
unavailable=() # what each missing package means for the tests, said when it cannot be installed

need() { # need <package> <what the tests lose without it> <command>...
  local package=$1 without=$2 command
  shift 2
  for command in "$@"; do
    if ! command -v "$command" >/dev/null 2>&1; then
      packages+=("$package")
      unavailable+=("$package not installed and cannot install here; $without")
      return
    fi
  done
}

need redis-server "tests use the embedded Redis 6.2 only" redis-server
need redis-tools "./artie bench prints no redis-benchmark ratio" redis-benchmark
need prometheus "observability tests are skipped" promtool prometheus
# Debian keeps initdb off the PATH, under /usr/lib/postgresql/<version>/bin (LocalPostgresServer looks there).
need postgresql "the PostgreSQL memory tests fail and ./artie bench has no PostgreSQL figure" \
  /usr/lib/postgresql/*/bin/initdb /usr/lib/postgresql/*/bin/pg_ctl
need chromium "the browser test is skipped" chromium
need chromium-driver "the browser test is skipped" chromedriver
# The one-node test cluster (scripts/test-cluster.sh): runtime, network, registry, image tools, pause program.
no_cluster="scripts/test-cluster.sh cannot start the test cluster"
need containerd "$no_cluster" containerd ctr
need runc "$no_cluster" runc
need containernetworking-plugins "$no_cluster" /usr/lib/cni/bridge /usr/lib/cni/host-local /usr/lib/cni/portmap
need docker-registry "$no_cluster" docker-registry
need skopeo "$no_cluster" skopeo
need iptables "$no_cluster" iptables ip6tables
need conntrack "$no_cluster" conntrack
need busybox-static "$no_cluster" busybox
need inotify-tools "$no_cluster" inotifywait
need gcc "$no_cluster" gcc
need openssl "$no_cluster" openssl

[ ${#packages[@]} -eq 0 ] && exit 0

if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  printf 'artie: %s\n' "${unavailable[@]}" >&2
  exit 0
fi

echo "artie: installing ${packages[*]}" >&2
apt-get update -qq >/dev/null
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${packages[@]}" >/dev/null
# The packages start system-wide servers (Redis on 6379, Prometheus on 9090, the registry on 5000, PostgreSQL on
# 5432); the tests start their own (test-cluster.sh its registry on 5000).
for service in redis-server prometheus docker-registry postgresql; do
  if [[ " ${packages[*]} " == *" $service "* ]]; then
    (service "$service" stop || systemctl stop "$service" || true) >/dev/null 2>&1
  fi
done
