/* setting.c: the settings table.  Rules the texts leave open are settings
** with defaults, never constants in code (rules.md "How to read"). */
#include "setting.h"
#include "errcode.h"
#include "util.h"
#include <assert.h>
#include <stdlib.h>
#include <string.h>

/* clang-format off */
static const Setting aSetting[] = {
  { "attachment-max-mb",         1, 50,   "5",  "会议附件（照片、签到表扫描件）大小上限（MB，B1）" },
  { "branch-committee-min-full", 1, 1000, "7",  "正式党员达到该人数须设支部委员会（《中国共产党支部工作条例（试行）》第二十条，B13）" },
  { "branch-max-members",        1, 10000, "50", "党支部党员人数一般不超过该数（支部条例第四条，B2）" },
  { "branch-min-full",           1, 100,  "3",  "成立党支部须有的正式党员人数（支部条例第四条，B1）" },
  { "committee-max-size",        1, 100,  "7",  "支部委员会委员人数一般不超过该数（支部条例第二十条，B13）" },
  { "committee-min-size",        1, 100,  "3",  "支部委员会委员人数下限（支部条例第二十条，B13）" },
  { "dues-farmer-fen",           20, 100, "20", "农民党员每月交纳党费数额（分；党费规定第六条定为0.2元至1.0元，具体由当地确定，F7）" },
  { "dues-monthly-cap-fen",      0, 100000000, "0", "每月党费上限（分；部分地方规定一般不超过1000元，0 表示不设上限，F19 地方做法）" },
  { "import-max-rows",           1, 1000000, "200000", "一次导入的最大行数" },
  { "inactive-months",           1, 24,   "6",  "连续该月数未参加组织生活的党员提示书记关注（《中国共产党党员教育管理工作条例》第三十一条，T13；仅提示，不自动处置）" },
  { "lockout-minutes",           1, 1440, "30", "登录失败锁定时长（分钟，等保 8.1.4.1 b）" },
  { "lockout-threshold",         3, 20,   "5",  "连续登录失败该次数后锁定账户" },
  { "meeting-study-hours",       0, 16,   "2",  "党课、主题党日、集中学习每次默认计入的学时（T7）" },
  { "mobile-report-months",      1, 24,   "6",  "流动党员超过该月数未向党组织汇报即标为逾期（约定：参照《中国共产党党员教育管理工作条例》第二十四条失去联系六个月、第三十四条每半年至少联系一次，T10/T16）" },
  { "password-max-age-days",     0, 3650, "90", "密码最长使用天数（0 表示不限；等保 8.1.4.1 a）" },
  { "password-min-length",       12, 128, "12", "密码最小长度" },
  { "recruit-activist-min-months", 1, 36, "12", "入党积极分子经过该月数以上培养考察方可列为发展对象（细则第十三条“一年以上”，D7）" },
  { "recruit-p1-activist-wait-months", 0, 24, "0", "递交入党申请该月数以上方可确定为入党积极分子（地方做法 P1，0 表示不检查）" },
  { "recruit-p3-vote-months",    0, 12,   "0",  "预审后该月数内召开接收预备党员的支部大会（地方做法 P3，0 表示不检查）" },
  { "recruit-p5-review-valid-months", 0, 60, "0", "政治审查结论的有效月数（地方做法 P5，0 表示不检查）" },
  { "reminder-days",             0, 60,   "7",  "到期前该天数起在待办中提醒（B3）" },
  { "session-idle-minutes",      1, 1440, "30", "会话空闲超时（分钟）" },
  { "session-max-hours",         1, 720,  "12", "会话最长有效时间（小时）" },
  { "study-hours-year",          1, 200,  "32", "党员每年集中学习培训学时要求（《中国共产党党员教育管理工作条例》第二十条，T7）" },
  { "term-warn-months",          1, 24,   "6",  "任期届满前该月数起提醒换届（B17）" },
  { "transfer-letter-months",    1, 12,   "3",  "组织关系介绍信有效月数（默认值和上限；规则文件未载明中央规定，按通常做法默认3个月，T11）" },
};
/* clang-format on */

const Setting *setting_at(int i)
{
    if (i < 0 || i >= (int)(sizeof(aSetting) / sizeof(aSetting[0]))) return 0;
    return &aSetting[i];
}

const Setting *setting_find(const char *zName)
{
    for (int i = 0; zName && i < (int)(sizeof(aSetting) / sizeof(aSetting[0]));
         i++)
        if (strcmp(aSetting[i].zName, zName) == 0) return &aSetting[i];
    return 0;
}

int64_t setting_int_value(const char *zName, const char *zValue)
{
    const Setting *s = setting_find(zName);
    assert(s != 0);
    int64_t v = 0;
    if (zValue && !util_parse_int64(zValue, &v) && v >= s->iMin && v <= s->iMax)
        return v;
    util_parse_int64(s->zDefault, &v);
    return v;
}

int64_t setting_int(Db *pDb, const char *zName)
{
    int64_t v;
    DbStmt *p = 0;
    if (pDb &&
        db_prepare_bind(pDb, &p, "SELECT value FROM setting WHERE name=$1", "t",
                        zName) == DB_OK &&
        db_step(p) == DB_ROW) {
        v = setting_int_value(zName, db_col_text(p, 0));
        db_finalize(p);
        return v;
    }
    db_finalize(p);
    return setting_int_value(zName, 0);
}

int setting_set(Db *pDb, const char *zName, const char *zValue)
{
    const Setting *s = setting_find(zName);
    int64_t v;
    if (!s) return ZE_SETTING_UNKNOWN;
    if (util_parse_int64(zValue, &v) || v < s->iMin || v > s->iMax)
        return ZE_SETTING_VALUE;
    int rc = db_run(pDb,
                    "INSERT INTO setting(name,value) VALUES($1,$2) "
                    "ON CONFLICT (name) DO UPDATE SET value=excluded.value",
                    "tt", zName, zValue);
    return rc ? -rc : 0;
}
