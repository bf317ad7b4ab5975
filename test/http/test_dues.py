"""test_dues.py: party dues (issue 4 items 6-7; F1-F14): bases with their
history (F11), the monthly collection sheet, payments and bulk recording,
arrears and the six-month 自行脱党 review flag (F14/F18) at 5 and 6 months
and across an exemption (F8), the start month of a probationary member
(F9), corrections that never overwrite, scope (another branch's secretary
gets 404, a member sees only their own book), bad input that stores
nothing, the yearly disclosure (F13) and the .xlsx ledger.  Runs on SQLite
and PostgreSQL; "today" is injected with ?as_of=.
"""

import io
import re
import zipfile

from harness import ServerTest, strong_password, zhibu
from test_roster import member_body


def xlsx_rows(data):
    """Rows of the first sheet of an xlsx as lists of strings."""
    z = zipfile.ZipFile(io.BytesIO(data))
    shared = []
    if "xl/sharedStrings.xml" in z.namelist():
        xml = z.read("xl/sharedStrings.xml").decode("utf-8")
        for si in re.findall(r"<si>(.*?)</si>", xml, re.S):
            shared.append("".join(re.findall(r"<t[^>]*>(.*?)</t>", si, re.S)))
    xml = z.read("xl/worksheets/sheet1.xml").decode("utf-8")
    rows = []
    for row in re.findall(r"<row[^>]*>(.*?)</row>", xml, re.S):
        cells = {}
        for ref, attrs, body in re.findall(
                r'<c r="([A-Z]+)\d+"([^>]*?)(?:/>|>(.*?)</c>)', row, re.S):
            col = 0
            for ch in ref:
                col = col * 26 + ord(ch) - 64
            v = re.search(r"<v>(.*?)</v>", body or "")
            t = re.search(r"<t[^>]*>(.*?)</t>", body or "", re.S)
            if 't="s"' in attrs and v:
                cells[col] = shared[int(v.group(1))]
            elif t:
                cells[col] = t.group(1)
            elif v:
                cells[col] = v.group(1)
        width = max(cells) if cells else 0
        rows.append([cells.get(i + 1, "") for i in range(width)])
    return rows


