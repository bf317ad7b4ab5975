/* route.c: the route table and route_dispatch(), which runs the central
** checks in order: match → method → session → password change → capability
** → CSRF → body limit and JSON parse → handler (c-style §7.3). */
#include "route.h"
#include "api.h"
#include "asset.h"
#include "auth.h"
#include "cap.h"
#include "jx.h"
#include "log.h"
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define M_READ CAP_MEMBER_READ
#define M_EDIT CAP_MEMBER_EDIT

/* Sorted by pattern, then method (a unit test checks). */
/* clang-format off */
static const Route aRoute[] = {
  { "GET",    "/api/v1/_meta/routes",          api_meta_routes,     0, RF_PUBLIC, "路由表 (route table)" },
  { "GET",    "/api/v1/audit",                 api_audit_list,      CAP_AUDIT_READ, 0, "审计日志列表 (audit log)" },
  { "GET",    "/api/v1/audit.xlsx",            api_audit_export,    CAP_AUDIT_READ, 0, "导出审计日志 (export audit log)" },
  { "POST",   "/api/v1/audit/verify",          api_audit_verify,    CAP_AUDIT_READ, 0, "校验审计日志哈希链 (verify the chain)" },
  { "GET",    "/api/v1/branches",              api_transfer_branches, M_READ, 0, "党支部查找，仅名称 (branch search for transfers)" },
  { "GET",    "/api/v1/calendar/:year",        api_calendar_get,    0, 0, "节假日安排 (holiday arrangement of a year, B2)" },
  { "PUT",    "/api/v1/calendar/:year",        api_calendar_put,    CAP_USER_ADMIN, 0, "载入节假日安排 (holiday TSV, B2)" },
  { "GET",    "/api/v1/grants",                api_grant_list,      CAP_GRANT_ADMIN, 0, "授权列表 (grants)" },
  { "POST",   "/api/v1/grants",                api_grant_create,    CAP_GRANT_ADMIN, 0, "授予角色 (grant a role on an org)" },
  { "DELETE", "/api/v1/grants/:id",            api_grant_delete,    CAP_GRANT_ADMIN, 0, "撤销授权 (revoke a grant)" },
  { "GET",    "/api/v1/import-template.xlsx",  api_import_template, M_EDIT, 0, "下载导入模板 (roster import template)" },
  { "GET",    "/api/v1/jobs/:id",              api_job_get,         0, RF_PWOK, "长任务进度 (progress of an import)" },
  { "DELETE", "/api/v1/liaisons/:id",          api_liaison_delete,  M_EDIT, 0, "取消联系支部 (remove a liaison, B4)" },
  { "GET",    "/api/v1/me",                    api_me_get,          0, 0, "本人档案 (own record)" },
  { "GET",    "/api/v1/me/dues",               api_me_dues,         CAP_SELF, 0, "本人党费 (own dues: base, band, rate, amount, F1-F9)" },
  { "GET",    "/api/v1/me/life",               api_me_life,         CAP_SELF, 0, "本人组织生活与学时 (own study hours, T7)" },
  { "GET",    "/api/v1/me/record.xlsx",        api_me_export,       CAP_SELF, 0, "导出本人档案 (export own record)" },
  { "DELETE", "/api/v1/meeting-files/:id",     api_meeting_file_delete, M_EDIT, 0, "删除会议附件 (delete attachment)" },
  { "GET",    "/api/v1/meeting-files/:id",     api_meeting_file_get, M_READ, 0, "下载会议附件 (download attachment)" },
  { "POST",   "/api/v1/meetings",              api_meeting_create,  M_EDIT, 0, "新建会议记录 (record a meeting, B1)" },
  { "DELETE", "/api/v1/meetings/:id",          api_meeting_delete,  M_EDIT, 0, "删除计划中的会议 (delete planned)" },
  { "GET",    "/api/v1/meetings/:id",          api_meeting_get,     M_READ, 0, "会议记录 (a meeting)" },
  { "PATCH",  "/api/v1/meetings/:id",          api_meeting_patch,   M_EDIT, 0, "修改会议记录 (edit; audited)" },
  { "PUT",    "/api/v1/meetings/:id/attendance", api_meeting_attendance, M_EDIT, 0, "登记出席 (attendance)" },
  { "GET",    "/api/v1/meetings/:id/files",    api_meeting_file_list, M_READ, 0, "会议附件 (attachments)" },
  { "POST",   "/api/v1/meetings/:id/files",    api_meeting_file_add, M_EDIT, RF_RAWBODY, "上传会议附件 (jpg/png/pdf)" },
  { "GET",    "/api/v1/meetings/:id/record",   api_meeting_record,  M_READ, 0, "会议记录打印数据 (printable record)" },
  { "PUT",    "/api/v1/meetings/:id/votes",    api_meeting_votes,   M_EDIT, 0, "表决情况 (votes, M2)" },
  { "POST",   "/api/v1/members",               api_member_create,   M_EDIT, 0, "新增党员 (add a member, A2)" },
  { "GET",    "/api/v1/members/:id",           api_member_get,      M_READ, 0, "党员详情 (member; ?unmask=1 audited)" },
  { "PATCH",  "/api/v1/members/:id",           api_member_patch,    M_EDIT, 0, "修改党员信息 (edit a member, A2)" },
  { "GET",    "/api/v1/members/:id/dues",      api_member_dues,     M_READ, 0, "党员党费 (dues book, arrears, F14 flag)" },
  { "POST",   "/api/v1/members/:id/dues/bases", api_member_dues_base, M_EDIT, 0, "核定党费基数 (confirm the base, F11)" },
  { "POST",   "/api/v1/members/:id/dues/payments", api_member_dues_pay, M_EDIT, 0, "登记交纳或更正 (payment or correction)" },
  { "POST",   "/api/v1/members/:id/dues/reliefs", api_member_dues_relief, M_EDIT, 0, "少交、免交 (approved relief, F8)" },
  { "PUT",    "/api/v1/members/:id/exempt",    api_member_exempt,   M_EDIT, 0, "免于学时考核 (exempt, T8)" },
  { "GET",    "/api/v1/members/:id/life",      api_member_life,     M_READ, 0, "党员学时 (study hours, T7)" },
  { "GET",    "/api/v1/members/:id/membership", api_transfer_membership_get, M_READ, 0, "党籍变更记录 (membership history)" },
  { "POST",   "/api/v1/members/:id/membership", api_transfer_membership_post, M_EDIT, 0, "党籍变更 (suspend, remove, death, restore; T10)" },
  { "DELETE", "/api/v1/members/:id/mobile",    api_transfer_mobile_end, M_EDIT, 0, "结束流动党员登记 (end mobile period)" },
  { "GET",    "/api/v1/members/:id/mobile",    api_transfer_mobile_get, M_READ, 0, "流动党员登记 (mobile member, T14)" },
  { "PUT",    "/api/v1/members/:id/mobile",    api_transfer_mobile_put, M_EDIT, 0, "登记流动党员 (flag as mobile)" },
  { "POST",   "/api/v1/members/:id/mobile/reports", api_transfer_mobile_report, M_EDIT, 0, "流动党员汇报 (report, T21)" },
  { "GET",    "/api/v1/members/:id/transfers", api_transfer_member_list, M_READ, 0, "党员组织关系转接记录 (transfer history)" },
  { "POST",   "/api/v1/orgs",                  api_org_create,      CAP_ORG_EDIT, 0, "新建组织 (create an org, A1)" },
  { "GET",    "/api/v1/orgs/:id",              api_org_get,         CAP_ORG_READ, 0, "组织详情 (an org)" },
  { "PATCH",  "/api/v1/orgs/:id",              api_org_patch,       CAP_ORG_EDIT, 0, "修改、移动、撤销组织 (edit, move, close)" },
  { "GET",    "/api/v1/orgs/:id/attendees",    api_org_attendees,   M_READ, 0, "应到人员 (expected list)" },
  { "GET",    "/api/v1/orgs/:id/cadence",      api_org_cadence_get, M_READ, 0, "组织生活频次 (cadence, B2)" },
  { "PUT",    "/api/v1/orgs/:id/cadence",      api_org_cadence_put, CAP_ORG_EDIT, 0, "设置组织生活频次 (set cadence)" },
  { "GET",    "/api/v1/orgs/:id/checks",       api_org_checks,      CAP_ORG_READ, 0, "组织设置检查 (structure rules, A4)" },
  { "GET",    "/api/v1/orgs/:id/children",     api_org_children,    CAP_ORG_READ, 0, "下级组织 (children)" },
  { "GET",    "/api/v1/orgs/:id/compliance",   api_compliance_get,  M_READ, RF_SNAP, "组织生活完成情况 (compliance, B3; ?as_of)" },
  { "GET",    "/api/v1/orgs/:id/compliance.xlsx", api_compliance_export, M_READ, 0, "导出达标情况表 (compliance table)" },
  { "GET",    "/api/v1/orgs/:id/dues/arrears", api_org_dues_arrears, M_READ, 0, "欠缴党费 (arrears, F14/F18 flag; ?as_of)" },
  { "GET",    "/api/v1/orgs/:id/dues/confirm", api_org_dues_confirm, M_READ, 0, "待核定基数 (bases due for confirmation, F11)" },
  { "GET",    "/api/v1/orgs/:id/dues/ledger.xlsx", api_org_dues_ledger, M_READ, 0, "党费收缴台账 (dues ledger)" },
  { "POST",   "/api/v1/orgs/:id/dues/payments", api_org_dues_pay,  M_EDIT, 0, "按月批量登记交纳 (bulk, all or nothing)" },
  { "GET",    "/api/v1/orgs/:id/dues/report",  api_org_dues_report, M_READ, 0, "党费收缴情况公布 (yearly disclosure, F13)" },
  { "GET",    "/api/v1/orgs/:id/dues/report.xlsx", api_org_dues_report_export, M_READ, 0, "导出党费收缴情况 (disclosure)" },
  { "GET",    "/api/v1/orgs/:id/dues/sheet",   api_org_dues_sheet,  M_READ, 0, "党费收缴表 (collection sheet of a month)" },
  { "GET",    "/api/v1/orgs/:id/heatmap",      api_org_heatmap,     M_READ, 0, "下级组织完成情况热力图 (heat map, B3)" },
  { "GET",    "/api/v1/orgs/:id/inactive",     api_org_inactive,    M_READ, 0, "连续6个月未参加组织生活 (T13 flag)" },
  { "GET",    "/api/v1/orgs/:id/liaisons",     api_org_liaisons,    M_READ, 0, "联系支部的领导 (liaisons, B4)" },
  { "POST",   "/api/v1/orgs/:id/liaisons",     api_org_liaison_add, M_EDIT, 0, "新增联系领导 (link a leader, B4)" },
  { "GET",    "/api/v1/orgs/:id/meetings",     api_org_meetings,    M_READ, 0, "会议列表 (meetings)" },
  { "GET",    "/api/v1/orgs/:id/meetings.xlsx", api_org_meetings_export, M_READ, 0, "三会一课台账 (register)" },
  { "GET",    "/api/v1/orgs/:id/members",      api_member_list,     M_READ, RF_SNAP, "党员名册 (roster of the subtree)" },
  { "GET",    "/api/v1/orgs/:id/members.xlsx", api_member_export,   CAP_MEMBER_EXPORT, 0, "导出党员名册 (export roster)" },
  { "POST",   "/api/v1/orgs/:id/members/import", api_member_import, M_EDIT, RF_RAWBODY, "导入党员名册 (import, ?dry_run=1)" },
  { "GET",    "/api/v1/orgs/:id/mobile",       api_transfer_org_mobile, M_READ, 0, "流动党员名单 (mobile members; ?as_of)" },
  { "GET",    "/api/v1/orgs/:id/posts",        api_post_list,       CAP_ORG_READ, 0, "党务岗位 (posts, A3)" },
  { "POST",   "/api/v1/orgs/:id/posts",        api_post_create,     CAP_ORG_EDIT, 0, "任命岗位 (appoint to a post, A3)" },
  { "GET",    "/api/v1/orgs/:id/recruitment",  api_pipeline_list,   M_READ, 0, "发展党员进度 (recruitment pipeline, A5; ?as_of)" },
  { "GET",    "/api/v1/orgs/:id/recruitment.xlsx", api_pipeline_ledger, M_READ, 0, "发展党员工作台账 (ledger, ?year)" },
  { "GET",    "/api/v1/orgs/:id/todo",         api_org_todo,        M_READ, 0, "待办提醒 (to-do of an org)" },
  { "GET",    "/api/v1/orgs/:id/transfers",    api_transfer_org_list, M_READ, 0, "组织关系转入转出 (?direction=in|out&status=)" },
  { "GET",    "/api/v1/orgs/:id/trend",        api_org_trend,       M_READ, 0, "达标趋势 (trend by month or quarter, B3)" },
  { "DELETE", "/api/v1/posts/:id",             api_post_delete,     CAP_ORG_EDIT, 0, "免去岗位 (end a post)" },
  { "POST",   "/api/v1/recruitment",           api_pipeline_create, M_EDIT, 0, "登记入党申请人 (new applicant, step 1)" },
  { "GET",    "/api/v1/recruitment/:id",       api_pipeline_get,    M_READ, 0, "发展党员档案 (25 steps, D1-D25)" },
  { "POST",   "/api/v1/recruitment/:id/steps", api_pipeline_step,   M_EDIT, 0, "登记发展步骤 (record a step)" },
  { "POST",   "/api/v1/recruitment/audit",     api_recruit_audit,   M_READ, 0, "发展党员时间审核，不保存 (dossier audit, D1-D21)" },
  { "DELETE", "/api/v1/session",               api_session_logout,  0, RF_PWOK, "退出登录 (log out)" },
  { "GET",    "/api/v1/session",               api_session_get,     0, RF_PWOK, "当前会话 (current session)" },
  { "POST",   "/api/v1/session",               api_session_login,   0, RF_PUBLIC | RF_NOCSRF, "登录 (log in)" },
  { "POST",   "/api/v1/session/password",      api_session_password,0, RF_PWOK, "修改密码 (change password)" },
  { "GET",    "/api/v1/settings",              api_setting_list,    CAP_SETTING_ADMIN, 0, "安全设置 (settings)" },
  { "PATCH",  "/api/v1/settings",              api_setting_patch,   CAP_SETTING_ADMIN, 0, "修改设置 (change settings)" },
  { "GET",    "/api/v1/todo",                  api_todo,            M_READ, 0, "待办提醒 (to-do, B3; ?as_of)" },
  { "POST",   "/api/v1/transfers",             api_transfer_create, M_EDIT, 0, "发起组织关系转出 (start a transfer, T11)" },
  { "GET",    "/api/v1/transfers/:id",         api_transfer_get,    M_READ, 0, "组织关系转接详情 (a transfer)" },
  { "POST",   "/api/v1/transfers/:id/accept",  api_transfer_accept, M_EDIT, 0, "接收组织关系 (receiving org accepts)" },
  { "POST",   "/api/v1/transfers/:id/approve", api_transfer_approve, M_EDIT, 0, "上级党委审批转出 (committee approves)" },
  { "POST",   "/api/v1/transfers/:id/cancel",  api_transfer_cancel, M_EDIT, 0, "撤回转出 (sending side cancels)" },
  { "POST",   "/api/v1/transfers/:id/refuse",  api_transfer_refuse, M_EDIT, 0, "拒绝接收 (receiving org refuses)" },
  { "GET",    "/api/v1/users",                 api_user_list,       0, 0, "账户列表 (accounts)" },
  { "POST",   "/api/v1/users",                 api_user_create,     CAP_USER_ADMIN, 0, "新建账户 (create an account)" },
  { "PATCH",  "/api/v1/users/:id",             api_user_patch,      CAP_USER_ADMIN, 0, "停用、启用账户 (disable, enable)" },
  { "POST",   "/api/v1/users/:id/reset-password", api_user_reset,   CAP_USER_ADMIN, 0, "重置密码 (reset password)" },
};
/* clang-format on */

