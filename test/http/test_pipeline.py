"""test_pipeline.py: the recruitment pipeline (发展党员, issue #4 items 1-3
and 5; A5, rules D1-D25): a person from application to full member through
all 25 steps over the API, the admission and 转正 votes at a congress,
approval making a probationary member from the congress date, 转正 dated
at the end of probation (or extension), refusals with rule and article,
an override whose reason reaches the audit log, scope isolation, what is
due next with overdue marks, the ledger .xlsx and bad input.  Runs on
SQLite and PostgreSQL.
"""

from harness import ServerTest
from test_roster import idnum, member_body, xlsx_text


def applicant(org, name, birth, seq, applied, **kw):
    b = {"org_id": org, "name": name, "id_number": idnum(birth, seq),
         "applied_on": applied, "education": "大学本科", "job": "技术员",
         "documents": "入党申请书"}
    b.update(kw)
    return b


class PipelineTest(ServerTest):
    """Root committee (id 1) with branches A and B; a secretary for each;
    A has five full members (two are mentors and sponsors) and one
    probationary member, and congresses on the days the votes need."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        s = cls.server
        s.user_add_cli("staff", "committee_staff", org=1)
        cls.staff = st = s.login("staff")
        cls.a = st.post("orgs", {"parent_id": 1, "kind": "branch",
                                 "name": "甲党支部"}).data["id"]
        cls.b = st.post("orgs", {"parent_id": 1, "kind": "branch",
                                 "name": "乙党支部"}).data["id"]
        cls.gb = st.post("orgs", {"parent_id": 1, "kind": "general_branch",
                                  "name": "丙党总支"}).data["id"]
        cls.ma = []
        for i in range(6):
            kw = {} if i < 5 else {"status": "probationary", "full_on": None}
            r = st.post("members", member_body(cls.a, "甲%d" % i,
                                               birth="19750101",
                                               seq=601 + 2 * i, **kw))
            assert r.status == 201, r
            cls.ma.append(r.data["id"])
        s.user_add_cli("seca", "branch_secretary", org=cls.a)
        s.user_add_cli("secb", "branch_secretary", org=cls.b)
        cls.seca = s.login("seca")
        cls.secb = s.login("secb")
        cls.cong = {}
        for day in ("2023-09-15", "2024-09-10", "2024-09-20", "2024-09-16",
                    "2025-03-20"):
            r = cls.seca.post("meetings", {
                "org_id": cls.a, "kind": "congress", "held_on": day,
                "start_time": "14:30", "place": "会议室",
                "topic": "支部党员大会", "minutes": "讨论发展党员"})
            assert r.status == 201, r
            cls.cong[day] = r.data["id"]

    # -- helpers

    def new(self, name, birth, seq, applied, c=None, **kw):
        r = (c or self.seca).post("recruitment", applicant(
            self.a, name, birth, seq, applied, **kw))
        self.assertEqual(r.status, 201, r)
        self.assertEqual(r.data["step"], 1)
        return r.data["id"]

    def step(self, rid, n, on=None, status=201, c=None, **kw):
        body = {"step": n}
        if on:
            body["done_on"] = on
        body.update(kw)
        r = (c or self.seca).post("recruitment/%d/steps" % rid, body)
        self.assertEqual(r.status, status, (n, r))
        return r

    def to_probationary(self, rid):
        """Steps 2-17 in time: activist 2022-06-01, candidate 2023-06-01,
        admitted at the congress of 2023-09-15, approved 2023-10-20."""
        m = self.ma
        plan = [(2, "2022-03-20", {}), (3, "2022-06-01", {}),
                (4, "2022-06-10", {}),
                (5, "2022-06-15", {"mentor_ids": [m[0], m[1]]}),
                (6, "2022-12-01", {}), (6, "2023-05-30", {}),
                (7, "2023-06-01", {}), (8, "2023-06-10", {}),
                (9, "2023-06-15", {"sponsor_ids": [m[0], m[1]]}),
                (10, "2023-08-01", {}),
                (11, "2023-08-10", {"training_days": 3,
                                    "training_hours": 24}),
                (12, "2023-08-20", {}), (13, "2023-09-01", {}),
                (14, "2023-09-05", {}),
                (15, None, {"meeting_id": self.cong["2023-09-15"],
                            "present": 4, "yes": 4, "written_yes": 1}),
                (16, "2023-09-20", {"people": "党委组织员 王某"}),
                (17, "2023-10-20", {"approver_org_id": 1,
                                    "documents": "党委批复〔2023〕12号"})]
        r = None
        for n, on, kw in plan:
            r = self.step(rid, n, on, **kw)
        return r

    # -- the full journey

    def test_a5_full_recruitment_to_full_member(self):
        rid = self.new("李新", "20000510", 811, "2022-03-01")
        r = self.to_probationary(rid)
        d = r.data
        # D17/D23: probationary from the congress date, one year probation
        self.assertEqual(d["member"]["status"], "probationary")
        self.assertEqual(d["member"]["joined_on"], "2023-09-15")
        self.assertEqual(d["dates"]["probation_end"], "2024-09-15")
        vote = [s for s in d["steps"] if s["step"] == 15][0]
        self.assertEqual(vote["done_on"], "2023-09-15")
        # entitled computed from the roster: five full members (M2)
        self.assertEqual(vote["vote"]["entitled"], 5)
        mid = d["member"]["id"]
        r = self.seca.get("members/%d" % mid)
        self.assert_status(r, 200)
        self.assertEqual(r.data["status"], "probationary")
        self.assertEqual(r.data["joined_on"], "2023-09-15")
        # the vote is on the congress, one per candidate
        r = self.seca.get("meetings/%d" % self.cong["2023-09-15"])
        subj = [v["subject"] for v in r.data["votes"]]
        self.assertIn("接收预备党员：李新", subj)
        for n, on in ((18, "2023-10-25"), (19, "2023-11-01"),
                      (20, "2023-11-01"), (21, "2024-03-01"),
                      (22, "2024-09-16")):
            self.step(rid, n, on)
        self.step(rid, 23, meeting_id=self.cong["2024-09-16"], present=5,
                  yes=5, entitled=6)
        r = self.step(rid, 24, "2024-10-15", approver_org_id=1)
        # D21: full from the end of probation, never the approval date
        self.assertEqual(r.data["member"]["status"], "full")
        self.assertEqual(r.data["member"]["full_on"], "2024-09-15")
        self.assertTrue(r.data["completed"])
        self.assertEqual(r.data["stage_name"], "已转正")
        r = self.step(rid, 25, "2024-10-20", documents="入党材料归档")
        self.assertEqual(r.data["next_steps"], [])
        self.assertEqual(len(r.data["steps"]), 26)  # step 6 twice
        r = self.seca.get("members/%d" % mid)
        self.assertEqual(r.data["status"], "full")
        self.assertEqual(r.data["full_on"], "2024-09-15")
        # the ledger of 2024 lists the person with both dates
        r = self.staff.get("orgs/1/recruitment.xlsx?year=2024")
        self.assert_status(r, 200)
        text = xlsx_text(r.body)
        self.assertIn("李新", text)
        self.assertIn("2024-09-15", text)
        self.assertIn("发展党员工作台账", text)
        self.assertNotIn(idnum("20000510", 811), text)  # masked

    def test_d18_extension_then_full_after_extension(self):
        rid = self.new("赵延", "19990301", 813, "2022-03-01")
        self.to_probationary(rid)
        for n, on in ((18, "2023-10-25"), (19, "2023-11-01"),
                      (20, "2023-11-01"), (21, "2024-03-01"),
                      (22, "2024-09-01")):
            self.step(rid, n, on)
        # D21: a 转正 vote before the probation ends is refused
        r = self.step(rid, 23, meeting_id=self.cong["2024-09-10"], present=5,
                      yes=5, status=422)
        self.assertEqual(r.data["error"]["code"], "recruitment.rule")
        self.assertEqual(r.data["error"]["rule"], "D21")
        self.assertIn("预备期未满", r.data["error"]["message"])
        # D18: an extension of five months is refused; six is accepted
        r = self.step(rid, 23, meeting_id=self.cong["2024-09-20"], present=5,
                      yes=4, extension_months=5, status=422)
        self.assertEqual(r.data["error"]["rule"], "D18")
        self.assertEqual(r.data["error"]["field"], "extension_months")
        r = self.step(rid, 23, meeting_id=self.cong["2024-09-20"], present=5,
                      yes=4, extension_months=6)
        self.assertEqual(r.data["dates"]["full_member_on"], "2025-03-15")
        self.assertEqual(r.data["next_steps"][0]["step"], 22)
        self.step(rid, 22, "2025-03-16")
        # D18: a second extension is refused
        r = self.step(rid, 23, meeting_id=self.cong["2025-03-20"], present=5,
                      yes=4, extension_months=6, status=422)
        self.assertEqual(r.data["error"]["rule"], "D18")
        self.step(rid, 23, meeting_id=self.cong["2025-03-20"], present=5,
                  yes=5)
        r = self.step(rid, 24, "2025-04-01", approver_org_id=1)
        self.assertEqual(r.data["member"]["full_on"], "2025-03-15")

    # -- refusals, override, warnings

    def test_d1_applicant_under_18_refused_nothing_stored(self):
        n0 = int(self.server.db.one("SELECT count(*) FROM person"))
        r = self.seca.post("recruitment", applicant(
            self.a, "少年", "20100102", 815, "2026-01-01"))
        self.assertEqual(r.status, 422, r)
        e = r.data["error"]
        self.assertEqual(e["code"], "recruitment.rule")
        self.assertEqual(e["rule"], "D1")
        self.assertEqual(e["article"], "细则 第五条")
        self.assertEqual(e["field"], "applied_on")
        self.assertIn("十八", e["message"])
        self.assertEqual(int(self.server.db.one(
            "SELECT count(*) FROM person")), n0)

    def test_d7_candidate_after_less_than_one_year_refused_then_override(self):
        rid = self.new("钱早", "19980707", 817, "2024-01-10")
        self.step(rid, 2, "2024-01-20")
        self.step(rid, 3, "2024-06-01")
        self.step(rid, 4, "2024-06-05")
        self.step(rid, 5, "2024-06-06", mentor_ids=[self.ma[2]])
        self.step(rid, 6, "2024-12-01")
        r = self.step(rid, 7, "2025-05-31", status=422)
        e = r.data["error"]
        self.assertEqual(e["rule"], "D7")
        self.assertEqual(e["article"], "细则 第十三条")
        self.assertEqual(e["field"], "done_on")
        self.assertIn("2025-06-01", e["message"])  # the earliest day
        self.assertRegex(e["message"], "[\u4e00-\u9fff]")
        # a blank reason is no override
        self.step(rid, 7, "2025-05-31", status=422, override_reason=" 　")
        r = self.step(rid, 7, "2025-05-31",
                      override_reason="经党委研究同意提前一天（特殊情况）")
        st = [s for s in r.data["steps"] if s["step"] == 7][0]
        self.assertEqual(st["override_reason"],
                         "经党委研究同意提前一天（特殊情况）")
        self.assertTrue(st["findings"][0]["overridden"])
        self.assertEqual(st["findings"][0]["rule"], "D7")
        self.assertEqual(st["recorded_by"], "seca")
        r = self.server.admin("auditor").get(
            "audit?action=recruitment.step&limit=500")
        self.assert_status(r, 200)
        self.assertTrue([a for a in r.data["items"] if "经党委研究同意提前一天"
                         in (a.get("detail") or "")], r.data)

    def test_d8_sponsor_probationary_refused(self):
        rid = self.new("孙荐", "19970808", 819, "2022-01-10")
        for n, on, kw in ((2, "2022-01-20", {}), (3, "2022-03-01", {}),
                          (4, "2022-03-02", {}),
                          (5, "2022-03-03", {"mentor_ids": [self.ma[3]]}),
                          (6, "2022-09-01", {}), (6, "2023-03-01", {}),
                          (7, "2023-03-01", {}), (8, "2023-03-05", {})):
            self.step(rid, n, on, **kw)
        r = self.step(rid, 9, "2023-03-10",
                      sponsor_ids=[self.ma[0], self.ma[5]], status=422)
        self.assertEqual(r.data["error"]["rule"], "D8")
        self.assertEqual(r.data["error"]["field"], "sponsor_ids")
        self.assertIn("预备党员", r.data["error"]["message"])
        r = self.step(rid, 9, "2023-03-10", sponsor_ids=[self.ma[0]],
                      status=422)
        self.assertIn("两名", r.data["error"]["message"])
        # D10: training under 3 days and under 24 hours
        self.step(rid, 9, "2023-03-10", sponsor_ids=[self.ma[0], self.ma[1]])
        self.step(rid, 10, "2023-04-01")
        r = self.step(rid, 11, "2023-04-10", training_days=2,
                      training_hours=16, status=422)
        self.assertEqual(r.data["error"]["rule"], "D10")
        self.step(rid, 11, "2023-04-10", training_days=0, training_hours=24)

    def test_d3_late_talk_accepted_and_flagged(self):
        rid = self.new("周迟", "19960606", 821, "2025-01-10")
        r = self.step(rid, 2, "2025-03-01")
        st = [s for s in r.data["steps"] if s["step"] == 2][0]
        self.assertEqual(st["findings"][0]["rule"], "D3")
        self.assertEqual(st["findings"][0]["severity"], "warning")
        self.assertIn("逾期", st["findings"][0]["message"])

    def test_d16_approval_by_general_branch_refused(self):
        # the approver must be the branch or above it
        rid = self.new("吴审", "19950505", 823, "2022-03-01")
        r = self.to_probationary_until(rid, 16)
        r = self.step(rid, 17, "2023-10-20", approver_org_id=self.gb,
                      status=400)
        self.assertEqual(r.data["error"]["field"], "approver_org_id")
        r = self.step(rid, 17, "2023-10-20", approver_org_id=self.a,
                      status=422)
        self.assertEqual(r.data["error"]["rule"], "D16")
        r = self.step(rid, 17, "2023-10-20", approver_org_id=1,
                      approver_temporary=True, status=422)
        self.assertEqual(r.data["error"]["rule"], "D16")
        self.assertIn("临时", r.data["error"]["message"])
        # D15: after three months without a reason refused, with a reason
        # accepted and flagged
        r = self.step(rid, 17, "2024-01-20", approver_org_id=1, status=422)
        self.assertEqual(r.data["error"]["rule"], "D15")
        r = self.step(rid, 17, "2024-01-20", approver_org_id=1,
                      delay_reason="党委换届，延期审批")
        st = [s for s in r.data["steps"] if s["step"] == 17][0]
        self.assertEqual(st["findings"][0]["rule"], "D15")
        self.assertEqual(st["findings"][0]["severity"], "warning")
        self.assertEqual(r.data["member"]["joined_on"], "2023-09-15")

    def to_probationary_until(self, rid, last):
        m = self.ma
        plan = [(2, "2022-03-20", {}), (3, "2022-06-01", {}),
                (4, "2022-06-10", {}), (5, "2022-06-15", {"mentor_ids": [m[1]]}),
                (6, "2022-12-01", {}), (6, "2023-05-30", {}),
                (7, "2023-06-01", {}), (8, "2023-06-10", {}),
                (9, "2023-06-15", {"sponsor_ids": [m[2], m[3]]}),
                (10, "2023-08-01", {}),
                (11, "2023-08-10", {"training_days": 3}),
                (12, "2023-08-20", {}), (13, "2023-09-01", {}),
                (14, "2023-09-05", {}),
                (15, None, {"meeting_id": self.cong["2023-09-15"],
                            "present": 5, "yes": 5, "entitled": 5}),
                (16, "2023-09-20", {})]
        r = None
        for n, on, kw in plan:
            if n > last:
                break
            r = self.step(rid, n, on, **kw)
        return r

    def test_step_order_and_vote_rules(self):
        rid = self.new("郑序", "19940404", 825, "2024-02-01")
        r = self.step(rid, 5, "2024-03-01", mentor_ids=[self.ma[0]],
                      status=422)
        self.assertEqual(r.data["error"]["code"], "recruitment.step_order")
        self.assertEqual(r.data["error"]["field"], "step")
        r = self.step(rid, 2, "2024-01-15", status=422)
        self.assertEqual(r.data["error"]["field"], "done_on")
        # a vote needs a congress of the branch
        rid2 = self.new("王会", "19930303", 827, "2022-03-01")
        self.to_probationary_until(rid2, 14)
        other = self.seca.post("meetings", {
            "org_id": self.a, "kind": "committee_meeting",
            "held_on": "2023-09-14", "topic": "支委会"}).data["id"]
        r = self.step(rid2, 15, meeting_id=other, present=4, yes=4,
                      status=422)
        self.assertEqual(r.data["error"]["code"], "recruitment.meeting")
        # D13: yes must exceed half of the entitled, not of those present
        r = self.step(rid2, 15, meeting_id=self.cong["2023-09-15"],
                      entitled=10, present=6, yes=5, status=422)
        self.assertEqual(r.data["error"]["rule"], "D13")
        # written opinions count (D13)
        self.step(rid2, 15, meeting_id=self.cong["2023-09-15"], entitled=10,
                  present=6, yes=5, written_yes=1)

    # -- pipeline view

    def test_a5_pipeline_due_and_overdue(self):
        rid = self.new("冯新", "19920202", 829, "2026-09-01")
        r = self.seca.get("orgs/%d/recruitment?as_of=2026-10-01" % self.a)
        self.assert_status(r, 200)
        it = [i for i in r.data["items"] if i["id"] == rid][0]
        self.assertEqual(it["due"][0]["rule"], "D3")
        self.assertEqual(it["due"][0]["due_on"], "2026-10-01")
        self.assertEqual(it["due"][0]["status"], "due")
        self.assertFalse(it["overdue"])
        self.assertEqual(it["next_step"], 2)
        self.assertEqual(it["next_step_name"], "党组织派人谈话")
        r = self.seca.get("orgs/%d/recruitment?as_of=2026-10-02" % self.a)
        it = [i for i in r.data["items"] if i["id"] == rid][0]
        self.assertEqual(it["due"][0]["status"], "overdue")
        self.assertTrue(it["overdue"])
        self.assertGreaterEqual(r.data["overdue"], 1)
        stage1 = [s for s in r.data["stages"] if s["stage"] == 1][0]
        self.assertGreaterEqual(stage1["count"], 1)
        self.assertEqual(stage1["name"], "入党申请人")
        # the committee sees the same person in its subtree
        r = self.staff.get("orgs/1/recruitment?as_of=2026-10-02")
        self.assertTrue([i for i in r.data["items"] if i["id"] == rid])

    # -- scope and bad input

    def test_other_branch_secretary_gets_404(self):
        rid = self.new("陈隔", "19910101", 831, "2025-05-01")
        self.assert_error(self.secb.get("recruitment/%d" % rid), 404,
                          "not_found")
        self.assert_error(self.secb.post("recruitment/%d/steps" % rid,
                                         {"step": 2, "done_on": "2025-05-10"}),
                          404, "not_found")
        self.assert_error(self.secb.get("orgs/%d/recruitment" % self.a), 404,
                          "not_found")
        self.assert_error(self.secb.post("recruitment", applicant(
            self.a, "越权", "19900101", 833, "2025-01-01")), 404, "not_found")
        r = self.seca.get("recruitment/%d" % rid)
        self.assertEqual(r.data["steps"][0]["step"], 1)

    def test_bad_input_clear_answer_nothing_stored(self):
        n0 = int(self.server.db.one("SELECT count(*) FROM recruitment"))
        a0 = int(self.server.db.one("SELECT count(*) FROM audit"))
        bad = applicant(self.a, "错号", "19900101", 835, "2025-01-01")
        bad["id_number"] = bad["id_number"][:-1] + (
            "0" if bad["id_number"][-1] != "0" else "1")
        self.assert_error(self.seca.post("recruitment", bad), 400,
                          "member.id_number_check", "id_number")
        self.assert_error(self.seca.post("recruitment", applicant(
            self.a, "无日", "19900101", 837, "2025-13-01")), 400,
            "field.date", "applied_on")
        self.assert_error(self.seca.post("recruitment", applicant(
            self.a, "未来", "19900101", 839, "2099-01-01")), 400,
            "field.date_future", "applied_on")
        self.assert_error(self.seca.post("recruitment", dict(applicant(
            self.a, "类型", "19900101", 841, "2025-01-01"), name=5)), 400,
            "field.type", "name")
        self.assert_error(self.seca.post("recruitment", {}), 400,
                          "field.required", "org_id")
        self.assert_error(self.staff.post("recruitment", applicant(
            1, "委员会", "19900101", 843, "2025-01-01")), 422,
            "recruitment.org_kind", "org_id")
        r = self.seca.post("recruitment", dict(applicant(
            self.a, "多余", "19900101", 845, "2025-01-01"), nmae="x"))
        self.assert_error(r, 400, "field.invalid", "nmae")
        rid = self.new("步骤", "19900101", 847, "2025-01-01")
        self.assert_error(self.seca.post("recruitment/%d/steps" % rid,
                                         {"step": "2"}), 400, "field.type",
                          "step")
        self.assert_error(self.seca.post("recruitment/%d/steps" % rid,
                                         {"step": 26}), 400, "field.invalid",
                          "step")
        self.assert_error(self.seca.post("recruitment/%d/steps" % rid,
                                         {"step": 2}), 400, "field.required",
                          "done_on")
        self.assert_error(self.seca.post("recruitment/%d/steps" % rid,
                                         {"step": 2, "done_on": "2025-02-01",
                                          "people": "x\x01"}), 400,
                          "field.invalid", "people")
        self.assertEqual(int(self.server.db.one(
            "SELECT count(*) FROM recruitment")), n0 + 1)
        self.assertEqual(int(self.server.db.one(
            "SELECT count(*) FROM recruitment_step WHERE recruitment_id=%d"
            % rid)), 1)
        rows = self.server.db.sql(
            "SELECT action FROM audit WHERE id > %d" % a0)
        self.assertEqual(sorted(set(a for (a,) in rows
                                    if a.startswith("recruitment"))),
                         ["recruitment.create", "recruitment.step"])
