/* sheet.c: read a table from an uploaded file for roster import (A2).
**
** Two formats.  An .xlsx file is opened from memory with libzip and its
** parts are streamed through expat: xl/workbook.xml and its relationships
** (to find the first sheet), xl/sharedStrings.xml, xl/styles.xml (which
** number styles are dates) and the sheet itself.  A .csv file is RFC 4180,
** in UTF-8 (with or without BOM) or else GB18030, converted with iconv.
**
** Defences (security checklist 4.4): the xlsx container must start with
** PK\3\4 and hold [Content_Types].xml (AS-F03); entry count, declared
** sizes and compression ratios are checked before anything is inflated,
** and every read is capped at 64 MiB per part (AS-F02); a DOCTYPE aborts
** the XML parse (no entity tricks); rows, columns and cell slots are
** capped.  Cells written by xlsx_row() with a neutralising leading quote
** (AS-F08) come back without it.
**
** All cell text lives in a string pool owned by the Sheet, so a shared
** string used by a million cells costs one copy.
**
** Entry points: sheet_read(), sheet_cell(), sheet_free().
*/
#include "sheet.h"
#include "buf.h"
#include "util.h"
#include <errno.h>
#include <expat.h>
#include <iconv.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <zip.h>

/* clang-format off */
#define SHEET_MAX_COL     256              /* columns per row */
#define SHEET_MAX_CELLS   8000000LL        /* cell slots in the whole table */
#define SHEET_MAX_PART (256u << 20) /* bytes of one xlsx part */
#define SHEET_MAX_TOTAL   (512LL << 20)    /* declared bytes of all entries */
#define SHEET_MAX_ENTRIES 10000            /* entries in the zip */
#define SHEET_MAX_RATIO   100              /* uncompressed / compressed */
#define SHEET_RATIO_FLOOR (1LL << 20)      /* ratio checked above this size */
#define SHEET_CHUNK       65536            /* pool chunk and read buffer */
/* clang-format on */

/* One block of the string pool. */
typedef struct Chunk Chunk;
struct Chunk {
    Chunk *pNext;  /* Older chunk */
    size_t nUsed;  /* Bytes handed out */
    size_t nAlloc; /* Bytes in a[] */
    char a[];      /* Storage */
};

/* The Sheet plus private state.  sheet_read() hands out &s. */
typedef struct SheetObj {
    Sheet s;           /* Public part; must be first */
    Chunk *pChunk;     /* String pool, newest chunk first */
    char *zEmpty;      /* The "" shared by empty cells; pool-owned */
    int *anAlloc;      /* Slots allocated in each row of s.aazCell */
    int nRowAlloc;     /* Rows allocated in s.aazCell and s.anCol */
    long long nSlot;   /* Cell slots in all rows */
    int nMaxRows;      /* Data rows allowed below the header */
    const char *zCode; /* First error: static code, or NULL */
    char *zMsg;        /* First error: message; owned */
} SheetObj;

/*
** Record the first error: a static code and a printf-formatted Chinese
** message.  Later errors are ignored.  Always returns 1, so callers can
** write "return sheet_fail(...)".
*/
static int sheet_fail(SheetObj *p, const char *zCode, const char *zFmt, ...)
    ZB_FMT(3, 4);
static int sheet_fail(SheetObj *p, const char *zCode, const char *zFmt, ...)
{
    va_list ap;
    if (p->zCode || !zFmt) return 1; /* !zFmt also quiets GCC 12 + UBSan */
    va_start(ap, zFmt);
    int n = vsnprintf(0, 0, zFmt, ap);
    va_end(ap);
    if (n < 0) n = 0;
    p->zMsg = xmalloc((size_t)n + 1);
    va_start(ap, zFmt);
    vsnprintf(p->zMsg, (size_t)n + 1, zFmt, ap);
    va_end(ap);
    p->zCode = zCode;
    return 1;
}

/* Copy z[0..n) into the pool, NUL-terminated.  Pool-owned. */
static char *pool_strndup(SheetObj *p, const char *z, size_t n)
{
    Chunk *c = p->pChunk;
    if (!c || c->nAlloc - c->nUsed < n + 1) {
        size_t nAlloc = n + 1 > SHEET_CHUNK ? n + 1 : SHEET_CHUNK;
        c = xmalloc(sizeof(Chunk) + nAlloc);
        c->nUsed = 0;
        c->nAlloc = nAlloc;
        c->pNext = p->pChunk;
        p->pChunk = c;
    }
    char *zOut = c->a + c->nUsed;
    if (n) memcpy(zOut, z, n);
    zOut[n] = 0;
    c->nUsed += n + 1;
    return zOut;
}

/*
** Store the non-empty pool string z at (iRow, iCol), both 0-based, growing
** the table with empty rows and cells as needed.  Returns 0, or 1 after
** recording import.too_large.
*/
static int sheet_put(SheetObj *p, int iRow, int iCol, char *z)
{
    Sheet *s = &p->s;
    if (iRow > p->nMaxRows)
        return sheet_fail(p, "import.too_large", "数据行数超过上限（%d 行）",
                          p->nMaxRows);
    if (iCol >= SHEET_MAX_COL)
        return sheet_fail(p, "import.too_large", "列数超过上限（%d 列）",
                          SHEET_MAX_COL);
    while (s->nRow <= iRow) {
        if (s->nRow == p->nRowAlloc) {
            int n = p->nRowAlloc ? p->nRowAlloc * 2 : 64;
            s->aazCell = xrealloc(s->aazCell, sizeof(char **) * (size_t)n);
            s->anCol = xrealloc(s->anCol, sizeof(int) * (size_t)n);
            p->anAlloc = xrealloc(p->anAlloc, sizeof(int) * (size_t)n);
            p->nRowAlloc = n;
        }
        s->aazCell[s->nRow] = 0;
        s->anCol[s->nRow] = 0;
        p->anAlloc[s->nRow] = 0;
        s->nRow++;
    }
    if (iCol >= s->anCol[iRow]) {
        int nOld = s->anCol[iRow];
        if (p->nSlot + (iCol + 1 - nOld) > SHEET_MAX_CELLS)
            return sheet_fail(p, "import.too_large", "表格单元格数量过多");
        if (iCol >= p->anAlloc[iRow]) {
            int n = p->anAlloc[iRow] ? p->anAlloc[iRow] * 2 : 16;
            if (n < iCol + 1) n = iCol + 1;
            if (n > SHEET_MAX_COL) n = SHEET_MAX_COL;
            s->aazCell[iRow] =
                xrealloc(s->aazCell[iRow], sizeof(char *) * (size_t)n);
            p->anAlloc[iRow] = n;
        }
        for (int i = nOld; i <= iCol; i++)
            s->aazCell[iRow][i] = p->zEmpty;
        p->nSlot += iCol + 1 - nOld;
        s->anCol[iRow] = iCol + 1;
        if (s->nCol < iCol + 1) s->nCol = iCol + 1;
    }
    s->aazCell[iRow][iCol] = z;
    return 0;
}

