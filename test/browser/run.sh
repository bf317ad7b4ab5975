#!/bin/sh
# test/browser/run.sh: browser tests (playwright-core driving Debian's Chromium).
#
#   sh test/browser/run.sh [FILTER...]     (FILTER: part of a test id or name)
#
# Installs test/browser/node_modules with `npm ci` when missing or outdated,
# Chromium with apt-get when /usr/bin/chromium is missing (as root), builds a
# demo database with `zhibu demo --no-serve` in a temporary directory, starts
# `zhibu serve` on a free port, runs test/browser/main.mjs and stops the
# server.  Ends with "browser: N passed, N failed"; exit status 0 only when
# nothing failed.  Failure screenshots go to test/out/.
#
# Environment: ZHIBU_BIN (default build/zhibu), CHROMIUM (default
# /usr/bin/chromium), BROWSER_SHOTS=1 (also save screenshots of key pages to
# test/out/look-*.png).
set -u
DIR=$(cd "$(dirname "$0")" && pwd -P)
ROOT=$(cd "$DIR/../.." && pwd -P)
cd "$ROOT" || exit 2
BIN=${ZHIBU_BIN:-$ROOT/build/zhibu}
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
export CHROMIUM

summary() {
    echo "browser: $1 passed, $2 failed"
}
die() {
    echo "browser: $*" >&2
    summary 0 1
    exit 1
}

[ -x "$BIN" ] || die "$BIN not found (run make first)"
command -v node >/dev/null 2>&1 || die "node not found (install nodejs and npm)"

# ------------------------------------------------------------ node_modules
if [ ! -f "$DIR/node_modules/playwright-core/package.json" ] ||
   [ ! -f "$DIR/node_modules/.package-lock.json" ] ||
   [ "$DIR/package-lock.json" -nt "$DIR/node_modules/.package-lock.json" ]; then
    log=$(mktemp "${TMPDIR:-/tmp}/browser-npm.XXXXXX")
    if ! (cd "$DIR" && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error) >"$log" 2>&1; then
        cat "$log" >&2
        rm -f "$log"
        die "npm ci failed in test/browser"
    fi
    rm -f "$log"
fi

# ---------------------------------------------------------------- chromium
apt_install() {
    [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 || return 1
    echo "browser: installing $* with apt-get" >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@" >/dev/null 2>&1 ||
        { DEBIAN_FRONTEND=noninteractive apt-get update -q >/dev/null 2>&1 &&
          DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@" >/dev/null 2>&1; }
}
if [ ! -x "$CHROMIUM" ]; then
    apt_install chromium || true
    [ -x "$CHROMIUM" ] || die "$CHROMIUM not found (apt-get install chromium)"
fi
# Chinese glyphs in screenshots (the tests themselves do not need them).
if command -v fc-list >/dev/null 2>&1 && [ -z "$(fc-list :lang=zh 2>/dev/null | head -n 1)" ]; then
    apt_install fonts-noto-cjk ||
        echo "browser: WARNING: no Chinese font (apt-get install fonts-noto-cjk); screenshots show boxes" >&2
fi

# ------------------------------------------------------------------ server
T=$(mktemp -d "${TMPDIR:-/tmp}/zhibu-browser.XXXXXX") || exit 2
SPID=""
cleanup() {
    if [ -n "$SPID" ]; then
        kill "$SPID" 2>/dev/null
        wait "$SPID" 2>/dev/null
    fi
    rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM HUP

if ! "$BIN" demo --db "$T/demo.db" --no-serve >"$T/demo.out" 2>&1; then
    cat "$T/demo.out" >&2
    die "zhibu demo --no-serve failed"
fi
grep -q -- '^-----' "$T/demo.out" || { cat "$T/demo.out" >&2; die "zhibu demo printed no login table"; }

"$BIN" serve --db "$T/demo.db" --listen 127.0.0.1:0 >"$T/serve.out" 2>"$T/serve.err" &
SPID=$!
URL=""
i=0
while [ $i -lt 100 ]; do
    URL=$(sed -n '1s/^listening on \(http:\/\/[^ ]*\).*$/\1/p' "$T/serve.out" 2>/dev/null)
    [ -n "$URL" ] && break
    kill -0 "$SPID" 2>/dev/null || break
    sleep 0.1
    i=$((i + 1))
done
if [ -z "$URL" ]; then
    cat "$T/serve.out" "$T/serve.err" >&2
    die "zhibu serve did not start"
fi

# ------------------------------------------------------------------- tests
ZHIBU_URL=$URL ZHIBU_DEMO_OUT=$T/demo.out ZHIBU_TMP=$T ZHIBU_OUT=$ROOT/test/out \
    ZHIBU_RESULT=$T/result node "$DIR/main.mjs" "$@"
rc=$?

kill "$SPID" 2>/dev/null
wait "$SPID" 2>/dev/null
SPID=""

# The server's warnings and errors (its INFO lines log every request).
serverlog() {
    grep -v ' INFO ' "$T/serve.err" 2>/dev/null | tail -n 20 >"$T/serve.tail"
    if [ -s "$T/serve.tail" ]; then
        echo "browser: server log (warnings and errors, last 20 lines):"
        cat "$T/serve.tail"
    fi
}
if [ ! -s "$T/result" ]; then
    serverlog
    die "the test runner stopped early (exit $rc)"
fi
read -r P F <"$T/result"
[ "$F" -gt 0 ] && serverlog
summary "$P" "$F"
[ "$F" -eq 0 ] && [ "$rc" -eq 0 ]
