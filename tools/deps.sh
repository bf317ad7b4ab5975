#!/bin/sh
# tools/deps.sh: install the Debian 12 packages that building, testing and
# benchmarking zhibu need, and only those that are missing (`make deps`).
#
# Presence is checked with one dpkg-query call, so a second run is cheap.
# As root: one `apt-get update`, then one `apt-get install` of exactly the
# missing packages.  Not root and something missing: print the command to
# run and exit 1.
#
# Node: when `node` (major version >= 18) and `npm` are already on PATH
# (e.g. a newer Node than Debian's v18 in /usr/bin), Debian's nodejs and npm
# are not installed.
set -eu

PKGS="build-essential pkg-config libmicrohttpd-dev libjansson-dev
libsodium-dev libsqlite3-dev sqlite3 libpq-dev libssl-dev libzip-dev
libexpat1-dev libxlsxwriter-dev postgresql python3 chromium
libreoffice-calc-nogui clang-format nginx-light wrk"

node_ok() {
    command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 ||
        return 1
    major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null) ||
        return 1
    case $major in
    '' | *[!0-9]*) return 1 ;;
    esac
    [ "$major" -ge 18 ]
}

node_ok || PKGS="$PKGS nodejs npm"

# One call; packages dpkg has never heard of are simply absent from the
# output (dpkg-query complains on stderr and exits 1 for them).
# shellcheck disable=SC2086,SC2016
have=" $(dpkg-query -W -f='${Package} ${Status}\n' $PKGS 2>/dev/null |
    awk '$2 == "install" && $3 == "ok" && $4 == "installed" { printf "%s ", $1 }') " ||
    true
missing=""
for p in $PKGS; do
    case $have in
    *" $p "*) ;;
    *) missing="$missing $p" ;;
    esac
done
missing=${missing# }
[ -z "$missing" ] && exit 0

if [ "$(id -u)" != 0 ]; then
    echo "deps: missing Debian packages; run as root:" >&2
    echo "  apt-get update && apt-get install -y --no-install-recommends $missing" >&2
    exit 1
fi

echo "deps: installing $missing"
export DEBIAN_FRONTEND=noninteractive
log=$(mktemp "${TMPDIR:-/tmp}/deps.XXXXXX")
trap 'rm -f "$log"' EXIT
# shellcheck disable=SC2086
if ! { apt-get update -q && apt-get install -y -q --no-install-recommends $missing; } >"$log" 2>&1; then
    tail -n 30 "$log" >&2
    echo "deps: apt-get failed" >&2
    exit 1
fi
