/* errcode.c: the one table of API error codes with HTTP status and Chinese
** message (c-style §7.4).  A unit test checks that it is complete and that
** the string codes are unique. */
#include "errcode.h"
#include "log.h"
#include "util.h"
#include <string.h>

/* clang-format off */
static const ErrCode aErr[] = {
  { ZE_OK,              200, "ok",                        "成功" },
  { ZE_INTERNAL,        500, "internal",                  "服务器内部错误，请稍后重试" },
  { ZE_DB_BUSY,         503, "db.busy",                   "系统繁忙，请稍后重试" },
  { ZE_NOT_FOUND,       404, "not_found",                 "记录不存在或无权访问" },
  { ZE_ROUTE_NOT_FOUND, 404, "route.not_found",           "接口不存在" },
  { ZE_METHOD,          405, "route.method_not_allowed",  "不支持该请求方法" },
  { ZE_AUTH_REQUIRED,   401, "auth.required",             "请先登录" },
  { ZE_AUTH_BAD_LOGIN,  401, "auth.bad_login",            "用户名或密码错误" },
  { ZE_AUTH_LOCKED,     423, "auth.locked",               "登录失败次数过多，账户已锁定，请30分钟后再试" },
  { ZE_AUTH_MUST_CHANGE,403, "auth.must_change_password", "请先修改初始密码" },
  { ZE_FORBIDDEN,       403, "auth.forbidden",            "无权访问" },
  { ZE_CSRF,            403, "auth.csrf",                 "缺少或错误的 CSRF 令牌，请刷新页面后重试" },
  { ZE_BAD_JSON,        400, "request.bad_json",          "请求体不是有效的 JSON 对象" },
  { ZE_TOO_LARGE,       413, "request.too_large",         "请求体过大" },
  { ZE_CONTENT_TYPE,    415, "request.content_type",      "请求的 Content-Type 必须是 application/json" },
  { ZE_FIELD_REQUIRED,  400, "field.required",            "必填项不能为空" },
  { ZE_FIELD_TYPE,      400, "field.type",                "字段类型错误" },
  { ZE_FIELD_INVALID,   400, "field.invalid",             "字段值无效" },
  { ZE_FIELD_TOO_LONG,  400, "field.too_long",            "字段内容过长" },
  { ZE_BAD_ID,          400, "request.bad_id",            "编号无效" },
  { ZE_BAD_QUERY,       400, "request.bad_query",         "查询参数无效" },
  { ZE_DATE_INVALID,    400, "field.date",                "日期无效，格式应为 YYYY-MM-DD" },
  { ZE_DATE_ORDER,      400, "member.date_order",         "转正日期不能早于入党日期" },
  { ZE_DATE_FUTURE,     400, "field.date_future",         "日期不能晚于今天" },
  { ZE_ID_LENGTH,       400, "member.id_number_length",   "公民身份号码应为18位" },
  { ZE_ID_FORMAT,       400, "member.id_number_format",   "公民身份号码格式错误" },
  { ZE_ID_PROVINCE,     400, "member.id_number_province", "公民身份号码的地址码无效" },
  { ZE_ID_DATE,         400, "member.id_number_date",     "公民身份号码中的出生日期无效" },
  { ZE_ID_CHECK,        400, "member.id_number_check",    "公民身份号码校验位错误" },
  { ZE_ID_BIRTH_MISMATCH,422,"member.birth_date_mismatch","出生日期与公民身份号码不一致" },
  { ZE_ID_GENDER_MISMATCH,422,"member.gender_mismatch",   "性别与公民身份号码不一致" },
  { ZE_ID_EXISTS,       409, "member.id_number_exists",   "该公民身份号码已存在" },
  { ZE_PHONE_INVALID,   400, "member.phone_invalid",      "手机号码格式错误" },
  { ZE_GENDER_INVALID,  400, "member.gender_invalid",     "性别应为男或女" },
  { ZE_STATUS_INVALID,  400, "member.status_invalid",     "人员类别应为正式党员或预备党员" },
  { ZE_FULL_ON_REQUIRED,400, "member.full_on_required",   "正式党员须填写转正日期" },
  { ZE_MEMBER_ORG_KIND, 400, "member.org_kind",           "党员只能编入党支部或党小组" },
  { ZE_MEMBER_EXISTS,   409, "member.exists",             "该人员已是党员" },
  { ZE_ORG_KIND,        400, "org.kind_invalid",          "组织类型无效或不能设在该上级组织下" },
  { ZE_ORG_PARENT,      400, "org.parent_invalid",        "上级组织无效：不能移到自身或其下级之下" },
  { ZE_ORG_NOT_EMPTY,   409, "org.not_empty",             "该组织仍有未撤销的下级组织或党员，不能撤销" },
  { ZE_ORG_CLOSED,      409, "org.closed",                "该组织已撤销" },
  { ZE_ORG_ROOT,        400, "org.root",                  "根组织不能移动或撤销" },
  { ZE_ORG_TERM,        400, "org.term_invalid",          "任期年限应为1至5年" },
  { ZE_POST_ROLE,       400, "post.role_invalid",         "党务岗位无效" },
  { ZE_POST_NOT_MEMBER, 400, "post.not_member",           "任职人员须为本组织（含下级）的党员" },
  { ZE_PW_POLICY,       400, "auth.password_policy",      "密码不符合安全要求" },
  { ZE_PW_WRONG,        400, "auth.old_password_wrong",   "原密码错误" },
  { ZE_USER_EXISTS,     409, "user.login_exists",         "用户名已存在" },
  { ZE_ROLE_INVALID,    400, "grant.role_invalid",        "角色无效" },
  { ZE_GRANT_SEPARATION,409, "grant.separation",          "三员分立：管理员账户不能兼任其他角色" },
  { ZE_GRANT_EXISTS,    409, "grant.exists",              "该授权已存在" },
  { ZE_ADMIN_NO_DATA,   403, "auth.admin_no_data",        "系统管理员、安全管理员和审计管理员不能访问党员数据" },
  { ZE_IMPORT_FORMAT,   400, "import.format",             "只支持 .xlsx 或 .csv 文件" },
  { ZE_IMPORT_ENCODING, 400, "import.encoding",           "文件编码无法识别，请使用 UTF-8 或 GB18030" },
  { ZE_IMPORT_TOO_LARGE,413, "import.too_large",          "导入文件过大" },
  { ZE_IMPORT_EMPTY,    400, "import.empty",              "导入文件没有数据" },
  { ZE_IMPORT_CORRUPT,  400, "import.corrupt",            "文件已损坏或不是有效的 xlsx 文件" },
  { ZE_IMPORT_ROWS,     422, "import.rows_invalid",       "导入文件有错误，未导入任何数据" },
  { ZE_IMPORT_HEADER,   400, "import.header",             "缺少必需的列" },
  { ZE_SETTING_UNKNOWN, 400, "setting.unknown",           "未知的设置项" },
  { ZE_SETTING_VALUE,   400, "setting.value",             "设置值无效" },
  { ZE_JOB_KEY,         400, "job.key_invalid",           "任务编号无效" },
  { ZE_EXPORT_FAILED,   500, "export.failed",             "导出失败" },
  { ZE_UNMASK_DENIED,   403, "member.unmask_denied",      "无权查看明文敏感信息" },
  { ZE_POST_EXISTS,     409, "post.exists",               "该党员已担任该岗位" },
  { ZE_ORG_TOO_DEEP,    400, "org.too_deep",              "组织层级过深" },
  { ZE_MEETING_KIND,    400, "meeting.kind",              "会议类型无效" },
  { ZE_MEETING_ORG_KIND,400, "meeting.org_kind",          "该组织不能召开此类会议" },
  { ZE_MEETING_NOT_PLANNED,409,"meeting.not_planned",     "只能删除计划中的会议" },
  { ZE_MEETING_ATTENDEE,400, "meeting.attendee_invalid",  "参会人员不在应到名单中" },
  { ZE_MEETING_ATT_DUP, 400, "meeting.attendee_duplicate","参会人员重复" },
  { ZE_MEETING_ATT_STATUS,400,"meeting.attendance_status","出席状态应为出席、请假或缺席" },
  { ZE_MEETING_LEAVE_REASON,400,"meeting.leave_reason",   "请假须填写原因" },
  { ZE_MEETING_TIME,    400, "meeting.time",              "时间格式应为 HH:MM" },
  { ZE_MEETING_VOTE,    400, "meeting.vote",              "表决数据无效：人数不能为负，赞成、反对、弃权之和不能超过到会人数，到会人数不能超过应到会人数" },
  { ZE_FILE_TYPE,       415, "file.type",                 "只支持 jpg、png、pdf 文件" },
  { ZE_FILE_TOO_LARGE,  413, "file.too_large",            "附件过大" },
  { ZE_FILE_EMPTY,      400, "file.empty",                "附件为空" },
  { ZE_CADENCE_KIND,    400, "cadence.kind",              "会议类型无效" },
  { ZE_CADENCE_EVERY,   400, "cadence.every",             "频次应为每月、每季度、每年或不要求" },
  { ZE_CADENCE_NTH,     400, "cadence.nth",               "第几个工作日应为1至23" },
  { ZE_LIAISON_EXISTS,  409, "liaison.exists",            "该领导已联系本支部" },
  { ZE_CALENDAR_DATA,   400, "calendar.data",             "节假日安排数据有误" },
  { ZE_DUES_MONTH,      400, "dues.month",                "月份格式应为YYYY-MM（如2026-03），年份在2000至2100之间" },
  { ZE_DUES_MONTH_ORDER, 400, "dues.month_order",         "截止月份不能早于起始月份" },
  { ZE_DUES_SPAN,       400, "dues.span",                 "一次交纳最多覆盖24个月" },
  { ZE_DUES_AMOUNT,     400, "dues.amount",               "金额应为大于0的整数（单位：分）" },
  { ZE_DUES_METHOD,     400, "dues.method",               "交纳方式无效（应为现金、银行转账、微信、支付宝或工资代扣）" },
  { ZE_DUES_KIND,       400, "dues.kind",                 "党员类别无效（应为工资收入、年薪制、个体经营等、离退休、学生、下岗失业或农民）" },
  { ZE_DUES_BASE,       400, "dues.base",                 "基数无效（应为0至10亿元之间的整数，单位：分）" },
  { ZE_DUES_CORRECTS,   400, "dues.corrects",             "要更正的交纳记录不存在、不属于该党员，或本身是更正记录" },
  { ZE_DUES_RELIEF_KIND, 400, "dues.relief_kind",         "类型无效（应为少交 reduction 或免交 exemption）" },
  { ZE_TRANSFER_OPEN,   409, "transfer.open_exists",      "该党员已有未办结的组织关系转接，不能重复发起" },
  { ZE_TRANSFER_STATE,  409, "transfer.state",            "该组织关系转接的当前状态不能进行此操作" },
  { ZE_TRANSFER_EXPIRED,409, "transfer.expired",          "介绍信已超过有效期，不能接收或审批，请转出方撤回后重新开具" },
  { ZE_TRANSFER_VALIDITY,400,"transfer.validity",         "介绍信有效期无效：截止日期不能早于开具日期，也不能超过规定的有效月数" },
  { ZE_TRANSFER_TARGET, 400, "transfer.target",           "接收组织应为本系统中其他未撤销的党支部或党小组" },
  { ZE_TRANSFER_MONTH,  400, "transfer.dues_month",       "党费交至月份应为 YYYY-MM，且不能晚于开具月份后12个月" },
  { ZE_TRANSFER_APPROVER,403,"transfer.approver",         "转出审批须由转出党组织的上级党委办理（《中国共产党党员教育管理工作条例》第二十五条）" },
  { ZE_MEMBERSHIP_KIND, 400, "membership.kind",           "党籍变更类型应为停止党籍、除名、死亡或恢复党籍" },
  { ZE_MEMBERSHIP_STATE,409, "membership.state",          "该党员当前的党籍状态不能办理此项" },
  { ZE_MEMBERSHIP_RULE, 422, "membership.rule",           "不符合党籍变更的条件" },
  { ZE_MEMBERSHIP_MEETING,400,"membership.meeting",       "决定除名的会议须为该党员所在党支部召开的党员大会，且不晚于生效日期" },
  { ZE_MOBILE_NONE,     409, "mobile.none",               "该党员目前不是流动党员" },
  { ZE_RECRUIT_RULE,    422, "recruitment.rule",          "该步骤不符合发展党员工作规定，未登记（可由有权限的用户填写理由后强制登记）" },
  { ZE_RECRUIT_STEP,    422, "recruitment.step_order",    "发展党员步骤须按顺序登记，日期不得早于上一步骤" },
  { ZE_RECRUIT_ORG_KIND,422, "recruitment.org_kind",      "发展党员须登记在党支部" },
  { ZE_RECRUIT_MEETING, 422, "recruitment.meeting",       "须关联本支部已召开的支部党员大会" },
};
/* clang-format on */

