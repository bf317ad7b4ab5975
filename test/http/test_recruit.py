"""test_recruit.py: the recruitment dossier audit (发展党员时间审核, issue 4
item 4) through POST /api/v1/recruitment/audit and `zhibu recruit audit`,
and `zhibu dues calc` (items 6 and 8).  The route stores nothing, so it
behaves the same on SQLite and PostgreSQL; the local-practice settings
(P1...) come from the database.
"""

import json
import os
import re
import tempfile

from harness import CJK, ServerTest, zhibu

ROUTE = "recruitment/audit"

# A dossier where every step is in time: the admission vote on 2023-09-15
# gives a probation end of 2024-09-15, which is the 转正 date.
CLEAN = {
    "birth_date": "2000-05-10",
    "applied_on": "2022-03-01",
    "talked_on": "2022-03-20",
    "activist_on": "2022-06-01",
    "activist_reviews": ["2022-12-01", "2023-06-01"],
    "candidate_on": "2023-06-01",
    "political_review_on": "2023-08-01",
    "training": {"days": 3, "hours": 24},
    "pre_review_on": "2023-09-01",
    "admission_vote": {"on": "2023-09-15", "entitled": 20, "present": 15,
                       "yes": 14, "written_yes": 2},
    "sponsors": [{"status": "full"}, {"status": "full"}],
    "approver_kind": "committee",
    "approved_on": "2023-11-01",
    "full_vote": {"on": "2024-09-20", "entitled": 21, "present": 18,
                  "yes": 18},
    "full_approved_on": "2024-10-15",
    "as_of": "2026-06-01",
}


def dossier(**kw):
    d = json.loads(json.dumps(CLEAN))
    d.update(kw)
    return d


# The commonest errors at once: an applicant of 17, a candidate too early,
# a probationary sponsor, the vote counted against those present, approval
# by a general branch, and 转正 voted before probation ended.
BROKEN = dossier(
    birth_date="2004-03-02",
    candidate_on="2023-05-31",
    activist_reviews=["2022-12-01"],
    sponsors=[{"status": "full"}, {"status": "probationary"}],
    admission_vote={"on": "2023-09-15", "entitled": 20, "present": 12,
                    "yes": 7},
    approver_kind="general_branch",
    talked_on="2022-04-02",
    full_vote={"on": "2024-09-14", "entitled": 21, "present": 18, "yes": 18},
)
BROKEN_RULES = {("D1", "error"), ("D3", "warning"), ("D7", "error"),
                ("D8", "error"), ("D13", "error"), ("D16", "error"),
                ("D21", "error")}


