#!/usr/bin/env bash
# test-cluster.sh — a one-node Kubernetes cluster made of Kubernetes' own parts, plus a registry, all on
# this machine, for the end-to-end tests (docs/kubernetes.md, "The test cluster").
#
# Usage:
#   scripts/test-cluster.sh up       start (or reuse) the cluster; stdout: KUBECONFIG=, ARTIE_TEST_REGISTRY=,
#                                    ARTIE_TEST_HOST_IP= lines only (progress goes to stderr)
#   scripts/test-cluster.sh status   the same lines and exit 0 when it is up, exit 1 otherwise
#   scripts/test-cluster.sh down     stop everything it started and remove what it made
#   scripts/test-cluster.sh smoke    check a running cluster end to end (pods, DNS, Services, volumes, logs,
#                                    exec, port-forward, garbage collection, restricted pod security)
#
# What runs (as root; every daemon is a host process, logs in $STATE/logs/<name>.log):
#   registry       Debian's docker-registry (CNCF distribution) on 127.0.0.1:5000, plain http, no auth,
#                  storage in $STATE/registry
#   etcd, kube-apiserver  by scripts/start-test-apiserver.sh (state in $STATE/apiserver), the API server on
#                  https://$HOST_IP:<free port>, which pods reach as the `kubernetes` Service
#   containerd     Debian's containerd + runc, own config/root/state/socket in $STATE/containerd; CNI
#                  (bridge, host-local, portmap, loopback) from /usr/lib/cni, config in $STATE/cni
#   kubelet        node $NODE_NAME, InternalIP $HOST_IP, cgroupfs driver, root dir $STATE/kubelet
#   kube-proxy     iptables mode; kube-scheduler; kube-controller-manager (service-account tokens, root
#                  CA, garbage collector, workload controllers, hostPath provisioner behind the default
#                  StorageClass `standard`: volumes are directories under /tmp/hostpath_pv)
#   coredns        on $HOST_IP:53, serving only cluster.local and reverse zones from the API; it has no
#                  forward plugin, so no query ever leaves this machine; kubelet hands it to pods as
#                  their nameserver
# Network: bridge artie-host0 holds $HOST_IP (ARTIE_TEST_HOST_IP, reachable from pods); pods get
# $POD_CIDR on bridge artie-cni0; Service IPs $SERVICE_CIDR. iptables chains ARTIE-TEST-* keep pod
# traffic on this machine: nothing is forwarded between pods and any other interface, pods open
# connections on the host only to the addresses above, and Service addresses without a Service are refused.
# Environment (optional):
#   ARTIE_TEST_CLUSTER_DIR      state directory (default /tmp/artie-test-cluster)
#   ARTIE_TEST_CLUSTER_TIMEOUT  seconds to wait for the node and DNS (default 180)
#   ARTIE_CACHE                 binaries cache root, see scripts/kube-test-binaries.sh
set -euo pipefail # (no `cmd | grep -q` on the host: grep -q stops reading and pipefail sees the SIGPIPE)

STATE="${ARTIE_TEST_CLUSTER_DIR:-/tmp/artie-test-cluster}"
TIMEOUT="${ARTIE_TEST_CLUSTER_TIMEOUT:-180}"
SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

REGISTRY=localhost:5000
REGISTRY_LISTEN=127.0.0.1:5000
HOST_IF=artie-host0
HOST_IP=10.250.0.1
POD_BRIDGE=artie-cni0
POD_CIDR=10.244.0.0/24
POD_GATEWAY=10.244.0.1
SERVICE_CIDR=10.0.0.0/24
SERVICE_IP="${SERVICE_CIDR%.*}.1" # the `kubernetes` Service
NODE_NAME=artie-test-node
CLUSTER_DOMAIN=cluster.local
HOSTPATH_PV_DIR=/tmp/hostpath_pv # fixed by kube-controller-manager's hostPath provisioner
CHAIN=ARTIE-TEST # prefix of this script's iptables chains
SANDBOX_IMAGE_NAME="$REGISTRY/artie-test/pause"
SMOKE_NAMESPACE=artie-test-smoke

APISERVER_STATE="$STATE/apiserver"
KUBECONFIG_FILE="$APISERVER_STATE/kubeconfig"
CONTAINERD_SOCK="$STATE/containerd/containerd.sock"
DAEMONS=(registry containerd kube-controller-manager kube-scheduler kube-proxy coredns kubelet pv-permissions)

log() { printf '[test-cluster] %s\n' "$*" >&2; }
die() { printf '[test-cluster] ERROR: %s\n' "$*" >&2; exit 1; }

pid_of() { [[ -f "$STATE/pids/$1" ]] && cat "$STATE/pids/$1"; }
# A daemon of an earlier `up` is a child of init once it exits, and stays a zombie until init reaps it.
running() { [[ "$(ps -o stat= -p "$1" 2>/dev/null)" == [^Z]* ]]; }
alive() { local pid; pid="$(pid_of "$1")" && running "$pid"; }