/*
** True if z, after any leading single quotes, starts with a formula
** trigger: = + - @ or a control character.  The same rule as xlsx.c uses
** to decide which values get a neutralising quote.
*/
static int starts_with_trigger(const char *z)
{
    while (*z == '\'')
        z++;
    unsigned char c = (unsigned char)*z;
    return c == '=' || c == '+' || c == '-' || c == '@' || (c && c < 0x20);
}

/* Drop a leading quote that neutralises a formula trigger.  The result is
** z or z+1. */
static char *unquote(char *z)
{
    return (z[0] == '\'' && starts_with_trigger(z + 1)) ? z + 1 : z;
}

/* Store a cell after removing a neutralising quote; empty text stores
** nothing.  Returns 0 or 1 on error. */
static int sheet_put_text(SheetObj *p, int iRow, int iCol, char *z)
{
    z = unquote(z);
    return *z ? sheet_put(p, iRow, iCol, z) : 0;
}

/*
** Return the length of the valid UTF-8 sequence at z[0..n), or 0 if the
** bytes there are not one (overlong forms, surrogates and code points
** above U+10FFFF are invalid).  n must be at least 1.
*/
static int utf8_len(const unsigned char *z, size_t n)
{
    unsigned c = z[0];
    if (c < 0x80) return 1;
    int nLen = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : 2;
    if (c < 0xc2 || c > 0xf4 || n < (size_t)nLen) return 0;
    for (int i = 1; i < nLen; i++)
        if ((z[i] & 0xc0) != 0x80) return 0;
    if (c == 0xe0 && z[1] < 0xa0) return 0; /* overlong */
    if (c == 0xed && z[1] > 0x9f) return 0; /* surrogate */
    if (c == 0xf0 && z[1] < 0x90) return 0; /* overlong */
    if (c == 0xf4 && z[1] > 0x8f) return 0; /* above U+10FFFF */
    return nLen;
}

/* True if z[0..n) is entirely valid UTF-8. */
static int utf8_valid(const char *z, size_t n)
{
    const unsigned char *u = (const unsigned char *)z;
    size_t i = 0;
    while (i < n) {
        int k = utf8_len(u + i, n - i);
        if (!k) return 0;
        i += (size_t)k;
    }
    return 1;
}

/* Append code point u to b as UTF-8. */
static void utf8_put(Buf *b, unsigned u)
{
    char a[4];
    int n;
    if (u < 0x80) {
        a[0] = (char)u;
        n = 1;
    } else if (u < 0x800) {
        a[0] = (char)(0xc0 | (u >> 6));
        a[1] = (char)(0x80 | (u & 0x3f));
        n = 2;
    } else if (u < 0x10000) {
        a[0] = (char)(0xe0 | (u >> 12));
        a[1] = (char)(0x80 | ((u >> 6) & 0x3f));
        a[2] = (char)(0x80 | (u & 0x3f));
        n = 3;
    } else {
        a[0] = (char)(0xf0 | (u >> 18));
        a[1] = (char)(0x80 | ((u >> 12) & 0x3f));
        a[2] = (char)(0x80 | ((u >> 6) & 0x3f));
        a[3] = (char)(0x80 | (u & 0x3f));
        n = 4;
    }
    buf_append(b, a, (size_t)n);
}

/*
** Convert z[0..n) from GB18030 to UTF-8.  Returns the text (caller frees
** with free(); *pnOut gets its length), or NULL if the bytes are not valid
** GB18030 or iconv has no GB18030.
*/
static char *gb18030_to_utf8(const char *z, size_t n, size_t *pnOut)
{
    iconv_t cd = iconv_open("UTF-8", "GB18030");
    if (cd == (iconv_t)-1) return 0;
    size_t nAlloc = n * 2 + 16;
    char *zOut = xmalloc(nAlloc);
    char *pIn = (char *)z;
    size_t nIn = n;
    char *pOut = zOut;
    size_t nLeft = nAlloc - 1;
    int bOk = 1;
    while (nIn > 0) {
        if (iconv(cd, &pIn, &nIn, &pOut, &nLeft) != (size_t)-1) continue;
        if (errno != E2BIG) {
            bOk = 0; /* EILSEQ or EINVAL (truncated at the end) */
            break;
        }
        size_t nDone = (size_t)(pOut - zOut);
        nAlloc *= 2;
        zOut = xrealloc(zOut, nAlloc);
        pOut = zOut + nDone;
        nLeft = nAlloc - nDone - 1;
    }
    if (bOk && iconv(cd, 0, 0, &pOut, &nLeft) == (size_t)-1) bOk = 0;
    iconv_close(cd);
    if (!bOk) {
        free(zOut);
        return 0;
    }
    *pOut = 0;
    *pnOut = (size_t)(pOut - zOut);
    return zOut;
}

/*
** Parse CSV text z[0..n) (UTF-8, BOM already removed) into p.  RFC 4180
** plus: CR, LF or CRLF end a record; text after a closing quote is kept
** as-is; a fully empty record is an empty row.  Returns 0 or 1 on error.
*/
static int csv_parse(SheetObj *p, const char *z, size_t n)
{
    size_t i = 0;
    int iRow = 0, iCol = 0;
    Buf b = BUF_INIT;
    while (i < n) {
        char *zCell;
        if (z[i] == '"') {
            int iStart = iRow;
            buf_reset(&b);
            i++;
            for (;;) {
                const char *q = memchr(z + i, '"', n - i);
                if (!q) {
                    buf_free(&b);
                    return sheet_fail(p, "import.corrupt",
                                      "CSV 文件第 %d 行的引号没有闭合",
                                      iStart + 1);
                }
                buf_append(&b, z + i, (size_t)(q - (z + i)));
                i = (size_t)(q - z) + 1;
                if (i < n && z[i] == '"') {
                    buf_append(&b, "\"", 1);
                    i++;
                } else {
                    break;
                }
            }
            size_t iRest = i;
            while (i < n && z[i] != ',' && z[i] != '\r' && z[i] != '\n')
                i++;
            buf_append(&b, z + iRest, i - iRest);
            zCell = pool_strndup(p, buf_str(&b), b.n);
        } else {
            size_t iStart = i;
            while (i < n && z[i] != ',' && z[i] != '\r' && z[i] != '\n')
                i++;
            zCell = i > iStart ? pool_strndup(p, z + iStart, i - iStart)
                               : p->zEmpty;
        }
        if (sheet_put_text(p, iRow, iCol, zCell)) {
            buf_free(&b);
            return 1;
        }
        if (i >= n) break;
        if (z[i] == ',') {
            i++;
            iCol++;
            continue;
        }
        if (z[i] == '\r' && i + 1 < n && z[i + 1] == '\n') i++;
        i++;
        iCol = 0;
        if (iRow <= p->nMaxRows) iRow++; /* saturate; sheet_put() rejects */
    }
    buf_free(&b);
    return 0;
}

