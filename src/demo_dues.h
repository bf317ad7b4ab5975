/* demo_dues.h: party dues in the demo database (demo_dues.c). */
#ifndef ZHIBU_DEMO_DUES_H
#define ZHIBU_DEMO_DUES_H
#include "ctx.h"

/* Give every member of the demo database in c a confirmed base and the
** payments of this year up to the end of the month before iToday's, with
** a few in arrears, one flagged (F14) and one exemption (F8).  CLI only:
** dies on a failure. */
void demo_dues(Ctx *c, int iToday);

#endif
