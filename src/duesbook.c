/* duesbook.c: the dues book of one member, computed from its base history,
** reliefs and payments: months due from the congress date (F9) under the
** base in force (F11), reliefs (F8), payments allocated to the months they
** cover, arrears and the six-month 自行脱党 review flag (F14, F18).  The
** monthly amount is dues_monthly_fen() (F1-F7, whole base, half-up).
**
** Entry points: duesbook_due, duesbook_months, duesbook_arrears,
** duesbook_net, duesbook_month_parse. */
#include "duesbook.h"
#include "calendar.h"
#include "util.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int duesbook_month(int y, int m)
{
    return y * 12 + (m - 1);
}

int duesbook_month_parse(const char *z, int *piMonth)
{
    return cal_month_parse(z, 2000, 2100, piMonth);
}

int duesbook_month_of_day(int iDay)
{
    int y, m, d;
    cal_split(iDay, &y, &m, &d);
    return duesbook_month(y, m);
}

void duesbook_month_format(int iMonth, char z[8])
{
    int y = iMonth / 12, m = iMonth % 12 + 1;
    if (iMonth < 0 || y > 9999) y = 0, m = 1;
    z[0] = (char)('0' + y / 1000);
    z[1] = (char)('0' + y / 100 % 10);
    z[2] = (char)('0' + y / 10 % 10);
    z[3] = (char)('0' + y % 10);
    z[4] = '-';
    z[5] = (char)('0' + m / 10);
    z[6] = (char)('0' + m % 10);
    z[7] = 0;
}

void duesbook_due(const DuesBook *b, int iMonth, DuesMonth *p)
{
    const DuesBase *pBase = 0;
    const DuesRelief *pRel = 0;
    memset(p, 0, sizeof *p);
    p->iMonth = iMonth;
    /* F9: 预备党员 pay from the congress date; a member without a known
    ** start pays from the first confirmed base. */
    p->bStarted = b->iStart <= 0 || iMonth >= b->iStart;
    /* F11: the base in force is the latest confirmed one effective on or
    ** before the month (a later entry for the same month wins). */
    for (int i = 0; i < b->nBase; i++)
        if (b->aBase[i].iMonth <= iMonth) pBase = &b->aBase[i];
    if (pBase && dues_monthly_fen(pBase->eKind, pBase->nBaseFen, b->pRules,
                                  &p->calc) == 0)
        p->bBase = 1;
    if (!p->bStarted || !p->bBase) {
        p->iState = DUESM_NONE;
        return;
    }
    for (int i = 0; i < b->nRelief; i++)
        if (b->aRelief[i].iFrom <= iMonth && iMonth <= b->aRelief[i].iTo)
            pRel = &b->aRelief[i];
    p->nDue = p->calc.nAmountFen;
    if (pRel && pRel->bExempt) {
        /* F8: 免交, approved by the committee above. */
        p->iRelief = 2;
        p->nDue = 0;
        p->iState = DUESM_RELIEF;
        return;
    }
    if (pRel) {
        /* F8: 少交: the approved monthly amount, never more than the
        ** regular amount. */
        p->iRelief = 1;
        if (pRel->nFen < p->nDue) p->nDue = pRel->nFen < 0 ? 0 : pRel->nFen;
    }
    p->iState = p->nDue > 0 ? DUESM_UNPAID : DUESM_PAID;
}

int64_t duesbook_net(const DuesBook *b, int64_t iId)
{
    int64_t n = 0;
    int bFound = 0;
    for (int i = 0; i < b->nPay; i++) {
        if (b->aPay[i].iId == iId && b->aPay[i].iCorrects == 0) {
            n += b->aPay[i].nFen;
            bFound = 1;
        } else if (b->aPay[i].iCorrects == iId) {
            n += b->aPay[i].nFen;
        }
    }
    return bFound ? n : 0;
}

