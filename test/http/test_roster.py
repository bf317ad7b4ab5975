"""test_roster.py: the organisation tree (A1, A4), the roster (A2), posts
(A3), import and export, scope isolation between branches, masking and the
audit of unmasked views and exports.  Runs on SQLite and PostgreSQL.
"""

import io
import re
import zipfile

from harness import ServerTest

WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]


def idnum(birth, seq, area="320924"):
    """A valid GB 11643 ID number for birth (YYYYMMDD) and a 3-digit
    sequence (odd = male)."""
    body = "%s%s%03d" % (area, birth, seq)
    s = sum(int(c) * w for c, w in zip(body, WEIGHTS))
    return body + "10X98765432"[s % 11]


def bad_check(idn):
    """The same number with a wrong check character."""
    last = idn[-1]
    return idn[:-1] + ("0" if last != "0" else "1")


def member_body(org, name, birth="19800101", seq=11, **kw):
    idn = idnum(birth, seq)
    b = {"org_id": org, "name": name,
         "gender": "male" if seq % 2 else "female", "ethnicity": "汉族",
         "birth_date": "%s-%s-%s" % (birth[:4], birth[4:6], birth[6:]),
         "id_number": idn, "phone": "13800138000", "education": "大学本科",
         "job": "科员", "status": "full", "joined_on": "2005-07-01",
         "full_on": "2006-07-01"}
    b.update(kw)
    return b


def csv_bytes(rows, encoding="utf-8"):
    head = "姓名,公民身份号码,性别,民族,出生日期,学历,手机号码,人员类别,入党日期,转正日期"
    lines = [head] + [",".join(r) for r in rows]
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


def csv_row(name, birth, seq, status="正式党员"):
    full = "2011-07-01" if status == "正式党员" else ""
    return [name, idnum(birth, seq), "", "汉族", "", "大学本科",
            "13912345678", status, "2010-07-01", full]


def xlsx_text(data):
    """All text of an xlsx (shared strings and inline strings)."""
    z = zipfile.ZipFile(io.BytesIO(data))
    out = []
    for n in z.namelist():
        if n.startswith("xl/") and n.endswith(".xml"):
            out.append(z.read(n).decode("utf-8"))
    return "\n".join(out)


