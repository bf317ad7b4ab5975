"""test_transfer.py: transfers of the organisational relation (组织关系转接,
T11), mobile members (流动党员, T14/T21) and changes of membership (党籍:
T10, T13/F18), issue #4 items 9 and 10.  Runs on SQLite and PostgreSQL.

Branches A, B and C under the root; staff on the root (the committee that
approves transfers out, T11); one secretary per branch.
"""

import datetime

from harness import ServerTest
from test_roster import member_body


def day(offset_days=0, months=0):
    """Today plus months (same day, clipped) and days, as YYYY-MM-DD."""
    t = datetime.date.today()
    if months:
        y, m = divmod(t.month - 1 + months, 12)
        y, m = t.year + y, m + 1
        for d in range(t.day, 27, -1):
            try:
                t = datetime.date(y, m, d)
                break
            except ValueError:
                continue
        else:
            t = datetime.date(y, m, t.day)
    return (t + datetime.timedelta(days=offset_days)).isoformat()


def this_month():
    return datetime.date.today().strftime("%Y-%m")


class TransferTest(ServerTest):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        s = cls.server
        s.user_add_cli("staff", "committee_staff", org=1)
        cls.staff = st = s.login("staff")
        cls.a, cls.b, cls.c = [
            st.post("orgs", {"parent_id": 1, "kind": "branch",
                             "name": n}).data["id"]
            for n in ("甲党支部", "乙党支部", "丙党支部")]
        cls.ma = []
        for i in range(9):
            r = st.post("members", member_body(cls.a, "甲%d" % i,
                                               birth="19780101",
                                               seq=301 + 2 * i))
            assert r.status == 201, r
            cls.ma.append(r.data["id"])
        r = st.post("members", member_body(cls.b, "乙0", birth="19790101",
                                           seq=401))
        assert r.status == 201, r
        cls.mb = r.data["id"]
        for login, org in (("seca", cls.a), ("secb", cls.b), ("secc", cls.c)):
            s.user_add_cli(login, "branch_secretary", org=org)
        cls.seca = s.login("seca")
        cls.secb = s.login("secb")
        cls.secc = s.login("secc")

    def start(self, member, to=None, **kw):
        body = {"member_id": member, "to_org_id": to or self.b,
                "letter_no": "财组字〔2026〕%d号" % member,
                "dues_paid_to": this_month(), "reason": "工作调动"}
        body.update(kw)
        return self.seca.post("transfers", body)

    def approve(self, tid):
        return self.staff.post("transfers/%d/approve" % tid,
                               {"approved_by": "王组织",
                                "approving_body": "中共测试县委机关工委",
                                "document_no": "工委组〔2026〕8号"})

    def roster_ids(self, client, org, **q):
        qs = "&".join("%s=%s" % kv for kv in q.items())
        r = client.get("orgs/%d/members?limit=500&%s" % (org, qs))
        self.assertEqual(r.status, 200, r)
        return [m["id"] for m in r.data["items"]]

    def audit_actions(self, after):
        return [a for (a,) in self.server.db.sql(
            "SELECT action FROM audit WHERE id > %d ORDER BY id" % after)]

    def audit_max(self):
        return int(self.server.db.one("SELECT coalesce(max(id),0) FROM audit"))

    # ------------------------------------------------------------ transfers

    def test_t11_transfer_accepted_moves_member(self):
        m = self.ma[0]
        before = self.audit_max()
        r = self.start(m)
        self.assertEqual(r.status, 201, r)
        t = r.data
        self.assertEqual(t["status"], "submitted")
        self.assertEqual(t["from_org_id"], self.a)
        self.assertEqual(t["to_org_id"], self.b)
        self.assertEqual(t["valid_until"], day(months=3))  # default 3 months
        tid = t["id"]
        # the receiving secretary sees the incoming transfer: name, masked
        # ID number, from-org and letter number ...
        r = self.secb.get("orgs/%d/transfers?direction=in" % self.b)
        self.assertEqual(r.status, 200, r)
        inc = [x for x in r.data["items"] if x["id"] == tid]
        self.assertEqual(len(inc), 1, r.data)
        self.assertEqual(inc[0]["name"], "甲0")
        self.assertIn("*", inc[0]["id_number"])
        self.assertEqual(inc[0]["from_org_name"], "甲党支部")
        self.assertTrue(inc[0]["letter_no"].startswith("财组字"))
        self.assertNotIn("phone", inc[0])
        self.assertEqual(self.secb.get("transfers/%d" % tid).status, 200)
        # ... but not the member record, until accepted
        self.assert_error(self.secb.get("members/%d" % m), 404, "not_found")
        # a third branch sees nothing
        self.assert_error(self.secc.get("transfers/%d" % tid), 404,
                          "not_found")
        self.assert_error(self.secc.post("transfers/%d/accept" % tid), 404,
                          "not_found")
        # receiving side cannot accept before the sending side approves
        self.assert_error(self.secb.post("transfers/%d/accept" % tid), 409,
                          "transfer.state")
        # the branch secretary is not the approving committee (T11)
        self.assert_error(self.approve_as(self.seca, tid), 403,
                          "transfer.approver")
        r = self.approve(tid)
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.data["status"], "pending")
        self.assertEqual(r.data["approving_body"], "中共测试县委机关工委")
        # the sending side cannot accept for the receiver
        self.assert_error(self.seca.post("transfers/%d/accept" % tid), 404,
                          "not_found")
        self.assertIn(m, self.roster_ids(self.seca, self.a))
        r = self.secb.post("transfers/%d/accept" % tid)
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.data["status"], "accepted")
        # moved: in B's roster, gone from A's, member record now B's
        self.assertIn(m, self.roster_ids(self.secb, self.b))
        self.assertNotIn(m, self.roster_ids(self.seca, self.a))
        r = self.secb.get("members/%d" % m)
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.data["org_id"], self.b)
        self.assert_error(self.seca.get("members/%d" % m), 404, "not_found")
        # history on both sides
        out = self.seca.get("orgs/%d/transfers?direction=out&status=accepted"
                            % self.a).data["items"]
        self.assertIn(tid, [x["id"] for x in out])
        inc = self.secb.get("orgs/%d/transfers?direction=in&status=accepted"
                            % self.b).data["items"]
        self.assertIn(tid, [x["id"] for x in inc])
        hist = self.secb.get("members/%d/transfers" % m).data["items"]
        self.assertEqual([x["id"] for x in hist], [tid])
        # audited in order
        acts = [a for a in self.audit_actions(before)
                if a.startswith("transfer.")]
        self.assertEqual(acts, ["transfer.create", "transfer.approve",
                                "transfer.accept"])
        # no second acceptance
        self.assert_error(self.secb.post("transfers/%d/accept" % tid), 409,
                          "transfer.state")

    def approve_as(self, client, tid):
        return client.post("transfers/%d/approve" % tid,
                           {"approved_by": "某人", "approving_body": "某支部"})

    def test_t11_transfer_refused_member_stays(self):
        m = self.ma[1]
        tid = self.start(m).data["id"]
        self.assertEqual(self.approve(tid).status, 200)
        before = self.audit_max()
        # a refusal needs its reason; nothing changes without it
        self.assert_error(self.secb.post("transfers/%d/refuse" % tid, {}),
                          400, "field.required", "reason")
        self.assertEqual(self.audit_actions(before), [])
        r = self.secb.post("transfers/%d/refuse" % tid,
                           {"reason": "介绍信抬头有误"})
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.data["status"], "refused")
        self.assertEqual(r.data["decision_note"], "介绍信抬头有误")
        self.assertIn(m, self.roster_ids(self.seca, self.a))
        self.assertNotIn(m, self.roster_ids(self.secb, self.b))
        self.assert_error(self.secb.get("members/%d" % m), 404, "not_found")
        # no accept after a refusal
        self.assert_error(self.secb.post("transfers/%d/accept" % tid), 409,
                          "transfer.state")
        self.assertIn("transfer.refuse", self.audit_actions(before))
        # the person may be transferred again
        r = self.start(m, to=self.c)
        self.assertEqual(r.status, 201, r)
        self.assertEqual(self.seca.post("transfers/%d/cancel" % r.data["id"],
                                        {}).status, 200)

    def test_t11_one_pending_transfer_per_member(self):
        m = self.ma[2]
        r = self.start(m)
        self.assertEqual(r.status, 201, r)
        n = self.server.db.one("SELECT count(*) FROM transfer")
        before = self.audit_max()
        self.assert_error(self.start(m, to=self.c), 409,
                          "transfer.open_exists", "member_id")
        self.assertEqual(self.server.db.one("SELECT count(*) FROM transfer"),
                         n)
        self.assertEqual(self.audit_actions(before), [])
        # once cancelled, another may start; no decision after cancelling
        tid = r.data["id"]
        r = self.seca.post("transfers/%d/cancel" % tid, {"reason": "撤回"})
        self.assertEqual(r.data["status"], "cancelled", r)
        self.assert_error(self.approve(tid), 409, "transfer.state")
        r = self.start(m, to=self.c)
        self.assertEqual(r.status, 201, r)
        self.seca.post("transfers/%d/cancel" % r.data["id"], {})

    def test_t11_expired_letter_cannot_be_accepted(self):
        m = self.ma[3]
        r = self.start(m, issued_on=day(-20),
                       valid_until=day(-1))
        self.assertEqual(r.status, 201, r)
        self.assertEqual(r.data["status"], "expired")
        tid = r.data["id"]
        self.assert_error(self.approve(tid), 409, "transfer.expired")
        # forcing it to pending: acceptance is still refused
        self.server.db.sql("UPDATE transfer SET status='pending' WHERE id=%d"
                           % tid)
        self.assert_error(self.secb.post("transfers/%d/accept" % tid), 409,
                          "transfer.expired")
        self.assertIn(m, self.roster_ids(self.seca, self.a))
        # a new transfer closes the expired one
        r = self.start(m)
        self.assertEqual(r.status, 201, r)
        self.assertEqual(self.server.db.one(
            "SELECT status FROM transfer WHERE id=%d" % tid), "expired")
        self.seca.post("transfers/%d/cancel" % r.data["id"], {})

    def test_t11_bad_input_changes_nothing(self):
        m = self.ma[4]
        n = self.server.db.one("SELECT count(*) FROM transfer")
        before = self.audit_max()
        cases = [
            ({"letter_no": None}, 400, "field.required", "letter_no"),
            ({"letter_no": ""}, 400, "field.required", "letter_no"),
            ({"reason": None}, 400, "field.required", "reason"),
            ({"letter_no": 5}, 400, "field.type", "letter_no"),
            ({"to_org_id": "x"}, 400, "field.type", "to_org_id"),
            ({"dues_paid_to": "2026-13"}, 400, "transfer.dues_month",
             "dues_paid_to"),
            ({"dues_paid_to": None}, 400, "field.required", "dues_paid_to"),
            ({"issued_on": "2026-02-30"}, 400, "field.date", "issued_on"),
            ({"issued_on": day(5)}, 400, "field.date_future", "issued_on"),
            ({"valid_until": day(months=4)}, 400, "transfer.validity",
             "valid_until"),
            ({"valid_until": day(-1)}, 400, "transfer.validity",
             "valid_until"),
            ({"to_org_id": self.a}, 400, "transfer.target", "to_org_id"),
            ({"to_org_id": 1}, 400, "transfer.target", "to_org_id"),
            ({"to_org_id": 999999}, 400, "transfer.target", "to_org_id"),
            ({"letter_no": "x" * 65}, 400, "field.too_long", "letter_no"),
            ({"reason": "a\x01b"}, 400, "field.invalid", "reason"),
        ]
        for kw, status, code, field in cases:
            with self.subTest(kw=kw):
                self.assert_error(self.start(m, **kw), status, code, field)
        # another branch's member: 404, as if it did not exist
        self.assert_error(self.secc.post("transfers", {
            "member_id": m, "to_org_id": self.c, "letter_no": "1",
            "dues_paid_to": this_month(), "reason": "r"}), 404, "not_found")
        self.assertEqual(self.server.db.one("SELECT count(*) FROM transfer"),
                         n)
        self.assertEqual([a for a in self.audit_actions(before)
                          if not a.startswith("access.")], [])
        # queries
        self.assert_error(self.seca.get("orgs/%d/transfers?direction=up"
                                        % self.a), 400, "request.bad_query",
                          "direction")
        self.assert_error(self.seca.get("orgs/%d/transfers?status=x"
                                        % self.a), 400, "request.bad_query",
                          "status")

    def test_t11_branch_search_names_only(self):
        r = self.secb.get("branches?q=%E7%94%B2")  # 甲
        self.assertEqual(r.status, 200, r)
        hit = [x for x in r.data["items"] if x["id"] == self.a]
        self.assertEqual(len(hit), 1, r.data)
        self.assertEqual(set(hit[0]), {"id", "name", "path"})
        self.assertEqual(hit[0]["path"], "测试县委机关工委 / 甲党支部")
        self.assert_error(self.secb.get("branches"), 400,
                          "request.bad_query", "q")
        # administrators see no member-related data
        self.assertEqual(self.server.admin("sysadmin").get(
            "branches?q=x").status, 403)

    # -------------------------------------------------------- membership

    def attendee_ids(self, org):
        r = self.seca.get("orgs/%d/attendees" % org)
        self.assertEqual(r.status, 200, r)
        return [x["member_id"] for x in r.data["items"]]

    def test_t10_death_hides_member_keeps_history(self):
        m = self.ma[5]
        full_before = self.seca.get("orgs/%d" % self.a).data["full_count"]
        self.assertIn(m, self.attendee_ids(self.a))
        before = self.audit_max()
        r = self.seca.post("members/%d/membership" % m,
                           {"kind": "death", "effective_on": day(-3),
                            "reason": "因病去世"})
        self.assertEqual(r.status, 201, r)
        self.assertEqual(r.data["membership"], "deceased")
        self.assertEqual(r.data["items"][0]["kind"], "death")
        self.assertNotIn(m, self.roster_ids(self.seca, self.a))
        self.assertIn(m, self.roster_ids(self.seca, self.a,
                                          membership="deceased"))
        self.assertIn(m, self.roster_ids(self.seca, self.a, membership="all"))
        self.assertNotIn(m, self.attendee_ids(self.a))
        self.assertEqual(self.seca.get("orgs/%d" % self.a).data["full_count"],
                         full_before - 1)
        r = self.seca.get("members/%d" % m)
        self.assertEqual(r.data["membership"], "deceased")
        self.assertFalse(r.data["voting_right"])
        self.assertIn("membership.death", self.audit_actions(before))
        # nothing more can happen to a deceased member
        self.assert_error(self.seca.post("members/%d/membership" % m, {
            "kind": "restore", "effective_on": day(), "reason": "x",
            "approved_by": "a", "approving_body": "b"}), 409,
            "membership.state", "kind")
        self.assert_error(self.start(m), 409, "membership.state", "member_id")
        self.assertEqual(self.server.db.one(
            "SELECT count(*) FROM member WHERE id=%d" % m), "1")

    def test_t10_suspend_and_restore(self):
        m = self.ma[6]
        base = {"kind": "suspend", "ground": "lost_contact",
                "effective_on": day(), "reason": "长期失去联系",
                "approved_by": "王组织", "approving_body": "中共测试县委机关工委",
                "document_no": "工委组〔2026〕12号"}
        before = self.audit_max()
        # less than six months without contact: refused, nothing stored
        self.assert_error(self.seca.post("members/%d/membership" % m,
                                         dict(base, basis_on=day(
                                             1, months=-6))),
                          422, "membership.rule", "effective_on")
        self.assert_error(self.seca.post("members/%d/membership" % m,
                                         dict(base, basis_on=None)),
                          400, "field.required", "basis_on")
        self.assert_error(self.seca.post("members/%d/membership" % m,
                                         dict(base, kind="expel")),
                          400, "membership.kind", "kind")
        self.assert_error(self.seca.post("members/%d/membership" % m,
                                         dict(base, approving_body="",
                                              basis_on=day(months=-7))),
                          400, "field.required", "approving_body")
        self.assert_error(self.seca.post("members/%d/membership" % m,
                                         dict(base, effective_on=day(2),
                                              basis_on=day(months=-7))),
                          400, "field.date_future", "effective_on")
        self.assertEqual(self.audit_actions(before), [])
        self.assertEqual(self.server.db.one(
            "SELECT count(*) FROM membership_change WHERE member_id=%d" % m),
            "0")
        # another branch: 404
        self.assert_error(self.secb.post("members/%d/membership" % m,
                                         dict(base, basis_on=day(months=-7))),
                          404, "not_found")
        r = self.seca.post("members/%d/membership" % m,
                           dict(base, basis_on=day(months=-6)))
        self.assertEqual(r.status, 201, r)
        self.assertEqual(r.data["membership"], "suspended")
        self.assertNotIn(m, self.roster_ids(self.seca, self.a))
        self.assertNotIn(m, self.attendee_ids(self.a))
        self.assertIn(m, self.roster_ids(self.seca, self.a,
                                          membership="suspended"))
        r = self.seca.post("members/%d/membership" % m, {
            "kind": "restore", "effective_on": day(), "reason": "已恢复联系",
            "approved_by": "王组织", "approving_body": "中共测试县委机关工委"})
        self.assertEqual(r.status, 201, r)
        self.assertEqual(r.data["membership"], "active")
        self.assertEqual([x["kind"] for x in r.data["items"]],
                         ["restore", "suspend"])
        self.assertIn(m, self.roster_ids(self.seca, self.a))
        self.assertIn(m, self.attendee_ids(self.a))
        acts = self.audit_actions(before)
        self.assertIn("membership.suspend", acts)
        self.assertIn("membership.restore", acts)
        r = self.seca.get("members/%d/membership" % m)
        self.assertEqual(len(r.data["items"]), 2)
        self.assert_error(self.seca.get("orgs/%d/members?membership=gone"
                                        % self.a), 400, "request.bad_query",
                          "membership")

    def test_f18_removal_needs_six_months_and_congress_of_branch(self):
        m = self.ma[7]
        base = {"kind": "remove", "ground": "self_lapse",
                "effective_on": day(), "basis_on": day(months=-6),
                "reason": "连续六个月不参加组织生活、不交纳党费",
                "approved_by": "王组织", "approving_body": "中共测试县委机关工委"}
        # a congress of another branch is not the decision
        r = self.secb.post("meetings", {"org_id": self.b, "kind": "congress",
                                        "held_on": day(-1), "topic": "党员大会"})
        self.assertEqual(r.status, 201, r)
        self.assert_error(self.seca.post("members/%d/membership" % m,
                                         dict(base, meeting_id=r.data["id"])),
                          400, "membership.meeting", "meeting_id")
        r = self.seca.post("meetings", {"org_id": self.a, "kind": "congress",
                                        "held_on": day(-1),
                                        "topic": "党员大会：讨论除名"})
        self.assertEqual(r.status, 201, r)
        r = self.seca.post("members/%d/membership" % m,
                           dict(base, meeting_id=r.data["id"]))
        self.assertEqual(r.status, 201, r)
        self.assertEqual(r.data["membership"], "removed")
        self.assertEqual(r.data["items"][0]["ground"], "self_lapse")

    # -------------------------------------------------------- mobile

    def test_t14_mobile_member_and_overdue_report(self):
        m = self.ma[8]
        before = self.audit_max()
        self.assert_error(self.seca.request("PUT", "members/%d/mobile" % m,
                                            body={"from_on": day(-30)}),
                          400, "field.required", "place")
        self.assert_error(self.seca.post("members/%d/mobile/reports" % m,
                                         {"reported_on": day(), "note": "x"}),
                          409, "mobile.none")
        self.assertEqual(self.audit_actions(before), [])
        r = self.seca.request("PUT", "members/%d/mobile" % m, body={
            "place": "江苏省南京市", "unit": "某建设集团",
            "contact_org": "南京市某街道党工委", "from_on": day(-200)})
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.data["current"]["place"], "江苏省南京市")
        self.assert_error(self.seca.post("members/%d/mobile/reports" % m,
                                         {"reported_on": day(-300),
                                          "note": "早于外出"}),
                          400, "member.date_order", "reported_on")
        r = self.seca.post("members/%d/mobile/reports" % m,
                           {"reported_on": day(-10), "note": "电话汇报思想和工作"})
        self.assertEqual(r.status, 201, r)
        self.assertEqual(r.data["current"]["last_report_on"], day(-10))
        items = self.seca.get("orgs/%d/mobile" % self.a).data["items"]
        row = [x for x in items if x["member_id"] == m][0]
        self.assertEqual(row["days_since_report"], 10)
        self.assertFalse(row["overdue"])
        late = self.seca.get("orgs/%d/mobile?as_of=%s"
                             % (self.a, day(months=7))).data["items"]
        self.assertTrue([x for x in late if x["member_id"] == m][0]["overdue"])
        self.assertEqual(self.secb.get("orgs/%d/mobile" % self.a).status, 404)
        r = self.seca.delete("members/%d/mobile" % m)
        self.assertEqual(r.status, 200, r)
        self.assertIsNone(r.data["current"])
        self.assertEqual(len(r.data["items"]), 1)
        acts = self.audit_actions(before)
        for a in ("mobile.start", "mobile.report", "mobile.end"):
            self.assertIn(a, acts)


if __name__ == "__main__":
    import unittest
    unittest.main()
