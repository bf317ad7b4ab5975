/* cap.h: capabilities and the business and administrator roles that bundle
** them (三员分立).  The database stores role names, never bit values. */
#ifndef ZHIBU_CAP_H
#define ZHIBU_CAP_H

#define CAP_ORG_READ      0x0001u /* browse the org tree and checks */
#define CAP_ORG_EDIT      0x0002u /* create, edit, move, close orgs; posts */
#define CAP_MEMBER_READ   0x0004u /* read the roster (masked) */
#define CAP_MEMBER_EDIT   0x0008u /* add, edit, import members */
#define CAP_MEMBER_EXPORT 0x0010u /* export the roster */
#define CAP_MEMBER_UNMASK 0x0020u /* see ID and phone numbers unmasked */
#define CAP_USER_ADMIN    0x0040u /* accounts (sysadmin) */
#define CAP_GRANT_ADMIN   0x0080u /* grants (secadmin) */
#define CAP_SETTING_ADMIN 0x0100u /* security settings (secadmin) */
#define CAP_AUDIT_READ    0x0200u /* read and verify the audit log */
#define CAP_SELF          0x0400u /* one's own member record */
#define CAP_BACKUP        0x0800u /* backups (sysadmin) */

typedef struct Cap {
    unsigned mCap;      /* CAP_* bit */
    const char *zName;  /* "member.read" */
    const char *zLabel; /* Chinese label */
} Cap;

typedef struct Role {
    const char *zName;  /* "branch_secretary" */
    const char *zLabel; /* "支部书记" */
    unsigned mCap;      /* CAP_* bits */
    int bAdmin;         /* one of the three separated administrators */
} Role;

/* The role named zName (static), or NULL. */
const Role *cap_role(const char *zName);
/* The i-th role / capability in table order (static), NULL past the end. */
const Role *cap_role_at(int i);
const Cap *cap_at(int i);

#endif