class RosterTest(ServerTest):
    """Two branches under one committee; a committee staff account on the
    root and one secretary per branch."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        s = cls.server
        s.user_add_cli("staff", "committee_staff", org=1)
        cls.staff = s.login("staff")
        r = cls.staff.post("orgs", {"parent_id": 1, "kind": "branch",
                                    "name": "财政局党支部",
                                    "business_unit": "县财政局",
                                    "term_start": "2024-01-10",
                                    "term_years": 3})
        assert r.status == 201, r
        cls.a = r.data["id"]
        r = cls.staff.post("orgs", {"parent_id": 1, "kind": "branch",
                                    "name": "教育局党支部"})
        assert r.status == 201, r
        cls.b = r.data["id"]
        s.user_add_cli("seca", "branch_secretary", org=cls.a)
        s.user_add_cli("secb", "branch_secretary", org=cls.b)
        s.user_add_cli("coma", "branch_committee", org=cls.a)
        cls.seca = s.login("seca")
        cls.secb = s.login("secb")
        cls.coma = s.login("coma")

    # -- organisation tree (A1, A4)

    def test_a1_org_tree(self):
        r = self.staff.get("orgs/1/children")
        self.assert_status(r, 200)
        names = [o["name"] for o in r.data["items"]]
        self.assertIn("财政局党支部", names)
        r = self.staff.get("orgs/%d" % self.a)
        self.assert_status(r, 200)
        self.assertEqual(r.data["kind"], "branch")
        self.assertEqual(r.data["business_unit"], "县财政局")
        self.assertEqual(r.data["term_end"], "2027-01-10")
        self.assertEqual(r.data["path"], "/1/%d/" % self.a)
        # a group under the branch, then move a new branch under it: refused
        r = self.staff.post("orgs", {"parent_id": self.a, "kind": "group",
                                     "name": "第一党小组"})
        self.assert_status(r, 201)
        g = r.data["id"]
        r = self.staff.post("orgs", {"parent_id": 1, "kind": "branch",
                                     "name": "临时支部"})
        tmp = r.data["id"]
        r = self.staff.patch("orgs/%d" % tmp, {"parent_id": g})
        self.assert_error(r, 400, "org.kind_invalid")
        r = self.staff.patch("orgs/%d" % tmp, {"name": "临时党支部"})
        self.assert_status(r, 200)
        self.assertEqual(r.data["name"], "临时党支部")
        r = self.staff.patch("orgs/%d" % tmp, {"closed": True})
        self.assert_status(r, 200)
        self.assertTrue(r.data["closed"])
        r = self.staff.patch("orgs/1", {"closed": True})
        self.assert_error(r, 400, "org.root")
        r = self.staff.post("orgs", {"parent_id": 1, "kind": "nonsense",
                                     "name": "x"})
        self.assert_error(r, 400, "org.kind_invalid")
        r = self.staff.post("orgs", {"parent_id": 1, "kind": "branch",
                                     "name": 5})
        self.assert_error(r, 400, "field.type", "name")

    def test_b1_checks_cite_article(self):
        r = self.staff.post("orgs", {"parent_id": 1, "kind": "branch",
                                     "name": "小支部"})
        small = r.data["id"]
        for i in range(2):
            r = self.staff.post("members", member_body(
                small, "小%d" % i, birth="19700101", seq=401 + 2 * i))
            self.assert_status(r, 201)
        r = self.staff.get("orgs/%d/checks" % small)
        self.assert_status(r, 200)
        b1 = [f for f in r.data["items"] if f["rule"] == "B1"]
        self.assertEqual(len(b1), 1, r.data)
        self.assertIn("第四条", b1[0]["article"])
        self.assertEqual(b1[0]["org_id"], small)
        self.assertRegex(b1[0]["message"], "2")
        # the committee sees it in its subtree
        r = self.staff.get("orgs/1/checks")
        self.assertTrue(any(f["rule"] == "B1" and f["org_id"] == small
                            for f in r.data["items"]))

    # -- members (A2)

    def test_a2_member_validation(self):
        body = member_body(self.a, "李明", seq=21)
        bad = dict(body, id_number=bad_check(body["id_number"]))
        r = self.seca.post("members", bad)
        self.assert_error(r, 400, "member.id_number_check", "id_number")
        r = self.seca.post("members", dict(body, birth_date="1980-01-02"))
        self.assert_error(r, 422, "member.birth_date_mismatch", "birth_date")
        r = self.seca.post("members", dict(body, gender="female"))
        self.assert_error(r, 422, "member.gender_mismatch", "gender")
        r = self.seca.post("members", dict(body, phone="12345"))
        self.assert_error(r, 400, "member.phone_invalid", "phone")
        r = self.seca.post("members", dict(body, full_on="2004-01-01"))
        self.assert_error(r, 400, "member.date_order", "full_on")
        r = self.seca.post("members", dict(body, status="member"))
        self.assert_error(r, 400, "member.status_invalid", "status")
        r = self.seca.post("members", dict(body, org_id="x"))
        self.assert_error(r, 400, "field.type", "org_id")
        r = self.seca.post("members", body)
        self.assert_status(r, 201)
        self.assertTrue(r.data["voting_right"])
        self.assertEqual(r.data["id_number"][:6], body["id_number"][:6])
        self.assertIn("*", r.data["id_number"])
        self.assertEqual(r.data["phone"], "138****8000")
        r = self.seca.post("members", dict(body, name="李明二"))
        self.assert_error(r, 409, "member.id_number_exists", "id_number")
        # probationary members have no voting right
        r = self.seca.post("members", member_body(
            self.a, "赵预备", seq=23, status="probationary", full_on=None,
            joined_on="2026-01-05"))
        self.assert_status(r, 201)
        self.assertFalse(r.data["voting_right"])

    def test_a2_list_filters_and_paging(self):
        for i in range(5):
            r = self.seca.post("members", member_body(
                self.a, "王%d" % i, birth="199%d0101" % i, seq=31 + 2 * i))
            self.assert_status(r, 201)
        r = self.seca.get("orgs/%d/members?name=%s&limit=2&sort=birth_date"
                          % (self.a, "%E7%8E%8B"))
        self.assert_status(r, 200)
        self.assertEqual(r.data["total"], 5)
        self.assertEqual(len(r.data["items"]), 2)
        births = [m["birth_date"] for m in r.data["items"]]
        self.assertEqual(births, sorted(births))
        r2 = self.seca.get("orgs/%d/members?name=%s&limit=2&offset=2"
                           "&sort=birth_date" % (self.a, "%E7%8E%8B"))
        self.assertNotEqual(r2.data["items"][0]["id"],
                            r.data["items"][0]["id"])
        r = self.seca.get("orgs/%d/members?name=%s&age_min=0&age_max=32"
                          % (self.a, "%E7%8E%8B"))
        self.assertTrue(all(m["age"] <= 32 for m in r.data["items"]))
        r = self.seca.get("orgs/%d/members?limit=abc" % self.a)
        self.assert_error(r, 400, "request.bad_query", "limit")
        r = self.seca.get("orgs/%d/members?sort=password" % self.a)
        self.assertEqual(r.status, 400, r)

    def test_a2_list_never_stale(self):
        """The roster page is kept per connection while the database is
        unchanged (db_memo): an edit through the API, a write by another
        process straight into the database, and a scope the caller lost
        must all show on the very next request, on every connection."""
        r = self.seca.post("members", member_body(self.a, "缓存甲",
                                                  seq=701))
        self.assert_status(r, 201)
        mid = r.data["id"]
        url = "orgs/%d/members?name=%s" % (self.a, "%E7%BC%93%E5%AD%98")

        def names():
            seen = set()
            for _ in range(12):  # more requests than pooled connections
                r = self.seca.get(url)
                self.assert_status(r, 200)
                seen.add(tuple(sorted(m["name"] for m in r.data["items"])))
            self.assertEqual(len(seen), 1, seen)
            return list(seen)[0]

        self.assertEqual(names(), ("缓存甲",))
        r = self.seca.patch("members/%d" % mid, {"name": "缓存乙"})
        self.assert_status(r, 200)
        self.assertEqual(names(), ("缓存乙",))
        # another process writes under the application
        pid = self.server.db.one("SELECT person_id FROM member WHERE id=%d"
                                 % mid)
        self.server.db.sql("UPDATE person SET name='缓存丙' WHERE id=%s"
                           % pid)
        self.assertEqual(names(), ("缓存丙",))
        # a kept page is never served across scopes, and the refusal is
        # audited although the route runs in one read snapshot (RF_SNAP)
        q = ("SELECT count(*) FROM audit WHERE action='access.denied' AND "
             "detail LIKE 'GET /api/v1/orgs/%d/members%%'" % self.a)
        n0 = int(self.server.db.one(q))
        r = self.secb.get(url)
        self.assert_status(r, 404)
        self.assertEqual(int(self.server.db.one(q)), n0 + 1)

    # -- scope isolation between branches (A1, security)

    def test_scope_isolation(self):
        r = self.seca.post("members", member_body(self.a, "甲支部党员", seq=51))
        self.assert_status(r, 201)
        ma = r.data["id"]
        for path in ("orgs/%d/members" % self.a, "members/%d" % ma,
                     "orgs/%d/members.xlsx" % self.a, "orgs/%d" % self.a,
                     "orgs/%d/checks" % self.a):
            r = self.secb.get(path)
            self.assertIn(r.status, (403, 404), (path, r))
            self.assertNotIn("甲支部党员", r.body.decode("utf-8", "replace"))
        r = self.secb.patch("members/%d" % ma, {"name": "改名"})
        self.assertIn(r.status, (403, 404), r)
        r = self.secb.post("members", member_body(self.a, "越权", seq=53))
        self.assertIn(r.status, (403, 404), r)
        r = self.secb.post("orgs/%d/members/import?dry_run=1&filename=a.csv"
                           % self.a, raw=csv_bytes([csv_row("越权导入",
                                                            "19800101", 55)]),
                           content_type="application/octet-stream")
        self.assertIn(r.status, (403, 404), r)
        r = self.seca.get("members/%d" % ma)
        self.assertEqual(r.data["name"], "甲支部党员")
        # refusals are security events in the audit log
        r = self.server.admin("auditor").get(
            "audit?action=access.denied&actor=secb")
        self.assertGreaterEqual(r.data["total"], 5, r.data)

    def test_failed_login_is_audited(self):
        c = self.server.client()
        r = c.login("coma", "wrong-password-1A")
        self.assert_error(r, 401, "auth.bad_login")
        r = self.server.admin("auditor").get(
            "audit?action=session.login_failed&actor=coma")
        self.assertEqual(r.data["total"], 1, r.data)

    # -- masking and audit

    def test_unmask_is_audited(self):
        body = member_body(self.a, "孙明文", seq=61)
        r = self.seca.post("members", body)
        mid = r.data["id"]
        r = self.seca.get("members/%d" % mid)
        self.assertNotEqual(r.data["id_number"], body["id_number"])
        r = self.coma.get("members/%d?unmask=1" % mid)
        self.assertEqual(r.status, 403, r)
        r = self.seca.get("members/%d?unmask=1" % mid)
        self.assert_status(r, 200)
        self.assertEqual(r.data["id_number"], body["id_number"])
        self.assertEqual(r.data["phone"], "13800138000")
        aud = self.server.admin("auditor")
        r = aud.get("audit?action=member.unmask")
        self.assertTrue(any(a["object_id"] == mid and a["actor_login"] == "seca"
                            for a in r.data["items"]), r.data)
        r = aud.get("audit?action=member.create")
        self.assertTrue(any(a["object_id"] == mid for a in r.data["items"]))

    def test_a2_at_rest_encryption(self):
        body = member_body(self.a, "周加密", seq=71)
        self.assert_status(self.seca.post("members", body), 201)
        if self.server.db.engine == "sqlite":
            for suffix in ("", "-wal"):
                try:
                    with open(self.server.db.path + suffix, "rb") as f:
                        data = f.read()
                except OSError:
                    continue
                self.assertNotIn(body["id_number"].encode(), data)
                self.assertNotIn(b"13800138000", data)
        else:
            dump = self.server.db.sql(
                "SELECT id_number_enc, phone_enc FROM person")
            self.assertNotIn(body["id_number"], str(dump))

    # -- posts (A3)

    def test_a3_one_person_one_post(self):
        r = self.seca.post("members", member_body(self.a, "钱书记", seq=81))
        mid = r.data["id"]
        r = self.seca.post("orgs/%d/posts" % self.a,
                           {"member_id": mid, "role": "secretary"})
        self.assert_status(r, 201)
        self.assertIsNone(r.data.get("warning"))
        r = self.seca.post("orgs/%d/posts" % self.a,
                           {"member_id": mid, "role": "propaganda_member"})
        self.assert_status(r, 201)
        self.assertIn("一人一岗", r.data["warning"])
        r = self.seca.post("orgs/%d/posts" % self.a,
                           {"member_id": mid, "role": "emperor"})
        self.assert_error(r, 400, "post.role_invalid", "role")
        r = self.seca.get("orgs/%d/posts" % self.a)
        self.assertEqual(len([p for p in r.data["items"]
                              if p["member_id"] == mid]), 2)

    # -- import (all or nothing) and export

    def import_(self, client, org, data, name="roster.csv", dry=False):
        q = "orgs/%d/members/import?filename=%s" % (org, name)
        if dry:
            q += "&dry_run=1"
        return client.post(q, raw=data, content_type="application/octet-stream")

    def count(self, org):
        return self.staff.get("orgs/%d/members?limit=1" % org).data["total"]

    def test_a2_import_all_or_nothing(self):
        r = self.staff.post("orgs", {"parent_id": 1, "kind": "branch",
                                     "name": "导入支部"})
        org = r.data["id"]
        good = [csv_row("导入甲", "19850101", 101),
                csv_row("导入乙", "19860202", 102, "预备党员")]
        bad = csv_row("导入丙", "19870303", 103)
        bad[1] = bad_check(bad[1])
        data = csv_bytes(good + [bad])
        r = self.import_(self.staff, org, data, dry=True)
        self.assert_status(r, 200)
        self.assertFalse(r.data["ok"])
        errs = r.data["errors"]
        self.assertEqual(len(errs), 1, errs)
        self.assertEqual(errs[0]["row"], 4)
        self.assertEqual(errs[0]["column"], "公民身份号码")
        self.assertEqual(errs[0]["code"], "member.id_number_check")
        r = self.import_(self.staff, org, data)
        self.assertEqual(r.status, 422, r)
        self.assertEqual(self.count(org), 0)
        # fixed, in GB18030, with an unknown column reported
        bad[1] = idnum("19870303", 103)
        data = csv_bytes(good + [bad], encoding="gb18030")
        r = self.import_(self.staff, org, data, dry=True)
        self.assertTrue(r.data["ok"], r.data)
        self.assertEqual(r.data["valid"], 3)
        r = self.import_(self.staff, org, data)
        self.assert_status(r, 200)
        self.assertEqual(r.data["imported"], 3)
        self.assertEqual(self.count(org), 3)
        # the same IDs again are reported, not duplicated
        r = self.import_(self.staff, org, data, dry=True)
        self.assertFalse(r.data["ok"])
        self.assertEqual({e["code"] for e in r.data["errors"]},
                         {"member.id_number_exists"})
        self.assertEqual(self.count(org), 3)
        r = self.import_(self.staff, org, b"\x00\x01garbage", name="x.xlsx")
        self.assertEqual(r.status, 400, r)
        self.assertEqual(r.data["error"]["code"], "import.corrupt")
        r = self.import_(self.staff, org, b"a,b", name="x.txt")
        self.assert_error(r, 400, "import.format")

    def test_a2_export_masked_and_audited(self):
        body = member_body(self.a, "=HYPERLINK(\"x\")", seq=121)
        self.assert_status(self.seca.post("members", body), 201)
        r = self.seca.get("orgs/%d/members.xlsx" % self.a)
        self.assert_status(r, 200)
        self.assertEqual(r.body[:2], b"PK")
        self.assertIn("attachment", r.headers.get("Content-Disposition", ""))
        text = xlsx_text(r.body)
        self.assertNotIn(body["id_number"], text)
        self.assertIn(body["id_number"][:6], text)
        self.assertNotIn("<f>", text)  # no formula cells
        self.assertIn("'=HYPERLINK", text)
        r = self.seca.get("orgs/%d/members.xlsx?unmask=1" % self.a)
        self.assertIn(body["id_number"], xlsx_text(r.body))
        r = self.coma.get("orgs/%d/members.xlsx?unmask=1" % self.a)
        self.assertEqual(r.status, 403, r)
        r = self.server.admin("auditor").get("audit?action=export.members")
        self.assertGreaterEqual(r.data["total"], 2)

    def test_a2_member_sees_own_record(self):
        body = member_body(self.a, "吴本人", seq=131)
        r = self.seca.post("members", body)
        person = r.data["person_id"]
        c, uid, gid = self.server.user_add_api("wu", role="member",
                                               org=self.a)
        self.server.db.sql("UPDATE app_user SET person_id=%d WHERE id=%d"
                           % (person, uid))
        r = c.get("me")
        self.assert_status(r, 200)
        self.assertEqual(r.data["member"]["name"], "吴本人")
        self.assertEqual(r.data["member"]["id_number"], body["id_number"])
        r = c.get("me/record.xlsx")
        self.assert_status(r, 200)
        self.assertIn("吴本人", xlsx_text(r.body))
        r = c.get("orgs/%d/members" % self.a)
        self.assertEqual(r.status, 403, r)

    def test_cli_import_export(self):
        r = self.staff.post("orgs", {"parent_id": 1, "kind": "branch",
                                     "name": "命令行支部"})
        org = r.data["id"]
        path = self.server.tmpdir + "/cli.csv"
        with open(path, "wb") as f:
            f.write(csv_bytes([csv_row("命令行甲", "19750505", 141)]))
        r = self.server.cli("import", "members", "--org", str(org), path)
        self.assertEqual(r.rc, 0, r)
        self.assertEqual(self.count(org), 1)
        out = self.server.tmpdir + "/cli.xlsx"
        r = self.server.cli("export", "members", "--org", str(org),
                            "--out", out)
        self.assertEqual(r.rc, 0, r)
        with open(out, "rb") as f:
            self.assertIn("命令行甲", xlsx_text(f.read()))
