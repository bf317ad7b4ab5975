/* api.h: every HTTP handler (api_*.c).  Each parses, checks org scope,
** calls a domain function and queues exactly one reply. */
#ifndef ZHIBU_API_H
#define ZHIBU_API_H
#include "req.h"

/* The User object of docs/api-contract.md for u.  New reference. */
json_t *api_user_json(Req *r, const User *u);

void api_meta_routes(Req *r);
void api_session_login(Req *r);
void api_session_get(Req *r);
void api_session_logout(Req *r);
void api_session_password(Req *r);
void api_org_get(Req *r);
void api_org_children(Req *r);
void api_org_create(Req *r);
void api_org_patch(Req *r);
void api_org_checks(Req *r);
void api_post_list(Req *r);
void api_post_create(Req *r);
void api_post_delete(Req *r);
void api_member_list(Req *r);
void api_member_create(Req *r);
void api_member_get(Req *r);
void api_member_patch(Req *r);
void api_member_import(Req *r);
void api_member_export(Req *r);
void api_import_template(Req *r);
void api_job_get(Req *r);
void api_me_get(Req *r);
void api_me_export(Req *r);
void api_user_list(Req *r);
void api_user_create(Req *r);
void api_user_patch(Req *r);
void api_user_reset(Req *r);
void api_grant_list(Req *r);
void api_grant_create(Req *r);
void api_grant_delete(Req *r);
void api_setting_list(Req *r);
void api_setting_patch(Req *r);
void api_audit_list(Req *r);
void api_audit_verify(Req *r);
void api_audit_export(Req *r);
void api_recruit_audit(Req *r);
/* Recruitment pipeline (api_pipeline.c). */
void api_pipeline_list(Req *r);
void api_pipeline_ledger(Req *r);
void api_pipeline_create(Req *r);
void api_pipeline_get(Req *r);
void api_pipeline_step(Req *r);
/* Organisational life (api_meeting.c, api_life.c). */
void api_calendar_put(Req *r);
void api_meeting_file_delete(Req *r);
void api_meeting_file_get(Req *r);
void api_meeting_create(Req *r);
void api_meeting_delete(Req *r);
void api_meeting_get(Req *r);
void api_meeting_patch(Req *r);
void api_meeting_attendance(Req *r);
void api_meeting_file_list(Req *r);
void api_meeting_file_add(Req *r);
void api_meeting_record(Req *r);
void api_meeting_votes(Req *r);
void api_me_life(Req *r);
void api_member_exempt(Req *r);
void api_member_life(Req *r);
void api_org_attendees(Req *r);
void api_org_cadence_get(Req *r);
void api_org_cadence_put(Req *r);
void api_compliance_get(Req *r);
void api_org_inactive(Req *r);
void api_org_meetings(Req *r);
void api_org_meetings_export(Req *r);
void api_org_todo(Req *r);
void api_todo(Req *r);
/* Committee views, liaisons and the calendar (api_rollup.c). */
void api_calendar_get(Req *r);
void api_compliance_export(Req *r);
void api_liaison_delete(Req *r);
void api_org_heatmap(Req *r);
void api_org_liaison_add(Req *r);
void api_org_liaisons(Req *r);
void api_org_trend(Req *r);
/* Party dues (api_dues.c, issue 4 items 6-7). */
void api_me_dues(Req *r);
void api_member_dues(Req *r);
void api_member_dues_base(Req *r);
void api_member_dues_pay(Req *r);
void api_member_dues_relief(Req *r);
void api_org_dues_arrears(Req *r);
void api_org_dues_confirm(Req *r);
void api_org_dues_ledger(Req *r);
void api_org_dues_pay(Req *r);
void api_org_dues_report(Req *r);
void api_org_dues_report_export(Req *r);
void api_org_dues_sheet(Req *r);
/* Transfers, mobile members, membership changes (api_transfer.c). */
void api_transfer_accept(Req *r);
void api_transfer_approve(Req *r);
void api_transfer_branches(Req *r);
void api_transfer_cancel(Req *r);
void api_transfer_create(Req *r);
void api_transfer_get(Req *r);
void api_transfer_member_list(Req *r);
void api_transfer_membership_get(Req *r);
void api_transfer_membership_post(Req *r);
void api_transfer_mobile_end(Req *r);
void api_transfer_mobile_get(Req *r);
void api_transfer_mobile_put(Req *r);
void api_transfer_mobile_report(Req *r);
void api_transfer_org_list(Req *r);
void api_transfer_org_mobile(Req *r);
void api_transfer_refuse(Req *r);

#endif
