"""test_admin.py: the three administrators (三员分立, 等保 8.1.5 and
checklist DB-AC-04), accounts and grants, the audit log's coverage
(DB-AU-01) and its tamper evidence (DB-AU-03), on the API and the CLI.
"""

import re
import threading

from harness import ServerTest

# (method, path, body) of routes no administrator may use: member data.
MEMBER_ROUTES = [
    ("GET", "orgs/1/members", None),
    ("GET", "members/1", None),
    ("PATCH", "members/1", {"name": "x"}),
    ("POST", "members", {"org_id": 1}),
    ("GET", "orgs/1/members.xlsx", None),
    ("GET", "import-template.xlsx", None),
    ("GET", "me/record.xlsx", None),
]


# Capabilities no administrator may hold (member data), and each
# administrator's duties, which the other two must not have.
MEMBER_CAPS = {"member.read", "member.edit", "member.export", "member.unmask",
               "self"}
DUTIES = {"sysadmin": {"user.admin"}, "secadmin": {"grant.admin",
          "setting.admin"}, "auditor": {"audit.read"}}


def call(c, method, path, body):
    if body is None and method not in ("GET", "DELETE"):
        body = {}
    return c.request(method, path, body=body)


class SeparationTest(ServerTest):
    """Each administrator has only its own duties (DB-AC-04)."""

    def check_caps(self, c, role):
        caps = set(c.user["caps"])
        self.assertEqual(c.user["admin_role"], role)
        self.assertEqual(c.user["roles"], [])
        self.assertEqual(caps & MEMBER_CAPS, set(), caps)
        self.assertTrue(DUTIES[role] <= caps, caps)
        for other, duties in DUTIES.items():
            if other != role:
                self.assertEqual(caps & duties, set(), caps)

    def check_denied(self, c, routes, code="auth.forbidden"):
        for method, path, body in routes:
            with self.subTest(method=method, path=path):
                self.assert_error(call(c, method, path, body), 403, code)

    def test_db_ac_04_sysadmin(self):
        s = self.server
        sa = s.admin("sysadmin")
        self.check_caps(sa, "sysadmin")
        r = sa.post("users", {"login": "grace", "display_name": "格蕾丝"})
        self.assert_status(r, 201)
        self.assertEqual(r.data["user"]["login"], "grace")
        self.assertRegex(r.data["one_time_password"], r"^\S{12,}$")
        r = sa.get("users")
        self.assert_status(r, 200)
        logins = [u["login"] for u in r.data["items"]]
        self.assertEqual(logins[:3], ["sysadmin", "secadmin", "auditor"])
        self.assertIn("grace", logins)
        grace = [u for u in r.data["items"] if u["login"] == "grace"][0]
        self.assertTrue(grace["must_change_password"])
        self.assertFalse(grace["disabled"])
        self.assertIsNone(grace["admin_role"])
        self.check_denied(sa, [
            ("GET", "grants", None),
            ("POST", "grants", {"user_id": grace["id"], "role": "member",
                                "org_id": 1}),
            ("DELETE", "grants/1", None),
            ("GET", "audit", None),
            ("POST", "audit/verify", None),
            ("GET", "audit.xlsx", None),
            ("GET", "settings", None),
            ("PATCH", "settings", {"lockout-threshold": 10}),
        ])
        self.check_denied(sa, MEMBER_ROUTES, "auth.admin_no_data")
        # the denied grant was not made
        r = s.admin("secadmin").get("grants")
        self.assertNotIn("grace", [g["login"] for g in r.data["items"]])

    def test_db_ac_04_secadmin(self):
        s = self.server
        sec = s.admin("secadmin")
        self.check_caps(sec, "secadmin")
        self.assert_status(sec.get("grants"), 200)
        self.assert_status(sec.get("settings"), 200)
        # may list the accounts, to choose whom to grant a role
        self.assert_status(sec.get("users"), 200)
        self.check_denied(sec, [
            ("POST", "users", {"login": "henry"}),
            ("PATCH", "users/1", {"disabled": True}),
            ("POST", "users/1/reset-password", None),
            ("GET", "audit", None),
            ("POST", "audit/verify", None),
            ("GET", "audit.xlsx", None),
        ])
        self.check_denied(sec, MEMBER_ROUTES, "auth.admin_no_data")
        r = s.admin("sysadmin").get("users")
        self.assertNotIn("henry", [u["login"] for u in r.data["items"]])
        self.assert_status(s.login("sysadmin", s.passwords["sysadmin"])
                           .get("session"), 200)  # not disabled

    def test_db_ac_04_auditor(self):
        s = self.server
        aud = s.admin("auditor")
        self.check_caps(aud, "auditor")
        r = aud.get("audit")
        self.assert_status(r, 200)
        self.assertGreater(r.data["total"], 0)
        self.assertEqual((r.data["limit"], r.data["offset"]), (50, 0))
        row = r.data["items"][0]
        self.assertEqual(sorted(row), sorted(["id", "at", "actor_login",
                                              "action", "object", "object_id",
                                              "detail"]))
        ids = [i["id"] for i in r.data["items"]]
        self.assertEqual(ids, sorted(ids, reverse=True))  # newest first
        r = aud.post("audit/verify")
        self.assert_status(r, 200)
        self.assertEqual(r.data["ok"], True)
        self.assertIsNone(r.data["bad_id"])
        self.assertGreater(r.data["rows"], 0)
        r = aud.get("audit.xlsx")
        self.assert_status(r, 200)
        self.assertEqual(r.body[:4], b"PK\x03\x04")
        self.assertIn("attachment", r.headers.get("Content-Disposition", ""))
        self.check_denied(aud, [
            ("POST", "users", {"login": "ivan"}),
            ("GET", "users", None),
            ("PATCH", "users/1", {"disabled": True}),
            ("GET", "grants", None),
            ("POST", "grants", {"user_id": 1, "role": "member", "org_id": 1}),
            ("GET", "settings", None),
            ("PATCH", "settings", {"lockout-threshold": 10}),
        ])
        self.check_denied(aud, MEMBER_ROUTES, "auth.admin_no_data")
        # exporting the log is itself logged
        r = aud.get("audit?action=export.audit")
        self.assertEqual(r.data["total"], 1, r)
        self.assertEqual(r.data["items"][0]["actor_login"], "auditor")

    def test_db_ac_04_business_user_has_no_admin_duties(self):
        s = self.server
        c, uid, _ = s.user_add_api("judy", "committee_staff")
        self.assertIsNone(c.user["admin_role"])
        self.check_denied(c, [
            ("GET", "users", None),
            ("POST", "users", {"login": "judy2"}),
            ("GET", "grants", None),
            ("POST", "grants", {"user_id": uid, "role": "member",
                                "org_id": 1}),
            ("GET", "audit", None),
            ("POST", "audit/verify", None),
            ("GET", "settings", None),
        ])

    def test_db_ac_04_no_business_role_for_an_administrator(self):
        s = self.server
        sec = s.admin("secadmin")
        for admin in ("sysadmin", "secadmin", "auditor"):
            for role in ("committee_staff", "member", "inspector"):
                with self.subTest(admin=admin, role=role):
                    r = sec.post("grants", {"user_id": s.user_id(admin),
                                            "role": role, "org_id": 1})
                    self.assert_error(r, 409, "grant.separation",
                                      field="user_id")
        r = sec.get("grants")
        self.assertEqual([g for g in r.data["items"]
                          if g["login"] in ("sysadmin", "secadmin", "auditor")],
                         [])
        # administrator roles are not grantable at all
        _, uid, _ = s.user_add_api("kate", None)
        for role in ("sysadmin", "secadmin", "auditor", "root", ""):
            with self.subTest(role=role):
                r = sec.post("grants", {"user_id": uid, "role": role,
                                        "org_id": 1})
                self.assertEqual(r.status, 400, r)
                self.assertIn(r.code, ("grant.role_invalid", "field.required"))
        r = s.login("kate").get("session")
        self.assertIsNone(r.data["user"]["admin_role"])
        self.assertEqual(r.data["user"]["caps"], [])


