#!/usr/bin/env bash
# Builds the image of every service and the operator with Jib (no Docker engine); `./artie images` runs it.
#   --registry R  push every image to registry R (credentials from the Docker config, ~/.docker/config.json);
#                 without it, OCI tarballs at <module>/target/jib-image.tar
#   --prefix P    repository prefix, e.g. myorg/ (default: the root pom's artie.image.prefix, artie-dev/)
#   --base IMAGE  base image, e.g. eclipse-temurin:21-jre for a release; default: one made on this machine by
#                 scripts/base-image.sh, which needs no registry
#   --only MODULE build only this module's image (e.g. services/http-chat)
#   --no-aot-cache leave the services' ahead-of-time class caches out (a cache is not byte for byte the same
#                 twice, so scripts/check-reproducible-image.sh builds without one)
#   -- ARGS       further Maven arguments
# Prints one line per image, <name>@<digest>. Names follow docs/kubernetes.md, Images.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
: "${JAVA_HOME:?run this through ./artie images, which finds a JDK 21+}"
say() { printf 'artie images: %s\n' "$*" >&2; }

# The catalogue's services (catalogue/.../ArtieService.java) and the operator; CatalogueInStepTest checks it.
MODULES=(services/capabilities services/http-chat services/discord services/sms services/email operator)
registry="" prefix="" prefix_set="" base="" maven_args=() aot_cache=yes
while [ $# -gt 0 ]; do
  case "$1" in
    --only) MODULES=("${2:?--only needs a module, e.g. services/http-chat}"); shift 2 ;;
    --no-aot-cache) aot_cache=""; shift ;;
    --) shift; maven_args=("$@"); break ;;
    --registry) registry="${2:?--registry needs a value, e.g. localhost:5000}"; shift 2 ;;
    --prefix) prefix="${2?--prefix needs a value, e.g. myorg/ (or '' for none)}"; prefix_set=yes; shift 2 ;;
    --base) base="${2:?--base needs an image, e.g. eclipse-temurin:21-jre}"; shift 2 ;;
    *) say "unknown argument '$1' (usage: ./artie images [--registry R] [--prefix P] [--base IMAGE] [--only MODULE] [-- MAVEN_ARGS])"; exit 2 ;;
  esac
done
if [ -n "$prefix" ] && [[ "$prefix" != */ ]]; then
  say "--prefix '$prefix' should end with '/' (images are named <registry>/<prefix>artie-<component>)"; exit 2
fi

# The services' ahead-of-time class caches are trained on the base made here, whose java is this JDK (25 or newer
# for -XX:AOTCacheOutput); another base's java may not know the option.
if [ -n "$base" ] || ! "$JAVA_HOME/bin/java" -XX:AOTMode=auto -version >/dev/null 2>&1; then
  aot_cache=""
fi
[ -n "$base" ] || base="tar://$("$ROOT/scripts/base-image.sh" jre)"
args=(-DskipTests -Djib.disableUpdateChecks=true -Djib.console=plain "-Dartie.image.base=$base")
revision="$(git -C "$ROOT" rev-parse HEAD 2>/dev/null || true)"
[ -n "$revision" ] && args+=("-Dartie.image.revision=$revision")
[ -n "$prefix_set" ] && args+=("-Dartie.image.prefix=$prefix")
goal=jib:buildTar
if [ -n "$registry" ]; then
  goal=jib:build
  args+=("-Dartie.image.registry=$registry")
  # A registry on this machine speaks plain http (the test cluster's); every other one must speak https.
  case "$registry" in localhost|localhost:*|127.*) args+=(-Djib.allowInsecureRegistries=true) ;; esac
fi

# $1: goal, $2: comma-separated modules, then further Maven arguments.
build() {
  local goal="$1" modules="$2"; shift 2
  "$ROOT/mvnw" -B -q --no-transfer-progress -pl "$modules" -am package "$goal" "${args[@]}" "$@" "${maven_args[@]}" >&2
}

services=() others=()
for module in "${MODULES[@]}"; do
  # Where a trained cache goes (Jib wants the folder): empty, as a cache of an earlier build must not go in.
  rm -rf "$module/target/jib-aot" && mkdir -p "$module/target/jib-aot"
  case "$module" in services/*) services+=("$module") ;; *) others+=("$module") ;; esac
done
say "building ${#MODULES[@]} images on $base..."
if [ -n "$aot_cache" ] && [ ${#services[@]} -gt 0 ]; then
  # Each service's image once without a cache, its cache trained from that image's own layers and entrypoint,
  # then the image again with the cache (the same layers, one more, and -XX:AOTCache in the entrypoint).
  # Only a service whose jar the build trains too (services/pom.xml): not Discord, whose start logs in to Discord.
  build jib:buildTar "$(IFS=,; echo "${services[*]}")" -Djib.outputPaths.tar=target/jib-training.tar
  trained=()
  for module in "${services[@]}"; do
    if [ -f "$module/target/artie-${module#services/}.aot" ]; then
      say "training the ahead-of-time class cache of $module's image..."
      "$ROOT/scripts/image-aot.sh" train "$module/target/jib-training.tar" "$module/target/jib-aot/artie.aot"
      trained+=("$module")
    else
      others+=("$module")
    fi
  done
  # The runnable jar and its own cache stay those of the first build.
  [ ${#trained[@]} -eq 0 ] || build "$goal" "$(IFS=,; echo "${trained[*]}")" -Daot.training.skip=true \
    -Dartie.runnable-jar.skip=true -Dartie.image.aot-flag=-XX:AOTCache=/app/artie.aot
  [ ${#others[@]} -eq 0 ] || build "$goal" "$(IFS=,; echo "${others[*]}")"
else
  build "$goal" "$(IFS=,; echo "${MODULES[*]}")"
fi
for module in "${MODULES[@]}"; do
  # jib-image.json: {"image":"<name>","imageId":...,"imageDigest":"sha256:...","tags":[...]}
  sed -E 's/.*"image":"([^"]+)".*"imageDigest":"([^"]+)".*/\1@\2/' "$module/target/jib-image.json"
  echo
done
