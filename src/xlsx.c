/* xlsx.c: .xlsx exports over libxlsxwriter (A2 roster export, E4 reports).
**
** libxlsxwriter 1.1.4 (Debian 12) cannot write to memory, so a workbook
** lives in a private mkdtemp directory (0700) until xlsx_finish() closes
** it, opens it read-only, unlinks it and removes the directory; the caller
** then streams the fd (MHD_create_response_from_fd).  Workbooks use
** constant_memory mode, so rows must be written in order.
**
** Every cell is a text cell with number format "@" so that 18-digit ID
** numbers (身份证号) keep all digits (AS-F09).  Values that a spreadsheet
** could take for a formula get a leading single quote (AS-F08); sheet.c
** strips it again on import, so export -> import round-trips exactly.
**
** Entry points: xlsx_new(), xlsx_sheet(), xlsx_widths(), xlsx_header(),
** xlsx_row(), xlsx_finish(), xlsx_free().
*/
#include "xlsx.h"
#include "buf.h"
#include "util.h"
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xlsxwriter.h>

#define XLSX_MAX_STR  32767 /* Excel's limit on characters in a cell */
#define XLSX_MAX_NAME 31    /* Excel's limit on characters in a sheet name */

/* A workbook being written. */
struct Xlsx {
    char *zDir;         /* Private temp directory; owned */
    char *zPath;        /* The workbook file inside zDir; owned */
    lxw_workbook *pWb;  /* Open workbook, NULL once closed or freed */
    lxw_worksheet *pWs; /* Current sheet, or NULL before the first */
    lxw_format *pText;  /* Text format "@"; owned by pWb */
    lxw_format *pHead;  /* Bold text format "@"; owned by pWb */
    int iRow;           /* Next row of the current sheet */
    int nSheet;         /* Sheets added */
    char **azName;      /* Names of the sheets added; owned */
    lxw_error err;      /* First write error, LXW_NO_ERROR if none */
    int iErrRow;        /* Row of that error (0-based) */
};

/*
** Length of the valid UTF-8 sequence at z (NUL-terminated), or 0 if the
** bytes there are not one.  Same rules as sheet.c.
*/
static int utf8_len(const unsigned char *z)
{
    unsigned c = z[0];
    if (c < 0x80) return 1;
    int n = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : 2;
    if (c < 0xc2 || c > 0xf4) return 0;
    for (int i = 1; i < n; i++)
        if ((z[i] & 0xc0) != 0x80) return 0; /* also stops at the NUL */
    if (c == 0xe0 && z[1] < 0xa0) return 0;
    if (c == 0xed && z[1] > 0x9f) return 0;
    if (c == 0xf0 && z[1] < 0x90) return 0;
    if (c == 0xf4 && z[1] > 0x8f) return 0;
    return n;
}

/*
** True if z, after any leading single quotes, starts with a formula
** trigger: = + - @ or a control character (TAB, CR, LF, any byte below
** 0x20).  Such values get one more leading quote; counting the quotes
** already there makes a value that really starts with ' round-trip too.
*/
static int starts_with_trigger(const char *z)
{
    while (*z == '\'')
        z++;
    unsigned char c = (unsigned char)*z;
    return c == '=' || c == '+' || c == '-' || c == '@' || (c && c < 0x20);
}

/* True if z starts an OOXML escape _xHHHH_, which a reader would decode,
** so a literal one must have its '_' escaped as _x005F_. */
static int is_x_escape(const char *z)
{
    if (z[0] != '_' || z[1] != 'x') return 0;
    for (int i = 2; i < 6; i++) {
        char c = z[i];
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
              (c >= 'A' && c <= 'F')))
            return 0;
    }
    return z[6] == '_';
}

/*
** The text to store for cell value z: z itself when it needs nothing,
** otherwise a cleaned copy in b (borrowed, valid until b changes): a
** neutralising leading quote, invalid UTF-8 replaced by U+FFFD, literal
** _xHHHH_ escaped, and cut to XLSX_MAX_STR UTF-16 units.
*/
static const char *cell_text(const char *z, Buf *b)
{
    int bQuote = starts_with_trigger(z);
    int nUnit = bQuote;
    const char *zIn = z;
    while (!bQuote && *zIn) { /* fast path: z is fine as it is */
        int k = utf8_len((const unsigned char *)zIn);
        if (!k || (*zIn == '_' && is_x_escape(zIn))) break;
        nUnit += k == 4 ? 2 : 1;
        if (nUnit > XLSX_MAX_STR) break;
        zIn += k;
    }
    if (!bQuote && !*zIn) return z;
    nUnit = bQuote;
    buf_reset(b);
    if (bQuote) buf_append(b, "'", 1);
    for (zIn = z; *zIn;) {
        int k = utf8_len((const unsigned char *)zIn);
        int nAdd = k == 4 ? 2 : 1;
        if (*zIn == '_' && is_x_escape(zIn)) nAdd = 7;
        if (nUnit + nAdd > XLSX_MAX_STR) break;
        nUnit += nAdd;
        if (nAdd == 7) {
            buf_append(b, "_x005F_", 7);
            zIn++;
        } else if (k == 0) {
            buf_append(b, "\xef\xbf\xbd", 3);
            zIn++;
        } else {
            buf_append(b, zIn, (size_t)k);
            zIn += k;
        }
    }
    return buf_str(b);
}