class AccountsTest(ServerTest):

    def test_db_ia_01_login_unique(self):
        sa = self.server.admin("sysadmin")
        self.assert_status(sa.post("users", {"login": "leo"}), 201)
        r = sa.post("users", {"login": "leo"})
        self.assert_error(r, 409, "user.login_exists", field="login")
        r = sa.post("users", {"login": "sysadmin"})
        self.assert_error(r, 409, "user.login_exists", field="login")
        for bad in ("a", "x" * 65, "bad login", "名字", "a/b", "a'b"):
            with self.subTest(login=bad):
                r = sa.post("users", {"login": bad})
                self.assert_error(r, 400, "field.invalid", field="login")
        self.assert_error(sa.post("users", {}), 400, "field.required",
                          field="login")

    def test_db_ac_04_grants(self):
        s = self.server
        sec = s.admin("secadmin")
        c, uid, gid = s.user_add_api("mia", "inspector")
        self.assertEqual(sorted(c.user["caps"]), ["member.read", "org.read"])
        r = sec.get("grants")
        self.assert_status(r, 200)
        g = [g for g in r.data["items"] if g["id"] == gid]
        self.assertEqual(len(g), 1)
        self.assertEqual((g[0]["user_id"], g[0]["login"], g[0]["role"],
                          g[0]["org_id"], g[0]["org_name"]),
                         (uid, "mia", "inspector", 1, "测试县委机关工委"))
        r = sec.post("grants", {"user_id": uid, "role": "inspector",
                                "org_id": 1})
        self.assert_error(r, 409, "grant.exists")
        r = sec.post("grants", {"user_id": uid, "role": "member",
                                "org_id": 999})
        self.assert_error(r, 404, "not_found", field="org_id")
        r = sec.post("grants", {"user_id": 99999, "role": "member",
                                "org_id": 1})
        self.assert_error(r, 404, "not_found", field="user_id")
        # a second grant adds its capabilities at once
        r = sec.post("grants", {"user_id": uid, "role": "committee_staff",
                                "org_id": 1})
        self.assert_status(r, 201)
        gid2 = r.data["id"]
        caps = c.get("session").data["user"]["caps"]
        self.assertIn("member.edit", caps)
        # revoking takes effect on the next request of the live session
        self.assert_status(sec.delete("grants/%d" % gid2), 204)
        self.assert_status(sec.delete("grants/%d" % gid), 204)
        self.assert_error(sec.delete("grants/%d" % gid), 404, "not_found")
        r = c.get("session")
        self.assert_status(r, 200)
        self.assertEqual(r.data["user"]["caps"], [])
        self.assertEqual(r.data["user"]["roles"], [])
        self.assert_error(c.get("orgs/1"), 403, "auth.forbidden")

    def test_cli_user_add(self):
        s = self.server
        pw = s.user_add_cli("nina", "branch_secretary")
        c = s.login("nina", pw)
        self.assertFalse(c.user["must_change_password"])
        self.assertEqual([g["role"] for g in c.user["roles"]],
                         ["branch_secretary"])
        # a weak password is refused, and nothing is created
        r = s.cli("user", "add", "--login", "nina2", "--role", "member",
                  "--org", "1", "--password-stdin", stdin="short1A!\n")
        self.assertNotEqual(r.rc, 0, r)
        r = s.cli("user", "add", "--login", "nina3", "--role", "member",
                  "--org", "1", stdin="Long-Enough-Pw-42\n")
        self.assertNotEqual(r.rc, 0, r)  # --password-stdin is required
        logins = [u["login"] for u in
                  s.admin("sysadmin").get("users").data["items"]]
        self.assertNotIn("nina2", logins)
        self.assertNotIn("nina3", logins)