class RecruitAuditTest(ServerTest):
    """A committee staff account audits dossiers; administrators and plain
    members may not."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        s = cls.server
        s.user_add_cli("staff", "committee_staff", org=1)
        s.user_add_cli("inspector1", "inspector", org=1)
        s.user_add_cli("plain", "member", org=1)
        cls.staff = s.login("staff")

    def audit_rows(self):
        return int(self.server.db.one("SELECT count(*) FROM audit"))

    def check_findings_shape(self, findings):
        for f in findings:
            self.assertEqual(set(f), {"rule", "severity", "step", "message",
                                      "article"}, f)
            self.assertIn(f["severity"], ("error", "warning"), f)
            self.assertRegex(f["rule"], r"^(D|P)\d+$", f)
            self.assertTrue(1 <= f["step"] <= 25, f)
            self.assertRegex(f["message"], CJK, f)
            self.assertRegex(f["article"], r"(细则|党章|地方做法)", f)

    def test_a5_audit_several_errors_each_with_rule_and_article(self):
        before = self.audit_rows()
        r = self.staff.post(ROUTE, BROKEN)
        self.assert_status(r, 200)
        findings = r.data["findings"]
        self.check_findings_shape(findings)
        got = {(f["rule"], f["severity"]) for f in findings}
        self.assertEqual(got, BROKEN_RULES, findings)
        by_rule = {f["rule"]: f for f in findings}
        self.assertEqual(by_rule["D1"]["article"], "细则 第五条")
        self.assertEqual(by_rule["D7"]["article"], "细则 第十三条")
        self.assertEqual(by_rule["D8"]["article"], "细则 第十四条")
        self.assertEqual(by_rule["D13"]["article"], "细则 第二十一条")
        # the messages carry the dates and numbers of the dossier
        self.assertIn("2023-06-01", by_rule["D7"]["message"])
        self.assertIn("2023-05-31", by_rule["D7"]["message"])
        self.assertIn("应到20人", by_rule["D13"]["message"])
        self.assertIn("至少须11人", by_rule["D13"]["message"])
        self.assertIn("2024-09-15", by_rule["D21"]["message"])
        # findings come in the order of the 25 steps
        steps = [f["step"] for f in findings]
        self.assertEqual(steps, sorted(steps))
        # the dates follow the vote, whatever the errors
        self.assertEqual(r.data["probation_end"], "2024-09-15")
        self.assertEqual(r.data["full_member_on"], "2024-09-15")
        # nothing is stored, nothing is logged
        self.assertEqual(self.audit_rows(), before)

    def test_a5_audit_clean_dossier(self):
        r = self.staff.post(ROUTE, CLEAN)
        self.assert_status(r, 200)
        self.assertEqual(r.data["findings"], [])
        self.assertEqual(r.data["probation_end"], "2024-09-15")
        self.assertEqual(r.data["full_member_on"], "2024-09-15")
        self.assertEqual(r.data["party_standing_years"], 1)
        self.assertEqual(r.data["as_of"], "2026-06-01")

    def test_d21_full_member_on_after_extension_never_approval_date(self):
        d = dossier(extension=[{"months": 6}],
                    full_vote={"on": "2025-03-15", "entitled": 21,
                               "present": 18, "yes": 18},
                    full_approved_on="2025-05-20", as_of="2026-03-15")
        r = self.staff.post(ROUTE, d)
        self.assert_status(r, 200)
        self.assertEqual(r.data["findings"], [])
        self.assertEqual(r.data["probation_end"], "2024-09-15")
        self.assertEqual(r.data["full_member_on"], "2025-03-15")
        self.assertEqual(r.data["party_standing_years"], 1)
        d["as_of"] = "2026-03-14"
        r = self.staff.post(ROUTE, d)
        self.assertEqual(r.data["party_standing_years"], 0)

    def test_d15_late_approval_with_and_without_reason(self):
        r = self.staff.post(ROUTE, dossier(approved_on="2023-12-16"))
        self.assertEqual([(f["rule"], f["severity"]) for f in
                          r.data["findings"]], [("D15", "error")])
        r = self.staff.post(ROUTE, dossier(approved_on="2023-12-16",
                                           approval_delay_reason="党委换届"))
        self.assertEqual([(f["rule"], f["severity"]) for f in
                          r.data["findings"]], [("D15", "warning")])

    def test_a5_as_of_defaults_to_today(self):
        r = self.staff.post(ROUTE, {"birth_date": "2000-01-01"})
        self.assert_status(r, 200)
        self.assertEqual(r.data["findings"], [])
        self.assertRegex(r.data["as_of"], r"^\d{4}-\d{2}-\d{2}$")
        self.assertIsNone(r.data["probation_end"])
        self.assertIsNone(r.data["party_standing_years"])

    def test_a5_bad_input_is_400_with_field(self):
        cases = [
            ({}, "field.required", "birth_date"),
            ({"birth_date": None}, "field.required", "birth_date"),
            ({"birth_date": "2000-02-30"}, "field.date", "birth_date"),
            (dossier(applied_on="2022/03/01"), "field.date", "applied_on"),
            (dossier(applied_on=20220301), "field.type", "applied_on"),
            (dossier(activist_reviews="2022-12-01"), "field.type",
             "activist_reviews"),
            (dossier(activist_reviews=["2022-12-01", "2022-13-01"]),
             "field.date", "activist_reviews[1]"),
            (dossier(training={"days": "3"}), "field.type", "training.days"),
            (dossier(training={"days": -1}), "field.invalid",
             "training.days"),
            (dossier(sponsors=[{"status": "full"}, {"status": "member"}]),
             "field.invalid", "sponsors[1].status"),
            (dossier(sponsors=[{}]), "field.required", "sponsors[0].status"),
            (dossier(admission_vote={"on": "2023-09-15", "yes": "14"}),
             "field.type", "admission_vote.yes"),
            (dossier(full_vote={"on": "2024-02-30"}), "field.date",
             "full_vote.on"),
            (dossier(approver_kind="party_committee"), "field.invalid",
             "approver_kind"),
            (dossier(extension=[{"months": 6.5}]), "field.type",
             "extension[0].months"),
            (dossier(applied="2022-03-01"), "field.invalid", "applied"),
        ]
        before = self.audit_rows()
        for body, code, field in cases:
            with self.subTest(field=field, code=code):
                r = self.staff.post(ROUTE, body)
                self.assert_error(r, 400, code, field)
        r = self.staff.post(ROUTE, raw=b"[1,2]")
        self.assert_error(r, 400, "request.bad_json")
        self.assertEqual(self.audit_rows(), before)

    def test_a1_administrators_get_403(self):
        for role in ("sysadmin", "secadmin", "auditor"):
            with self.subTest(role=role):
                r = self.server.admin(role).post(ROUTE, CLEAN)
                self.assert_error(r, 403, "auth.admin_no_data")

    def test_a1_who_may_audit(self):
        # member.read is enough (an inspector); a plain member may not; a
        # visitor must log in
        r = self.server.login("inspector1").post(ROUTE, CLEAN)
        self.assert_status(r, 200)
        r = self.server.login("plain").post(ROUTE, CLEAN)
        self.assert_error(r, 403, "auth.forbidden")
        r = self.server.client().post(ROUTE, CLEAN)
        self.assert_error(r, 401, "auth.required")

    def test_p1_local_practice_is_a_setting_off_by_default(self):
        d = dossier(applied_on="2021-12-02", talked_on="2021-12-10")
        r = self.staff.post(ROUTE, d)
        self.assertEqual(r.data["findings"], [])
        sec = self.server.admin("secadmin")
        self.assert_status(
            sec.patch("settings", {"recruit-p1-activist-wait-months": 6}), 200)
        try:
            r = self.staff.post(ROUTE, d)
            self.assertEqual([(f["rule"], f["severity"]) for f in
                              r.data["findings"]], [("P1", "warning")])
            self.check_findings_shape(r.data["findings"])
            # the CLI reads the same setting with --db
            res = self.cli_audit(d, "--db", self.server.db.url)
            self.assertEqual(res.rc, 0, res)
            self.assertEqual(json.loads(res.out)["findings"][0]["rule"], "P1")
        finally:
            self.assert_status(sec.patch(
                "settings", {"recruit-p1-activist-wait-months": 0}), 200)

    def cli_audit(self, body, *args):
        fd, path = tempfile.mkstemp(suffix=".json")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                if isinstance(body, str):
                    f.write(body)
                else:
                    json.dump(body, f, ensure_ascii=False)
            return zhibu("recruit", "audit", path, *args)
        finally:
            os.unlink(path)

    def test_a5_cli_prints_the_same_json(self):
        res = self.cli_audit(BROKEN)
        self.assertEqual(res.rc, 1, res)
        self.assertEqual(json.loads(res.out), self.staff.post(ROUTE,
                                                              BROKEN).data)
        res = self.cli_audit(CLEAN)
        self.assertEqual(res.rc, 0, res)
        self.assertEqual(json.loads(res.out), self.staff.post(ROUTE,
                                                              CLEAN).data)
        # warnings alone do not fail
        res = self.cli_audit(dossier(talked_on="2022-04-02"))
        self.assertEqual(res.rc, 0, res)
        self.assertEqual(json.loads(res.out)["findings"][0]["severity"],
                         "warning")

    def test_a5_cli_bad_input_exits_2(self):
        for body, needle in ((dossier(birth_date="2000-02-30"), "birth_date"),
                             ("{not json", "JSON"),
                             ("[1]", "JSON"),
                             (dossier(training={"days": "3"}),
                              "training.days")):
            with self.subTest(needle=needle):
                res = self.cli_audit(body)
                self.assertEqual(res.rc, 2, res)
                self.assertEqual(res.out, "")
                self.assertIn(needle, res.err)
                self.assertRegex(res.err, CJK)
        res = zhibu("recruit", "audit", "/nonexistent/dossier.json")
        self.assertEqual(res.rc, 2, res)
        self.assertRegex(res.err, CJK)
        res = zhibu("recruit", "check")
        self.assertEqual(res.rc, 2, res)


class DuesCliTest(ServerTest):
    """`zhibu dues calc`: bands on the whole base, exact fen (F1-F7)."""

    def calc(self, *args):
        return zhibu("dues", "calc", *args)

    def test_f3_band_edges_and_whole_base(self):
        for kind, base, want in (("salaried", "3000.00", "15.00"),
                                 ("salaried", "3000.01", "30.00"),
                                 ("salaried", "5000.00", "50.00"),
                                 ("salaried", "5000.01", "75.00"),
                                 ("salaried", "10000.00", "150.00"),
                                 ("salaried", "10000.01", "200.00"),
                                 ("salaried", "6500", "97.50"),
                                 ("salaried", "1001", "5.01"),
                                 ("annual_salary", "3000.01", "30.00"),
                                 ("self_employed", "5000.01", "75.00"),
                                 ("retired", "5000.00", "25.00"),
                                 ("retired", "5000.01", "50.00"),
                                 ("student", "0", "0.20")):
            with self.subTest(kind=kind, base=base):
                res = self.calc("--kind", kind, "--base", base)
                self.assertEqual(res.rc, 0, res)
                self.assertEqual(res.out, want + "\n")

    def test_f7_farmer_is_a_setting(self):
        res = self.calc("--kind", "farmer")
        self.assertEqual((res.rc, res.out), (0, "0.20\n"), res)
        sec = self.server.admin("secadmin")
        self.assert_status(sec.patch("settings", {"dues-farmer-fen": 50}),
                           200)
        res = self.calc("--kind", "farmer", "--db", self.server.db.url)
        self.assertEqual((res.rc, res.out), (0, "0.50\n"), res)
        self.assert_error(sec.patch("settings", {"dues-farmer-fen": 101}),
                          400, "setting.value")

    def test_f3_explain_shows_the_working(self):
        res = self.calc("--kind", "salaried", "--base", "3000.01",
                        "--explain")
        self.assertEqual(res.rc, 0, res)
        lines = res.out.splitlines()
        self.assertEqual(lines[0], "30.00")
        text = "\n".join(lines[1:])
        for needle in ("3000.01", "3000元以上至5000元（含5000元）", "1%",
                       "党费规定 第二条"):
            self.assertIn(needle, text)

    def test_f20_bad_input_exits_2(self):
        for args in (("--kind", "salaried", "--base", "1e3"),
                     ("--kind", "salaried", "--base", "3000.001"),
                     ("--kind", "salaried", "--base", "-5"),
                     ("--kind", "salaried", "--base", "3,000"),
                     ("--kind", "salaried"),
                     ("--kind", "wage", "--base", "3000"),
                     ("--base", "3000")):
            with self.subTest(args=args):
                res = self.calc(*args)
                self.assertEqual(res.rc, 2, res)
                self.assertEqual(res.out, "")
                self.assertTrue(re.search(CJK, res.err), res)
