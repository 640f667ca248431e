#!/usr/bin/env bash
# Makes, from what this machine reaches (Debian's packages and the installed JDK), the base images Artie's
# images build on where no container registry is reachable (docs/kubernetes.md, Images).
#   scripts/base-image.sh jre              base of every service and the operator: glibc from Debian, a jlink
#                                          runtime of the JDK in JAVA_HOME at /opt/java, user artie (10001)
#   scripts/base-image.sh redis [--push R] the test cluster's stand-in for redis:7.4-alpine: Debian's
#                                          redis-server on the same glibc layer, user redis (999)
# Prints the path of the image as a `docker save` tarball, the layout Jib reads from tar://; with --push R it
# copies the image to registry R as R/artie-test/redis:<Debian version> and prints that name instead.
# Every file time is 0 and the tarballs are sorted, so one machine makes the same image twice; the result is
# cached under ${ARTIE_CACHE:-$HOME/.cache/artie}/images, keyed by this script, the JDK and the package versions.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE="${ARTIE_CACHE:-$HOME/.cache/artie}/images"
say() { printf 'base-image: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

kind="${1:-}"; shift || true
push=""
while [ $# -gt 0 ]; do
  case "$1" in
    --push) push="${2:?--push needs a registry, e.g. localhost:5000}"; shift 2 ;;
    *) die "unknown argument '$1' (usage: base-image.sh jre|redis [--push REGISTRY])" ;;
  esac
done
case "$kind" in
  jre|redis) ;;
  *) die "usage: base-image.sh jre|redis [--push REGISTRY]" ;;
esac

JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
[ -x "$JAVA_HOME/bin/jlink" ] || die "no jlink in JAVA_HOME=$JAVA_HOME (a JDK is needed, not a JRE)"
# The modules Artie's services and the operator use, generously (java.desktop for java.beans, which logback
# and Jackson use; java.sql for SQLite), plus the providers only found at run time: TLS (jdk.crypto.*), DNS,
# the extra charsets of mail, zip file systems.
JRE_MODULES=java.base,java.desktop,java.instrument,java.logging,java.management,java.naming,java.net.http,\
java.scripting,java.security.jgss,java.security.sasl,java.sql,java.transaction.xa,java.xml,jdk.charsets,\
jdk.crypto.cryptoki,jdk.crypto.ec,jdk.httpserver,jdk.jfr,jdk.management,jdk.naming.dns,jdk.net,\
jdk.unsupported,jdk.zipfs
GLIBC_PACKAGES=(libc6 libgcc-s1)
REDIS_PACKAGES=(redis-server redis-tools)
ARTIE_UID=10001
REDIS_UID=999 # the operator's Redis StatefulSet runs as 999 (templates/redis-statefulset.yaml)