class AuditLogTest(ServerTest):
    """Audit coverage (DB-AU-01) on an untampered log."""

    def rows(self, action, **filters):
        q = "audit?limit=500&action=" + action
        for k, v in filters.items():
            q += "&%s=%s" % (k, v)
        r = self.server.admin("auditor").get(q)
        self.assert_status(r, 200)
        return r.data["items"]

    def test_db_au_01_rows_for_login_user_grant(self):
        s = self.server
        c, uid, gid = s.user_add_api("olga", "committee_staff")
        logins = self.rows("session.login", actor="olga")
        self.assertEqual(len(logins), 1, logins)
        self.assertEqual(logins[0]["object"], "app_user")
        self.assertEqual(logins[0]["object_id"], uid)
        created = [r for r in self.rows("user.create") if r["object_id"] == uid]
        self.assertEqual(len(created), 1)
        self.assertEqual(created[0]["actor_login"], "sysadmin")
        self.assertIn("login=olga", created[0]["detail"])
        grants = [r for r in self.rows("grant.create") if r["object_id"] == gid]
        self.assertEqual(len(grants), 1)
        self.assertEqual(grants[0]["actor_login"], "secadmin")
        self.assertIn("role=committee_staff", grants[0]["detail"])
        pw = [r for r in self.rows("user.password") if r["object_id"] == uid]
        self.assertEqual(len(pw), 1)
        # logout, disable, revoke
        self.assert_status(c.logout(), 204)
        self.assertEqual(len(self.rows("session.logout", actor="olga")), 1)
        sa = s.admin("sysadmin")
        self.assert_status(sa.patch("users/%d" % uid, {"disabled": True}), 200)
        self.assertEqual([r["object_id"] for r in self.rows("user.disable")],
                         [uid])
        self.assert_status(s.admin("secadmin").delete("grants/%d" % gid), 204)
        self.assertEqual([r["object_id"] for r in self.rows("grant.delete")],
                         [gid])
        # the three administrators of `zhibu init`
        admins = sorted(r["detail"] for r in self.rows("user.create")
                        if r["actor_login"] == "cli")
        self.assertEqual(admins, ["login=auditor admin_role=auditor",
                                  "login=secadmin admin_role=secadmin",
                                  "login=sysadmin admin_role=sysadmin"])
        # no secret in the log
        everything = s.admin("auditor").get("audit?limit=500").data["items"]
        text = repr(everything)
        for login, p in s.passwords.items():
            self.assertNotIn(p, text, login)

    def test_db_au_03_verify_untampered(self):
        s = self.server
        s.user_add_api("pete", "inspector")
        r = s.cli("audit", "verify")
        self.assertEqual(r.rc, 0, r)
        m = re.search(r"^ok (\d+)$", r.out, re.M)
        self.assertIsNotNone(m, r)
        api = s.admin("auditor").post("audit/verify")
        self.assertEqual(api.data["ok"], True)
        self.assertGreaterEqual(api.data["rows"], int(m.group(1)))


