#!/usr/bin/env bash
# start-test-apiserver.sh — run a throw-away etcd + kube-apiserver on loopback for humans and
# smoke checks (the Java tests use io.fabric8:kube-api-test instead; see kube-test-binaries.sh).
#
# Usage:
#   scripts/start-test-apiserver.sh start [BIN_DIR]   start (or reuse) and print the kubeconfig path
#   scripts/start-test-apiserver.sh status            exit 0 and print the kubeconfig if it is up
#   scripts/start-test-apiserver.sh stop              stop both processes and delete the state dir
# BIN_DIR holds kube-apiserver, etcd and kubectl; default: the output of kube-test-binaries.sh
# (which builds them on first use). Only the kubeconfig path is printed on stdout.
# Environment (optional):
#   ARTIE_TEST_APISERVER_ADDRESS    address the API server binds to and advertises (default 127.0.0.1)
#   ARTIE_TEST_APISERVER_FOR_NODES  true: set up for real nodes (scripts/test-cluster.sh): ServiceAccount
#                                   admission on, the `kubernetes` Service's endpoint kept by the API
#                                   server (ADDRESS must then be one pods can route to), a client
#                                   certificate for kubelets (pki/kubelet-client.*) and kubelets reached by
#                                   their InternalIP (node names do not resolve here)
#   ARTIE_TEST_APISERVER_SERVICE_CIDR  Service addresses (default 10.0.0.0/24)
#
# What it sets up, all under $ARTIE_TEST_APISERVER_DIR (default ${TMPDIR:-/tmp}/artie-test-apiserver):
#   - etcd on 127.0.0.1:<free port> (data in etcd/, --unsafe-no-fsync: test data only)
#   - openssl-generated CA + serving cert (SANs 127.0.0.1, ADDRESS, localhost, the kubernetes Service's
#     address and names) and service-account key pair
#   - static token auth (token-file) for user "admin" in group system:masters, RBAC authorization
#   - kube-apiserver on https://ADDRESS:<free port>; ServiceAccount admission disabled (there is
#     no controller-manager to create default service accounts) — same as kube-api-test does;
#     --endpoint-reconciler-type none (a loopback address is not a valid Endpoints IP)
#     (both on with ARTIE_TEST_APISERVER_FOR_NODES=true)
#   - kubeconfig (context "artie-test") at $ARTIE_TEST_APISERVER_DIR/kubeconfig
# Example:
#   export KUBECONFIG=$(scripts/start-test-apiserver.sh start)
#   kubectl apply -f crds/ && kubectl get crd
#   scripts/start-test-apiserver.sh stop
set -euo pipefail

STATE="${ARTIE_TEST_APISERVER_DIR:-${TMPDIR:-/tmp}/artie-test-apiserver}"
SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
READY_TIMEOUT="${ARTIE_TEST_APISERVER_TIMEOUT:-90}"
ADDRESS="${ARTIE_TEST_APISERVER_ADDRESS:-127.0.0.1}"
FOR_NODES="${ARTIE_TEST_APISERVER_FOR_NODES:-false}"
SERVICE_CIDR="${ARTIE_TEST_APISERVER_SERVICE_CIDR:-10.0.0.0/24}"
SERVICE_IP="${SERVICE_CIDR%.*}.1" # the `kubernetes` Service: the first address of SERVICE_CIDR (a x.y.z.0/n range)

log() { printf '[start-test-apiserver] %s\n' "$*" >&2; }
die() { printf '[start-test-apiserver] ERROR: %s\n' "$*" >&2; exit 1; }

# Not a zombie either: once the starting shell is gone, an exited process waits for init to reap it.
running() { [[ "$(ps -o stat= -p "$1" 2>/dev/null)" == [^Z]* ]]; }
alive() { [[ -f "$STATE/$1.pid" ]] && running "$(cat "$STATE/$1.pid")"; }

ready() {
  [[ -f "$STATE/kubeconfig" && -f "$STATE/kubectl-path" ]] || return 1
  "$(cat "$STATE/kubectl-path")" --kubeconfig "$STATE/kubeconfig" --request-timeout=5s get --raw /readyz >/dev/null 2>&1
}

