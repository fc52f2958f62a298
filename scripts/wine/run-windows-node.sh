#!/usr/bin/env bash
# Run a JS file (plus args) under the real Windows node.exe in Wine, then print what it
# wrote to stdout/stderr and exit with its exit code.
#
# Usage: run-windows-node.sh SCRIPT.js [ARGS...]      (any node.exe args work, e.g. -e CODE)
# Env:   WINEPREFIX, FIPSFIX_WINE_CACHE  as for setup-wine-env.sh (which is called first;
#        it is cheap when everything is already there)
#        WINDOWS_NODE  path of node.exe, to skip the setup call entirely
# Linux paths work as arguments: Wine maps / to Z:\ and the cwd to Z:\<cwd>.
# Modules resolve Windows-style from the script's folder, so a node_modules/native-reg
# installed by Linux npm (it ships prebuilds/win32-x64/node.napi.node) is found as is.
set -uo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
NODE="${WINDOWS_NODE:-$("$HERE/setup-wine-env.sh")}" || exit 1
BASE="${XDG_CACHE_HOME:-$HOME/.cache}/fipsfix-wine"
export WINEPREFIX="${WINEPREFIX:-$BASE/prefix}" WINEDEBUG=-all

TMP="$(mktemp -d)"; trap 'rm -rf "$TMP"' EXIT
# The Windows node dies with "Error: open EBADF" when it writes to a stdout/stderr that is
# a Unix pipe (and when it reads a piped stdin), so all three must be plain files.
STDIN=/dev/null
if [ -p /dev/stdin ]; then cat >"$TMP/in"; STDIN="$TMP/in"
elif [ -f /dev/stdin ]; then STDIN=/dev/stdin; fi

# NODE_EXTRA_CA_CERTS (set on some machines) makes node parse a CA bundle at startup:
# ~170 ms under Wine, most of the start-up time. The Windows backend needs no TLS.
env -u NODE_EXTRA_CA_CERTS wine "$NODE" "$@" >"$TMP/out" 2>"$TMP/err" <"$STDIN"
rc=$?   # node's exit code, as wine passes it through (mod 256)
cat "$TMP/out"
cat "$TMP/err" >&2
exit "$rc"