/*
** Read a CSV file: strip a UTF-8 BOM, take the bytes as UTF-8 if they are
** valid UTF-8 and otherwise convert them from GB18030.  Returns 0 or 1.
*/
static int csv_read(SheetObj *p, const char *z, size_t n)
{
    const unsigned char *u = (const unsigned char *)z;
    char *zConv = 0;
    if (n >= 2 &&
        ((u[0] == 0xff && u[1] == 0xfe) || (u[0] == 0xfe && u[1] == 0xff)))
        return sheet_fail(p, "import.encoding",
                          "不支持 UTF-16 编码的文件，请另存为"
                          "“CSV UTF-8”或 GB18030 编码的 CSV");
    if (memchr(z, 0, n))
        return sheet_fail(p, "import.encoding",
                          "文件包含空字符，不是文本格式的 CSV 文件");
    if (n >= 3 && u[0] == 0xef && u[1] == 0xbb && u[2] == 0xbf) {
        z += 3;
        n -= 3;
    }
    if (!utf8_valid(z, n)) {
        size_t nConv = 0;
        zConv = gb18030_to_utf8(z, n, &nConv);
        if (!zConv || !utf8_valid(zConv, nConv)) {
            free(zConv);
            return sheet_fail(p, "import.encoding",
                              "无法识别文件编码，请使用 UTF-8 或 GB18030"
                              "（GBK）编码保存");
        }
        z = zConv;
        n = nConv;
        u = (const unsigned char *)z;
        if (n >= 3 && u[0] == 0xef && u[1] == 0xbb && u[2] == 0xbf) {
            z += 3; /* GB18030 BOM 84 31 95 33 became U+FEFF */
            n -= 3;
        }
    }
    int rc = csv_parse(p, z, n);
    free(zConv);
    return rc;
}

/* ---- xlsx: dates and numbers ---- */

/* Days from 1970-01-01 to y-m-d in the proleptic Gregorian calendar
** (H. Hinnant's algorithm). */
static long days_from_civil(long y, int m, int d)
{
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

/* Format day number z (days from 1970-01-01) as YYYY-MM-DD into a[11]. */
static void civil_format(long z, char a[11])
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long y = yoe + era * 400;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    long d = doy - (153 * mp + 2) / 5 + 1;
    long m = mp < 10 ? mp + 3 : mp - 9;
    y = (y + (m <= 2)) % 10000;
    if (y < 0) y += 10000;
    a[0] = (char)('0' + y / 1000);
    a[1] = (char)('0' + y / 100 % 10);
    a[2] = (char)('0' + y / 10 % 10);
    a[3] = (char)('0' + y % 10);
    a[4] = '-';
    a[5] = (char)('0' + m / 10);
    a[6] = (char)('0' + m % 10);
    a[7] = '-';
    a[8] = (char)('0' + d / 10);
    a[9] = (char)('0' + d % 10);
    a[10] = 0;
}

/*
** Convert an Excel date serial to YYYY-MM-DD in a[11].  In the 1900
** system serial 1 is 1900-01-01 and serial 60 is Excel's phantom
** 1900-02-29 (the Lotus bug); in the 1904 system serial 0 is 1904-01-01.
** Returns 0, or 1 if the value is not a date (too small, too large, or
** not a number) so the caller keeps the number text.
*/
static int serial_to_date(const char *z, int b1904, char a[11])
{
    char *zEnd;
    double r = strtod(z, &zEnd);
    if (zEnd == z || *zEnd) return 1;
    r += 0.5 / 86400000.0; /* Excel rounds times to the millisecond */
    if (b1904) {
        if (!(r >= 0 && r < 2957004)) return 1;
        civil_format(days_from_civil(1904, 1, 1) + (long)r, a);
        return 0;
    }
    if (!(r >= 1 && r < 2958466)) return 1;
    long n = (long)r;
    if (n == 60) {
        memcpy(a, "1900-02-29", 11);
    } else {
        civil_format(days_from_civil(1899, 12, n < 60 ? 31 : 30) + n, a);
    }
    return 0;
}

/*
** Rewrite the number text z in plain form into b and return 1, or return
** 0 to keep z as it is.  "1.1010519491231E+17" becomes
** "110105194912310000" when the value is integral and below 1e18 (ID
** numbers pasted as numbers; lost digits stay lost), and "12.0" becomes
** "12".
*/
static int number_plain(const char *z, Buf *b)
{
    const char *zInt, *zFrac = "";
    size_t nInt, nFrac = 0;
    int bNeg = (*z == '-');
    if (*z == '-' || *z == '+') z++;
    zInt = z;
    while (*z >= '0' && *z <= '9')
        z++;
    nInt = (size_t)(z - zInt);
    if (*z == '.') {
        zFrac = ++z;
        while (*z >= '0' && *z <= '9')
            z++;
        nFrac = (size_t)(z - zFrac);
    }
    if (nInt + nFrac == 0) return 0;
    long nExp = 0;
    if (*z == 'e' || *z == 'E') {
        int bExpNeg = 0;
        z++;
        if (*z == '+' || *z == '-') bExpNeg = (*z++ == '-');
        if (!(*z >= '0' && *z <= '9')) return 0;
        while (*z >= '0' && *z <= '9') {
            nExp = nExp * 10 + (*z++ - '0');
            if (nExp > 400) return 0;
        }
        if (bExpNeg) nExp = -nExp;
    } else if (nFrac == 0) {
        return 0; /* plain integer: nothing to do */
    }
    if (*z) return 0;
    /* All mantissa digits D = int . frac; the decimal point sits after
    ** nPoint digits of D. */
    char aDig[64];
    if (nInt + nFrac >= sizeof(aDig)) return 0;
    memcpy(aDig, zInt, nInt);
    memcpy(aDig + nInt, zFrac, nFrac);
    size_t nDig = nInt + nFrac;
    long nPoint = (long)nInt + nExp;
    size_t iFirst = 0;
    while (iFirst < nDig && aDig[iFirst] == '0') {
        iFirst++;
        nPoint--;
    }
    if (iFirst == nDig) {
        buf_append(b, "0", 1);
        return 1;
    }
    for (long i = nPoint < 0 ? 0 : nPoint; i < (long)(nDig - iFirst); i++)
        if (aDig[iFirst + (size_t)i] != '0') return 0; /* not integral */
    if (nPoint <= 0 || nPoint > 18) return 0;
    if (bNeg) buf_append(b, "-", 1);
    for (long i = 0; i < nPoint; i++)
        buf_append(
            b, i < (long)(nDig - iFirst) ? &aDig[iFirst + (size_t)i] : "0", 1);
    return 1;
}