stop_one() {
  local name="$1" pid _
  [[ -f "$STATE/$name.pid" ]] || return 0
  pid="$(cat "$STATE/$name.pid")"
  if running "$pid"; then
    log "stopping $name (pid $pid)"
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do running "$pid" || break; sleep 0.2; done
    if running "$pid"; then kill -9 "$pid" 2>/dev/null || true; fi
  fi
  rm -f "$STATE/$name.pid"
}

do_stop() {
  stop_one kube-apiserver
  stop_one etcd
  # Only delete what this script created.
  if [[ -f "$STATE/.artie-test-apiserver" ]]; then rm -rf "$STATE"; fi
  log "stopped"
}

# A free port on ADDRESS: random in 20000-60999, not accepting connections, and not handed out yet.
USED_PORTS=" "
free_port() {
  local p _
  for _ in $(seq 1 200); do
    p=$((20000 + RANDOM % 41000))
    [[ "$USED_PORTS" == *" $p "* ]] && continue
    if ! (exec 3<>"/dev/tcp/$ADDRESS/$p") 2>/dev/null; then
      USED_PORTS+="$p "
      echo "$p"
      return 0
    fi
  done
  die "could not find a free port"
}

fail_start() {
  log "$1"
  for f in etcd kube-apiserver; do
    [[ -f "$STATE/$f.log" ]] && { log "--- last lines of $STATE/$f.log:"; tail -n 25 "$STATE/$f.log" >&2; }
  done
  stop_one kube-apiserver
  stop_one etcd
  exit 1
}

