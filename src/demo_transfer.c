/* demo_transfer.c: demo data for transfers, mobile members and changes of
** membership (issue #4 items 9 and 10), built through the domain functions
** (transfer_*, membership_change) so every row is validated and audited as
** one entered by hand.  Deterministic: members are chosen by position in
** their branch, dates are relative to today.
**
** For the demo secretary's branch (县财政局党支部): an outgoing transfer
** awaiting the committee's approval, one approved and awaiting the
** receiver, one refused, two incoming pending transfers and one accepted
** earlier; two mobile members (one with an overdue report); one deceased
** and one 停止党籍 member in the history. */
#include "calendar.h"
#include "membership.h"
#include "transfer.h"
#include "util.h"
#include <stdio.h>
#include <string.h>

/* The id of the branch named zName (0 when absent). */
static int64_t branch_named(Db *pDb, const char *zName)
{
    int64_t iOrg = 0;
    if (db_one_int64(pDb, &iOrg, "SELECT id FROM org WHERE name=$1", "t",
                     zName))
        return 0;
    return iOrg;
}

/* The k-th member (from the end when k < 0) of org iOrg by id, not holding
** a party post, or 0. */
static int64_t nth_member(Db *pDb, int64_t iOrg, int k)
{
    int64_t iMember = 0;
    const char *zSql =
        k < 0 ? "SELECT m.id FROM member m WHERE m.org_id=$1 AND NOT EXISTS"
                " (SELECT 1 FROM post p WHERE p.person_id=m.person_id AND"
                " p.ended=0) ORDER BY m.id DESC LIMIT 1 OFFSET $2"
              : "SELECT m.id FROM member m WHERE m.org_id=$1 AND NOT EXISTS"
                " (SELECT 1 FROM post p WHERE p.person_id=m.person_id AND"
                " p.ended=0) ORDER BY m.id LIMIT 1 OFFSET $2";
    if (db_one_int64(pDb, &iMember, zSql, "ii", iOrg,
                     (int64_t)(k < 0 ? -k - 1 : k)))
        return 0;
    return iMember;
}

/* Die with the message of a failed call (demo build only, never a
** request path). */
static void check(const char *zWhat, int rc, const Err *e)
{
    if (rc)
        die("演示数据（%s）生成失败：%s", zWhat,
            e->zMsg ? e->zMsg : errcode_get(e->iCode)->zMsg);
}

/* Start a transfer of iMember to iTo issued nAgo days before iToday,
** approved two days later when bApprove; returns its id. */
static int64_t start(Ctx *c, int64_t iMember, int64_t iTo, int iToday, int nAgo,
                     const char *zLetter, const char *zReason, int bApprove)
{
    char zIssued[11], zPaid[16];
    int64_t iId = 0;
    Err e = {0};
    int y, m, d, iIssued = iToday - nAgo;
    cal_format(iIssued, zIssued);
    cal_split(cal_add_months(iIssued, -1), &y, &m, &d);
    snprintf(zPaid, sizeof zPaid, "%04d-%02d", y % 10000, m % 100);
    TransferNew t = {iMember, iTo, zLetter, zIssued, 0, zPaid, zReason};
    check(zLetter, transfer_create(c, &t, iIssued, &iId, &e), &e);
    if (bApprove)
        check(zLetter,
              transfer_approve(c, iId, "周建国", "中共某某县直属机关工作委员会",
                               "县直工委组〔2026〕转字第8号", iIssued + 2, &e),
              &e);
    return iId;
}