kubectl() { "$(cat "$STATE/kubectl-path")" --kubeconfig "$KUBECONFIG_FILE" "$@"; }
kubectl_bg() { # kubectl in the background with $! its own pid
  "$(cat "$STATE/kubectl-path")" --kubeconfig "$KUBECONFIG_FILE" "$@" 8>&- &
}
ctr() { command ctr --address "$CONTAINERD_SOCK" --namespace k8s.io "$@"; }

print_env() {
  printf 'KUBECONFIG=%s\nARTIE_TEST_REGISTRY=%s\nARTIE_TEST_HOST_IP=%s\n' "$KUBECONFIG_FILE" "$REGISTRY" "$HOST_IP"
}

# start_daemon <name> <command>...: runs it in its own session (a Ctrl-C of the caller does not reach it).
start_daemon() {
  local name="$1"
  shift
  setsid "$@" > "$STATE/logs/$name.log" 2>&1 < /dev/null 8>&- &
  echo $! > "$STATE/pids/$name"
}

fail_up() {
  local name
  log "$1"
  for name in "${DAEMONS[@]}"; do
    if [[ -f "$STATE/pids/$name" ]] && ! alive "$name"; then
      log "--- $name exited; last lines of $STATE/logs/$name.log:"
      tail -n 25 "$STATE/logs/$name.log" >&2 || true
    fi
  done
  log "the cluster is left as it is for debugging; 'scripts/test-cluster.sh down' removes it"
  exit 1
}

# wait_for <what> <command>...: until the command succeeds, every daemon stays alive, at most $TIMEOUT s.
wait_for() {
  local what="$1" deadline=$((SECONDS + TIMEOUT)) name
  shift
  until "$@" >/dev/null 2>&1; do
    for name in "${DAEMONS[@]}"; do
      [[ -f "$STATE/pids/$name" ]] && ! alive "$name" && fail_up "$name exited while waiting for $what"
    done
    (( SECONDS < deadline )) || fail_up "$what not ready after ${TIMEOUT}s"
    sleep 0.5
  done
}

cluster_up() {
  [[ -f "$STATE/.artie-test-cluster" && -f "$STATE/kubectl-path" ]] || return 1
  local name
  for name in "${DAEMONS[@]}"; do alive "$name" || return 1; done
  ARTIE_TEST_APISERVER_DIR="$APISERVER_STATE" "$SCRIPT_DIR/start-test-apiserver.sh" status >/dev/null 2>&1 || return 1
  node_ready
}

node_ready() {
  [[ "$(kubectl get node "$NODE_NAME" -o 'jsonpath={.status.conditions[?(@.type=="Ready")].status}' 2>/dev/null)" == True ]]
}

# ---------------------------------------------------------------------------------------------------
# up

