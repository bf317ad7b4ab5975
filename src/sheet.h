/* sheet.h: read a table from an uploaded .xlsx or .csv file (A2 import). */
#ifndef ZHIBU_SHEET_H
#define ZHIBU_SHEET_H
#include <stddef.h>

/* A parsed table.  Only sheet_read() creates one; free it with sheet_free().
** A blank row in the middle has anCol[r] == 0 and aazCell[r] may be NULL;
** sheet_cell() is the easy way in. */
typedef struct Sheet {
    int nRow;        /* rows, including the header row */
    int nCol;        /* widest row */
    char ***aazCell; /* [r][c]: UTF-8, never NULL ("" if empty); owned */
    int *anCol;      /* cells in each row */
} Sheet;

/*
** Parse the file content pData[0..nData) as a table, choosing the format by
** the extension of zFilename (".xlsx" or ".csv", case-insensitive; the name
** is never used as a path).  On success returns 0 and sets *ppSheet (caller
** frees with sheet_free()).  On failure returns nonzero, sets *ppSheet to
** NULL, *pzCode to a static stable code ("import.format",
** "import.encoding", "import.too_large", "import.empty", "import.corrupt")
** and *pzMsg to a Chinese message the caller frees with free().
**
** Limits: nMaxRows data rows below the header (e.g. 200000), 256 columns,
** 64 MiB uncompressed per xlsx part, 8 million cell slots.  Trailing empty
** rows and trailing empty cells of a row are dropped.  A cell that begins
** with a single quote followed by = + - @ or a control character, maybe
** after more quotes (as xlsx_row() writes), loses that one quote.
*/
int sheet_read(const char *zFilename, /* client file name, for the extension */
               const void *pData,     /* file content */
               size_t nData,          /* bytes in pData */
               int nMaxRows,          /* data rows allowed below the header */
               Sheet **ppSheet,       /* OUT: the table */
               const char **pzCode,   /* OUT: static error code */
               char **pzMsg);         /* OUT: message, caller frees */

/* Cell text at (iRow, iCol), "" when out of range or p is NULL.  Borrowed,
** valid until sheet_free(p). */
const char *sheet_cell(const Sheet *p, int iRow, int iCol);

/* Free a Sheet from sheet_read().  NULL-safe. */
void sheet_free(Sheet *p);

#endif