do_start() {
  local bin_dir="${1:-}"
  if alive kube-apiserver && alive etcd && ready; then
    log "already running"
    printf '%s\n' "$STATE/kubeconfig"
    return 0
  fi
  if [[ -e "$STATE" ]]; then
    log "cleaning up stale state in $STATE"
    [[ -f "$STATE/.artie-test-apiserver" ]] || die "$STATE exists but was not created by this script; remove it or set ARTIE_TEST_APISERVER_DIR"
    do_stop
  fi
  if [[ -z "$bin_dir" ]]; then
    bin_dir="$("$SCRIPT_DIR/kube-test-binaries.sh" | tail -n1)" || die "kube-test-binaries.sh failed"
  fi
  bin_dir="$(cd "$bin_dir" && pwd)" || die "no such directory: $1"
  for b in etcd kube-apiserver kubectl; do
    [[ -x "$bin_dir/$b" ]] || die "$bin_dir/$b missing or not executable"
  done
  command -v openssl >/dev/null 2>&1 || die "openssl is needed to generate certificates and keys"

  mkdir -p "$STATE/pki" "$STATE/etcd"
  touch "$STATE/.artie-test-apiserver"
  chmod 700 "$STATE"
  printf '%s\n' "$bin_dir/kubectl" > "$STATE/kubectl-path"

  local etcd_port peer_port api_port pki="$STATE/pki" token
  etcd_port="$(free_port)"; peer_port="$(free_port)"; api_port="$(free_port)"

  log "generating certificates and keys in $pki"
  (
    cd "$pki"
    openssl req -x509 -newkey rsa:2048 -nodes -days 365 -keyout ca.key -out ca.crt \
      -subj "/CN=artie-test-ca" 2>/dev/null
    openssl req -newkey rsa:2048 -nodes -keyout apiserver.key -out apiserver.csr \
      -subj "/CN=kube-apiserver" 2>/dev/null
    printf 'subjectAltName=IP:127.0.0.1,IP:%s,IP:%s,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local\nextendedKeyUsage=serverAuth\n' \
      "$ADDRESS" "$SERVICE_IP" > apiserver.ext
    openssl x509 -req -in apiserver.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 365 \
      -extfile apiserver.ext -out apiserver.crt 2>/dev/null
    if [[ "$FOR_NODES" == true ]]; then
      openssl req -newkey rsa:2048 -nodes -keyout kubelet-client.key -out kubelet-client.csr \
        -subj "/O=system:masters/CN=kube-apiserver-kubelet-client" 2>/dev/null
      printf 'extendedKeyUsage=clientAuth\n' > kubelet-client.ext
      openssl x509 -req -in kubelet-client.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 365 \
        -extfile kubelet-client.ext -out kubelet-client.crt 2>/dev/null
    fi
    openssl genrsa -out sa.key 2048 2>/dev/null
    openssl rsa -in sa.key -pubout -out sa.pub 2>/dev/null
  ) || fail_start "certificate generation with openssl failed"
  token="$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
  printf '%s,admin,admin,system:masters\n' "$token" > "$pki/tokens.csv"
  chmod 600 "$pki"/*.key "$pki/tokens.csv"

  log "starting etcd on 127.0.0.1:$etcd_port"
  nohup "$bin_dir/etcd" \
    --name default \
    --data-dir "$STATE/etcd" \
    --listen-client-urls "http://127.0.0.1:$etcd_port" \
    --advertise-client-urls "http://127.0.0.1:$etcd_port" \
    --listen-peer-urls "http://127.0.0.1:$peer_port" \
    --initial-advertise-peer-urls "http://127.0.0.1:$peer_port" \
    --initial-cluster "default=http://127.0.0.1:$peer_port" \
    --unsafe-no-fsync \
    > "$STATE/etcd.log" 2>&1 < /dev/null &
  echo $! > "$STATE/etcd.pid"
  local _
  for _ in $(seq 1 100); do
    alive etcd || fail_start "etcd exited during startup"
    (exec 3<>"/dev/tcp/127.0.0.1/$etcd_port") 2>/dev/null && break
    sleep 0.2
  done

  local node_args=(--disable-admission-plugins ServiceAccount --endpoint-reconciler-type none)
  if [[ "$FOR_NODES" == true ]]; then
    node_args=(
      --kubelet-client-certificate "$pki/kubelet-client.crt"
      --kubelet-client-key "$pki/kubelet-client.key"
      --kubelet-preferred-address-types InternalIP
    )
  fi

  log "starting kube-apiserver on https://$ADDRESS:$api_port"
  nohup "$bin_dir/kube-apiserver" \
    --bind-address "$ADDRESS" \
    --advertise-address "$ADDRESS" \
    --secure-port "$api_port" \
    --etcd-servers "http://127.0.0.1:$etcd_port" \
    --cert-dir "$pki" \
    --tls-cert-file "$pki/apiserver.crt" \
    --tls-private-key-file "$pki/apiserver.key" \
    --client-ca-file "$pki/ca.crt" \
    --token-auth-file "$pki/tokens.csv" \
    --authorization-mode RBAC \
    --service-account-issuer https://kubernetes.default.svc \
    --service-account-key-file "$pki/sa.pub" \
    --service-account-signing-key-file "$pki/sa.key" \
    --service-cluster-ip-range "$SERVICE_CIDR" \
    "${node_args[@]}" \
    --allow-privileged \
    > "$STATE/kube-apiserver.log" 2>&1 < /dev/null &
  echo $! > "$STATE/kube-apiserver.pid"

  cat > "$STATE/kubeconfig" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: artie-test
  cluster:
    server: https://$ADDRESS:$api_port
    certificate-authority-data: $(base64 < "$pki/ca.crt" | tr -d '\n')
users:
- name: admin
  user:
    token: $token
contexts:
- name: artie-test
  context:
    cluster: artie-test
    user: admin
current-context: artie-test
EOF
  chmod 600 "$STATE/kubeconfig"

  log "waiting up to ${READY_TIMEOUT}s for /readyz..."
  local deadline=$((SECONDS + READY_TIMEOUT))
  until ready; do
    alive etcd || fail_start "etcd exited"
    alive kube-apiserver || fail_start "kube-apiserver exited"
    (( SECONDS < deadline )) || fail_start "kube-apiserver not ready after ${READY_TIMEOUT}s"
    sleep 0.5
  done
  log "ready: https://$ADDRESS:$api_port (logs in $STATE)"
  printf '%s\n' "$STATE/kubeconfig"
}

case "${1:-}" in
  start) shift; do_start "$@" ;;
  stop) do_stop ;;
  status)
    if alive kube-apiserver && alive etcd && ready; then printf '%s\n' "$STATE/kubeconfig"
    else log "not running"; exit 1; fi ;;
  -h|--help|"") sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2; [[ -n "${1:-}" ]] ;;
  *) die "unknown command '$1' (start [BIN_DIR] | status | stop)" ;;
esac