check_tools() {
  local missing=() c
  for c in containerd ctr runc docker-registry skopeo iptables ip6tables conntrack busybox openssl curl gzip sha256sum \
           /usr/lib/cni/bridge /usr/lib/cni/host-local /usr/lib/cni/loopback /usr/lib/cni/portmap; do
    command -v "$c" >/dev/null 2>&1 || missing+=("$c")
  done
  (( ${#missing[@]} == 0 )) || die "missing ${missing[*]} (scripts/test-prerequisites.sh installs them where it can)"
}

# make_oci_layout <rootfs> <layout dir> <tag> <entrypoint JSON array>: a one-layer OCI image layout,
# byte for byte the same for the same rootfs (sorted tar, fixed times and owners, gzip without name/time).
make_oci_layout() {
  local rootfs="$1" layout="$2" tag="$3" entrypoint="$4" blobs diff_id layer config config_digest manifest manifest_digest
  blobs="$layout/blobs/sha256"
  mkdir -p "$blobs"
  tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -C "$rootfs" -cf "$layout/layer.tar" .
  diff_id="$(sha256sum < "$layout/layer.tar" | cut -d' ' -f1)"
  gzip -n -9 < "$layout/layer.tar" > "$layout/layer.tar.gz"
  layer="$(sha256sum < "$layout/layer.tar.gz" | cut -d' ' -f1)"
  mv "$layout/layer.tar.gz" "$blobs/$layer"
  rm "$layout/layer.tar"
  config="{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{\"Entrypoint\":$entrypoint,\"Env\":[\"PATH=/bin\"],\"WorkingDir\":\"/\"},\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"sha256:$diff_id\"]}}"
  config_digest="$(printf '%s' "$config" | sha256sum | cut -d' ' -f1)"
  printf '%s' "$config" > "$blobs/$config_digest"
  manifest="{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"sha256:$config_digest\",\"size\":${#config}},\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\",\"digest\":\"sha256:$layer\",\"size\":$(stat -c %s "$blobs/$layer")}]}"
  manifest_digest="$(printf '%s' "$manifest" | sha256sum | cut -d' ' -f1)"
  printf '%s' "$manifest" > "$blobs/$manifest_digest"
  printf '{"imageLayoutVersion":"1.0.0"}' > "$layout/oci-layout"
  printf '{"schemaVersion":2,"manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:%s","size":%d,"annotations":{"org.opencontainers.image.ref.name":"%s"}}]}' \
    "$manifest_digest" "${#manifest}" "$tag" > "$layout/index.json"
}

setup_host_network() {
  sysctl -qw net.ipv4.ip_forward=1
  # Bridged pod-to-pod traffic must pass iptables, or replies of a Service connection skip the reverse NAT.
  if [[ -e /proc/sys/net/bridge/bridge-nf-call-iptables ]]; then
    sysctl -qw net.bridge.bridge-nf-call-iptables=1
  else
    modprobe br_netfilter 2>/dev/null || die "no bridge netfilter (net.bridge.bridge-nf-call-iptables) in this kernel"
    sysctl -qw net.bridge.bridge-nf-call-iptables=1
  fi
  mount --make-rshared /
  # A bridge with no ports as the host's own address for pods (this kernel has no dummy interfaces).
  ip link add "$HOST_IF" type bridge
  ip addr add "$HOST_IP/32" dev "$HOST_IF"
  ip link set "$HOST_IF" up
  # The pods' bridge is made here, not by the CNI plugin, so that the filter rules below exist first.
  ip link add "$POD_BRIDGE" type bridge
  ip addr add "$POD_GATEWAY/${POD_CIDR#*/}" dev "$POD_BRIDGE"
  ip link set "$POD_BRIDGE" up

  # In the mangle table, which is passed before the filter table's rules of kube-proxy (whose KUBE-FORWARD
  # accepts Service traffic it marked, wherever its endpoint is) and which kube-proxy leaves alone.
  iptables -t mangle -N "$CHAIN-FORWARD"
  iptables -t mangle -A "$CHAIN-FORWARD" -i "$POD_BRIDGE" ! -o "$POD_BRIDGE" -j DROP
  iptables -t mangle -A "$CHAIN-FORWARD" -o "$POD_BRIDGE" ! -i "$POD_BRIDGE" -j DROP
  iptables -t mangle -I FORWARD 1 -j "$CHAIN-FORWARD"
  iptables -t mangle -N "$CHAIN-INPUT"
  # Replies to the host's own connections (to a ClusterIP, masqueraded by kube-proxy) are already un-NATed here.
  iptables -t mangle -A "$CHAIN-INPUT" -i "$POD_BRIDGE" -m conntrack --ctstate ESTABLISHED,RELATED -j RETURN
  iptables -t mangle -A "$CHAIN-INPUT" -i "$POD_BRIDGE" -d "$HOST_IP" -j RETURN
  iptables -t mangle -A "$CHAIN-INPUT" -i "$POD_BRIDGE" -d "$POD_GATEWAY" -j RETURN
  iptables -t mangle -A "$CHAIN-INPUT" -i "$POD_BRIDGE" -j DROP
  iptables -t mangle -I INPUT 1 -j "$CHAIN-INPUT"
  # kube-proxy rewrites Service addresses before this (nat OUTPUT); what is left has no Service.
  iptables -N "$CHAIN-OUTPUT"
  iptables -A "$CHAIN-OUTPUT" -d "$SERVICE_CIDR" -j REJECT
  iptables -I OUTPUT 1 -j "$CHAIN-OUTPUT"
}

write_configs() {
  local pki="$APISERVER_STATE/pki"
  mkdir -p "$STATE/registry/data" "$STATE/containerd/certs.d/$REGISTRY" "$STATE/cni/net.d" "$STATE/cni/ipam" \
           "$STATE/kubelet/root" "$STATE/kubelet/pod-logs" "$STATE/coredns"

  cat > "$STATE/registry/config.yml" <<EOF
version: 0.1
log:
  level: info
storage:
  filesystem:
    rootdirectory: $STATE/registry/data
  delete:
    enabled: true
http:
  addr: $REGISTRY_LISTEN
EOF

  cat > "$STATE/containerd/config.toml" <<EOF
version = 2
root = "$STATE/containerd/root"
state = "$STATE/containerd/state"
disabled_plugins = ["io.containerd.snapshotter.v1.aufs", "io.containerd.snapshotter.v1.btrfs",
                    "io.containerd.snapshotter.v1.zfs", "io.containerd.snapshotter.v1.devmapper"]
[grpc]
  address = "$CONTAINERD_SOCK"
[plugins."io.containerd.internal.v1.opt"]
  path = "$STATE/containerd/opt"
[plugins."io.containerd.grpc.v1.cri"]
  sandbox_image = "$SANDBOX_IMAGE"
  # These machines lack CAP_SYS_RESOURCE: without this runc fails with "can't get final child's PID from pipe".
  restrict_oom_score_adj = true
  stream_server_address = "127.0.0.1"
  stream_server_port = "0"
  [plugins."io.containerd.grpc.v1.cri".containerd]
    snapshotter = "overlayfs"
    default_runtime_name = "runc"
    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
      runtime_type = "io.containerd.runc.v2"
  [plugins."io.containerd.grpc.v1.cri".cni]
    bin_dir = "/usr/lib/cni"
    conf_dir = "$STATE/cni/net.d"
  [plugins."io.containerd.grpc.v1.cri".registry]
    config_path = "$STATE/containerd/certs.d"
EOF
  cat > "$STATE/containerd/certs.d/$REGISTRY/hosts.toml" <<EOF
server = "http://$REGISTRY"
[host."http://$REGISTRY"]
  capabilities = ["pull", "resolve"]
EOF

  cat > "$STATE/cni/net.d/10-artie-test.conflist" <<EOF
{
  "cniVersion": "1.0.0",
  "name": "artie-test",
  "plugins": [
    {
      "type": "bridge",
      "bridge": "$POD_BRIDGE",
      "isGateway": true,
      "ipMasq": false,
      "hairpinMode": true,
      "ipam": {
        "type": "host-local",
        "ranges": [[{ "subnet": "$POD_CIDR", "gateway": "$POD_GATEWAY" }]],
        "routes": [{ "dst": "0.0.0.0/0" }],
        "dataDir": "$STATE/cni/ipam"
      }
    },
    { "type": "portmap", "capabilities": { "portMappings": true } }
  ]
}
EOF

  # Pods get no search domains or nameservers from this host, only the cluster's.
  : > "$STATE/kubelet/resolv.conf"
  cat > "$STATE/kubelet/config.yaml" <<EOF
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
address: $HOST_IP
readOnlyPort: 0
healthzBindAddress: 127.0.0.1
authentication:
  anonymous:
    enabled: false
  webhook:
    enabled: false
  x509:
    clientCAFile: $pki/ca.crt
authorization:
  mode: AlwaysAllow
containerRuntimeEndpoint: unix://$CONTAINERD_SOCK
cgroupDriver: cgroupfs
failSwapOn: false
clusterDomain: $CLUSTER_DOMAIN
clusterDNS: [$HOST_IP]
resolvConf: $STATE/kubelet/resolv.conf
podLogsDir: $STATE/kubelet/pod-logs
serializeImagePulls: false
# A shared disk that other work fills: evict only when it is truly full, never collect images.
evictionHard:
  memory.available: 50Mi
  nodefs.available: 1%
  nodefs.inodesFree: 1%
  imagefs.available: 1%
imageGCHighThresholdPercent: 100
imageGCLowThresholdPercent: 99
EOF

  cat > "$STATE/coredns/Corefile" <<EOF
$CLUSTER_DOMAIN:53 in-addr.arpa:53 ip6.arpa:53 {
    bind $HOST_IP
    errors
    kubernetes $CLUSTER_DOMAIN in-addr.arpa ip6.arpa {
        kubeconfig $KUBECONFIG_FILE artie-test
        pods insecure
        ttl 5
    }
    cache 5
}
# Every other name: no such domain (there is no upstream to ask).
.:53 {
    bind $HOST_IP
    template ANY ANY {
        rcode NXDOMAIN
    }
}
EOF
}

# Keeps the hostPath provisioner's volumes writable for the non-root pods of a restricted namespace
# (the provisioner makes each directory root-owned, mode 0750, and hostPath volumes take no fsGroup).
pv_permissions_loop() {
  mkdir -p "$HOSTPATH_PV_DIR"
  while true; do
    find "$HOSTPATH_PV_DIR" -mindepth 1 -maxdepth 1 -type d ! -perm -0777 -exec chmod 0777 {} + 2>/dev/null
    inotifywait -qq -t 5 -e create -e moved_to "$HOSTPATH_PV_DIR" 2>/dev/null || sleep 0.2
  done
}

import_sandbox_image() {
  local work="$STATE/images/pause"
  mkdir -p "$work/rootfs"
  install -m 0755 "$NODE_BIN/pause" "$work/rootfs/pause"
  make_oci_layout "$work/rootfs" "$work/oci" "$SANDBOX_TAG" '["/pause"]'
  skopeo copy --quiet "oci:$work/oci:$SANDBOX_TAG" "docker-archive:$work/pause.tar:$SANDBOX_IMAGE" >&2
  ctr images import "$work/pause.tar" >&2
  grep -qxF "$SANDBOX_IMAGE" <<<"$(ctr images ls -q)" || fail_up "the pause image was not imported as $SANDBOX_IMAGE"
}

do_up() {
  if cluster_up; then
    log "already up"
    print_env
    return 0
  fi
  [[ "$(id -u)" == 0 ]] || die "needs root (it runs containerd, kubelet and kube-proxy, and sets up bridges and iptables)"
  "$SCRIPT_DIR/test-prerequisites.sh" >&2 || true
  check_tools
  local bin_dir started=$SECONDS
  bin_dir="$("$SCRIPT_DIR/kube-test-binaries.sh" | tail -n1)" || die "kube-test-binaries.sh failed"
  NODE_BIN="$("$SCRIPT_DIR/kube-test-binaries.sh" --node | tail -n1)" || die "kube-test-binaries.sh --node failed"
  if [[ -e "$STATE" ]] || ip link show "$HOST_IF" >/dev/null 2>&1; then
    log "removing what an earlier run left"
    do_down
  fi
  (exec 3<>"/dev/tcp/127.0.0.1/5000") 2>/dev/null && die "something else listens on 127.0.0.1:5000, where the registry goes"
  SANDBOX_TAG="$("$NODE_BIN/pause" -v | sed -n 's/^pause\.c v//p')"
  SANDBOX_IMAGE="$SANDBOX_IMAGE_NAME:$SANDBOX_TAG"

  mkdir -p "$STATE/pids" "$STATE/logs"
  touch "$STATE/.artie-test-cluster"
  printf '%s\n' "$bin_dir/kubectl" > "$STATE/kubectl-path"
  log "host network: $HOST_IF $HOST_IP, pods $POD_CIDR on $POD_BRIDGE"
  setup_host_network

  log "starting etcd and kube-apiserver"
  ARTIE_TEST_APISERVER_DIR="$APISERVER_STATE" ARTIE_TEST_APISERVER_ADDRESS="$HOST_IP" \
    ARTIE_TEST_APISERVER_FOR_NODES=true ARTIE_TEST_APISERVER_SERVICE_CIDR="$SERVICE_CIDR" \
    "$SCRIPT_DIR/start-test-apiserver.sh" start "$bin_dir" >/dev/null 8>&- || fail_up "the API server did not start"
  write_configs
  local pki="$APISERVER_STATE/pki"

  log "starting the registry on $REGISTRY_LISTEN and containerd"
  start_daemon registry docker-registry serve "$STATE/registry/config.yml"
  start_daemon containerd containerd --config "$STATE/containerd/config.toml"
  wait_for "containerd" ctr version
  import_sandbox_image

  log "starting kube-controller-manager, kube-scheduler, kube-proxy, coredns, kubelet"
  start_daemon pv-permissions bash -c "$(declare -f pv_permissions_loop); HOSTPATH_PV_DIR='$HOSTPATH_PV_DIR'; pv_permissions_loop"
  start_daemon kube-controller-manager "$NODE_BIN/kube-controller-manager" \
    --kubeconfig "$KUBECONFIG_FILE" \
    --bind-address 127.0.0.1 \
    --leader-elect=false \
    --service-account-private-key-file "$pki/sa.key" \
    --root-ca-file "$pki/ca.crt" \
    --cluster-signing-cert-file "$pki/ca.crt" \
    --cluster-signing-key-file "$pki/ca.key" \
    --service-cluster-ip-range "$SERVICE_CIDR" \
    --enable-hostpath-provisioner
  start_daemon kube-scheduler "$NODE_BIN/kube-scheduler" \
    --kubeconfig "$KUBECONFIG_FILE" \
    --bind-address 127.0.0.1 \
    --leader-elect=false
  start_daemon kube-proxy "$NODE_BIN/kube-proxy" \
    --kubeconfig "$KUBECONFIG_FILE" \
    --hostname-override "$NODE_NAME" \
    --proxy-mode iptables \
    --cluster-cidr "$POD_CIDR" \
    --nodeport-addresses "$HOST_IP/32" \
    --metrics-bind-address 127.0.0.1:10249 \
    --healthz-bind-address 127.0.0.1:10256 \
    --conntrack-max-per-core 0
  start_daemon coredns "$NODE_BIN/coredns" -conf "$STATE/coredns/Corefile"
  start_daemon kubelet "$NODE_BIN/kubelet" \
    --config "$STATE/kubelet/config.yaml" \
    --kubeconfig "$KUBECONFIG_FILE" \
    --root-dir "$STATE/kubelet/root" \
    --cert-dir "$STATE/kubelet/pki" \
    --hostname-override "$NODE_NAME" \
    --node-ip "$HOST_IP"

  kubectl apply -f - >/dev/null <<EOF || fail_up "could not create the default StorageClass"
apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata:
  name: standard
  annotations:
    storageclass.kubernetes.io/is-default-class: "true"
provisioner: kubernetes.io/host-path
reclaimPolicy: Delete
volumeBindingMode: Immediate
EOF
  log "waiting for the node, service accounts and cluster DNS..."
  wait_for "node $NODE_NAME Ready" node_ready
  wait_for "the default service account" kubectl -n default get serviceaccount default
  wait_for "cluster DNS" dns_answers kubernetes.default.svc.$CLUSTER_DOMAIN
  log "up in $((SECONDS - started))s (state and logs in $STATE)"
  print_env
}

dns_answers() { grep -q "^Name:" <<<"$(busybox nslookup "$1" "$HOST_IP" 2>/dev/null)"; }

# ---------------------------------------------------------------------------------------------------
# down

stop_daemons() { # stop_daemons <name>...: SIGTERM to all, then wait up to 10 s, then SIGKILL
  local name pid pids=() waiting _
  for name in "$@"; do
    if pid="$(pid_of "$name")" && running "$pid"; then
      log "stopping $name (pid $pid)"
      kill "$pid" 2>/dev/null || true
      pids+=("$pid")
    fi
    rm -f "$STATE/pids/$name"
  done
  for _ in $(seq 1 50); do
    waiting=false
    for pid in "${pids[@]}"; do running "$pid" && waiting=true; done
    $waiting || break
    sleep 0.2
  done
  for pid in "${pids[@]}"; do
    running "$pid" && kill -9 "$pid" 2>/dev/null
    # What is left of its session (pv-permissions is a shell loop with an inotifywait child).
    pkill -KILL -s "$pid" 2>/dev/null || true
  done
}

remove_containers() {
  [[ -f "$STATE/containerd/config.toml" ]] || return 0
  local id ns _
  if ! alive containerd; then # a crashed run: its containers and their network namespaces are still there
    log "starting containerd again to remove the containers it left"
    start_daemon containerd containerd --config "$STATE/containerd/config.toml"
    for _ in $(seq 1 40); do ctr version >/dev/null 2>&1 && break; sleep 0.5; done
  fi
  # The pods' network namespaces (mounted by the CRI under /var/run/netns), removed once their processes are gone.
  POD_NETNS=($(for id in $(ctr containers ls -q 2>/dev/null); do ctr containers info "$id" 2>/dev/null; done \
               | { grep -o '"/var/run/netns/cni-[0-9a-f-]*"' || true; } | tr -d '"' | sort -u))
  for id in $(ctr tasks ls -q 2>/dev/null); do ctr tasks kill -s SIGKILL "$id" >/dev/null 2>&1 || true; done
  for id in $(ctr tasks ls -q 2>/dev/null); do ctr tasks delete -f "$id" >/dev/null 2>&1 || true; done
  for id in $(ctr containers ls -q 2>/dev/null); do ctr containers delete "$id" >/dev/null 2>&1 || true; done
}

# Chains made by kubelet/kube-proxy (KUBE-*), the portmap plugin (CNI-*) and this script (ARTIE-TEST-*).
remove_iptables_chains() {
  local cmd table chain rule
  for cmd in iptables ip6tables; do
    command -v "$cmd" >/dev/null 2>&1 || continue
    for table in filter nat mangle; do
      "$cmd" -t "$table" -S 2>/dev/null | { grep -E -- "^-A [A-Z]+ .*-j (KUBE-|CNI-|$CHAIN-)" || true; } | while read -r rule; do
        eval "$cmd -t $table ${rule/-A /-D }" 2>/dev/null || true
      done
      for chain in $("$cmd" -t "$table" -S 2>/dev/null | sed -n -E "s/^-N ((KUBE-|CNI-|$CHAIN-)[^ ]*)$/\1/p"); do
        "$cmd" -t "$table" -F "$chain" 2>/dev/null || true
      done
      for chain in $("$cmd" -t "$table" -S 2>/dev/null | sed -n -E "s/^-N ((KUBE-|CNI-|$CHAIN-)[^ ]*)$/\1/p"); do
        "$cmd" -t "$table" -X "$chain" 2>/dev/null || true
      done
    done
  done
}

unmount_under() { # every mount point under $1, deepest first
  local dir="$1" mnt
  awk -v d="$dir" '$5 == d || index($5, d "/") == 1 { print $5 }' /proc/self/mountinfo | sort -r | while read -r mnt; do
    umount "$mnt" 2>/dev/null || umount -l "$mnt" 2>/dev/null || log "could not unmount $mnt"
  done
}

do_down() {
  [[ ! -e "$STATE" || -f "$STATE/.artie-test-cluster" ]] \
    || die "$STATE exists but was not made by this script; remove it or set ARTIE_TEST_CLUSTER_DIR"
  local started=$SECONDS pid link ns
  POD_NETNS=()
  stop_daemons kubelet
  remove_containers
  stop_daemons containerd kube-proxy coredns kube-scheduler kube-controller-manager pv-permissions registry
  # Shims of this containerd that outlived it.
  for pid in $(pgrep -f "containerd-shim.*-address $CONTAINERD_SOCK" 2>/dev/null); do kill -9 "$pid" 2>/dev/null || true; done
  [[ -f "$STATE/kubectl-path" || -d "$APISERVER_STATE" ]] \
    && ARTIE_TEST_APISERVER_DIR="$APISERVER_STATE" "$SCRIPT_DIR/start-test-apiserver.sh" stop 2>/dev/null || true
  if [[ -x "${NODE_BIN:-}/kube-proxy" ]]; then "$NODE_BIN/kube-proxy" --cleanup >/dev/null 2>&1 || true; fi
  remove_iptables_chains
  for ns in "${POD_NETNS[@]}"; do
    [[ -e "$ns" ]] || continue
    umount "$ns" 2>/dev/null || umount -l "$ns" 2>/dev/null || true
    rm -f "$ns"
  done
  for link in $(ip -o link show master "$POD_BRIDGE" 2>/dev/null | awk -F': ' '{ print $2 }' | cut -d@ -f1); do
    ip link del "$link" 2>/dev/null || true
  done
  for link in "$POD_BRIDGE" "$HOST_IF"; do
    ip link show "$link" >/dev/null 2>&1 && ip link del "$link"
  done
  unmount_under "$STATE"
  rm -rf "$HOSTPATH_PV_DIR"
  [[ -e "$STATE" ]] && rm -rf "$STATE"
  log "down in $((SECONDS - started))s"
}

# ---------------------------------------------------------------------------------------------------
# smoke

# smoke_image: a tiny image of Debian's busybox-static, pushed to the registry; prints its name by digest
# (a tag would find an older image of the same name on the node).
smoke_image() {
  local work="$STATE/images/busybox" tag
  tag="$(busybox 2>&1 | sed -n '1s/^BusyBox v\([0-9.]*\).*/\1/p')"
  [[ -n "$tag" ]] || die "cannot tell busybox's version"
  rm -rf "$work"
  mkdir -p "$work/rootfs/bin" "$work/rootfs/tmp" "$work/rootfs/data"
  chmod 1777 "$work/rootfs/tmp"
  cp "$(command -v busybox)" "$work/rootfs/bin/busybox"
  busybox --list | grep -vx busybox | while read -r applet; do ln -s busybox "$work/rootfs/bin/$applet"; done
  make_oci_layout "$work/rootfs" "$work/oci" "$tag" '["/bin/sh"]'
  skopeo copy --quiet --dest-tls-verify=false --digestfile "$work/digest" \
    "oci:$work/oci:$tag" "docker://$REGISTRY/artie-test/busybox:$tag" >&2
  printf '%s@%s\n' "$REGISTRY/artie-test/busybox" "$(cat "$work/digest")"
}

check() { # check <what> <command>...
  local what="$1"
  shift
  if "$@" >&2; then log "ok: $what"; else log "FAILED: $what"; SMOKE_FAILED+=("$what"); fi
}

in_client() { kubectl -n "$SMOKE_NAMESPACE" exec client -- sh -c "$1"; }

privileged_pod_refused() {
  local out
  out="$(kubectl -n "$SMOKE_NAMESPACE" run privileged --image="$1" --restart=Never \
    --overrides='{"spec":{"containers":[{"name":"privileged","image":"'"$1"'","securityContext":{"privileged":true}}]}}' 2>&1)" \
    && return 1
  grep -q 'violates PodSecurity' <<<"$out"
}

pod_traffic_confined() {
  [[ "$(iptables -t mangle -S FORWARD | sed -n 2p)" == "-A FORWARD -j $CHAIN-FORWARD" ]] \
    && iptables -t mangle -C "$CHAIN-FORWARD" -i "$POD_BRIDGE" ! -o "$POD_BRIDGE" -j DROP
}

host_reachable() { # a server on ARTIE_TEST_HOST_IP, as the tests' fake servers are
  local dir port pid token result=0
  token="$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')"
  dir="$(mktemp -d)"
  printf 'host-%s\n' "$token" > "$dir/index.html"
  port=$((20000 + RANDOM % 40000))
  busybox httpd -f -p "$HOST_IP:$port" -h "$dir" 8>&- &
  pid=$!
  sleep 0.3
  in_client "wget -qO- http://$HOST_IP:$port/ | grep -qx host-$token" || result=1
  kill "$pid" 2>/dev/null || true
  rm -rf "$dir"
  return "$result"
}

pvc_writable() {
  local token
  token="$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')"
  in_client "echo pv-$token > /data/probe && grep -qx pv-$token /data/probe" && grep -rqx "pv-$token" "$HOSTPATH_PV_DIR"
}

service_from_host() {
  local ip
  ip="$(kubectl -n "$SMOKE_NAMESPACE" get service web -o 'jsonpath={.spec.clusterIP}')"
  grep -qx web-ok <<<"$(curl -fsS --max-time 5 "http://$ip/")"
}

logs_work() { grep -qx client-started <<<"$(kubectl -n "$SMOKE_NAMESPACE" logs client)"; }

exec_works() { [[ "$(kubectl -n "$SMOKE_NAMESPACE" exec client -- id -u)" == 65532 ]]; }

port_forward_works() {
  local out pid port result=1 _
  out="$(mktemp)"
  kubectl_bg -n "$SMOKE_NAMESPACE" port-forward svc/web :80 > "$out" 2>&1
  pid=$!
  for _ in $(seq 1 40); do grep -q '^Forwarding from 127.0.0.1:' "$out" && break; sleep 0.25; done
  port="$(sed -n 's/^Forwarding from 127\.0\.0\.1:\([0-9]*\) .*/\1/p' "$out" | head -n1)"
  [[ -n "$port" ]] && grep -qx web-ok <<<"$(curl -fsS --max-time 5 "http://127.0.0.1:$port/")" && result=0
  kill "$pid" 2>/dev/null || true
  rm -f "$out"
  return "$result"
}

deployment_collected() {
  local deadline=$((SECONDS + 60))
  until [[ -z "$(kubectl -n "$SMOKE_NAMESPACE" get replicasets,pods -l app=web -o name 2>/dev/null)" ]]; do
    (( SECONDS < deadline )) || return 1
    sleep 0.5
  done
}

do_smoke() {
  cluster_up || die "the cluster is not up (scripts/test-cluster.sh up)"
  local image
  SMOKE_FAILED=()
  image="$(smoke_image)"
  log "smoke test in namespace $SMOKE_NAMESPACE with $image"
  kubectl delete namespace "$SMOKE_NAMESPACE" --ignore-not-found --wait=true --timeout=90s >/dev/null
  kubectl apply -f - >/dev/null <<EOF
apiVersion: v1
kind: Namespace
metadata:
  name: $SMOKE_NAMESPACE
  labels:
    pod-security.kubernetes.io/enforce: restricted
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata: { name: data, namespace: $SMOKE_NAMESPACE }
spec:
  accessModes: [ReadWriteOnce]
  resources: { requests: { storage: 16Mi } }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: $SMOKE_NAMESPACE }
spec:
  replicas: 1
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      securityContext: { runAsNonRoot: true, runAsUser: 65532, seccompProfile: { type: RuntimeDefault } }
      terminationGracePeriodSeconds: 1
      containers:
      - name: web
        image: $image
        args: ["-c", "mkdir -p /tmp/www && echo web-ok > /tmp/www/index.html && exec httpd -f -v -p 8080 -h /tmp/www"]
        ports: [{ containerPort: 8080 }]
        readinessProbe: { httpGet: { path: /, port: 8080 }, periodSeconds: 1 }
        securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: [ALL] } }
        volumeMounts: [{ name: tmp, mountPath: /tmp }]
      volumes: [{ name: tmp, emptyDir: {} }]
---
apiVersion: v1
kind: Service
metadata: { name: web, namespace: $SMOKE_NAMESPACE }
spec:
  selector: { app: web }
  ports: [{ port: 80, targetPort: 8080 }]
---
apiVersion: v1
kind: Pod
metadata: { name: client, namespace: $SMOKE_NAMESPACE }
spec:
  securityContext: { runAsNonRoot: true, runAsUser: 65532, seccompProfile: { type: RuntimeDefault } }
  terminationGracePeriodSeconds: 1
  containers:
  - name: client
    image: $image
    args: ["-c", "echo client-started; touch /tmp/ready; exec sleep 3600"]
    readinessProbe: { exec: { command: [cat, /tmp/ready] }, periodSeconds: 1 }
    securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: [ALL] } }
    volumeMounts: [{ name: data, mountPath: /data }, { name: tmp, mountPath: /tmp }]
  volumes:
  - { name: data, persistentVolumeClaim: { claimName: data } }
  - { name: tmp, emptyDir: {} }