/*
** Clean up a sheet name into b: invalid UTF-8 -> U+FFFD, []:*?/\ and
** control characters -> _, at most XLSX_MAX_NAME - nReserve UTF-16 units,
** and no ' at either end.
*/
static void name_clean(const char *zName, int nReserve, Buf *b)
{
    int nUnit = 0;
    buf_reset(b);
    while (*zName) {
        int k = utf8_len((const unsigned char *)zName);
        int nAdd = k == 4 ? 2 : 1;
        if (nUnit + nAdd > XLSX_MAX_NAME - nReserve) break;
        nUnit += nAdd;
        if (k == 0) {
            buf_append(b, "\xef\xbf\xbd", 3);
            zName++;
        } else if (k == 1 && (strchr("[]:*?/\\", *zName) ||
                              (unsigned char)*zName < 0x20)) {
            buf_append(b, "_", 1);
            zName++;
        } else {
            buf_append(b, zName, (size_t)k);
            zName += k;
        }
    }
    if (b->n && b->z[0] == '\'') b->z[0] = '_';
    if (b->n && b->z[b->n - 1] == '\'') b->z[b->n - 1] = '_';
}

/* True if a sheet named zName (ASCII case-insensitive) exists in p, or the
** name is Excel's reserved "History". */
static int name_taken(const Xlsx *p, const char *zName)
{
    if (strcasecmp(zName, "History") == 0) return 1;
    for (int i = 0; i < p->nSheet; i++)
        if (strcasecmp(p->azName[i], zName) == 0) return 1;
    return 0;
}

/*
** Start a workbook in a private temporary directory.  See xlsx.h.
*/
int xlsx_new(Xlsx **pp, char **pzErr)
{
    const char *zTmp = getenv("TMPDIR");
    Xlsx *p = xcalloc(1, sizeof *p);
    *pp = 0;
    *pzErr = 0;
    if (!zTmp || !*zTmp) zTmp = "/tmp";
    p->zDir = xprintf("%s/zhibu-xlsx-XXXXXX", zTmp);
    if (!mkdtemp(p->zDir)) {
        *pzErr = xprintf("xlsx: mkdtemp in %s: %s", zTmp, strerror(errno));
        free(p->zDir);
        free(p);
        return 1;
    }
    p->zPath = xprintf("%s/export.xlsx", p->zDir);
    lxw_workbook_options opt = {
        .constant_memory = LXW_TRUE, .tmpdir = p->zDir, .use_zip64 = LXW_FALSE};
    p->pWb = workbook_new_opt(p->zPath, &opt);
    if (!p->pWb) {
        *pzErr = xstrdup("xlsx: workbook_new_opt failed");
        xlsx_free(p);
        return 1;
    }
    p->pText = workbook_add_format(p->pWb);
    format_set_num_format_index(p->pText, 49); /* "@" */
    p->pHead = workbook_add_format(p->pWb);
    format_set_num_format_index(p->pHead, 49);
    format_set_bold(p->pHead);
    *pp = p;
    return 0;
}

/*
** Add a sheet named after zName (cleaned up as xlsx.h says) and make it
** current.  Returns 0, or nonzero (also remembered for xlsx_finish()).
*/
int xlsx_sheet(Xlsx *p, const char *zName)
{
    Buf b = BUF_INIT;
    if (!p || !p->pWb) return 1;
    name_clean(zName ? zName : "", 0, &b);
    char *zBase =
        b.n ? xstrdup(buf_str(&b)) : xprintf("Sheet%d", p->nSheet + 1);
    if (!b.n) buf_appends(&b, zBase);
    for (int k = 2; name_taken(p, buf_str(&b)) && k < 1000; k++) {
        char *zSuffix = xprintf("(%d)", k);
        name_clean(zBase, (int)strlen(zSuffix), &b);
        buf_appends(&b, zSuffix);
        free(zSuffix);
    }
    free(zBase);
    lxw_worksheet *pWs = workbook_add_worksheet(p->pWb, buf_str(&b));
    if (!pWs) {
        buf_reset(&b);
        buf_appendf(&b, "Sheet%d", p->nSheet + 1);
        pWs = workbook_add_worksheet(p->pWb, buf_str(&b));
    }
    if (!pWs) {
        if (!p->err) p->err = LXW_ERROR_PARAMETER_VALIDATION;
        buf_free(&b);
        return 1;
    }
    p->azName = xrealloc(p->azName, sizeof(char *) * (size_t)(p->nSheet + 1));
    p->azName[p->nSheet++] = buf_take(&b);
    p->pWs = pWs;
    p->iRow = 0;
    return 0;
}

