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
  { "branch-committee-min-full", 1, 1000, "7",  "正式党员达到该人数须设支部委员会（《中国共产党支部工作条例（试行）》第二十条，B13）" },
  { "branch-max-members",        1, 10000, "50", "党支部党员人数一般不超过该数（支部条例第四条，B2）" },
  { "branch-min-full",           1, 100,  "3",  "成立党支部须有的正式党员人数（支部条例第四条，B1）" },
  { "committee-max-size",        1, 100,  "7",  "支部委员会委员人数一般不超过该数（支部条例第二十条，B13）" },
  { "committee-min-size",        1, 100,  "3",  "支部委员会委员人数下限（支部条例第二十条，B13）" },
  { "import-max-rows",           1, 1000000, "200000", "一次导入的最大行数" },
  { "lockout-minutes",           1, 1440, "30", "登录失败锁定时长（分钟，等保 8.1.4.1 b）" },
  { "lockout-threshold",         3, 20,   "5",  "连续登录失败该次数后锁定账户" },
  { "password-max-age-days",     0, 3650, "90", "密码最长使用天数（0 表示不限；等保 8.1.4.1 a）" },
  { "password-min-length",       12, 128, "12", "密码最小长度" },
  { "session-idle-minutes",      1, 1440, "30", "会话空闲超时（分钟）" },
  { "session-max-hours",         1, 720,  "12", "会话最长有效时间（小时）" },
  { "term-warn-months",          1, 24,   "6",  "任期届满前该月数起提醒换届（B17）" },
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

int64_t setting_int(Db *pDb, const char *zName)
{
    const Setting *s = setting_find(zName);
    assert(s != 0);
    int64_t v = 0;
    DbStmt *p = 0;
    if (pDb && db_prepare_bind(pDb, &p, "SELECT value FROM setting WHERE name=$1",
                               "t", zName) == DB_OK &&
        db_step(p) == DB_ROW && !util_parse_int64(db_col_text(p, 0), &v) &&
        v >= s->iMin && v <= s->iMax) {
        db_finalize(p);
        return v;
    }
    db_finalize(p);
    util_parse_int64(s->zDefault, &v);
    return v;
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
