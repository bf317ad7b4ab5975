/* idcard.h: resident ID numbers (公民身份号码, GB 11643-1999) and mainland
** mobile numbers: validation, normalisation and display masks (A2). */
#ifndef ZHIBU_IDCARD_H
#define ZHIBU_IDCARD_H

/* A valid ID number, normalised, and what it encodes. */
typedef struct IdCard {
    char zNorm[19];  /* normalised 18 characters, uppercase X */
    char zBirth[11]; /* YYYY-MM-DD */
    int bMale;       /* 17th digit odd */
} IdCard;

/*
** Validate zIn as an 18-character ID number, in the order of the security
** checklist §6.3: trim ASCII blanks (space, tab, CR, LF) at both ends, map
** 'x' to 'X', reject any non-ASCII byte such as a full-width digit
** ("format"), length exactly 18 ("length"), ^[0-9]{17}[0-9X]$ ("format"),
** province code in the national set ("province"), a real Gregorian birth
** date between 1800-01-01 and zToday ("date"), then the MOD 11-2 check
** character ("check").
**
** zIn      the text as entered; NULL counts as empty
** zToday   "YYYY-MM-DD", the latest acceptable birth date; NULL = today
** p        receives the result when valid (may be NULL)
** pzCode   receives a static reason code when invalid (may be NULL)
** pzMsg    receives a static Simplified Chinese message (may be NULL)
**
** Returns 0 when valid, otherwise nonzero.
*/
int idcard_parse(const char *zIn, const char *zToday, IdCard *p,
                 const char **pzCode, const char **pzMsg);

/* Mask for display, first 6 and last 4 kept: "110105********002X".  Writes
** into zOut[19]; an input that is not 18 characters gives 18 '*'. */
void idcard_mask(const char *zNorm, char zOut[19]);

/*
** Normalise a mainland mobile number: drop spaces and hyphens, remove one
** +86, 0086 or 86 prefix when 11 digits follow, then require
** ^1[3-9][0-9]{9}$.  Returns 0 and the 11-digit form in zOut[12], or
** nonzero (zOut is then the empty string).  NULL counts as empty.
*/
int phone_normalize(const char *zIn, char zOut[12]);

/* Mask for display: "138****8000" into zOut[12]; an input that is not 11
** characters gives 11 '*'. */
void phone_mask(const char *zNorm, char zOut[12]);

#endif