/*
** True if the custom number format zFmt shows a date: it has y or d, or m
** without h or s (m alone may be minutes), outside "quoted text",
** [brackets] and the \x _x *x escapes.
*/
static int format_is_date(const char *zFmt)
{
    int bY = 0, bM = 0, bT = 0;
    for (const char *z = zFmt; *z; z++) {
        char c = *z;
        if (c == '"') {
            z++;
            while (*z && *z != '"')
                z++;
            if (!*z) break;
        } else if (c == '[') {
            while (*z && *z != ']')
                z++;
            if (!*z) break;
        } else if (c == '\\' || c == '_' || c == '*') {
            if (!z[1]) break;
            z++;
        } else if (c == 'y' || c == 'Y' || c == 'd' || c == 'D') {
            bY = 1;
        } else if (c == 'm' || c == 'M') {
            bM = 1;
        } else if (c == 'h' || c == 'H' || c == 's' || c == 'S') {
            bT = 1;
        }
    }
    return bY || (bM && !bT);
}

/* True if the built-in number format iFmt is a date: 14-22, and the
** zh-CN locale dates 27-31, 36, 50-54, 57, 58. */
static int builtin_is_date(int iFmt)
{
    return (iFmt >= 14 && iFmt <= 22) || (iFmt >= 27 && iFmt <= 31) ||
           iFmt == 36 || (iFmt >= 50 && iFmt <= 54) || iFmt == 57 || iFmt == 58;
}

/*
** Append z[0..n) to b, decoding the OOXML escapes _xHHHH_ (UTF-16 code
** units; pairs of surrogates combine, a lone surrogate becomes U+FFFD,
** U+0000 is dropped).
*/
static void unescape_x(Buf *b, const char *z, size_t n)
{
    size_t i = 0;
    while (i < n) {
        unsigned u = 0;
        int k;
        if (i + 7 > n || z[i] != '_' || z[i + 1] != 'x' || z[i + 6] != '_') {
            buf_append(b, z + i, 1);
            i++;
            continue;
        }
        for (k = 2; k < 6; k++) {
            char c = z[i + (size_t)k];
            unsigned v = (c >= '0' && c <= '9')   ? (unsigned)(c - '0')
                         : (c >= 'a' && c <= 'f') ? (unsigned)(c - 'a' + 10)
                         : (c >= 'A' && c <= 'F') ? (unsigned)(c - 'A' + 10)
                                                  : 16;
            if (v == 16) break;
            u = u * 16 + v;
        }
        if (k < 6) {
            buf_append(b, z + i, 1);
            i++;
            continue;
        }
        i += 7;
        if (u >= 0xd800 && u <= 0xdbff && i + 7 <= n && z[i] == '_' &&
            z[i + 1] == 'x' && z[i + 6] == '_') {
            char aHex[5];
            memcpy(aHex, z + i + 2, 4);
            aHex[4] = 0;
            char *zEnd;
            unsigned long lo = strtoul(aHex, &zEnd, 16);
            if (*zEnd == 0 && lo >= 0xdc00 && lo <= 0xdfff) {
                u = 0x10000 + ((u - 0xd800) << 10) + (unsigned)(lo - 0xdc00);
                i += 7;
            }
        }
        if (u >= 0xd800 && u <= 0xdfff) u = 0xfffd;
        if (u) utf8_put(b, u);
    }
}

/* Pool copy of z[0..n) with _xHHHH_ escapes decoded.  Pool-owned. */
static char *pool_unescape(SheetObj *p, const char *z, size_t n)
{
    if (!memmem(z, n, "_x", 2)) return pool_strndup(p, z, n);
    Buf b = BUF_INIT;
    unescape_x(&b, z, n);
    char *zOut = pool_strndup(p, buf_str(&b), b.n);
    buf_free(&b);
    return zOut;
}

/* ---- xlsx: XML parts ---- */

/* Common head of every XML parse context (the expat user data). */
typedef struct XmlBase {
    SheetObj *p;  /* Where errors go */
    XML_Parser x; /* The running parser, for XML_StopParser() */
} XmlBase;

/* Local part of an expat name "namespace|local" (or the name itself). */
static const char *lname(const char *z)
{
    const char *zBar = strrchr(z, '|');
    return zBar ? zBar + 1 : z;
}

/* The value of the attribute with local name zLocal, or NULL. */
static const char *attr(const char **azAttr, const char *zLocal)
{
    for (int i = 0; azAttr[i]; i += 2)
        if (strcmp(lname(azAttr[i]), zLocal) == 0) return azAttr[i + 1];
    return 0;
}

/* Parse a whole non-negative decimal int (no sign, at most 9 digits);
** returns -1 if z is not one. */
static int parse_uint(const char *z)
{
    int v = 0, n = 0;
    if (!z) return -1;
    while (*z == ' ')
        z++;
    for (; *z >= '0' && *z <= '9'; z++, n++) {
        if (n == 9) return -1;
        v = v * 10 + (*z - '0');
    }
    while (*z == ' ')
        z++;
    return (n && !*z) ? v : -1;
}

/* Expat DOCTYPE handler: OOXML has none, so refuse (no entity games). */
static void xml_doctype(void *pUser, const char *zName, const char *zSys,
                        const char *zPub, int bInternal)
{
    XmlBase *pB = pUser;
    (void)zName;
    (void)zSys;
    (void)zPub;
    (void)bInternal;
    sheet_fail(pB->p, "import.corrupt", "xlsx 文件已损坏（包含 DOCTYPE）");
    XML_StopParser(pB->x, XML_FALSE);
}

/*
** Look up part zName (case-insensitive) and check its declared sizes:
** at most SHEET_MAX_PART bytes and a sane compression ratio.  Returns 0
** with *piEntry set (-1 if absent and !bRequired), or 1 on error.
*/
static int part_find(SheetObj *p, zip_t *pZip, const char *zName, int bRequired,
                     zip_int64_t *piEntry)
{
    zip_stat_t st;
    *piEntry = zip_name_locate(pZip, zName, ZIP_FL_NOCASE);
    if (*piEntry < 0) {
        if (!bRequired) return 0;
        return sheet_fail(p, "import.corrupt", "xlsx 文件已损坏（缺少 %s）",
                          zName);
    }
    zip_stat_init(&st);
    if (zip_stat_index(pZip, (zip_uint64_t)*piEntry, 0, &st) ||
        !(st.valid & ZIP_STAT_SIZE) || !(st.valid & ZIP_STAT_COMP_SIZE))
        return sheet_fail(p, "import.corrupt", "xlsx 文件已损坏（%s）", zName);
    if (st.size > (zip_uint64_t)SHEET_MAX_PART)
        return sheet_fail(p, "import.too_large",
                          "xlsx 文件内容过大（%s 解压后超过 64 MiB）", zName);
    if (st.size > (zip_uint64_t)SHEET_RATIO_FLOOR &&
        st.size / (st.comp_size ? st.comp_size : 1) > SHEET_MAX_RATIO)
        return sheet_fail(p, "import.too_large",
                          "xlsx 文件压缩比异常，拒绝解压（%s）", zName);
    return 0;
}

