#!/bin/sh
# tools/check.sh: every test runner (`make check` runs it after deps and web).
#
#   build       make all, make build/unit                 (failure: exit now)
#   lint        clang-format --dry-run -Werror, per file  (skipped with a
#               warning only when clang-format is missing)
#   pg          a throwaway PostgreSQL server (test/pg.sh), stopped on exit
#   unit        build/unit (ZHIBU_SHARED, ZHIBU_TEST_PG)
#   http        test/http/run.py on SQLite, then on PostgreSQL
#   sanitize    make sanitize                             (failure: exit now)
#   asan        build-asan/unit and the HTTP suite (SQLite) on build-asan/zhibu
#   sheet-lo    test/sheet-lo.sh (LibreOffice round trip), when present
#   browser     test/browser/run.sh, when present
#
# Each runner ends with a line "N passed, N failed"; this script adds them up
# and ends with "check: N passed, N failed".  A runner that exits non-zero
# without reporting a failure, or prints no summary line, counts as one
# failure.  Exit status: 0 only when nothing failed.
set -u
cd "$(dirname "$0")/.." || exit 2
ROOT=$(pwd -P)
SHARED=${ZHIBU_SHARED:-$ROOT/../shared}

T=$(mktemp -d "${TMPDIR:-/tmp}/zhibu-check.XXXXXX") || exit 2
# test/pg.sh runs the server as the postgres user, which must reach DIR.
chmod 755 "$T"
PGDIR=$T/pg
PGURL=""
cleanup() {
    if [ -n "$PGURL" ]; then
        sh test/pg.sh stop "$PGDIR" >/dev/null 2>&1 ||
            echo "check: could not stop PostgreSQL in $PGDIR" >&2
    fi
    rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM HUP

nPass=0
nFail=0
failed=""

stage() {
    echo ""
    echo "=== check: $* ==="
}

# note NAME PASS FAIL: add a runner's counts.
note() {
    nPass=$((nPass + $2))
    nFail=$((nFail + $3))
    if [ "$3" -gt 0 ]; then failed="$failed $1"; fi
}

# run NAME COMMAND...: run a test runner, show its output, and add the
# counts from its last "N passed, N failed" line.
run() {
    name=$1
    shift
    log=$T/$name.log
    rcfile=$T/$name.rc
    { "$@" 2>&1; echo $? >"$rcfile"; } | tee "$log"
    rc=$(cat "$rcfile" 2>/dev/null || echo 1)
    line=$(grep -E '[0-9]+ passed, [0-9]+ failed' "$log" | tail -n 1)
    if [ -z "$line" ]; then
        echo "check: $name printed no \"N passed, N failed\" line (exit $rc)"
        note "$name" 0 1
        return
    fi
    # the whole number right before " passed" and before " failed"
    p=$(echo "$line" | sed -E 's/^(.*[^0-9])?([0-9]+) passed, ([0-9]+) failed.*$/\2/')
    f=$(echo "$line" | sed -E 's/^(.*[^0-9])?([0-9]+) passed, ([0-9]+) failed.*$/\3/')
    if [ "$rc" != 0 ] && [ "$f" -eq 0 ]; then
        echo "check: $name exited with status $rc"
        f=1
    fi
    note "$name" "$p" "$f"
}

# ---------------------------------------------------------------- build
stage build
make -s all || { echo "check: make all failed"; exit 1; }
make -s build/unit || { echo "check: make build/unit failed"; exit 1; }

# ----------------------------------------------------------------- lint
stage lint
if command -v clang-format >/dev/null 2>&1; then
    lp=0
    lf=0
    for f in src/*.c src/*.h test/unit/*.c test/unit/*.h tools/*.c; do
        [ -f "$f" ] || continue
        if clang-format --dry-run -Werror "$f" >"$T/lint.out" 2>&1; then
            lp=$((lp + 1))
        else
            lf=$((lf + 1))
            echo "lint: $f is not clang-formatted (make format fixes it):"
            head -n 6 "$T/lint.out"
        fi
    done
    echo "lint: $lp passed, $lf failed"
    note lint "$lp" "$lf"
else
    echo "check: WARNING: clang-format not found; lint skipped"
fi

# ------------------------------------------------------------ postgresql
stage "postgresql (test/pg.sh)"
if PGURL=$(sh test/pg.sh start "$PGDIR"); then
    echo "pg: $PGURL"
else
    echo "check: could not start PostgreSQL; the PostgreSQL runs fail"
    PGURL=""
    note pg 0 1
fi

# ----------------------------------------------------------------- unit
stage unit
run unit env ZHIBU_SHARED="$SHARED" ZHIBU_TEST_PG="$PGURL" ./build/unit

# ----------------------------------------------------------------- http
stage "http (SQLite)"
run http-sqlite env ZHIBU_BIN="$ROOT/build/zhibu" ZHIBU_TEST_DB= \
    python3 test/http/run.py

stage "http (PostgreSQL)"
if [ -n "$PGURL" ]; then
    run http-pg env ZHIBU_BIN="$ROOT/build/zhibu" ZHIBU_TEST_DB="$PGURL" \
        ZHIBU_TEST_PGDIR="$PGDIR" python3 test/http/run.py
else
    echo "check: no PostgreSQL server"
    note http-pg 0 1
fi

# ------------------------------------------------------------- sanitize
stage "sanitize (build-asan)"
make -s sanitize || { echo "check: make sanitize failed"; exit 1; }

ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
export ASAN_OPTIONS UBSAN_OPTIONS

stage "unit (ASan, UBSan)"
run unit-asan env ZHIBU_SHARED="$SHARED" ZHIBU_TEST_PG="$PGURL" \
    ./build-asan/unit

stage "http (SQLite; ASan, UBSan)"
run http-asan env ZHIBU_BIN="$ROOT/build-asan/zhibu" ZHIBU_TEST_DB= \
    python3 test/http/run.py

unset ASAN_OPTIONS UBSAN_OPTIONS

# ------------------------------------------------------------- sheet-lo
if [ -f test/sheet-lo.sh ]; then
    stage "sheet-lo (LibreOffice round trip)"
    run sheet-lo sh test/sheet-lo.sh
fi

# -------------------------------------------------------------- browser
if [ -f test/browser/run.sh ]; then
    stage browser
    run browser env ZHIBU_BIN="$ROOT/build/zhibu" sh test/browser/run.sh
fi

# -------------------------------------------------------------- summary
echo ""
if [ "$nFail" -gt 0 ]; then
    echo "check: failed in:$failed"
fi
echo "check: $nPass passed, $nFail failed"
[ "$nFail" -eq 0 ]
