#!/usr/bin/env bash
# Installs what the tests use beyond a JDK, where this machine lets us (root with apt-get):
# redis-server 7.x, so the queue is tested on Redis 7 as well as on the embedded Redis 6.2. Without it the
# tests still run, on the embedded Redis only.
set -euo pipefail

missing=()
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
command -v redis-benchmark >/dev/null 2>&1 || missing+=(redis-tools)

if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "artie: installing ${missing[*]}" >&2
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
    # The package starts a system-wide server on 6379; the tests start their own on free ports.
    (service redis-server stop || systemctl stop redis-server || true) >/dev/null 2>&1
  else
    echo "artie: ${missing[*]} not installed and cannot install here; tests use the embedded Redis 6.2 only" >&2
  fi
fi

# --- Prometheus server and promtool (observability-tests): Debian's `prometheus` package carries both.
# Without them the observability tests are skipped with a message saying so.
if ! command -v promtool >/dev/null 2>&1 || ! command -v prometheus >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "artie: installing prometheus (server and promtool)" >&2
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq prometheus >/dev/null
    # The package may start a system-wide server on 9090; the tests start their own on free ports.
    (service prometheus stop || systemctl stop prometheus || true) >/dev/null 2>&1
  else
    echo "artie: prometheus/promtool not installed and cannot install here; observability tests are skipped" >&2
  fi
fi

# --- Chromium and its WebDriver (http-chat's WebPageInBrowserTest drives the web page in a real browser).
# Without them that test is skipped with a message saying so.
if ! command -v chromium >/dev/null 2>&1 || ! command -v chromedriver >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "artie: installing chromium and chromium-driver" >&2
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null
  else
    echo "artie: chromium/chromedriver not installed and cannot install here; the browser test is skipped" >&2
  fi
fi