/*
** Stream zip entry iEntry (named zName, for messages) through an expat
** parser with the given handlers and user data pUser (which starts with an
** XmlBase).  Reads stop at SHEET_MAX_PART bytes whatever the header
** claims.  Returns 0, or 1 with the error recorded.
*/
static int part_parse(SheetObj *p, zip_t *pZip, zip_int64_t iEntry,
                      const char *zName, XmlBase *pUser,
                      XML_StartElementHandler xStart,
                      XML_EndElementHandler xEnd,
                      XML_CharacterDataHandler xText)
{
    zip_file_t *pFile = zip_fopen_index(pZip, (zip_uint64_t)iEntry, 0);
    if (!pFile)
        return sheet_fail(p, "import.corrupt", "xlsx 文件已损坏（无法读取 %s）",
                          zName);
    XML_Parser x = XML_ParserCreateNS(0, '|');
    char *aBuf = xmalloc(SHEET_CHUNK);
    long long nTotal = 0;
    int rc = 0;
    pUser->p = p;
    pUser->x = x;
    XML_SetUserData(x, pUser);
    XML_SetElementHandler(x, xStart, xEnd);
    if (xText) XML_SetCharacterDataHandler(x, xText);
    XML_SetStartDoctypeDeclHandler(x, xml_doctype);
    for (;;) {
        zip_int64_t n = zip_fread(pFile, aBuf, SHEET_CHUNK);
        if (n < 0) {
            rc = sheet_fail(p, "import.corrupt",
                            "xlsx 文件已损坏（%s 解压失败）", zName);
            break;
        }
        nTotal += n;
        if (nTotal > SHEET_MAX_PART) {
            rc = sheet_fail(p, "import.too_large",
                            "xlsx 文件内容过大（%s 解压后超过 64 MiB）", zName);
            break;
        }
        if (XML_Parse(x, aBuf, (int)n, n == 0) != XML_STATUS_OK) {
            rc = sheet_fail(p, "import.corrupt",
                            "xlsx 文件已损坏（%s 第 %lu 行：%s）", zName,
                            (unsigned long)XML_GetCurrentLineNumber(x),
                            XML_ErrorString(XML_GetErrorCode(x)));
            break;
        }
        if (p->zCode) { /* a handler failed but did not stop the parser */
            rc = 1;
            break;
        }
        if (n == 0) break;
    }
    free(aBuf);
    XML_ParserFree(x);
    zip_fclose(pFile);
    return rc;
}

/* Parse context for xl/workbook.xml. */
typedef struct WbCtx {
    XmlBase base; /* Must be first */
    char *zRid;   /* r:id of the first <sheet>; owned */
    int b1904;    /* workbookPr date1904 */
} WbCtx;

/* Expat start handler for xl/workbook.xml. */
static void wb_start(void *pUser, const char *zEl, const char **azAttr)
{
    WbCtx *c = pUser;
    const char *z = lname(zEl);
    if (strcmp(z, "workbookPr") == 0) {
        const char *zV = attr(azAttr, "date1904");
        c->b1904 = zV && (strcmp(zV, "1") == 0 || strcmp(zV, "true") == 0);
    } else if (strcmp(z, "sheet") == 0 && !c->zRid) {
        c->zRid = xstrdup(attr(azAttr, "id"));
    }
}

/* Expat end handler that does nothing. */
static void xml_end_none(void *pUser, const char *zEl)
{
    (void)pUser;
    (void)zEl;
}

/* Parse context for xl/_rels/workbook.xml.rels. */
typedef struct RelCtx {
    XmlBase base;      /* Must be first */
    const char *zWant; /* Relationship id of the first sheet, or NULL */
    char *zSheet;      /* Part name of that sheet; owned */
    char *zStrings;    /* Part name of the shared strings; owned */
    char *zStyles;     /* Part name of the styles; owned */
} RelCtx;

/* Resolve a relationship target against xl/ into a zip entry name.
** Caller frees with free(). */
static char *rel_resolve(const char *zTarget)
{
    Buf b = BUF_INIT;
    const char *z = zTarget;
    if (*z == '/') {
        z++;
    } else {
        buf_appends(&b, "xl/");
    }
    while (*z) {
        size_t n = strcspn(z, "/");
        if (n == 2 && z[0] == '.' && z[1] == '.') {
            if (b.n) b.n--; /* drop the trailing '/' and the segment */
            while (b.n && b.z[b.n - 1] != '/')
                b.n--;
            if (b.z) b.z[b.n] = 0;
        } else if (n && !(n == 1 && z[0] == '.')) {
            buf_append(&b, z, n);
            if (z[n]) buf_append(&b, "/", 1);
        }
        z += n;
        if (*z) z++;
    }
    return buf_take(&b);
}

/* True if z ends with zSuffix. */
static int ends_with(const char *z, const char *zSuffix)
{
    size_t n = strlen(z), m = strlen(zSuffix);
    return n >= m && strcmp(z + n - m, zSuffix) == 0;
}

/* Expat start handler for the workbook relationships. */
static void rel_start(void *pUser, const char *zEl, const char **azAttr)
{
    RelCtx *c = pUser;
    if (strcmp(lname(zEl), "Relationship") != 0) return;
    const char *zId = attr(azAttr, "Id");
    const char *zType = attr(azAttr, "Type");
    const char *zTarget = attr(azAttr, "Target");
    const char *zMode = attr(azAttr, "TargetMode");
    if (!zTarget || (zMode && strcmp(zMode, "External") == 0)) return;
    char **pz = 0;
    if (zId && c->zWant && strcmp(zId, c->zWant) == 0) {
        pz = &c->zSheet;
    } else if (zType && ends_with(zType, "/sharedStrings")) {
        pz = &c->zStrings;
    } else if (zType && ends_with(zType, "/styles")) {
        pz = &c->zStyles;
    }
    if (pz && !*pz) *pz = rel_resolve(zTarget);
}

/* Parse context for the shared strings part. */
typedef struct SstCtx {
    XmlBase base; /* Must be first */
    char **az;    /* The strings; array owned, strings pool-owned */
    int n;        /* Strings in az */
    int nAlloc;   /* Slots in az */
    int bSi;      /* Inside <si> */
    int nPh;      /* Depth inside <rPh> (phonetic runs are skipped) */
    int bT;       /* Inside a <t> to collect */
    Buf b;        /* Text of the current <si> */
} SstCtx;

