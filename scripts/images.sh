#!/usr/bin/env bash
# Builds the image of every service and the operator with Jib (no Docker engine); `./artie images` runs it.
#   --registry R  push every image to registry R (credentials from the Docker config, ~/.docker/config.json);
#                 without it, OCI tarballs at <module>/target/jib-image.tar
#   --prefix P    repository prefix, e.g. myorg/ (default: the root pom's artie.image.prefix, artie-dev/)
#   --base IMAGE  base image, e.g. eclipse-temurin:21-jre for a release; default: one made on this machine by
#                 scripts/base-image.sh, which needs no registry
#   --only MODULE build only this module's image (e.g. services/http-chat)
#   -- ARGS       further Maven arguments
# Prints one line per image, <name>@<digest>. Names follow docs/kubernetes.md, Images.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
: "${JAVA_HOME:?run this through ./artie images, which finds a JDK 21+}"
say() { printf 'artie images: %s\n' "$*" >&2; }

# The catalogue's services (catalogue/.../ArtieService.java) and the operator; CatalogueInStepTest checks it.
MODULES=(services/capabilities services/http-chat services/discord services/sms services/email operator)
registry="" prefix="" prefix_set="" base="" maven_args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --only) MODULES=("${2:?--only needs a module, e.g. services/http-chat}"); shift 2 ;;
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

[ -n "$base" ] || base="tar://$("$ROOT/scripts/base-image.sh" jre)"
args=(-DskipTests -Djib.disableUpdateChecks=true -Djib.console=plain "-Dartie.image.base=$base")
revision="$(git -C "$ROOT" rev-parse HEAD 2>/dev/null || true)"
[ -n "$revision" ] && args+=("-Dartie.image.revision=$revision")
[ -n "$prefix_set" ] && args+=("-Dartie.image.prefix=$prefix")
if [ -n "$registry" ]; then
  args+=("-Dartie.image.registry=$registry" jib:build)
  # A registry on this machine speaks plain http (the test cluster's); every other one must speak https.
  case "$registry" in localhost|localhost:*|127.*) args+=(-Djib.allowInsecureRegistries=true) ;; esac
else
  args+=(jib:buildTar)
fi

say "building ${#MODULES[@]} images on $base..."
"$ROOT/mvnw" -B -q --no-transfer-progress -pl "$(IFS=,; echo "${MODULES[*]}")" -am package "${args[@]}" "${maven_args[@]}" >&2
for module in "${MODULES[@]}"; do
  # jib-image.json: {"image":"<name>","imageId":...,"imageDigest":"sha256:...","tags":[...]}
  sed -E 's/.*"image":"([^"]+)".*"imageDigest":"([^"]+)".*/\1@\2/' "$module/target/jib-image.json"
  echo
done