const Route *route_at(int i)
{
    if (i < 0 || i >= (int)(sizeof(aRoute) / sizeof(aRoute[0]))) return 0;
    return &aRoute[i];
}

/* Does zPath (modified in place: '/' → NUL) match zPattern?  Captures go to
** azArg. */
static int match_one(const char *zPattern, const char *zPath,
                     const char **azArg, int *pnArg, char **pzCopy)
{
    const char *p = zPattern, *s = zPath;
    size_t aiStart[REQ_MAX_ARGS], aiEnd[REQ_MAX_ARGS]; /* captures */
    int nArg = 0;
    while (*p && *s) {
        if (*p == ':') {
            while (*p && *p != '/')
                p++;
            const char *zStart = s;
            while (*s && *s != '/')
                s++;
            if (s == zStart || nArg >= REQ_MAX_ARGS) break;
            aiStart[nArg] = (size_t)(zStart - zPath);
            aiEnd[nArg++] = (size_t)(s - zPath);
            if (*s == '/') {
                if (*p != '/') break;
                s++;
                p++;
            }
            continue;
        }
        if (*p != *s) break;
        p++;
        s++;
    }
    if (*p || *s) return 0;
    char *zCopy = xstrdup(zPath); /* copied only for the route that matches */
    for (int i = 0; i < nArg; i++) {
        zCopy[aiEnd[i]] = 0;
        azArg[i] = zCopy + aiStart[i];
    }
    *pnArg = nArg;
    *pzCopy = zCopy;
    return 1;
}

