#!/usr/bin/env bash
# The ahead-of-time class cache of a service image (docs/kubernetes.md, Images), made and checked without a
# container runtime: the image's layers (a Jib OCI tarball) are unpacked into a temporary directory and the
# image's own entrypoint runs from there, with its own java, its /app paths moved along. JDK 25 takes a cache
# made with the class path in another directory as long as the jars keep their places and file times, which
# unpacking keeps, so a cache trained here is the one /app/artie.aot needs in the image.
#   scripts/image-aot.sh train IMAGE.tar CACHE.aot  a training run, as for the jar's cache (services/pom.xml): the
#                                                   service starts, settles, stops, and the JVM writes the cache
#   scripts/image-aot.sh check IMAGE.tar            the image's entrypoint takes its cache, and a service whose
#                                                   cache is refused still starts; exits 1 when either fails
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
say() { printf 'image-aot: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

command="${1:-}" image="${2:-}"
case "$command" in
  train) out="${3:?usage: image-aot.sh train IMAGE.tar CACHE.aot}" ;;
  check) ;;
  *) die "usage: image-aot.sh train IMAGE.tar CACHE.aot | check IMAGE.tar" ;;
esac
[ -f "$image" ] || die "no image tarball at '$image' (./artie images writes <module>/target/jib-image.tar)"
command -v jq >/dev/null || die "needs jq (apt-get install jq) to read the image's manifest"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# Unpacks the image into $1/root, in layer order, file times kept.
unpack() {
  local dir="$1" manifest layer
  mkdir -p "$dir/oci" "$dir/root"
  tar -xf "$image" -C "$dir/oci"
  manifest="$dir/oci/blobs/$(jq -r '.manifests[0].digest | sub(":"; "/")' "$dir/oci/index.json")"
  jq -r '.config.digest | sub(":"; "/")' "$manifest" > "$dir/config-blob"
  for layer in $(jq -r '.layers[].digest | sub(":"; "/")' "$manifest"); do
    tar --warning=no-unknown-keyword -xzf "$dir/oci/blobs/$layer" -C "$dir/root"
  done
  cp "$dir/oci/blobs/$(cat "$dir/config-blob")" "$dir/config.json"
  rm -rf "$dir/oci"
}

# Runs the image's entrypoint from $1/root with the extra JVM options $2... before its own, as a training run
# (ServiceMain: start, settle, stop), in the training settings (services/aot-training.env). Output to $1/run.log.
run_entrypoint() {
  local dir="$1"; shift
  local root="$dir/root" java image_path entrypoint=()
  # The entrypoint names java by the image's PATH; every /app path is moved, in the Jib class-path file too. An
  # image without a cache says -Xshare:auto (root pom.xml, artie.image.aot-flag), the JVM's default, which
  # would keep -XX:AOTCacheOutput from training.
  mapfile -t entrypoint < <(jq -r --arg root "$root" \
    '.config.Entrypoint[] | select(. != "-Xshare:auto") | gsub("/app/"; $root + "/app/")' "$dir/config.json")
  image_path="$(jq -r '.config.Env[] | select(startswith("PATH=")) | sub("^PATH="; "")' "$dir/config.json")"
  java="$(IFS=:; for d in $image_path; do [ -x "$root$d/${entrypoint[0]}" ] && { echo "$root$d/${entrypoint[0]}"; break; }; done)"
  [ -n "$java" ] || die "no ${entrypoint[0]} on the image's PATH ($image_path)"
  sed -i "s#/app/#$root/app/#g" "$root/app/jib-classpath-file"
  (
    set -a
    . "$ROOT/services/aot-training.env"
    set +a
    cd "$dir"
    env ARTIE_MEMORY_PATH="$dir/memory.db" ARTIE_SMS_OPT_OUT_PATH="$dir/opt-outs.db" \
      "$java" "$@" -Dartie.aot.training=true "${entrypoint[@]:1}" >"$dir/run.log" 2>&1
  ) || { tail -n 20 "$dir/run.log" >&2; die "the image's entrypoint failed (log above)"; }
}

# The image's entrypoint, relocated to $1/root, with the class loading logged to $1/classes.log; prints how many
# classes came from the cache, of how many.
classes_from_cache() {
  local dir="$1" entrypoint=()
  mapfile -t entrypoint < <(jq -r '.config.Entrypoint[]' "$dir/config.json")
  printf '%s\n' "${entrypoint[@]}" | grep -q -- '-XX:AOTCache=/app/' \
    || die "the image's entrypoint names no ahead-of-time cache: ${entrypoint[*]}"
  run_entrypoint "$dir" "-Xlog:class+load=info:file=$dir/classes.log"
  echo "$(grep -c 'source: shared objects file' "$dir/classes.log" || true) $(wc -l < "$dir/classes.log")"
}

case "$command" in
  train)
    unpack "$work"
    run_entrypoint "$work" "-XX:AOTCacheOutput=$work/artie.aot" -Xlog:aot=error
    mkdir -p "$(dirname "$out")"
    mv "$work/artie.aot" "$out"
    say "trained $out ($(du -h "$out" | cut -f1))"
    ;;
  check)
    unpack "$work/used"
    read -r cached total < <(classes_from_cache "$work/used")
    [ "$cached" -gt $((total / 2)) ] \
      || die "the image's entrypoint loaded $cached of $total classes from its cache (log: -Xlog:class+load)"
    say "the image's entrypoint loaded $cached of $total classes from its ahead-of-time cache"
    # A cache the JVM refuses (here: a jar of the class path is not the one it was trained with) costs only speed.
    unpack "$work/refused"
    touch -d '2001-01-01' "$(find "$work/refused/root/app/libs" -name '*.jar' | head -n 1)"
    read -r cached total < <(classes_from_cache "$work/refused")
    [ "$cached" -eq 0 ] || die "a changed jar should have made the JVM refuse the cache, yet $cached classes came from it"
    grep -q 'timestamp has changed' "$work/refused/run.log" || die "the JVM did not say why it refused the cache"
    say "with its cache refused the service still starts ($total classes loaded without it)"
    ;;
esac