/* The due of month iMonth: from aOut when it lies in the window. */
static int64_t due_of(const DuesBook *b, int iFirst, int n,
                      const DuesMonth *aOut, int iMonth)
{
    DuesMonth m;
    if (iMonth >= iFirst && iMonth < iFirst + n)
        return aOut[iMonth - iFirst].nDue;
    duesbook_due(b, iMonth, &m);
    return m.nDue;
}

void duesbook_months(const DuesBook *b, int iFirst, int n, DuesMonth *aOut)
{
    for (int i = 0; i < n; i++)
        duesbook_due(b, iFirst + i, &aOut[i]);
    for (int k = 0; k < b->nPay; k++) {
        const DuesPay *p = &b->aPay[k];
        if (p->iCorrects) continue; /* counted with the entry it corrects */
        if (p->iTo < iFirst || p->iFrom >= iFirst + n) continue;
        int64_t nLeft = duesbook_net(b, p->iId);
        /* Fill each month's due in order; the rest goes to the last month
        ** (an overpayment), so a month never hides a shortfall. */
        for (int mo = p->iFrom; mo <= p->iTo; mo++) {
            int64_t nTake = nLeft;
            if (mo < p->iTo) {
                int64_t nDue = due_of(b, iFirst, n, aOut, mo);
                nTake = nLeft < nDue ? nLeft : nDue;
                if (nTake < 0) nTake = 0;
            }
            nLeft -= nTake;
            if (mo >= iFirst && mo < iFirst + n)
                aOut[mo - iFirst].nPaid += nTake;
        }
    }
    for (int i = 0; i < n; i++) {
        DuesMonth *m = &aOut[i];
        if (m->iState != DUESM_UNPAID && m->iState != DUESM_PAID) continue;
        if (m->nPaid >= m->nDue)
            m->iState = DUESM_PAID;
        else if (m->nPaid > 0)
            m->iState = DUESM_PARTIAL;
        else
            m->iState = DUESM_UNPAID;
    }
}

void duesbook_arrears(const DuesBook *b, int iAsOf, DuesArrears *p)
{
    int iLo = iAsOf - DUESBOOK_LOOKBACK, iFirstBase = iAsOf;
    memset(p, 0, sizeof *p);
    for (int i = 0; i < b->nBase; i++)
        if (b->aBase[i].iMonth < iFirstBase) iFirstBase = b->aBase[i].iMonth;
    if (iFirstBase > iLo) iLo = iFirstBase;
    if (b->iStart > iLo) iLo = b->iStart;
    int n = iAsOf - iLo;
    if (n <= 0) return;
    DuesMonth *a = xcalloc((size_t)n, sizeof *a);
    duesbook_months(b, iLo, n, a);
    for (int i = 0; i < n; i++) {
        if (a[i].iState == DUESM_NONE || a[i].nPaid >= a[i].nDue) continue;
        p->nMonths++;
        p->nFen += a[i].nDue - a[i].nPaid;
    }
    /* F14/F18: consecutive months with nothing paid and no approved
    ** reason, ending with the last month already closed. */
    for (int i = n - 1; i >= 0; i--) {
        if (a[i].iState != DUESM_UNPAID || a[i].iRelief) break;
        p->nStreak++;
        p->iStreakFrom = a[i].iMonth;
    }
    p->bFlag = p->nStreak >= DUESBOOK_LAPSE_MONTHS;
    free(a);
}

const char *duesbook_state_label(int iState)
{
    switch (iState) {
    case DUESM_PAID:
        return "已交";
    case DUESM_PARTIAL:
        return "少交";
    case DUESM_UNPAID:
        return "未交";
    case DUESM_RELIEF:
        return "免交";
    default:
        return "不需交纳";
    }
}

const char *duesbook_state_name(int iState)
{
    switch (iState) {
    case DUESM_PAID:
        return "paid";
    case DUESM_PARTIAL:
        return "partial";
    case DUESM_UNPAID:
        return "unpaid";
    case DUESM_RELIEF:
        return "relief";
    default:
        return "none";
    }
}
