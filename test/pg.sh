#!/bin/sh
# test/pg.sh: a throwaway PostgreSQL server for the tests (c-style §7.13).
#
#   sh test/pg.sh start DIR          start a fresh cluster; print its URL
#   sh test/pg.sh stop DIR           stop it and delete the cluster
#   sh test/pg.sh createdb DIR NAME  create database NAME; print its URL
#   sh test/pg.sh url DIR            print the URL of the running server
#
# The cluster lives in DIR/cluster, owned by postgres (initdb and postgres
# refuse to run as root, so they run through runuser); the server log is
# DIR/cluster/pg.log.  It listens on a unix socket in that directory and on 127.0.0.1 at a free port, with trust
# authentication and fsync off.  The URL is
#   postgresql://postgres@127.0.0.1:PORT/zhibu_test?host=SOCKETDIR
# When the postgres user cannot reach DIR (e.g. under /root) or the socket
# path would be too long, the cluster goes to a fresh /tmp/zhibu-pg.XXXXXX
# and DIR/cluster is a link to it.  The system's own clusters
# (/etc/postgresql, port 5432, /var/run/postgresql) are never used.
#
# For benchmarks (bench/life.sh): PG_KEEP=1 keeps the cluster on stop (only
# the server stops) and start then restarts a kept cluster instead of making
# a new one; PG_DURABLE=1 starts the server with fsync and synchronous
# commit on (the defaults of a real installation); PG_SERVER_OPTS adds
# server options ("-c name=value ...", e.g. the memory and WAL settings of
# a real installation).
set -eu

PGUSER_OS=postgres
DBNAME=zhibu_test

die() {
    echo "pg.sh: $*" >&2
    exit 1
}

# Directory of the PostgreSQL server binaries: $PG_BIN, else version 15,
# else the newest installed.  Installs the Debian package when missing.
find_bin() {
    if [ -n "${PG_BIN:-}" ]; then
        [ -x "$PG_BIN/initdb" ] || die "no initdb in PG_BIN=$PG_BIN"
        echo "$PG_BIN"
        return
    fi
    for pass in 1 2; do
        if [ -x /usr/lib/postgresql/15/bin/initdb ]; then
            echo /usr/lib/postgresql/15/bin
            return
        fi
        b=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
        if [ -n "$b" ] && [ -x "$b/initdb" ]; then
            echo "$b"
            return
        fi
        [ "$pass" = 1 ] || break
        [ "$(id -u)" = 0 ] || die "PostgreSQL is not installed (need root to install it)"
        echo "pg.sh: installing postgresql" >&2
        export DEBIAN_FRONTEND=noninteractive
        apt-get install -y postgresql >&2 ||
            { apt-get update >&2 && apt-get install -y postgresql >&2; } ||
            die "apt-get install postgresql failed"
    done
    die "PostgreSQL server binaries not found"
}

# Run a server binary as the postgres user (from a directory it can read).
as_pg() {
    if [ "$(id -u)" = 0 ]; then
        (cd / && runuser -u "$PGUSER_OS" -- "$@")
    else
        (cd / && "$@")
    fi
}

# Die with message $1 and the end of log file $2.
fail_log() {
    tail -n 20 "$2" >&2 2>/dev/null || true
    die "$1"
}

# A free TCP port on 127.0.0.1 (python3 if present, else a random guess;
# start retries with another port if it was taken).
free_port() {
    if command -v python3 >/dev/null 2>&1; then
        python3 -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])' && return
    fi
    n=$(od -An -N2 -tu2 /dev/urandom | tr -d ' ')
    echo $((20000 + n % 40000))
}

# Percent-encode the characters that would break the URL query value.
url_escape() {
    printf '%s' "$1" | sed -e 's/%/%25/g' -e 's/ /%20/g' -e 's/#/%23/g' \
        -e 's/&/%26/g' -e 's/?/%3F/g' -e 's/=/%3D/g' -e 's/+/%2B/g'
}

# Print the URL of database $2 of the cluster whose state is in $1.
print_url() {
    port=$(cat "$1/cluster/port")
    echo "postgresql://postgres@127.0.0.1:$port/$2?host=$(url_escape "$(cd "$1/cluster" && pwd -P)")"
}

# True if the cluster of DIR $1 is running.
is_running() {
    [ -f "$1/cluster/data/postmaster.pid" ] || return 1
    # Resolve the link first: the postgres user may not enter DIR itself.
    real=$(cd "$1/cluster" 2>/dev/null && pwd -P) || return 1
    as_pg "$BIN/pg_ctl" -D "$real/data" status >/dev/null 2>&1
}