/* Make sure there is a current sheet.  Returns 0 or 1. */
static int need_sheet(Xlsx *p)
{
    if (!p || !p->pWb) return 1;
    return p->pWs ? 0 : xlsx_sheet(p, "Sheet1");
}

/* Set the widths of the first n columns of the current sheet; the columns
** also get the text format, so values typed in later stay text. */
void xlsx_widths(Xlsx *p, const double *aWidth, int n)
{
    if (need_sheet(p)) return;
    for (int i = 0; i < n && i < LXW_COL_MAX; i++) {
        lxw_error e = worksheet_set_column(p->pWs, (lxw_col_t)i, (lxw_col_t)i,
                                           aWidth[i], p->pText);
        if (e && !p->err) p->err = e;
    }
}

/* Append one row of n cells in format pFmt.  See xlsx_row(). */
static void put_row(Xlsx *p, const char *const *azCell, int n, lxw_format *pFmt)
{
    Buf b = BUF_INIT;
    if (need_sheet(p) || p->err) return;
    if (p->iRow >= LXW_ROW_MAX || n > LXW_COL_MAX) {
        p->err = LXW_ERROR_WORKSHEET_INDEX_OUT_OF_RANGE;
        p->iErrRow = p->iRow;
        return;
    }
    for (int i = 0; i < n; i++) {
        if (!azCell[i]) continue;
        lxw_error e =
            worksheet_write_string(p->pWs, (lxw_row_t)p->iRow, (lxw_col_t)i,
                                   cell_text(azCell[i], &b), pFmt);
        if (e && !p->err) {
            p->err = e;
            p->iErrRow = p->iRow;
        }
    }
    buf_free(&b);
    p->iRow++;
}

/* Append a bold header row.  See xlsx.h. */
void xlsx_header(Xlsx *p, const char *const *azCell, int n)
{
    if (p) put_row(p, azCell, n, p->pHead);
}

/* Append a data row.  See xlsx.h. */
void xlsx_row(Xlsx *p, const char *const *azCell, int n)
{
    if (p) put_row(p, azCell, n, p->pText);
}

/*
** Close the workbook and hand back an unlinked read-only fd.  See xlsx.h.
*/
int xlsx_finish(Xlsx *p, int *pFd, long long *pnSize, char **pzErr)
{
    int rc = 1;
    *pFd = -1;
    *pnSize = 0;
    *pzErr = 0;
    if (!p || !p->pWb) {
        *pzErr = xstrdup("xlsx: no open workbook");
        xlsx_free(p);
        return 1;
    }
    need_sheet(p);
    if (p->err) {
        *pzErr = xprintf("xlsx: write failed at row %d: %s", p->iErrRow + 1,
                         lxw_strerror(p->err));
        xlsx_free(p);
        return 1;
    }
    lxw_error e = workbook_close(p->pWb);
    p->pWb = 0;
    if (e) {
        *pzErr = xprintf("xlsx: workbook_close: %s", lxw_strerror(e));
    } else {
        int fd = open(p->zPath, O_RDONLY | O_CLOEXEC);
        struct stat st;
        if (fd < 0 || fstat(fd, &st) != 0) {
            *pzErr = xprintf("xlsx: open %s: %s", p->zPath, strerror(errno));
            if (fd >= 0) close(fd);
        } else {
            *pFd = fd;
            *pnSize = (long long)st.st_size;
            rc = 0;
        }
    }
    xlsx_free(p);
    return rc;
}

/* Drop a workbook, removing its file and temp directory.  NULL-safe. */
void xlsx_free(Xlsx *p)
{
    if (!p) return;
    if (p->pWb) lxw_workbook_free(p->pWb);
    if (p->zPath) unlink(p->zPath);
    if (p->zDir) rmdir(p->zDir);
    for (int i = 0; i < p->nSheet; i++)
        free(p->azName[i]);
    free(p->azName);
    free(p->zPath);
    free(p->zDir);
    free(p);
}