# The packages to unpack: the given ones and, transitively, the libraries they depend on (first alternative of
# each dependency). Tools that only maintainer scripts use (adduser, debconf, perl) are not libraries, so
# they stay out.
closure() {
  local -A seen=()
  local frontier=("$@") next pkg
  while [ ${#frontier[@]} -gt 0 ]; do
    next=()
    for pkg in "${frontier[@]}"; do seen[$pkg]=1; done
    while read -r pkg; do
      case "$pkg" in lib*|gcc-*-base) [ -n "${seen[$pkg]:-}" ] || next+=("$pkg") ;; esac
    done < <(apt-cache depends --no-recommends --no-suggests --no-conflicts --no-breaks --no-replaces \
      --no-enhances "${frontier[@]}" | awk '/^  (Pre)?Depends: [^<]/ {print $2}' | sort -u)
    frontier=("${next[@]}")
  done
  printf '%s\n' "${!seen[@]}" | sort
}

# name=version of each package, as apt would download it now.
versions() {
  apt-cache policy "$@" | awk '/^[^ ].*:$/ {sub(/:$/, ""); name = $0} /Candidate:/ {print name "=" $2}'
}

command -v apt-get >/dev/null || die "needs apt-get (a Debian or Ubuntu machine) to fetch glibc and Redis; elsewhere build on a registry's JRE: ./artie images --base eclipse-temurin:21-jre"
mapfile -t glibc < <(versions $(closure "${GLIBC_PACKAGES[@]}"))
mapfile -t redis < <(versions $(comm -23 <(closure "${REDIS_PACKAGES[@]}") <(closure "${GLIBC_PACKAGES[@]}")))
for p in "${glibc[@]}" "${redis[@]}"; do
  [[ "$p" != *= && "$p" != *'=(none)' ]] || die "no version of ${p%=*} in apt's lists (run apt-get update)"
done
ca_certificates="$(versions ca-certificates)"

key_of() { { cat "${BASH_SOURCE[0]}"; printf '%s\n' "$@"; } | sha256sum | cut -c1-16; }
if [ "$kind" = jre ]; then
  key="$(key_of "${glibc[@]}" "$ca_certificates" "$(cat "$JAVA_HOME/release")")"
else
  key="$(key_of "${glibc[@]}" "$ca_certificates" "${redis[@]}")"
fi
image="$CACHE/$kind-$key.tar"

# The downloaded file of package=version $1 (apt writes an epoch's colon as %3a), or nothing.
deb_file() {
  local name="${1%%=*}" version="${1#*=}"
  ls "$CACHE/debs/${name}_${version//:/%3a}_"*.deb 2>/dev/null | head -n 1 || true
}

# Downloads (once) and unpacks Debian packages into directory $1.
unpack() {
  local dir="$1" deb; shift
  mkdir -p "$CACHE/debs"
  for p in "$@"; do
    deb="$(deb_file "$p")"
    [ -n "$deb" ] || (cd "$CACHE/debs" && apt-get download -q -o APT::Sandbox::User=root "$p" >&2) \
      || die "cannot download $p"
    dpkg-deb -x "$(deb_file "$p")" "$dir"
  done
}

# The tree under $1 as tar $2 with sorted names, time 0 and numeric owners (names without "./", which Jib
# refuses in a `docker save` tarball).
layer_tar() {
  (cd "$1" && find . -mindepth 1 -maxdepth 1 -printf '%P\n' | LC_ALL=C sort \
    | tar --sort=name --mtime=@0 --numeric-owner --format=gnu -cf "$2" -T -)
}

# Writes the `docker save` tarball $1 of the layers $3... with the image config JSON fragment $2.
docker_archive() {
  local out="$1" config_fragment="$2"; shift 2
  local dir diff_ids="" layers="" history="" sum config_sum l
  dir="$(mktemp -d)"
  for l in "$@"; do
    sum="$(sha256sum "$l" | cut -d' ' -f1)"
    mkdir -p "$dir/$sum"; cp "$l" "$dir/$sum/layer.tar"
    diff_ids+="${diff_ids:+,}\"sha256:$sum\""
    layers+="${layers:+,}\"$sum/layer.tar\""
    history+="${history:+,}{\"created\":\"1970-01-01T00:00:00Z\",\"created_by\":\"scripts/base-image.sh $kind: $(basename "$l" .tar)\"}"
  done
  printf '{"architecture":"amd64","os":"linux","created":"1970-01-01T00:00:00Z","config":{%s},"rootfs":{"type":"layers","diff_ids":[%s]},"history":[%s]}' \
    "$config_fragment" "$diff_ids" "$history" > "$dir/config.json"
  config_sum="$(sha256sum "$dir/config.json" | cut -d' ' -f1)"
  mv "$dir/config.json" "$dir/$config_sum.json"
  printf '[{"Config":"%s.json","RepoTags":["artie-base/%s:%s"],"Layers":[%s]}]' "$config_sum" "$kind" "$key" "$layers" \
    > "$dir/manifest.json"
  layer_tar "$dir" "$out.partial"
  mv "$out.partial" "$out"
  rm -rf "$dir"
}

if [ ! -f "$image" ]; then
  say "making the $kind base image (once; cached in $CACHE)..."
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT

  # Layer 1, shared by both: glibc, users, CA certificates, /tmp and /data.
  base="$work/glibc"; mkdir -p "$base"
  unpack "$base" "${glibc[@]}"
  rm -rf "$base/usr/share/doc" "$base/usr/share/lintian" "$base/usr/share/man" "$base/usr/share/locale"
  mkdir -p "$base/etc/ssl/certs" "$base/tmp" "$base/data"
  certs="$work/ca-certificates"; mkdir -p "$certs"
  unpack "$certs" "$ca_certificates"
  # What update-ca-certificates would write, without running a maintainer script.
  find "$certs/usr/share/ca-certificates" -name '*.crt' | LC_ALL=C sort | xargs cat > "$base/etc/ssl/certs/ca-certificates.crt"
  printf 'root:x:0:0:root:/root:/usr/sbin/nologin\nredis:x:%s:%s:redis:/data:/usr/sbin/nologin\nartie:x:%s:%s:artie:/tmp:/usr/sbin/nologin\n' \
    "$REDIS_UID" "$REDIS_UID" "$ARTIE_UID" "$ARTIE_UID" > "$base/etc/passwd"
  printf 'root:x:0:\nredis:x:%s:\nartie:x:%s:\n' "$REDIS_UID" "$ARTIE_UID" > "$base/etc/group"
  printf 'passwd: files\ngroup: files\nhosts: files dns\n' > "$base/etc/nsswitch.conf"
  chmod 1777 "$base/tmp"
  layer_tar "$base" "$work/glibc.tar"

  top="$work/$kind"; mkdir -p "$top"
  if [ "$kind" = jre ]; then
    "$JAVA_HOME/bin/jlink" --add-modules "$JRE_MODULES" --output "$top/opt/java" \
      --strip-debug --no-man-pages --no-header-files --compress=zip-6
    mkdir -p "$top/data"; chown "$ARTIE_UID:$ARTIE_UID" "$top/data"
    config='"User":"10001:10001","Env":["PATH=/opt/java/bin:/usr/sbin:/usr/bin:/sbin:/bin","JAVA_HOME=/opt/java","LANG=C.UTF-8"],"WorkingDir":"/"'
  else
    unpack "$top" "${redis[@]}"
    rm -rf "$top/usr/share/doc" "$top/usr/share/lintian" "$top/usr/share/man" "$top/etc/init.d" "$top/lib/systemd" \
      "$top/etc/logrotate.d" "$top/etc/redis"
    mkdir -p "$top/data"; chown "$REDIS_UID:$REDIS_UID" "$top/data"
    # As the official image: no config file, so listen on every address; protected mode off, because a
    # pod is reached through its Service by other pods, never from outside the cluster.
    config='"User":"999:999","Env":["PATH=/usr/sbin:/usr/bin:/sbin:/bin","LANG=C.UTF-8"],"Entrypoint":["redis-server","--protected-mode","no"],"WorkingDir":"/data","ExposedPorts":{"6379/tcp":{}}'
  fi
  layer_tar "$top" "$work/$kind.tar"
  mkdir -p "$CACHE"
  docker_archive "$image" "$config" "$work/glibc.tar" "$work/$kind.tar"
  say "made $image ($(du -h "$image" | cut -f1))"
fi

if [ -n "$push" ]; then
  [ "$kind" = redis ] || die "--push is for the Redis stand-in; the JRE base is read by Jib from its tarball"
  version="$(printf '%s\n' "${redis[@]}" | awk -F= '$1 == "redis-server" {print $2}')"
  version="${version#*:}"; version="${version//\~/_}"; version="${version//+/_}"
  name="$push/artie-test/redis:$version"
  tls=()
  case "$push" in localhost:*|127.*) tls=(--dest-tls-verify=false) ;; esac # plain http on loopback only
  skopeo copy -q "${tls[@]}" "docker-archive:$image" "docker://$name" >&2
  echo "$name"
else
  echo "$image"
fi
