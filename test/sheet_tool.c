/* sheet_tool.c: test driver for src/sheet.c and src/xlsx.c, used by
** test/sheet-lo.sh to check our xlsx files against LibreOffice (A2,
** AS-F08, AS-F09).
**
**   sheet_tool FILE          read FILE (.xlsx or .csv) with sheet_read() and
**                            print it: one row per line, cells separated by
**                            TAB, with \ TAB CR LF shown as \\ \t \r \n
**   sheet_tool -w OUT.xlsx   write the fixed test rows with xlsx_*
**   sheet_tool -p            print the fixed test rows as FILE mode would
*/
#include "sheet.h"
#include "xlsx.h"
#include "util.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The fixed rows: Chinese text, ID numbers, formula-looking values. */
static const char *const azRow[][5] = {
    {"姓名", "身份证号", "备注", "电话", "其他"},
    {"张三", "11010519491231002X", "=1+1", "+8613800138000", "-2+3"},
    {"李四", "110101200001010010", "@cmd", "=1+2\";=1+2", "+SUM(1)"},
    {"王五（预备党员）", "440301199001010012", "'abc", "0012", "1.5E+3"},
    {"赵六", "11010519491231002x", "第一党支部\n第二行", "2024-03-05",
     "a,b\"c"},
};

/* Print one cell with \ TAB CR LF escaped. */
static void put_cell(const char *z)
{
    for (; *z; z++) {
        switch (*z) {
        case '\\':
            fputs("\\\\", stdout);
            break;
        case '\t':
            fputs("\\t", stdout);
            break;
        case '\r':
            fputs("\\r", stdout);
            break;
        case '\n':
            fputs("\\n", stdout);
            break;
        default:
            putchar(*z);
        }
    }
}

/* Write the fixed rows to zOut.  Returns the exit status. */
static int write_rows(const char *zOut)
{
    Xlsx *x = 0;
    char *zErr = 0;
    int fd = -1;
    long long nSize = 0;
    double aWidth[] = {16, 24, 20, 18, 12};
    if (xlsx_new(&x, &zErr)) die("%s", zErr);
    xlsx_sheet(x, "花名册");
    xlsx_widths(x, aWidth, COUNT(aWidth));
    xlsx_header(x, azRow[0], 5);
    for (int i = 1; i < COUNT(azRow); i++)
        xlsx_row(x, azRow[i], 5);
    if (xlsx_finish(x, &fd, &nSize, &zErr)) die("%s", zErr);
    FILE *pOut = fopen(zOut, "wb");
    if (!pOut) die("cannot write %s", zOut);
    char a[8192];
    ssize_t n;
    while ((n = read(fd, a, sizeof a)) > 0)
        fwrite(a, 1, (size_t)n, pOut);
    close(fd);
    if (fclose(pOut)) die("cannot write %s", zOut);
    return 0;
}

/* Print the fixed rows in the format of read_file().  Returns 0. */
static int print_rows(void)
{
    for (int r = 0; r < COUNT(azRow); r++) {
        for (int c = 0; c < 5; c++) {
            if (c) putchar('\t');
            put_cell(azRow[r][c]);
        }
        putchar('\n');
    }
    return 0;
}

/* Read zPath with sheet_read() and print it.  Returns the exit status. */
static int read_file(const char *zPath)
{
    size_t n = 0;
    char *zData = util_read_file(zPath, &n);
    Sheet *p = 0;
    const char *zCode = 0;
    char *zMsg = 0;
    if (!zData) die("cannot read %s", zPath);
    if (sheet_read(zPath, zData, n, 200000, &p, &zCode, &zMsg)) {
        fprintf(stderr, "sheet_tool: %s: %s %s\n", zPath, zCode, zMsg);
        free(zMsg);
        free(zData);
        return 1;
    }
    for (int r = 0; r < p->nRow; r++) {
        for (int c = 0; c < p->anCol[r]; c++) {
            if (c) putchar('\t');
            put_cell(sheet_cell(p, r, c));
        }
        putchar('\n');
    }
    sheet_free(p);
    free(zData);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc == 3 && strcmp(argv[1], "-w") == 0) return write_rows(argv[2]);
    if (argc == 2 && strcmp(argv[1], "-p") == 0) return print_rows();
    if (argc == 2 && argv[1][0] != '-') return read_file(argv[1]);
    fprintf(stderr, "usage: sheet_tool FILE | -w OUT.xlsx | -p\n");
    return 2;
}
