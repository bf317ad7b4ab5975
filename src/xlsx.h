/* xlsx.h: write .xlsx exports over libxlsxwriter (A2, E4). */
#ifndef ZHIBU_XLSX_H
#define ZHIBU_XLSX_H

typedef struct Xlsx Xlsx;

/*
** Start a workbook in a private temporary file (a mkdtemp 0700 directory
** under $TMPDIR or /tmp, and the file inside).  Returns 0 and *pp (finish
** with xlsx_finish() or drop with xlsx_free()), or nonzero with *pzErr set
** (caller frees with free(); for logs).
*/
int xlsx_new(Xlsx **pp, char **pzErr);

/*
** Add a sheet and make it current.  The name is cleaned up: []:*?/\ become
** _, a leading or trailing ' becomes _, invalid UTF-8 becomes U+FFFD, it is
** cut to 31 characters, and a duplicate or empty name gets a numbered
** fallback.  Returns 0, or nonzero if libxlsxwriter refused the sheet.
*/
int xlsx_sheet(Xlsx *p, const char *zName);

/* Set the widths of the first n columns of the current sheet. */
void xlsx_widths(Xlsx *p, const double *aWidth, int n);

/*
** Append a bold header row / a data row of n cells to the current sheet
** (a sheet named "Sheet1" is added if there is none).  Every cell is a
** text cell with number format "@", so ID numbers stay text.  A value
** starting with = + - @ or a control character, possibly after leading
** single quotes, is written with one more leading single quote
** (formula-injection neutralisation, AS-F08); sheet_read() removes it.
** NULL cells are left empty.  Errors are remembered and reported by
** xlsx_finish().
*/
void xlsx_header(Xlsx *p, const char *const *azCell, int n);
void xlsx_row(Xlsx *p, const char *const *azCell, int n);

/*
** Close the workbook.  On success returns 0 with *pFd an open read-only fd
** positioned at 0 (the caller owns it) whose file is already unlinked and
** its temp directory removed, and *pnSize its size.  On failure returns
** nonzero with *pzErr set (caller frees with free()).  p is freed either
** way.
*/
int xlsx_finish(Xlsx *p, int *pFd, long long *pnSize, char **pzErr);

/* Drop a workbook without finishing it, removing its temp files.
** NULL-safe. */
void xlsx_free(Xlsx *p);

#endif