class AuditTamperTest(ServerTest):
    """DB-AU-03: change one row's detail under the application."""

    def test_db_au_03_tampered_row_named(self):
        s = self.server
        aud = s.admin("auditor")
        _, uid, _ = s.user_add_api("quinn", "inspector")
        self.assertTrue(aud.post("audit/verify").data["ok"])
        row = s.db.one("SELECT id FROM audit WHERE action='user.create' AND "
                       "object_id=%d" % uid)
        self.assertIsNotNone(row)
        bad = int(row)
        last = int(s.db.one("SELECT max(id) FROM audit"))
        self.assertLess(bad, last)  # not the last row: the chain goes on
        s.db.sql("UPDATE audit SET detail='login=quinn admin_role=sysadmin' "
                 "WHERE id=%d" % bad)
        r = s.cli("audit", "verify")
        self.assertEqual(r.rc, 1, r)
        self.assertRegex(r.out, r"(?m)^bad %d$" % bad)
        r = aud.post("audit/verify")
        self.assert_status(r, 200)
        self.assertEqual(r.data["ok"], False)
        self.assertEqual(r.data["bad_id"], bad)


class AuditDeleteTest(ServerTest):
    """DB-AU-03: deleting the newest row is detected too."""

    def test_db_au_03_deleted_tail_detected(self):
        s = self.server
        aud = s.admin("auditor")
        s.user_add_api("rita", "inspector")
        last = int(s.db.one("SELECT max(id) FROM audit"))
        self.assertTrue(aud.post("audit/verify").data["ok"])
        s.db.sql("DELETE FROM audit WHERE id=%d" % last)
        r = s.cli("audit", "verify")
        self.assertEqual(r.rc, 1, r)
        self.assertRegex(r.out, r"(?m)^bad %d$" % last)
        r = aud.post("audit/verify")
        self.assertEqual((r.data["ok"], r.data["bad_id"]), (False, last))