void demo_transfer(Ctx *c, int64_t iBranch, int iToday)
{
    Err e = {0};
    int64_t iAudit = branch_named(c->pDb, "县审计局党支部");
    int64_t iHosp = branch_named(c->pDb, "县人民医院内科党支部");
    int64_t iStat = branch_named(c->pDb, "县统计局党支部");
    int64_t iDev = branch_named(c->pDb, "县发展和改革委员会党支部");
    int64_t iWater = branch_named(c->pDb, "县水利局党支部");
    int64_t iCivil = branch_named(c->pDb, "县民政局党支部");
    if (!iBranch || !iAudit || !iHosp || !iStat || !iDev || !iWater || !iCivil)
        die("演示数据：找不到组织关系转接所需的党支部");

    /* Members of the branch chosen before anyone moves in. */
    int64_t aM[7];
    for (int i = 0; i < 7; i++)
        aM[i] = nth_member(c->pDb, iBranch, -1 - i);
    /* Outgoing: awaiting the committee's approval; approved and awaiting
    ** the receiver; refused by the receiver (the member stays). */
    start(c, aM[0], iAudit, iToday, 3, "县财政局党组〔2026〕关字第11号",
          "调任县审计局工作", 0);
    start(c, aM[1], iHosp, iToday, 12, "县财政局党组〔2026〕关字第9号",
          "调入县人民医院财务科", 1);
    int64_t iT = start(c, aM[2], iStat, iToday, 40,
                       "县财政局党组〔2026〕关字第6号", "借调县统计局", 1);
    check("refuse",
          transfer_refuse(c, iT, "借调不转组织关系，请按流动党员管理",
                          iToday - 35, &e),
          &e);
    /* Incoming, accepted two months ago (the member is now in the roster). */
    iT = start(c, nth_member(c->pDb, iCivil, -1), iBranch, iToday, 70,
               "县民政局党组〔2026〕关字第3号", "工作调动到县财政局", 1);
    check("accept", transfer_accept(c, iT, iToday - 62, &e), &e);
    /* Incoming and pending: 县财政局党支部 sees them under 转入. */
    start(c, nth_member(c->pDb, iDev, -1), iBranch, iToday, 6,
          "县发改委党组〔2026〕关字第5号", "调任县财政局预算股", 1);
    start(c, nth_member(c->pDb, iWater, -1), iBranch, iToday, 9,
          "县水利局党组〔2026〕关字第4号", "交流任职", 1);

    /* Mobile members: one reported recently, one overdue. */
    char zFrom[11], zOn[11];
    int64_t iM1 = aM[3];
    int64_t iM2 = aM[4];
    cal_format(cal_add_months(iToday, -5), zFrom);
    MobileRec r1 = {"江苏省南京市建邺区", "省财政厅借调",
                    "南京市建邺区机关工委", zFrom};
    check("mobile", transfer_mobile_set(c, iM1, &r1, iToday, &e), &e);
    cal_format(iToday - 20, zOn);
    check("report",
          transfer_mobile_report(c, iM1, zOn, "电话汇报近期学习和工作情况",
                                 iToday, &e),
          &e);
    cal_format(cal_add_months(iToday, -14), zFrom);
    MobileRec r2 = {"上海市浦东新区", "某会计师事务所", 0, zFrom};
    check("mobile", transfer_mobile_set(c, iM2, &r2, iToday, &e), &e);
    cal_format(cal_add_months(iToday, -8), zOn);
    check("report",
          transfer_mobile_report(c, iM2, zOn, "书面汇报思想情况", iToday, &e),
          &e);

    /* History: one deceased, one 停止党籍 after losing contact (T10). */
    char zEff[11], zBasis[11];
    int64_t iChange = 0;
    cal_format(iToday - 75, zEff);
    MembershipChange dth = {"death", 0, zEff, 0, "因病医治无效去世",
                            0,       0, 0,    0};
    check("death", membership_change(c, aM[5], &dth, iToday, &iChange, &e), &e);
    cal_format(iToday - 30, zEff);
    cal_format(cal_add_months(iToday - 30, -8), zBasis);
    MembershipChange sus = {
        "suspend",
        "lost_contact",
        zEff,
        zBasis,
        "外出务工后失去联系八个月，经多方查找仍无法取得联系",
        "周建国",
        "中共某某县直属机关工作委员会",
        "县直工委组〔2026〕停字第1号",
        0};
    check("suspend", membership_change(c, aM[6], &sus, iToday, &iChange, &e),
          &e);
}