const Route *route_match(const char *zMethod, const char *zPath,
                         const char **azArg, int *pnArg, char **pzCopy,
                         int *pbMethod)
{
    *pbMethod = 0;
    for (int i = 0; i < (int)(sizeof(aRoute) / sizeof(aRoute[0])); i++) {
        const char *azTmp[REQ_MAX_ARGS];
        int nTmp = 0;
        char *zCopy = 0;
        if (!match_one(aRoute[i].zPattern, zPath, azTmp, &nTmp, &zCopy))
            continue;
        if (strcmp(aRoute[i].zMethod, zMethod) != 0) {
            *pbMethod = 1;
            free(zCopy);
            continue;
        }
        memcpy(azArg, azTmp, sizeof(azTmp));
        *pnArg = nTmp;
        *pzCopy = zCopy;
        return &aRoute[i];
    }
    return 0;
}

/* Serve the embedded UI (or from --assets-dir): the file, or index.html for
** client-side routes. */
static void serve_asset(Req *r)
{
    char zName[512];
    const Asset *a = 0;
    if (strstr(r->zPath, "..")) {
        reply_error(r, ZE_ROUTE_NOT_FOUND, 0, 0);
        return;
    }
    if (r->pApp->zAssetsDir) {
        /* Development: serve web/dist from disk (zhibu serve --assets-dir). */
        const char *zRel =
            strcmp(r->zPath, "/") == 0 ? "/index.html" : r->zPath;
        char *zFile = xprintf("%s%s", r->pApp->zAssetsDir, zRel);
        int fd = open(zFile, O_RDONLY);
        struct stat st;
        if (fd < 0 && strncmp(r->zPath, "/assets/", 8) != 0) {
            free(zFile);
            zFile = xprintf("%s/index.html", r->pApp->zAssetsDir);
            fd = open(zFile, O_RDONLY);
        }
        free(zFile);
        if (fd >= 0 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
            reply_fd(r,
                     strstr(zRel, ".js")    ? "text/javascript; charset=utf-8"
                     : strstr(zRel, ".css") ? "text/css; charset=utf-8"
                     : strstr(zRel, ".svg") ? "image/svg+xml"
                                            : "text/html; charset=utf-8",
                     fd, (long long)st.st_size, 0);
            return;
        }
        if (fd >= 0) close(fd);
        reply_error(r, ZE_ROUTE_NOT_FOUND, 0, 0);
        return;
    }
    snprintf(zName, sizeof zName, "web%s", r->zPath);
    if (strcmp(r->zPath, "/") != 0) a = asset_find(zName);
    if (a) {
        r->bNoStore = 0;
        if (strncmp(r->zPath, "/assets/", 8) == 0)
            req_add_header(r, "Cache-Control",
                           "public, max-age=31536000, immutable");
        reply_static(r, 200, a->zMime, a->pData, a->nData);
        return;
    }
    if (strncmp(r->zPath, "/assets/", 8) == 0) {
        reply_error(r, ZE_ROUTE_NOT_FOUND, 0, 0);
        return;
    }
    a = asset_find("web/index.html");
    if (!a) {
        static const char zNoUi[] =
            "<!doctype html><meta charset=utf-8><title>zhibu</title>"
            "<p>界面未构建：请运行 make web</p>";
        reply_static(r, 200, "text/html; charset=utf-8",
                     (const unsigned char *)zNoUi, (long long)strlen(zNoUi));
        return;
    }
    reply_static(r, 200, a->zMime, a->pData, a->nData);
}

