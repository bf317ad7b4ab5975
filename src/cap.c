/* cap.c: the capability and role tables (A1, 三员分立 of 等保 8.1.5).
** The three administrators hold no member capability at all. */
#include "cap.h"
#include <string.h>

#define CAP_STAFF                                                              \
    (CAP_ORG_READ | CAP_ORG_EDIT | CAP_MEMBER_READ | CAP_MEMBER_EDIT |         \
     CAP_MEMBER_EXPORT | CAP_MEMBER_UNMASK)

/* clang-format off */
static const Cap aCap[] = {
  { CAP_ORG_READ,      "org.read",      "查看组织" },
  { CAP_ORG_EDIT,      "org.edit",      "维护组织与岗位" },
  { CAP_MEMBER_READ,   "member.read",   "查看党员名册" },
  { CAP_MEMBER_EDIT,   "member.edit",   "维护党员信息" },
  { CAP_MEMBER_EXPORT, "member.export", "导出党员名册" },
  { CAP_MEMBER_UNMASK, "member.unmask", "查看明文身份证号和手机号" },
  { CAP_USER_ADMIN,    "user.admin",    "账户管理" },
  { CAP_GRANT_ADMIN,   "grant.admin",   "授权管理" },
  { CAP_SETTING_ADMIN, "setting.admin", "安全设置" },
  { CAP_AUDIT_READ,    "audit.read",    "审计日志" },
  { CAP_SELF,          "self",          "本人档案" },
  { CAP_BACKUP,        "backup",        "备份" },
};

static const Role aRole[] = {
  { "auditor",          "审计管理员",   CAP_AUDIT_READ, 1 },
  { "branch_committee", "支部委员",     CAP_ORG_READ | CAP_MEMBER_READ | CAP_MEMBER_EDIT | CAP_MEMBER_EXPORT, 0 },
  { "branch_secretary", "支部书记",     CAP_STAFF, 0 },
  { "committee_staff",  "党委工作人员", CAP_STAFF, 0 },
  { "inspector",        "检查人员",     CAP_ORG_READ | CAP_MEMBER_READ, 0 },
  { "member",           "党员",         CAP_SELF, 0 },
  { "secadmin",         "安全管理员",   CAP_GRANT_ADMIN | CAP_SETTING_ADMIN | CAP_ORG_READ, 1 },
  { "sysadmin",         "系统管理员",   CAP_USER_ADMIN | CAP_BACKUP, 1 },
};
/* clang-format on */

const Role *cap_role(const char *zName)
{
    for (int i = 0; zName && i < (int)(sizeof(aRole) / sizeof(aRole[0])); i++)
        if (strcmp(aRole[i].zName, zName) == 0) return &aRole[i];
    return 0;
}

const Role *cap_role_at(int i)
{
    if (i < 0 || i >= (int)(sizeof(aRole) / sizeof(aRole[0]))) return 0;
    return &aRole[i];
}

const Cap *cap_at(int i)
{
    if (i < 0 || i >= (int)(sizeof(aCap) / sizeof(aCap[0]))) return 0;
    return &aCap[i];
}