const ErrCode *errcode_get(int iCode)
{
    if (iCode >= 0 && iCode < ZE_COUNT && aErr[iCode].iCode == iCode)
        return &aErr[iCode];
    return &aErr[ZE_INTERNAL];
}

const ErrCode *errcode_find(const char *zCode)
{
    for (int i = 0; i < (int)(sizeof(aErr) / sizeof(aErr[0])); i++)
        if (strcmp(aErr[i].zCode, zCode) == 0) return &aErr[i];
    return 0;
}

int err_set(Err *pErr, int iCode, const char *zField, const char *zMsg)
{
    if (pErr) {
        pErr->iCode = iCode;
        pErr->zField = zField;
        pErr->zMsg = zMsg;
    }
    return iCode;
}

/* Number of rows, for the table test. */
int errcode_count(void);
int errcode_count(void)
{
    return (int)(sizeof(aErr) / sizeof(aErr[0]));
}

int err_db(Db *pDb, int rc, const char *zWhat)
{
    if (rc == DB_OK) return ZE_OK;
    if (rc == DB_BUSY) return ZE_DB_BUSY;
    if (rc == DB_NOTFOUND) return ZE_NOT_FOUND;
    log_msg(LOG_ERROR, "%s: db error %d: %s", zWhat, rc, db_errmsg(pDb));
    return ZE_INTERNAL;
}

int err_finish(Ctx *c, int rc, Err *pErr, const char *zWhat)
{
    if (!rc) rc = db_commit(c->pDb);
    if (!rc) return 0;
    db_rollback(c->pDb);
    return err_set(pErr, err_db(c->pDb, rc, zWhat), 0, 0);
}

int err_check_text(const char *z, int nMax, int bRequired, int bLines,
                   const char *zField, Err *pErr)
{
    const char *p = z;
    while (p && (*p == ' ' || *p == '\t'))
        p++;
    if (!p || !*p)
        return bRequired ? err_set(pErr, ZE_FIELD_REQUIRED, zField, 0) : 0;
    if (util_utf8_chars(z) > nMax)
        return err_set(pErr, ZE_FIELD_TOO_LONG, zField, 0);
    for (p = z; *p; p++) {
        unsigned char ch = (unsigned char)*p;
        if ((ch < 0x20 &&
             (!bLines || (ch != '\n' && ch != '\r' && ch != '\t'))) ||
            ch == 0x7f)
            return err_set(pErr, ZE_FIELD_INVALID, zField, "不能包含控制字符");
    }
    return 0;
}