static int is_unsafe(const char *zMethod)
{
    return strcmp(zMethod, "GET") != 0 && strcmp(zMethod, "HEAD") != 0;
}

/* Parse the JSON body into r->pBody; replies and returns nonzero on error. */
static int parse_body(Req *r)
{
    if (r->body.n == 0) {
        if (strcmp(r->zMethod, "POST") == 0 ||
            strcmp(r->zMethod, "PATCH") == 0 || strcmp(r->zMethod, "PUT") == 0)
            r->pBody = json_object();
        return 0;
    }
    const char *zType = req_header(r, "Content-Type");
    if (!zType || strncmp(zType, "application/json", 16) != 0) {
        reply_error(r, ZE_CONTENT_TYPE, 0, 0);
        return 1;
    }
    json_error_t e;
    r->pBody = json_loadb(r->body.z, r->body.n, JSON_REJECT_DUPLICATES, &e);
    if (!r->pBody || !json_is_object(r->pBody)) {
        reply_error(r, ZE_BAD_JSON, 0, 0);
        return 1;
    }
    return 0;
}

static void route_checked(Req *r, const Route *p);

void route_dispatch(Req *r)
{
    int bMethod = 0;
    const Route *p;
    if (strncmp(r->zPath, "/api/", 5) != 0) {
        if (strcmp(r->zMethod, "GET") == 0 || strcmp(r->zMethod, "HEAD") == 0)
            serve_asset(r);
        else
            reply_error(r, ZE_METHOD, 0, 0);
        return;
    }
    p = route_match(r->zMethod, r->zPath, r->azArg, &r->nArg, &r->zPathCopy,
                    &bMethod);
    if (!p) {
        reply_error(r, bMethod ? ZE_METHOD : ZE_ROUTE_NOT_FOUND, 0, 0);
        return;
    }
    if (r->bTooLarge) {
        reply_error(r, ZE_TOO_LARGE, 0, 0);
        return;
    }
    /* A pure read runs its session, grant and scope checks and its handler
    ** in one snapshot: one SQLite read transaction (and one set of file
    ** locks) instead of one per statement.  Writes on the way (the session
    ** touch) join it; auth_audit_denied() ends it before auditing. */
    if (p->mFlags & RF_SNAP) db_read_begin(req_db(r));
    route_checked(r, p);
    if (p->mFlags & RF_SNAP) db_read_end(req_db(r));
    if (!r->bReplied) {
        log_msg(LOG_ERROR, "BUG: no reply from %s %s", r->zMethod, r->zPath);
        reply_error(r, ZE_INTERNAL, 0, 0);
    }
}