/* Expat start handler for shared strings. */
static void sst_start(void *pUser, const char *zEl, const char **azAttr)
{
    SstCtx *c = pUser;
    const char *z = lname(zEl);
    (void)azAttr;
    if (strcmp(z, "si") == 0) {
        c->bSi = 1;
        c->nPh = 0;
        buf_reset(&c->b);
    } else if (strcmp(z, "rPh") == 0) {
        c->nPh++;
    } else if (strcmp(z, "t") == 0 && c->bSi && !c->nPh) {
        c->bT = 1;
    }
}

/* Expat end handler for shared strings: an </si> adds one string. */
static void sst_end(void *pUser, const char *zEl)
{
    SstCtx *c = pUser;
    const char *z = lname(zEl);
    if (strcmp(z, "t") == 0) {
        c->bT = 0;
    } else if (strcmp(z, "rPh") == 0) {
        if (c->nPh) c->nPh--;
    } else if (strcmp(z, "si") == 0 && c->bSi) {
        if (c->n == c->nAlloc) {
            c->nAlloc = c->nAlloc ? c->nAlloc * 2 : 256;
            c->az = xrealloc(c->az, sizeof(char *) * (size_t)c->nAlloc);
        }
        c->az[c->n++] = pool_unescape(c->base.p, buf_str(&c->b), c->b.n);
        c->bSi = 0;
    }
}

/* Expat text handler for shared strings. */
static void sst_text(void *pUser, const char *z, int n)
{
    SstCtx *c = pUser;
    if (c->bT) buf_append(&c->b, z, (size_t)n);
}

/* Parse context for the styles part. */
typedef struct StyCtx {
    XmlBase base;     /* Must be first */
    int bNumFmts;     /* Inside <numFmts> */
    int bXfs;         /* Inside <cellXfs> */
    int *aXfFmt;      /* numFmtId of each cellXfs <xf>; owned */
    int nXf;          /* Entries in aXfFmt */
    int nXfAlloc;     /* Slots in aXfFmt */
    int *aCustom;     /* Custom format ids, bit 30 set for dates; owned */
    int nCustom;      /* Entries in aCustom */
    int nCustomAlloc; /* Slots in aCustom */
} StyCtx;

/* Append v to the growable int array *pa. */
static void int_push(int **pa, int *pn, int *pnAlloc, int v)
{
    if (*pn == *pnAlloc) {
        *pnAlloc = *pnAlloc ? *pnAlloc * 2 : 64;
        *pa = xrealloc(*pa, sizeof(int) * (size_t)*pnAlloc);
    }
    (*pa)[(*pn)++] = v;
}

/* Expat start handler for styles. */
static void sty_start(void *pUser, const char *zEl, const char **azAttr)
{
    StyCtx *c = pUser;
    const char *z = lname(zEl);
    if (strcmp(z, "numFmts") == 0) {
        c->bNumFmts = 1;
    } else if (strcmp(z, "cellXfs") == 0) {
        c->bXfs = 1;
    } else if (strcmp(z, "numFmt") == 0 && c->bNumFmts) {
        int iFmt = parse_uint(attr(azAttr, "numFmtId"));
        const char *zCode = attr(azAttr, "formatCode");
        if (iFmt < 0 || iFmt >= (1 << 30)) return;
        if (zCode && format_is_date(zCode)) iFmt |= 1 << 30;
        int_push(&c->aCustom, &c->nCustom, &c->nCustomAlloc, iFmt);
    } else if (strcmp(z, "xf") == 0 && c->bXfs) {
        int_push(&c->aXfFmt, &c->nXf, &c->nXfAlloc,
                 parse_uint(attr(azAttr, "numFmtId")));
    }
}

/* Expat end handler for styles. */
static void sty_end(void *pUser, const char *zEl)
{
    StyCtx *c = pUser;
    const char *z = lname(zEl);
    if (strcmp(z, "numFmts") == 0) c->bNumFmts = 0;
    if (strcmp(z, "cellXfs") == 0) c->bXfs = 0;
}

/* True if number format iFmt is a date, custom definitions first. */
static int sty_fmt_is_date(const StyCtx *c, int iFmt)
{
    if (iFmt < 0) return 0;
    for (int i = 0; i < c->nCustom; i++)
        if ((c->aCustom[i] & ~(1 << 30)) == iFmt)
            return (c->aCustom[i] >> 30) & 1;
    return builtin_is_date(iFmt);
}

/* Parse context for the worksheet. */
typedef struct WsCtx {
    XmlBase base;                /* Must be first */
    char **azSst;                /* Shared strings; borrowed */
    int nSst;                    /* Entries in azSst */
    const unsigned char *abDate; /* Per cell style: shows a date; borrowed */
    int nXf;                     /* Entries in abDate */
    int b1904;                   /* 1904 date system */
    int bData;                   /* Inside <sheetData> */
    int iRow;                    /* Current row, 0-based (-1 before any) */
    int iCol;                    /* Column of the previous cell in the row */
    int bCell;                   /* Inside <c> */
    int iCellRow, iCellCol;      /* Position of the current cell */
    char cType;                  /* s i(nlineStr) t(str) b e d n */
    int iStyle;                  /* s attribute (cell style index) */
    int bV;                      /* Inside <v> */
    int bIs;                     /* Inside <is> */
    int nPh;                     /* Depth inside <rPh> */
    int bT;                      /* Inside a <t> of <is> */
    Buf b;                       /* Text of the current cell */
} WsCtx;

/* Parse a cell reference like "B3" into 0-based row and column.  Returns
** 0, or 1 if z is not a valid reference. */
static int parse_ref(const char *z, int *piRow, int *piCol)
{
    int iCol = 0, iRow = 0, n = 0;
    if (!z) return 1;
    for (; (*z >= 'A' && *z <= 'Z') || (*z >= 'a' && *z <= 'z'); z++) {
        if (++n > 3) return 1;
        iCol = iCol * 26 + ((*z | 0x20) - 'a' + 1);
    }
    if (!n || iCol > 16384) return 1;
    iRow = parse_uint(z);
    if (iRow < 1 || iRow > 1048576) return 1;
    *piRow = iRow - 1;
    *piCol = iCol - 1;
    return 0;
}