EOF
  check "the PVC is bound" kubectl -n "$SMOKE_NAMESPACE" wait --for=jsonpath='{.status.phase}'=Bound pvc/data --timeout=60s
  check "the client pod becomes Ready by its exec probe" \
    kubectl -n "$SMOKE_NAMESPACE" wait --for=condition=Ready pod/client --timeout=60s
  check "the web pod becomes Ready by its HTTP probe" \
    kubectl -n "$SMOKE_NAMESPACE" wait --for=condition=Ready pod -l app=web --timeout=60s
  if [[ ${#SMOKE_FAILED[@]} -gt 0 ]]; then
    kubectl -n "$SMOKE_NAMESPACE" describe pods >&2 || true
    die "smoke test failed: ${SMOKE_FAILED[*]}"
  fi

  check "a privileged pod is refused (restricted PodSecurity)" privileged_pod_refused "$image"
  check "pod traffic is kept on this machine (iptables $CHAIN-FORWARD first in mangle FORWARD)" pod_traffic_confined
  check "cluster DNS resolves a Service and kubernetes.default.svc.$CLUSTER_DOMAIN" in_client \
    "nslookup web.$SMOKE_NAMESPACE.svc.$CLUSTER_DOMAIN && nslookup kubernetes.default.svc.$CLUSTER_DOMAIN | grep -q 'Address: *$SERVICE_IP\$'"
  check "another pod through its ClusterIP Service (by short name)" in_client "wget -qO- http://web/ | grep -qx web-ok"
  check "the ClusterIP Service from the host" service_from_host
  check "ARTIE_TEST_HOST_IP ($HOST_IP) from a pod" host_reachable
  check "the API server through the kubernetes Service with the pod's service-account token" in_client \
    "wget -qO- --no-check-certificate --header \"Authorization: Bearer \$(cat /var/run/secrets/kubernetes.io/serviceaccount/token)\" https://kubernetes.default.svc/api | grep -q APIVersions"
  check "a name outside the cluster is not resolved (no upstream)" in_client "! nslookup example.com >/dev/null 2>&1"
  check "writes to the bound PVC, seen on the host" pvc_writable
  check "kubectl logs" logs_work
  check "kubectl exec" exec_works
  check "kubectl port-forward" port_forward_works
  kubectl -n "$SMOKE_NAMESPACE" delete deployment web --wait=false >/dev/null
  check "the garbage collector removes the Deployment's ReplicaSet and pods" deployment_collected
  kubectl delete namespace "$SMOKE_NAMESPACE" --wait=false >/dev/null
  [[ ${#SMOKE_FAILED[@]} -eq 0 ]] || die "smoke test failed: ${SMOKE_FAILED[*]} (logs in $STATE/logs)"
  log "smoke test passed"
}

# One up or down at a time (test JVMs may start the cluster concurrently); the lock lives beside $STATE.
lock() {
  mkdir -p "$(dirname "$STATE")"
  exec 8>"$STATE.lock"
  flock 8
}

case "${1:-}" in
  up) lock; do_up ;;
  down)
    lock
    NODE_BIN="$("$SCRIPT_DIR/kube-test-binaries.sh" --node --check 2>/dev/null | tail -n1)" || NODE_BIN=""
    do_down ;;
  status)
    if cluster_up; then print_env; else log "not up"; exit 1; fi ;;
  smoke) do_smoke ;;
  -h|--help|"") sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2; [[ -n "${1:-}" ]] ;;
  *) die "unknown command '$1' (up | down | status | smoke)" ;;
esac