class DuesTest(ServerTest):
    """Root committee with branches A and B; staff on the root, one
    secretary per branch.  A: m0 (salaried 6000.00: 90.00 a month), m1
    (3000.01: 30.00), m2 probationary admitted 2026-03-15 (5000.00: 50.00),
    m3 retired (5000.00: 25.00, exempt in February), m4 and m5 for the
    correction and bulk tests; B: one member."""

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
        cls.m = []
        for i in range(6):
            kw = {}
            if i == 2:
                kw = {"status": "probationary", "joined_on": "2026-03-15",
                      "full_on": None}
            r = st.post("members", member_body(cls.a, "甲%d" % i,
                                               birth="19800101",
                                               seq=801 + 2 * i, **kw))
            assert r.status == 201, r
            cls.m.append(r.data["id"])
        r = st.post("members", member_body(cls.b, "乙0", birth="19810101",
                                           seq=901))
        assert r.status == 201, r
        cls.mb = r.data["id"]
        s.user_add_cli("seca", "branch_secretary", org=cls.a)
        s.user_add_cli("secb", "branch_secretary", org=cls.b)
        cls.seca = s.login("seca")
        cls.secb = s.login("secb")
        person = st.get("members/%d" % cls.m[1]).data["person_id"]
        pw = strong_password()
        r = zhibu("user", "add", "--db", s.db.url, "--key", s.db.key,
                  "--login", "dy1", "--role", "member", "--org", str(cls.a),
                  "--person", str(person), "--password-stdin",
                  stdin=pw + "\n", cwd=s.tmpdir)
        assert r.rc == 0, r
        s.passwords["dy1"] = pw
        cls.me = s.login("dy1")
        bases = [(cls.m[0], "salaried", 600000, "2026-01"),
                 (cls.m[1], "salaried", 300001, "2026-01"),
                 (cls.m[2], "salaried", 500000, "2026-03"),
                 (cls.m[3], "retired", 500000, "2026-01"),
                 (cls.m[4], "salaried", 300001, "2026-01"),
                 (cls.m[5], "salaried", 300001, "2026-01"),
                 (cls.mb, "salaried", 400000, "2026-01")]
        for mid, kind, base, month in bases:
            c = cls.secb if mid == cls.mb else cls.seca
            r = c.post("members/%d/dues/bases" % mid,
                       {"kind": kind, "base_fen": base,
                        "effective_month": month,
                        "confirmed_on": "2026-01-10", "note": "2026年度核定"})
            assert r.status == 201, r
        cls.pay(cls.m[0], "2026-01", "2026-03", 27000, "2026-01-12")
        cls.pay(cls.m[1], "2026-01", "2026-01", 3000, "2026-01-12")
        cls.pay(cls.m[3], "2026-01", "2026-01", 2500, "2026-01-12")
        r = cls.seca.post("members/%d/dues/reliefs" % cls.m[3], {
            "kind": "exemption", "from_month": "2026-02",
            "to_month": "2026-02", "approved_by": "王书记",
            "approving_body": "测试县委机关工委", "approved_on": "2026-02-20",
            "reason": "因病住院，家庭生活困难"})
        assert r.status == 201, r
        # m2 (probationary, F9) paid March from the collection sheet.
        r = cls.seca.post("orgs/%d/dues/payments" % cls.a, {
            "month": "2026-03", "paid_on": "2026-03-20", "method": "wechat",
            "items": [{"member_id": cls.m[2], "receipt_no": "SJ-0301"}]})
        assert r.status == 201, r

    @classmethod
    def pay(cls, mid, frm, to, fen, on, method="cash"):
        r = cls.seca.post("members/%d/dues/payments" % mid, {
            "from_month": frm, "to_month": to, "amount_fen": fen,
            "paid_on": on, "method": method, "receipt_no": "R-%s" % frm})
        assert r.status == 201, r
        return r.data["id"]

    def book(self, mid, as_of, c=None):
        r = (c or self.seca).get("members/%d/dues?as_of=%s" % (mid, as_of))
        self.assertEqual(r.status, 200, r)
        return r.data

    def count(self, table):
        return int(self.server.db.one("SELECT count(*) FROM %s" % table))

    # -- the collection sheet, F9 and the working

    def test_collection_sheet_of_march(self):
        r = self.seca.get("orgs/%d/dues/sheet?month=2026-03" % self.a)
        self.assertEqual(r.status, 200, r)
        rows = {e["member_id"]: e for e in r.data["items"]}
        self.assertEqual(set(rows), set(self.m))
        self.assertEqual((rows[self.m[0]]["due_fen"],
                          rows[self.m[0]]["paid_fen"],
                          rows[self.m[0]]["state"]), (9000, 9000, "paid"))
        self.assertEqual((rows[self.m[1]]["due_fen"],
                          rows[self.m[1]]["unpaid_fen"],
                          rows[self.m[1]]["state"]), (3000, 3000, "unpaid"))
        self.assertEqual((rows[self.m[2]]["due_fen"],
                          rows[self.m[2]]["paid_fen"]), (5000, 5000))
        self.assertEqual(rows[self.m[3]]["due_fen"], 2500)
        t = r.data["totals"]
        # 90 + 30 + 50 + 25 + 30 + 30 due; 90 + 50 paid
        self.assertEqual((t["due_fen"], t["paid_fen"], t["unpaid_fen"]),
                         (25500, 14000, 11500))
        self.assertEqual((t["members"], t["paid_members"],
                          t["unpaid_members"]), (6, 2, 4))

    def test_f9_probationary_pays_from_congress_month(self):
        r = self.seca.get("orgs/%d/dues/sheet?month=2026-02" % self.a)
        rows = {e["member_id"]: e for e in r.data["items"]}
        self.assertEqual((rows[self.m[2]]["state"],
                          rows[self.m[2]]["due_fen"]), ("none", 0))
        self.assertEqual(rows[self.m[3]]["state"], "relief")  # F8
        d = self.book(self.m[2], "2026-05-01")
        self.assertEqual(d["start_month"], "2026-03")
        self.assertEqual([x["due_fen"] for x in d["months"][:4]],
                         [0, 0, 5000, 5000])

    def test_f3_working_base_band_rate_amount(self):
        d = self.book(self.m[0], "2026-04-01")
        c = d["calc"]
        self.assertEqual((c["base_fen"], c["rate"], c["amount_fen"],
                          c["rule"]), (600000, "1.5%", 9000, "F3"))
        self.assertEqual(c["band"], "5000元以上至10000元（含10000元）")
        self.assertEqual(c["article"], "党费规定 第二条")
        self.assertEqual(d["bases"][0]["recorded_by"], "seca")
        self.assertEqual(d["bases"][0]["confirmed_on"], "2026-01-10")
        # F11: a base confirmed this year is not due for confirmation
        r = self.seca.get("orgs/%d/dues/confirm?year=2026" % self.a)
        self.assertEqual(r.data["items"], [])
        r = self.seca.get("orgs/%d/dues/confirm?year=2027&as_of=2027-01-05"
                          % self.a)
        self.assertEqual({e["member_id"] for e in r.data["items"]},
                         set(self.m))

    # -- arrears and the F14 flag

    def test_f14_dues_year_with_arrears_and_flag(self):
        # m1 paid January only.  At 2026-07-01 February-June (5 months)
        # are closed and unpaid: no flag.
        d = self.book(self.m[1], "2026-07-01")
        self.assertEqual((d["arrears"]["months"], d["arrears"]["fen"],
                          d["arrears"]["streak"], d["arrears"]["flag"]),
                         (5, 15000, 5, False))
        # At 2026-08-01 February-July: six months, the review flag.
        d = self.book(self.m[1], "2026-08-01")
        a = d["arrears"]
        self.assertEqual((a["months"], a["fen"], a["streak"], a["flag"],
                          a["streak_from"], a["rule"]),
                         (6, 18000, 6, True, "2026-02", "F14"))
        self.assertIn("不会自动除名", a["note"])
        r = self.seca.get("orgs/%d/dues/arrears?as_of=2026-08-01" % self.a)
        rows = {e["member_id"]: e for e in r.data["items"]}
        self.assertTrue(rows[self.m[1]]["flag"])
        self.assertFalse(rows[self.m[0]]["flag"])
        # m3: January paid, February exempt (F8), March-July unpaid: the
        # exemption month ends the run, so 5 months and no flag.
        self.assertEqual((rows[self.m[3]]["streak"], rows[self.m[3]]["flag"],
                          rows[self.m[3]]["months"]), (5, False, 5))
        self.assertEqual(r.data["flagged"], 3)  # m1, m4, m5 (nothing paid)
        # Paying July drops the arrears and the flag.
        self.pay(self.m[4], "2026-01", "2026-06", 18000, "2026-07-30")
        d = self.book(self.m[4], "2026-08-01")
        self.assertEqual((d["arrears"]["months"], d["arrears"]["flag"]),
                         (1, False))

    # -- payments and corrections

    def test_correction_keeps_both_entries(self):
        mid = self.m[5]
        pid = self.pay(mid, "2026-09", "2026-11", 9000, "2026-09-10")
        before = self.count("audit")
        r = self.seca.post("members/%d/dues/payments" % mid, {
            "corrects_id": pid, "amount_fen": 6000,
            "note": "误将两个月记为三个月", "paid_on": "2026-09-11"})
        self.assertEqual(r.status, 201, r)
        cid = r.data["id"]
        self.assertEqual(self.count("audit"), before + 1)
        d = self.book(mid, "2026-11-20")
        pays = {p["id"]: p for p in d["payments"]}
        self.assertEqual(pays[pid]["amount_fen"], 9000)
        self.assertTrue(pays[pid]["corrected"])
        self.assertEqual((pays[cid]["amount_fen"], pays[cid]["corrects_id"],
                          pays[cid]["corrected_to_fen"],
                          pays[cid]["from_month"]),
                         (-3000, pid, 6000, "2026-09"))
        self.assertEqual([m["paid_fen"] for m in d["months"][8:11]],
                         [3000, 3000, 0])
        self.assertEqual(self.server.db.one(
            "SELECT amount_fen FROM dues_payment WHERE id=%d" % pid), "9000")
        # a correction of a correction is refused; so is another member's
        r = self.seca.post("members/%d/dues/payments" % mid, {
            "corrects_id": cid, "amount_fen": 1, "note": "x"})
        self.assert_error(r, 400, "dues.corrects", "corrects_id")
        r = self.seca.post("members/%d/dues/payments" % self.m[0], {
            "corrects_id": pid, "amount_fen": 1, "note": "x"})
        self.assert_error(r, 400, "dues.corrects", "corrects_id")
        r = self.seca.post("members/%d/dues/payments" % mid, {
            "corrects_id": pid, "amount_fen": 6000})
        self.assert_error(r, 400, "field.required", "note")

    def test_bulk_is_all_or_nothing(self):
        before = (self.count("dues_payment"), self.count("audit"))
        r = self.seca.post("orgs/%d/dues/payments" % self.a, {
            "month": "2026-10", "paid_on": "2026-10-15", "method": "cash",
            "items": [{"member_id": self.m[0]}, {"member_id": self.mb}]})
        self.assert_error(r, 404, "not_found", "items[1].member_id")
        r = self.seca.post("orgs/%d/dues/payments" % self.a, {
            "month": "2026-10", "paid_on": "2026-10-15", "method": "cash",
            "items": [{"member_id": self.m[0]},
                      {"member_id": self.m[1], "amount_fen": -5}]})
        self.assert_error(r, 400, "dues.amount", "items[1].amount_fen")
        self.assertEqual((self.count("dues_payment"), self.count("audit")),
                         before)
        r = self.seca.get("orgs/%d/dues/sheet?month=2026-10" % self.a)
        rows = {e["member_id"]: e for e in r.data["items"]}
        self.assertEqual(rows[self.m[0]]["paid_fen"], 0)

    # -- scope

    def test_other_branch_secretary_gets_404(self):
        for path in ("members/%d/dues" % self.m[0],
                     "orgs/%d/dues/sheet" % self.a,
                     "orgs/%d/dues/arrears" % self.a,
                     "orgs/%d/dues/report" % self.a,
                     "orgs/%d/dues/ledger.xlsx" % self.a):
            with self.subTest(path=path):
                self.assert_error(self.secb.get(path), 404, "not_found")
        before = self.count("dues_payment")
        r = self.secb.post("members/%d/dues/payments" % self.m[0], {
            "from_month": "2026-10", "to_month": "2026-10",
            "amount_fen": 9000, "method": "cash"})
        self.assert_error(r, 404, "not_found")
        r = self.secb.post("members/%d/dues/bases" % self.m[0], {
            "kind": "salaried", "base_fen": 1, "effective_month": "2026-10"})
        self.assert_error(r, 404, "not_found")
        self.assertEqual(self.count("dues_payment"), before)

    def test_member_sees_only_own_dues(self):
        r = self.me.get("me/dues?as_of=2026-08-01")
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.data["member_id"], self.m[1])
        c = r.data["calc"]
        self.assertEqual((c["base_fen"], c["band"], c["rate"],
                          c["amount_fen"]),
                         (300001, "3000元以上至5000元（含5000元）", "1%", 3000))
        self.assertEqual(r.data["arrears"]["flag"], True)
        self.assertEqual(r.data["payments"][0]["amount_fen"], 3000)
        for path in ("members/%d/dues" % self.m[0],
                     "members/%d/dues" % self.m[1],
                     "orgs/%d/dues/sheet" % self.a):
            with self.subTest(path=path):
                self.assertIn(self.me.get(path).status, (403, 404))
        r = self.me.post("members/%d/dues/payments" % self.m[1], {
            "from_month": "2026-10", "to_month": "2026-10",
            "amount_fen": 3000, "method": "cash"})
        self.assertIn(r.status, (403, 404))
        self.assert_error(self.staff.get("me/dues"), 403, "auth.forbidden")

    # -- bad input

    def test_bad_input_stores_nothing(self):
        url = "members/%d/dues/payments" % self.m[0]
        good = {"from_month": "2026-10", "to_month": "2026-10",
                "amount_fen": 9000, "paid_on": "2026-10-10",
                "method": "cash"}
        cases = [
            ({"from_month": "2026-13"}, "dues.month", "from_month"),
            ({"to_month": "26-10"}, "dues.month", "to_month"),
            ({"amount_fen": -100}, "dues.amount", "amount_fen"),
            ({"amount_fen": 0}, "dues.amount", "amount_fen"),
            ({"amount_fen": "90"}, "field.type", "amount_fen"),
            ({"from_month": "2026-11", "to_month": "2026-10"},
             "dues.month_order", "to_month"),
            ({"from_month": "2024-01", "to_month": "2026-10"},
             "dues.span", "to_month"),
            ({"method": "bitcoin"}, "dues.method", "method"),
            ({"method": None}, "field.required", "method"),
            ({"paid_on": "2026-02-30"}, "field.date", "paid_on"),
            ({"paid_on": "2099-01-01"}, "field.date_future", "paid_on"),
            ({"from_month": None}, "field.required", "from_month"),
        ]
        before = (self.count("dues_payment"), self.count("audit"))
        for change, code, field in cases:
            body = dict(good)
            body.update(change)
            body = {k: v for k, v in body.items() if v is not None}
            with self.subTest(change=change):
                self.assert_error(self.seca.post(url, body), 400, code, field)
        bases = "members/%d/dues/bases" % self.m[0]
        for body, code, field in (
                ({"kind": "pensioner", "base_fen": 1,
                  "effective_month": "2026-01"}, "dues.kind", "kind"),
                ({"kind": "salaried", "base_fen": -1,
                  "effective_month": "2026-01"}, "dues.base", "base_fen"),
                ({"kind": "salaried", "effective_month": "2026-01"},
                 "field.required", "base_fen"),
                ({"kind": "salaried", "base_fen": 1,
                  "effective_month": "2026/01"}, "dues.month",
                 "effective_month")):
            with self.subTest(body=body):
                self.assert_error(self.seca.post(bases, body), 400, code,
                                  field)
        r = self.seca.post("members/%d/dues/reliefs" % self.m[0], {
            "kind": "exemption", "from_month": "2026-05",
            "to_month": "2026-06", "approved_by": "王书记",
            "approved_on": "2026-05-01", "reason": "困难"})
        self.assert_error(r, 400, "field.required", "approving_body")
        r = self.seca.get("orgs/%d/dues/sheet?month=2026-3" % self.a)
        self.assert_error(r, 400, "request.bad_query", "month")
        self.assertEqual((self.count("dues_payment"), self.count("audit")),
                         before)

    # -- disclosure and ledger

    def test_f13_disclosure_report(self):
        r = self.staff.get("orgs/1/dues/report?year=2026&as_of=2026-03-31")
        self.assertEqual(r.status, 200, r)
        months = r.data["months"]
        self.assertEqual([m["month"] for m in months],
                         ["2026-01", "2026-02", "2026-03"])
        # January: m0 90, m1 30, m3 25, m4 30, m5 30, B 40 due
        self.assertEqual(months[0]["due_fen"], 9000 + 3000 + 2500 + 3000 +
                         3000 + 4000)
        self.assertGreaterEqual(months[0]["paid_fen"], 9000 + 3000 + 2500)
        orgs = {o["org_id"]: o for o in r.data["orgs"]}
        self.assertEqual(orgs[self.b]["due_fen"], 3 * 4000)
        self.assertEqual(orgs[self.b]["paid_fen"], 0)
        self.assertEqual(r.data["rule"], "F13")
        r = self.staff.get("orgs/1/dues/report.xlsx?year=2026")
        self.assertEqual(r.status, 200, r)
        self.assertEqual(xlsx_rows(r.body)[0][0], "月份")

    def test_ledger_xlsx_has_the_numbers(self):
        r = self.seca.get("orgs/%d/dues/ledger.xlsx?year=2026&as_of="
                          "2026-04-15" % self.a)
        self.assertEqual(r.status, 200, r)
        self.assertIn("spreadsheetml", r.headers.get("Content-Type"))
        rows = xlsx_rows(r.body)
        head = rows[0]
        self.assertEqual(head[:5], ["姓名", "所在党组织", "党员类别",
                                    "基数（元）", "月交党费（元）"])
        self.assertEqual(head[-3:], ["应交合计（元）", "实交合计（元）",
                                     "欠交（元）"])
        by = {row[0]: row for row in rows[1:]}
        m0 = by["甲0"]
        self.assertEqual(m0[2:5], ["工资收入党员", "6000.00", "90.00"])
        self.assertEqual(m0[5:9], ["90.00", "90.00", "90.00", "0.00"])
        # to April: due 4 x 90, paid 270, arrears March-closed: none;
        # April is still being collected
        self.assertEqual(m0[17:20], ["360.00", "270.00", "0.00"])
        m1 = by["甲1"]
        self.assertEqual(m1[17:20], ["120.00", "30.00", "60.00"])
        # F9: 甲2 was admitted in March; May is after the as-of month
        m2 = by["甲2"]
        self.assertEqual(m2[5:10], ["0.00", "0.00", "50.00", "0.00", ""])
        self.assertEqual(m2[17:20], ["100.00", "50.00", "0.00"])
        rows = self.server.db.sql(
            "SELECT action FROM audit WHERE action='export.dues_ledger'")
        self.assertTrue(rows)