/* Expat start handler for the worksheet. */
static void ws_start(void *pUser, const char *zEl, const char **azAttr)
{
    WsCtx *c = pUser;
    const char *z = lname(zEl);
    if (!c->bData) {
        if (strcmp(z, "sheetData") == 0) {
            c->bData = 1;
            c->iRow = -1;
        }
        return;
    }
    if (strcmp(z, "row") == 0) {
        int r = parse_uint(attr(azAttr, "r"));
        c->iRow = (r >= 1 && r <= 1048576) ? r - 1 : c->iRow + 1;
        c->iCol = -1;
    } else if (strcmp(z, "c") == 0) {
        const char *zT = attr(azAttr, "t");
        c->bCell = 1;
        if (parse_ref(attr(azAttr, "r"), &c->iCellRow, &c->iCellCol)) {
            c->iCellRow = c->iRow < 0 ? 0 : c->iRow;
            c->iCellCol = c->iCol + 1;
        }
        c->iRow = c->iCellRow;
        c->cType = 'n';
        if (zT) {
            if (strcmp(zT, "s") == 0) c->cType = 's';
            if (strcmp(zT, "inlineStr") == 0) c->cType = 'i';
            if (strcmp(zT, "str") == 0) c->cType = 't';
            if (strcmp(zT, "b") == 0) c->cType = 'b';
            if (strcmp(zT, "e") == 0) c->cType = 'e';
            if (strcmp(zT, "d") == 0) c->cType = 'd';
        }
        c->iStyle = parse_uint(attr(azAttr, "s"));
        if (c->iStyle < 0) c->iStyle = 0; /* no s means style 0 */
        c->bV = c->bIs = c->bT = c->nPh = 0;
        buf_reset(&c->b);
    } else if (!c->bCell) {
        return;
    } else if (strcmp(z, "v") == 0) {
        c->bV = 1;
    } else if (strcmp(z, "is") == 0) {
        c->bIs = 1;
    } else if (strcmp(z, "rPh") == 0) {
        c->nPh++;
    } else if (strcmp(z, "t") == 0 && c->bIs && !c->nPh) {
        c->bT = 1;
    }
}

/*
** The text of the finished cell in c as a pool string, or NULL for an
** empty cell.  Records import.corrupt for a bad shared-string index.
*/
static char *ws_cell_value(WsCtx *c)
{
    SheetObj *p = c->base.p;
    const char *z = buf_str(&c->b);
    Buf b = BUF_INIT;
    char aDate[11];
    char *zOut;
    if (!*z) return 0;
    switch (c->cType) {
    case 's': {
        int i = parse_uint(z);
        if (i < 0 || i >= c->nSst) {
            sheet_fail(p, "import.corrupt",
                       "xlsx 文件已损坏（共享字符串编号 %.20s 无效）", z);
            return 0;
        }
        return c->azSst[i];
    }
    case 'i':
    case 't':
        return pool_unescape(p, z, c->b.n);
    case 'b':
        if (strcmp(z, "1") == 0) return pool_strndup(p, "TRUE", 4);
        if (strcmp(z, "0") == 0) return pool_strndup(p, "FALSE", 5);
        return pool_strndup(p, z, c->b.n);
    case 'd':
        /* ISO 8601 text; keep the date part of a date-time */
        return pool_strndup(p, z, strcspn(z, "T"));
    case 'e':
        return pool_strndup(p, z, c->b.n);
    }
    /* A number, possibly with surrounding blanks */
    while (*z == ' ')
        z++;
    char *zTrim = pool_strndup(p, z, strcspn(z, " "));
    if (c->iStyle >= 0 && c->iStyle < c->nXf && c->abDate[c->iStyle] &&
        serial_to_date(zTrim, c->b1904, aDate) == 0)
        return pool_strndup(p, aDate, 10);
    if (!number_plain(zTrim, &b)) return zTrim;
    zOut = pool_strndup(p, buf_str(&b), b.n);
    buf_free(&b);
    return zOut;
}

/* Expat end handler for the worksheet: a </c> stores the cell. */
static void ws_end(void *pUser, const char *zEl)
{
    WsCtx *c = pUser;
    const char *z = lname(zEl);
    if (!c->bData) return;
    if (strcmp(z, "sheetData") == 0) {
        c->bData = 0;
    } else if (strcmp(z, "v") == 0) {
        c->bV = 0;
    } else if (strcmp(z, "t") == 0) {
        c->bT = 0;
    } else if (strcmp(z, "rPh") == 0) {
        if (c->nPh) c->nPh--;
    } else if (strcmp(z, "is") == 0) {
        c->bIs = 0;
    } else if (strcmp(z, "c") == 0 && c->bCell) {
        char *zVal = ws_cell_value(c);
        c->bCell = 0;
        c->iCol = c->iCellCol;
        if ((zVal &&
             sheet_put_text(c->base.p, c->iCellRow, c->iCellCol, zVal)) ||
            c->base.p->zCode)
            XML_StopParser(c->base.x, XML_FALSE);
    }
}

/* Expat text handler for the worksheet. */
static void ws_text(void *pUser, const char *z, int n)
{
    WsCtx *c = pUser;
    if (c->bV || c->bT) buf_append(&c->b, z, (size_t)n);
}

/*
** Check the zip as a whole before inflating anything: the number of
** entries, the total declared size, and [Content_Types].xml present.
** Returns 0 or 1.
*/
static int zip_precheck(SheetObj *p, zip_t *pZip)
{
    zip_int64_t n = zip_get_num_entries(pZip, 0);
    long long nTotal = 0;
    if (n < 0 || n > SHEET_MAX_ENTRIES)
        return sheet_fail(p, "import.too_large", "xlsx 文件包含的条目过多");
    for (zip_int64_t i = 0; i < n; i++) {
        zip_stat_t st;
        zip_stat_init(&st);
        if (zip_stat_index(pZip, (zip_uint64_t)i, 0, &st) ||
            !(st.valid & ZIP_STAT_SIZE))
            return sheet_fail(p, "import.corrupt", "文件不是有效的 xlsx 文件");
        if (st.size > (zip_uint64_t)SHEET_MAX_TOTAL ||
            (nTotal += (long long)st.size) > SHEET_MAX_TOTAL)
            return sheet_fail(p, "import.too_large",
                              "xlsx 文件解压后过大，拒绝解压");
    }
    if (zip_name_locate(pZip, "[Content_Types].xml", ZIP_FL_NOCASE) < 0)
        return sheet_fail(p, "import.corrupt", "文件不是有效的 xlsx 文件");
    return 0;
}

/* Find the part names of the first sheet, shared strings and styles.
** Returns 0 with *pRel filled, or 1. */
static int xlsx_find_parts(SheetObj *p, zip_t *pZip, WbCtx *pWb, RelCtx *pRel)
{
    zip_int64_t iEntry;
    if (part_find(p, pZip, "xl/workbook.xml", 1, &iEntry) ||
        part_parse(p, pZip, iEntry, "xl/workbook.xml", &pWb->base, wb_start,
                   xml_end_none, 0))
        return 1;
    pRel->zWant = pWb->zRid;
    if (part_find(p, pZip, "xl/_rels/workbook.xml.rels", 0, &iEntry)) return 1;
    if (iEntry >= 0 && part_parse(p, pZip, iEntry, "workbook.xml.rels",
                                  &pRel->base, rel_start, xml_end_none, 0))
        return 1;
    if (!pRel->zSheet) pRel->zSheet = xstrdup("xl/worksheets/sheet1.xml");
    if (!pRel->zStrings) pRel->zStrings = xstrdup("xl/sharedStrings.xml");
    if (!pRel->zStyles) pRel->zStyles = xstrdup("xl/styles.xml");
    return 0;
}

