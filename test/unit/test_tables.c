/* test_tables.c: every static table is sorted and unique, and the error
** table is complete (c-style §7.3, §7.5). */
#include "tester.h"
#include "cap.h"
#include "errcode.h"
#include "route.h"
#include "setting.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int errcode_count(void);
int main_command_count(void);
const char *main_command_name(int i);

void test_tables(void);
void test_tables(void)
{
    char zName[128];
    /* Routes: sorted by (pattern, method), no duplicates, handlers set. */
    int bSorted = 1, bHandlers = 1;
    for (int i = 1; route_at(i); i++) {
        const Route *a = route_at(i - 1), *b = route_at(i);
        int c = strcmp(a->zPattern, b->zPattern);
        if (c > 0 || (c == 0 && strcmp(a->zMethod, b->zMethod) >= 0)) {
            printf("  route order: %s %s / %s %s\n", a->zMethod, a->zPattern,
                   b->zMethod, b->zPattern);
            bSorted = 0;
        }
    }
    for (int i = 0; route_at(i); i++)
        if (!route_at(i)->xHandler || !route_at(i)->zSummary) bHandlers = 0;
    T_CHECK("tables-1.1 routes sorted and unique", bSorted);
    T_CHECK("tables-1.2 routes have handlers and summaries", bHandlers);

    /* Route matching. */
    const char *azArg[REQ_MAX_ARGS];
    int nArg = 0, bMethod = 0;
    char *zCopy = 0;
    const Route *p = route_match("GET", "/api/v1/orgs/42/members", azArg, &nArg,
                                 &zCopy, &bMethod);
    T_CHECK("tables-1.3 match with capture",
            p && nArg == 1 && strcmp(azArg[0], "42") == 0);
    free(zCopy);
    zCopy = 0;
    p = route_match("GET", "/api/v1/orgs/42/members.xlsx", azArg, &nArg, &zCopy,
                    &bMethod);
    T_CHECK("tables-1.4 literal suffix segment",
            p && strcmp(p->zPattern, "/api/v1/orgs/:id/members.xlsx") == 0);
    free(zCopy);
    zCopy = 0;
    p = route_match("PUT", "/api/v1/orgs/42", azArg, &nArg, &zCopy, &bMethod);
    T_CHECK("tables-1.5 wrong method is 405", !p && bMethod);
    p = route_match("GET", "/api/v1/orgs//members", azArg, &nArg, &zCopy,
                    &bMethod);
    T_CHECK("tables-1.6 empty capture does not match", !p && !bMethod);
    p = route_match("GET", "/api/v1/orgs/1/members/x", azArg, &nArg, &zCopy,
                    &bMethod);
    T_CHECK("tables-1.7 extra segment does not match", !p);

    /* Error codes: row i has code i, string codes unique, messages set. */
    int bIdx = 1, bUnique = 1, bMsg = 1;
    T_INT("tables-2.1 error table complete", errcode_count(), ZE_COUNT);
    for (int i = 0; i < ZE_COUNT; i++) {
        const ErrCode *e = errcode_get(i);
        if (i > 0 && e->iCode != i) bIdx = 0;
        if (!e->zMsg || !e->zMsg[0] || (unsigned char)e->zMsg[0] < 0x80)
            bMsg = 0; /* messages are Chinese */
        for (int j = 0; j < i; j++)
            if (strcmp(errcode_get(j)->zCode, e->zCode) == 0) bUnique = 0;
        if (e->iStatus < 200 || e->iStatus > 599) bIdx = 0;
    }
    T_CHECK("tables-2.2 error rows in enum order", bIdx);
    T_CHECK("tables-2.3 error codes unique", bUnique);
    T_CHECK("tables-2.4 error messages in Chinese", bMsg);
    T_CHECK("tables-2.5 find by code",
            errcode_find("member.id_number_check") &&
                errcode_find("member.id_number_check")->iStatus == 400);

    /* Commands sorted and unique. */
    int bCmd = 1;
    for (int i = 1; i < main_command_count(); i++)
        if (strcmp(main_command_name(i - 1), main_command_name(i)) >= 0)
            bCmd = 0;
    T_CHECK("tables-3.1 commands sorted and unique", bCmd);

    /* Settings sorted, defaults within range. */
    int bSet = 1;
    for (int i = 0; setting_at(i); i++) {
        const Setting *s = setting_at(i);
        long long v = atoll(s->zDefault);
        if (v < s->iMin || v > s->iMax) bSet = 0;
        if (i > 0 && strcmp(setting_at(i - 1)->zName, s->zName) >= 0) bSet = 0;
    }
    T_CHECK("tables-4.1 settings sorted, defaults in range", bSet);

    /* Roles: sorted; administrators hold no member capability. */
    int bRole = 1;
    for (int i = 0; cap_role_at(i); i++) {
        const Role *r = cap_role_at(i);
        if (i > 0 && strcmp(cap_role_at(i - 1)->zName, r->zName) >= 0)
            bRole = 0;
        snprintf(zName, sizeof zName, "tables-5.%d %s", i + 2, r->zName);
        if (r->bAdmin)
            T_CHECK(zName, (r->mCap & (CAP_MEMBER_READ | CAP_MEMBER_EDIT |
                                       CAP_MEMBER_EXPORT | CAP_MEMBER_UNMASK |
                                       CAP_SELF)) == 0);
    }
    T_CHECK("tables-5.1 roles sorted", bRole);
}
