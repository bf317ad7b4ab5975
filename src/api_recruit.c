/* api_recruit.c: POST /api/v1/recruitment/audit, the dossier audit
** (发展党员时间审核, issue 4 item 4) over HTTP.  Any business user with
** member.read may check a paper dossier; nothing is stored or audited
** because nothing is read from or written to the member records.
**
** Entry point: api_recruit_audit. */
#include "api.h"
#include "calendar.h"
#include "recruit.h"

/*
** POST /api/v1/recruitment/audit {birth_date, applied_on?, ...}
**
** Replies 200 {"findings":[...],"probation_end","full_member_on",
** "party_standing_years","as_of"} (recruit_audit_json), or 400 with a
** stable code and the field: field.required, field.type, field.date or
** field.invalid.  The local rules come from the settings.
*/
void api_recruit_audit(Req *r)
{
    RecruitDossier d;
    RecruitInputErr e;
    RecruitRules rules;
    RecruitAudit a;

    if (recruit_dossier_from_json(r->pBody, cal_today(), &d, &e)) {
        reply_error(r, e.iCode, e.zField[0] ? e.zField : 0, e.zMsg);
        return;
    }
    recruit_rules_load(req_db(r), &rules);
    recruit_audit(&d, &rules, &a);
    json_t *pOut = recruit_audit_json(&a);
    recruit_audit_free(&a);
    reply_json(r, 200, pOut);
}