/* Read shared strings (into pSst) and styles (into *ppDate, caller frees
** with free()).  Both parts are optional.  Returns 0 or 1. */
static int xlsx_read_aux(SheetObj *p, zip_t *pZip, const RelCtx *pRel,
                         SstCtx *pSst, unsigned char **ppDate, int *pnXf)
{
    zip_int64_t iEntry;
    StyCtx sty;
    memset(&sty, 0, sizeof sty);
    if (part_find(p, pZip, pRel->zStrings, 0, &iEntry)) return 1;
    if (iEntry >= 0 && part_parse(p, pZip, iEntry, pRel->zStrings, &pSst->base,
                                  sst_start, sst_end, sst_text))
        return 1;
    if (part_find(p, pZip, pRel->zStyles, 0, &iEntry)) return 1;
    int rc = iEntry >= 0 && part_parse(p, pZip, iEntry, pRel->zStyles,
                                       &sty.base, sty_start, sty_end, 0);
    if (!rc) {
        *ppDate = xmalloc((size_t)sty.nXf + 1);
        for (int i = 0; i < sty.nXf; i++)
            (*ppDate)[i] = (unsigned char)sty_fmt_is_date(&sty, sty.aXfFmt[i]);
        *pnXf = sty.nXf;
    }
    free(sty.aXfFmt);
    free(sty.aCustom);
    return rc;
}

/*
** Read the first worksheet of the xlsx file pData[0..nData) into p.
** Returns 0 or 1.
*/
static int xlsx_read(SheetObj *p, const void *pData, size_t nData)
{
    const unsigned char *u = pData;
    zip_error_t ze;
    WbCtx wb;
    RelCtx rel;
    SstCtx sst;
    WsCtx ws;
    unsigned char *abDate = 0;
    int nXf = 0;
    zip_int64_t iEntry;
    int rc = 1;

    if (nData >= 8 && memcmp(u, "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 8) == 0)
        return sheet_fail(p, "import.format",
                          "不支持旧版 .xls 或加密的工作簿，请另存为未加密的 "
                          ".xlsx 或 .csv 文件");
    if (nData < 4 || memcmp(u, "PK\x03\x04", 4) != 0)
        return sheet_fail(p, "import.corrupt", "文件不是有效的 xlsx 文件");
    zip_error_init(&ze);
    zip_source_t *pSrc = zip_source_buffer_create(pData, nData, 0, &ze);
    zip_t *pZip = pSrc ? zip_open_from_source(pSrc, ZIP_RDONLY, &ze) : 0;
    zip_error_fini(&ze);
    if (!pZip) {
        zip_source_free(pSrc);
        return sheet_fail(p, "import.corrupt", "文件不是有效的 xlsx 文件");
    }
    memset(&wb, 0, sizeof wb);
    memset(&rel, 0, sizeof rel);
    memset(&sst, 0, sizeof sst);
    memset(&ws, 0, sizeof ws);
    if (zip_precheck(p, pZip) || xlsx_find_parts(p, pZip, &wb, &rel) ||
        xlsx_read_aux(p, pZip, &rel, &sst, &abDate, &nXf))
        goto cleanup;
    if (zip_name_locate(pZip, rel.zSheet, ZIP_FL_NOCASE) < 0) {
        sheet_fail(p, "import.corrupt", "xlsx 文件中没有工作表");
        goto cleanup;
    }
    if (part_find(p, pZip, rel.zSheet, 1, &iEntry)) goto cleanup;
    ws.azSst = sst.az;
    ws.nSst = sst.n;
    ws.abDate = abDate;
    ws.nXf = nXf;
    ws.b1904 = wb.b1904;
    rc = part_parse(p, pZip, iEntry, rel.zSheet, &ws.base, ws_start, ws_end,
                    ws_text);
cleanup:
    free(wb.zRid);
    free(rel.zSheet);
    free(rel.zStrings);
    free(rel.zStyles);
    free(sst.az);
    buf_free(&sst.b);
    buf_free(&ws.b);
    free(abDate);
    zip_discard(pZip);
    return rc || p->zCode;
}

/* True if zName ends with "." zExt, ignoring case. */
static int has_ext(const char *zName, const char *zExt)
{
    const char *zDot = strrchr(zName, '.');
    return zDot && strcasecmp(zDot + 1, zExt) == 0;
}

/*
** Parse a file into a Sheet.  See sheet.h for the contract.
*/
int sheet_read(const char *zFilename, const void *pData, size_t nData,
               int nMaxRows, Sheet **ppSheet, const char **pzCode, char **pzMsg)
{
    SheetObj *p = xcalloc(1, sizeof *p);
    int rc;
    *ppSheet = 0;
    *pzCode = 0;
    *pzMsg = 0;
    p->nMaxRows = nMaxRows < 0 ? 0 : nMaxRows;
    p->zEmpty = pool_strndup(p, "", 0);
    if (!zFilename) zFilename = "";
    if (has_ext(zFilename, "xls") || has_ext(zFilename, "et")) {
        rc = sheet_fail(p, "import.format",
                        "不支持旧版 .xls 格式，请另存为 .xlsx 或 .csv 文件");
    } else if (!has_ext(zFilename, "xlsx") && !has_ext(zFilename, "csv")) {
        rc = sheet_fail(p, "import.format", "仅支持 .xlsx 和 .csv 文件");
    } else if (nData == 0 || !pData) {
        rc = sheet_fail(p, "import.empty", "文件为空");
    } else if (has_ext(zFilename, "xlsx")) {
        rc = xlsx_read(p, pData, nData);
    } else {
        rc = csv_read(p, pData, nData);
    }
    if (!rc && p->s.nRow == 0)
        rc = sheet_fail(p, "import.empty", "文件中没有数据");
    if (rc) {
        *pzCode = p->zCode;
        *pzMsg = p->zMsg;
        p->zMsg = 0;
        sheet_free(&p->s);
        return 1;
    }
    *ppSheet = &p->s;
    return 0;
}

/* The cell text at (iRow, iCol), "" when out of range.  Borrowed, valid
** until sheet_free(p). */
const char *sheet_cell(const Sheet *p, int iRow, int iCol)
{
    if (!p || iRow < 0 || iRow >= p->nRow || iCol < 0 || iCol >= p->anCol[iRow])
        return "";
    return p->aazCell[iRow][iCol];
}

/* Free a Sheet from sheet_read(), with all its cells.  NULL-safe. */
void sheet_free(Sheet *pSheet)
{
    SheetObj *p = (SheetObj *)pSheet;
    if (!p) return;
    for (int i = 0; i < p->s.nRow; i++)
        free(p->s.aazCell[i]);
    free(p->s.aazCell);
    free(p->s.anCol);
    free(p->anAlloc);
    while (p->pChunk) {
        Chunk *c = p->pChunk;
        p->pChunk = c->pNext;
        free(c);
    }
    free(p->zMsg);
    free(p);
}