/* The checks of route_dispatch() after matching, then the handler. */
static void route_checked(Req *r, const Route *p)
{
    if (auth_session_load(r)) return; /* replied (database failure) */
    if (!(p->mFlags & RF_PUBLIC)) {
        if (!r->pUser) {
            reply_error(r, ZE_AUTH_REQUIRED, 0, 0);
            return;
        }
        if (r->pUser->bMustChange && !(p->mFlags & RF_PWOK)) {
            reply_error(r, ZE_AUTH_MUST_CHANGE, 0, 0);
            return;
        }
        if ((r->pUser->mCap & p->mCap) != p->mCap) {
            int bAdmin = r->pUser->zAdminRole != 0;
            auth_audit_denied(r, "capability");
            reply_error(
                r,
                bAdmin && (p->mCap & (M_READ | M_EDIT | CAP_SELF |
                                      CAP_MEMBER_EXPORT | CAP_MEMBER_UNMASK))
                    ? ZE_ADMIN_NO_DATA
                    : ZE_FORBIDDEN,
                0, 0);
            return;
        }
    }
    if (is_unsafe(r->zMethod) && !(p->mFlags & RF_NOCSRF) && !auth_csrf_ok(r)) {
        if (r->pUser) auth_audit_denied(r, "csrf");
        reply_error(r, ZE_CSRF, 0, 0);
        return;
    }
    if (!(p->mFlags & RF_RAWBODY)) {
        if (r->body.n > ROUTE_MAX_JSON) {
            reply_error(r, ZE_TOO_LARGE, 0, 0);
            return;
        }
        if (parse_body(r)) return;
    }
    p->xHandler(r);
}

/* GET /api/v1/_meta/routes: the route table. */
void api_meta_routes(Req *r)
{
    json_t *a = json_array();
    for (const Route *p = route_at(0); p; p = route_at((int)(p - aRoute) + 1)) {
        json_t *o = json_object();
        jx_set_str(o, "method", p->zMethod);
        jx_set_str(o, "path", p->zPattern);
        jx_set_str(o, "summary", p->zSummary);
        json_array_append_new(a, o);
    }
    json_t *pOut = json_object();
    json_object_set_new(pOut, "items", a);
    reply_json(r, 200, pOut);
}