class AuditLaneTest(ServerTest):
    """DB-AU-03 with lanes: on PostgreSQL each pooled connection writes its
    own lane of the chain (its own head row), so concurrent writers do not
    queue on one row through their commits.  Every lane verifies; a changed
    row and a deleted newest row of a lane other than 1 are still found.
    SQLite keeps one lane."""

    def write_concurrently(self, c, n, tag):
        out = []

        def one(i):
            r = c.post("orgs", {"parent_id": 1, "kind": "branch",
                                "name": "并发%s-%d党支部" % (tag, i)})
            out.append(r.status)

        ts = [threading.Thread(target=one, args=(i,)) for i in range(n)]
        for t in ts:
            t.start()
        for t in ts:
            t.join()
        self.assertEqual(out, [201] * n)

    def lanes(self):
        return {int(r[0]): int(r[1]) for r in self.server.db.sql(
            "SELECT lane, count(*) FROM audit GROUP BY lane")}

    def test_db_au_03_lanes(self):
        s = self.server
        aud = s.admin("auditor")
        s.user_add_cli("lanes", "committee_staff", org=1)
        c = s.login("lanes")
        pg = s.db.engine != "sqlite"

        def busiest(lanes):  # the lane other than 1 with the most rows
            other = [(n, l) for l, n in lanes.items() if l != 1]
            return max(other)[1] if other else 1

        for k in range(30):  # until another lane than 1 has 3 rows
            self.write_concurrently(c, 8, k)
            lanes = self.lanes()
            if not pg or lanes.get(busiest(lanes), 0) >= 3:
                break
        if pg:
            self.assertGreaterEqual(len(lanes), 2, lanes)
            self.assertGreaterEqual(lanes[busiest(lanes)], 3, lanes)
        else:
            self.assertEqual(set(lanes), {1})
        # every lane's head counts its rows and holds its newest row's id
        for lane, n in lanes.items():
            head = s.db.sql("SELECT n, last_id FROM audit_head WHERE id=%d"
                            % lane)[0]
            newest = s.db.one("SELECT max(id) FROM audit WHERE lane=%d" % lane)
            self.assertEqual((int(head[0]), int(head[1])), (n, int(newest)))
        r = aud.post("audit/verify")
        self.assertEqual((r.data["ok"], r.data["rows"]),
                         (True, sum(lanes.values())))
        self.assertEqual(s.cli("audit", "verify").rc, 0)
        lane = busiest(lanes)
        # the newest row of the lane deleted: named by its head
        last = int(s.db.one("SELECT max(id) FROM audit WHERE lane=%d" % lane))
        keep = s.db.sql("SELECT * FROM audit WHERE id=%d" % last)[0]
        s.db.sql("DELETE FROM audit WHERE id=%d" % last)
        r = aud.post("audit/verify")
        self.assertEqual((r.data["ok"], r.data["bad_id"]), (False, last))
        r = s.cli("audit", "verify")
        self.assertEqual(r.rc, 1, r)
        self.assertRegex(r.out, r"(?m)^bad %d$" % last)
        cols = [x[0] for x in s.db.sql(
            "SELECT column_name FROM information_schema.columns WHERE "
            "table_name='audit' ORDER BY ordinal_position")] if pg else [
            x[1] for x in s.db.sql("PRAGMA table_info(audit)")]
        s.db.sql("INSERT INTO audit(%s) VALUES(%s)" % (
            ",".join(cols), ",".join(
                "NULL" if v is None else "'%s'" % v.replace("'", "''")
                for v in keep)))
        self.assertTrue(aud.post("audit/verify").data["ok"])
        # a row in the middle of the lane changed: named
        mid = int(s.db.one("SELECT min(id) FROM audit WHERE lane=%d" % lane))
        self.assertLess(mid, last)
        s.db.sql("UPDATE audit SET detail='篡改' WHERE id=%d" % mid)
        r = aud.post("audit/verify")
        self.assertEqual((r.data["ok"], r.data["bad_id"]), (False, mid))


class RouteSweepTest(ServerTest):
    """Every route of the table (GET /_meta/routes), so new routes are
    covered without editing this file: DB-AC-01 (deny by default) and
    AS-H01 (headers on every reply)."""

    PUBLIC = {("GET", "/api/v1/_meta/routes"), ("POST", "/api/v1/session")}
    # routes any logged-in account may use (no capability needed)
    NO_CAP = {("GET", "/api/v1/session"), ("DELETE", "/api/v1/session"),
              ("POST", "/api/v1/session/password"), ("GET", "/api/v1/me"),
              ("GET", "/api/v1/jobs/:id"),
              ("GET", "/api/v1/calendar/:year")}  # public holidays, read by all

    def routes(self):
        r = self.server.client().get("_meta/routes")
        self.assert_status(r, 200)
        self.assertGreater(len(r.data["items"]), 10)
        return [(i["method"], i["path"]) for i in r.data["items"]]

    def send(self, c, method, pattern):
        path = re.sub(r":[a-z_]+", "1", pattern)
        body = None if method in ("GET", "DELETE") else {}
        return c.request(method, path, body=body)

    def check_headers(self, r, what):
        csp = r.headers.get("Content-Security-Policy", "")
        self.assertIn("default-src 'self'", csp, what)
        self.assertIn("frame-ancestors 'none'", csp, what)
        self.assertEqual(r.headers.get("X-Content-Type-Options"), "nosniff",
                         what)

    def test_db_ac_01_every_route_needs_login(self):
        anon = self.server.client()
        for method, pattern in self.routes():
            if (method, pattern) in self.PUBLIC:
                continue
            with self.subTest(method=method, path=pattern):
                r = self.send(anon, method, pattern)
                self.assert_error(r, 401, "auth.required")
                self.check_headers(r, (method, pattern))

    def test_db_ac_01_no_grant_no_access(self):
        c, _, _ = self.server.user_add_api("nogrant", None)
        self.assertEqual(c.user["caps"], [])
        for method, pattern in self.routes():
            if (method, pattern) in self.PUBLIC | self.NO_CAP:
                continue
            with self.subTest(method=method, path=pattern):
                r = self.send(c, method, pattern)
                self.assert_error(r, 403, "auth.forbidden")
                self.check_headers(r, (method, pattern))
        self.assert_status(c.get("session"), 200)