# Make DIR/cluster: a directory owned by postgres, inside DIR when the
# postgres user can reach it and the socket path fits, else in /tmp.
make_home() {
    dir=$1
    home="$dir/cluster"
    # Unix socket paths are limited to 107 bytes: ".s.PGSQL.NNNNN" is 14.
    if [ ${#home} -le 90 ]; then
        mkdir "$home"
        if [ "$(id -u)" = 0 ]; then chown "$PGUSER_OS:" "$home"; fi
        if as_pg test -w "$home" 2>/dev/null; then
            return
        fi
        rmdir "$home"
    fi
    tmp=$(mktemp -d /tmp/zhibu-pg.XXXXXX)
    if [ "$(id -u)" = 0 ]; then chown "$PGUSER_OS:" "$tmp"; fi
    chmod 755 "$tmp"
    ln -s "$tmp" "$home"
}

# Stop the server of DIR $1 if it runs, and delete its cluster.
cluster_remove() {
    dir=$1
    [ -e "$dir/cluster" ] || [ -L "$dir/cluster" ] || return 0
    if is_running "$dir"; then
        real=$(cd "$dir/cluster" && pwd -P)
        as_pg "$BIN/pg_ctl" -D "$real/data" -m fast -w stop >/dev/null ||
            die "could not stop the server in $dir/cluster"
    fi
    if [ -L "$dir/cluster" ]; then
        target=$(readlink "$dir/cluster")
        case $target in
        /tmp/zhibu-pg.*) rm -rf "$target" ;;
        esac
        rm -f "$dir/cluster"
    else
        rm -rf "$dir/cluster"
    fi
}

cmd_start() {
    mkdir -p "$1"
    dir=$(cd "$1" && pwd -P)
    if is_running "$dir"; then
        print_url "$dir" "$DBNAME"
        return
    fi
    kept=0
    if [ "${PG_KEEP:-0}" = 1 ] && [ -f "$dir/cluster/data/PG_VERSION" ]; then
        kept=1
    else
        cluster_remove "$dir" # leftovers of a crashed run
        make_home "$dir"
    fi
    home=$(cd "$dir/cluster" && pwd -P)
    log="$home/pg.log"
    if [ "$kept" = 0 ]; then
        : >"$log"
        if [ "$(id -u)" = 0 ]; then chown "$PGUSER_OS:" "$log"; fi
        as_pg "$BIN/initdb" -D "$home/data" -A trust -U postgres --nosync \
            -E UTF8 --locale=C >>"$log" 2>&1 ||
            fail_log "initdb failed" "$log"
    fi
    fast="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    [ "${PG_DURABLE:-0}" != 1 ] || fast=""
    fast="$fast ${PG_SERVER_OPTS:-}"
    tries=0
    while :; do
        port=$(free_port)
        if as_pg "$BIN/pg_ctl" -D "$home/data" -l "$log" -w -t 300 start \
            -o "-k '$home' -p $port -c listen_addresses=127.0.0.1 $fast" \
            >/dev/null 2>&1; then
            break
        fi
        tries=$((tries + 1))
        [ "$tries" -lt 5 ] || fail_log "server did not start" "$log"
    done
    echo "$port" >"$home/port"
    if [ "$kept" = 0 ]; then
        "$BIN/createdb" -h "$home" -p "$port" -U postgres "$DBNAME" ||
            die "createdb $DBNAME failed"
    fi
    print_url "$dir" "$DBNAME"
}

cmd_stop() {
    [ -d "$1" ] || return 0
    dir=$(cd "$1" && pwd -P)
    if [ "${PG_KEEP:-0}" = 1 ]; then
        if is_running "$dir"; then
            real=$(cd "$dir/cluster" && pwd -P)
            as_pg "$BIN/pg_ctl" -D "$real/data" -m fast -w stop >/dev/null ||
                die "could not stop the server in $dir/cluster"
        fi
        return 0
    fi
    cluster_remove "$dir"
}

cmd_createdb() {
    [ -d "$1" ] || die "no server in $1"
    dir=$(cd "$1" && pwd -P)
    is_running "$dir" || die "no server running in $dir"
    case $2 in
    *[!A-Za-z0-9_]* | "") die "bad database name: $2" ;;
    esac
    home=$(cd "$dir/cluster" && pwd -P)
    "$BIN/createdb" -h "$home" -p "$(cat "$home/port")" -U postgres "$2" ||
        die "createdb $2 failed"
    print_url "$dir" "$2"
}

cmd_url() {
    dir=$(cd "$1" && pwd -P)
    is_running "$dir" || die "no server running in $dir"
    print_url "$dir" "${2:-$DBNAME}"
}

[ $# -ge 2 ] || die "usage: sh test/pg.sh start|stop|url DIR | createdb DIR NAME"
BIN=$(find_bin)
case $1 in
start) cmd_start "$2" ;;
stop) cmd_stop "$2" ;;
createdb)
    [ $# -ge 3 ] || die "usage: sh test/pg.sh createdb DIR NAME"
    cmd_createdb "$2" "$3"
    ;;
url) cmd_url "$2" ;;
*) die "unknown command: $1" ;;
esac
