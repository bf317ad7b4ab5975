#!/bin/sh
# sheet-lo.sh: check our xlsx export and import against a real LibreOffice
# (A2; security checklist AS-F08 formula injection, AS-F09 ID numbers).
#
#   1. test/sheet_tool -w writes fixed rows (Chinese, 18-digit IDs with X,
#      formula-looking values); reading them back gives the same rows.
#   2. soffice converts that xlsx to CSV: the IDs come out as identical
#      text, formula-looking cells keep their neutralising quote (nothing is
#      evaluated), and reading the CSV back gives the original rows.
#   3. soffice re-saves the xlsx (shared strings instead of inline ones);
#      reading it back gives the original rows.
#   4. soffice converts a CSV to xlsx (an ID column as text, one as number,
#      a date, numbers); sheet_read() gives the expected text, including
#      E-notation IDs expanded to digits and the date as YYYY-MM-DD.
#
# Prints "sheet-lo: N passed, N failed"; exits nonzero on failure.
# Needs cc, pkg-config (libzip expat xlsxwriter) and soffice.
set -u
cd "$(dirname "$0")/.." || exit 2

if ! command -v soffice >/dev/null 2>&1; then
    echo "sheet-lo: skipped (no soffice)"
    exit 0
fi

T=$(mktemp -d "${TMPDIR:-/tmp}/sheet-lo.XXXXXX") || exit 2
LOPROFILE=/tmp/lo-$$
trap 'rm -rf "$T" "$LOPROFILE"' EXIT
trap 'exit 2' INT TERM
nPass=0
nFail=0

# check NAME COMMAND...: run COMMAND, count a pass or a failure.
check() {
    name=$1
    shift
    if "$@"; then
        nPass=$((nPass + 1))
    else
        nFail=$((nFail + 1))
        echo "FAIL $name"
        return 1
    fi
}

# lo FILTER OUTDIR FILE [INFILTER]: convert FILE with LibreOffice.
lo() {
    if [ $# -ge 4 ]; then
        soffice --headless "-env:UserInstallation=file://$LOPROFILE" \
            "--infilter=$4" --convert-to "$1" --outdir "$2" "$3" \
            >"$T/lo.log" 2>&1
    else
        soffice --headless "-env:UserInstallation=file://$LOPROFILE" \
            --convert-to "$1" --outdir "$2" "$3" >"$T/lo.log" 2>&1
    fi
}

# shellcheck disable=SC2046
${CC:-cc} -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -Isrc \
    -o "$T/sheet_tool" test/sheet_tool.c src/sheet.c src/xlsx.c \
    src/util.c src/buf.c $(pkg-config --cflags --libs libzip expat xlsxwriter)
if ! check "a2-export-lo-build" test -x "$T/sheet_tool"; then
    echo "sheet-lo: $nPass passed, $nFail failed"
    exit 1
fi
TOOL=$T/sheet_tool
"$TOOL" -p >"$T/want.txt"

# 1. Our own round trip.
"$TOOL" -w "$T/export.xlsx"
check "a2-export-lo-write" test -s "$T/export.xlsx"
"$TOOL" "$T/export.xlsx" >"$T/got1.txt"
check "a2-export-lo-self-roundtrip" cmp -s "$T/want.txt" "$T/got1.txt"

# 2. xlsx -> CSV (UTF-8) with LibreOffice.
mkdir "$T/csv"
lo 'csv:Text - txt - csv (StarCalc):44,34,76,1' "$T/csv" "$T/export.xlsx"
CSV=$T/csv/export.csv
check "a2-export-lo-csv-made" test -s "$CSV"
for id in 11010519491231002X 110101200001010010 440301199001010012 \
    11010519491231002x; do
    check "a2-export-lo-id-$id" grep -Eq "(^|,)\"?$id\"?(,|\$)" "$CSV"
done
check "a2-export-lo-no-E-notation" sh -c "! grep -q 'E+1[0-9]' '$CSV'"
for v in "'=1+1" "'+8613800138000" "'-2+3" "'@cmd" "'+SUM(1)" \
    "'=1+2\"\";=1+2"; do
    check "a2-export-lo-quoted $v" grep -Fq "$v" "$CSV"
done
check "a2-export-lo-not-evaluated" \
    sh -c "! grep -Eq '(^|,)\"?(2|3|5)\"?(,|\$)' '$CSV'"
"$TOOL" "$CSV" >"$T/got2.txt"
check "a2-export-lo-csv-roundtrip" cmp -s "$T/want.txt" "$T/got2.txt"

# 3. xlsx -> xlsx with LibreOffice (shared strings, LibreOffice styles).
mkdir "$T/resave"
lo xlsx "$T/resave" "$T/export.xlsx"
check "a2-export-lo-resave-made" test -s "$T/resave/export.xlsx"
"$TOOL" "$T/resave/export.xlsx" >"$T/got3.txt"
check "a2-export-lo-resave-roundtrip" cmp -s "$T/want.txt" "$T/got3.txt"

# 4. CSV -> xlsx with LibreOffice, column 2 imported as text, column 3 as
# a number (so LibreOffice keeps 15 digits and writes E-notation).
printf '%s\r\n' \
    '姓名,身份证号,身份证号数值,入党日期,数字,小数,备注' \
    '张三,11010519491231002X,110101200001010010,2024-03-05,12345,1.5,"多行' \
    '文本"' \
    '李四,110101200001010010,440301199001010012,1949-10-01,-7,0.25,"a,b""c"' \
    >"$T/in.csv"
printf '%s\n' \
    '姓名	身份证号	身份证号数值	入党日期	数字	小数	备注' \
    '张三	11010519491231002X	110101200001010000	2024-03-05	12345	1.5	多行\n文本' \
    '李四	110101200001010010	440301199001010000	1949-10-01	-7	0.25	a,b"c' \
    >"$T/want4.txt"
mkdir "$T/fromcsv"
lo xlsx "$T/fromcsv" "$T/in.csv" 'CSV:44,34,76,1,2/2'
check "a2-import-lo-xlsx-made" test -s "$T/fromcsv/in.xlsx"
"$TOOL" "$T/fromcsv/in.xlsx" >"$T/got4.txt"
check "a2-import-lo-xlsx-read" cmp -s "$T/want4.txt" "$T/got4.txt" ||
    diff "$T/want4.txt" "$T/got4.txt"
"$TOOL" "$T/in.csv" >"$T/got5.txt"
check "a2-import-lo-csv-direct" \
    grep -q '	110101200001010010	440301199001010012	' "$T/got5.txt"

echo "sheet-lo: $nPass passed, $nFail failed"
[ "$nFail" -eq 0 ]
