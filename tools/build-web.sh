#!/bin/sh
# Build the web UI (web/dist) with Vite.  Quiet when all is well.
#  - installs web/node_modules with `npm ci` when it is missing or older than
#    web/package-lock.json;
#  - skips the build when web/dist/index.html is newer than every input.
set -eu
cd "$(dirname "$0")/../web"

for t in node npm; do
    command -v "$t" >/dev/null 2>&1 || { echo "build-web: $t not found (install nodejs and npm)" >&2; exit 1; }
done

log=$(mktemp "${TMPDIR:-/tmp}/build-web.XXXXXX")
trap 'rm -f "$log"' EXIT INT TERM

if [ ! -d node_modules ] || [ ! -x node_modules/.bin/vite ] ||
   [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    if ! npm ci --no-audit --no-fund --ignore-scripts --loglevel=error >"$log" 2>&1; then
        cat "$log" >&2
        echo "build-web: npm ci failed" >&2
        exit 1
    fi
fi

if [ -f dist/index.html ]; then
    newer=$(find src public index.html package.json package-lock.json vite.config.* \
                 -newer dist/index.html -print 2>/dev/null | head -n 1)
    [ -z "$newer" ] && exit 0
fi

if ! node_modules/.bin/vite build --logLevel warn >"$log" 2>&1; then
    cat "$log" >&2
    echo "build-web: vite build failed" >&2
    exit 1
fi
[ -f dist/index.html ] || { echo "build-web: dist/index.html was not produced" >&2; exit 1; }
# Show warnings only (vite prints nothing else at --logLevel warn).
if [ -s "$log" ]; then cat "$log"; fi
