"""test_session.py: log in and out, lockout, first-login password change,
password policy, CSRF, session end on disable, idle and absolute timeout,
security headers, and bad input on the routes.

Test names start with the security-checklist id they check
(/work/shared/reference/security-checklist.md): DB-IA-01/02 (等保 身份鉴别),
DB-AC-03 (disabled accounts), AS-S02/S04/S05/S07 (sessions), AS-A04 (CSRF),
AS-A08 (405), AS-H01/H02 (headers, 415), AS-F01 (413), AS-V02 (types).
"""

import re
import time

from harness import COOKIE, ServerTest, strong_password

WRONG = "Wrong-Password-123"


def set_cookie_headers(r):
    return r.headers.get_all("Set-Cookie") or []


class LoginTest(ServerTest):

    def test_db_ia_02_login_success(self):
        pw = self.server.user_add_cli("alice", "committee_staff")
        c = self.server.client()
        r = c.login("alice", pw)
        self.assert_status(r, 200)
        self.assertEqual(r.data["user"]["login"], "alice")
        self.assertFalse(r.data["user"]["must_change_password"])
        self.assertIsNone(r.data["user"]["admin_role"])
        self.assertIn("member.read", r.data["user"]["caps"])
        self.assertEqual([g["role"] for g in r.data["user"]["roles"]],
                         ["committee_staff"])
        self.assertEqual(r.data["user"]["home_org_id"], 1)
        self.assertRegex(r.data["csrf_token"], r"^\S{16,}$")
        self.assertIsNotNone(c.cookie())
        r2 = c.get("session")
        self.assert_status(r2, 200)
        self.assertEqual(r2.data["user"]["id"], r.data["user"]["id"])
        self.assertEqual(r2.data["csrf_token"], r.data["csrf_token"])

    def test_as_s07_session_cookie_flags(self):
        pw = self.server.user_add_cli("cookie1", "inspector")
        r = self.server.client().login("cookie1", pw)
        self.assert_status(r, 200)
        cookies = [h for h in set_cookie_headers(r) if h.startswith(COOKIE + "=")]
        self.assertEqual(len(cookies), 1, set_cookie_headers(r))
        attrs = [a.strip().lower() for a in cookies[0].split(";")[1:]]
        self.assertIn("httponly", attrs)
        self.assertIn("samesite=strict", attrs)
        self.assertIn("path=/", attrs)
        value = cookies[0].split(";")[0].split("=", 1)[1]
        # >= 128 bits of randomness: at least 22 base64url or 32 hex chars
        self.assertRegex(value, r"^[A-Za-z0-9_-]{22,}$")

    def test_as_s02_new_token_at_login(self):
        pw = self.server.user_add_cli("fixate1", "inspector")
        planted = "A" * 43
        c = self.server.client(cookie="%s=%s" % (COOKIE, planted))
        r = c.login("fixate1", pw)
        self.assert_status(r, 200)
        got = [h.split(";")[0].split("=", 1)[1] for h in set_cookie_headers(r)
               if h.startswith(COOKIE + "=")]
        self.assertEqual(len(got), 1)
        self.assertNotEqual(got[0], planted)
        # the planted value is still no session
        self.assert_error(c.get("session"), 401, "auth.required")
        # two logins give two different sessions
        a, b = self.server.client(), self.server.client()
        self.assert_status(a.login("fixate1", pw), 200)
        self.assert_status(b.login("fixate1", pw), 200)
        self.assertNotEqual(a.cookie(), b.cookie())
        self.assertNotEqual(a.csrf, b.csrf)

    def test_db_ia_02_bad_login_same_answer(self):
        self.server.user_add_cli("bob", "committee_staff")
        known = self.server.client().login("bob", WRONG)
        unknown = self.server.client().login("nobody_here", WRONG)
        admin = self.server.client().login("sysadmin", WRONG)
        for r in (known, unknown, admin):
            self.assert_error(r, 401, "auth.bad_login")
            self.assertEqual([h for h in set_cookie_headers(r)
                              if h.startswith(COOKIE)], [])
        self.assertEqual(known.data, unknown.data)
        self.assertEqual(known.data, admin.data)
        self.assertEqual(known.body, unknown.body)

    def test_db_ia_02_lockout_after_5_failures(self):
        pw = self.server.user_add_cli("lock1", "committee_staff")
        known, unknown = [], []
        for _ in range(5):
            known.append(self.server.client().login("lock1", WRONG))
            unknown.append(self.server.client().login("ghost1", WRONG))
        for i in range(4):
            self.assert_error(known[i], 401, "auth.bad_login")
            self.assert_error(unknown[i], 401, "auth.bad_login")
        self.assert_error(known[4], 423, "auth.locked")
        self.assert_error(unknown[4], 423, "auth.locked")
        for k, u in zip(known, unknown):
            self.assertEqual((k.status, k.data), (u.status, u.data))
        # locked: the right password is refused with the same answer
        right = self.server.client().login("lock1", pw)
        self.assert_error(right, 423, "auth.locked")
        self.assertEqual(right.data, known[4].data)
        self.assertEqual(set_cookie_headers(right), [])
        self.assert_error(self.server.client().login("ghost1", pw), 423,
                          "auth.locked")

    def test_db_ia_02_lock_expires(self):
        pw = self.server.user_add_cli("lock2", "committee_staff")
        for _ in range(5):
            self.server.client().login("lock2", WRONG)
        self.assert_error(self.server.client().login("lock2", pw), 423,
                          "auth.locked")
        # the lock time passes (edited in the database; no clock in tests)
        self.server.db.sql("UPDATE login_fail SET locked_until=%d "
                           "WHERE login='lock2'" % (int(time.time()) - 1))
        self.assert_status(self.server.client().login("lock2", pw), 200)
        # success resets the count: one failure is a plain bad login again
        self.assert_error(self.server.client().login("lock2", WRONG), 401,
                          "auth.bad_login")

    def test_db_ia_02_lockout_per_login(self):
        # failures for one login do not lock another
        pw = self.server.user_add_cli("lock3", "committee_staff")
        for _ in range(5):
            self.server.client().login("lock3_other", WRONG)
        self.assert_status(self.server.client().login("lock3", pw), 200)


class ReLoginTest(ServerTest):
    """Logging in again from a browser that already has a session.  Its own
    class (and server) so that a leak, which LeakSanitizer reports when the
    server exits, is reported against this class."""

    def test_as_s02_login_again_while_logged_in(self):
        s = self.server
        pw = s.user_add_cli("again1", "committee_staff")
        c = s.client()
        self.assert_status(c.login("again1", pw), 200)
        first = c.cookie()
        r = c.login("again1", pw)
        self.assert_status(r, 200)
        self.assertNotEqual(c.cookie(), first)
        self.assertEqual(r.data["user"]["login"], "again1")
        self.assert_status(c.get("session"), 200)


class FirstLoginTest(ServerTest):
    """The three administrators' one-time passwords from `zhibu init`."""

    def test_db_ia_01_must_change_password(self):
        s = self.server
        otp = s.passwords["auditor"]
        c = s.client()
        r = c.login("auditor", otp)
        self.assert_status(r, 200)
        self.assertTrue(r.data["user"]["must_change_password"])
        self.assertEqual(r.data["user"]["admin_role"], "auditor")
        # every route but the session ones answers 403 until changed
        self.assert_error(c.get("audit"), 403, "auth.must_change_password")
        self.assert_error(c.post("audit/verify"), 403,
                          "auth.must_change_password")
        self.assert_error(c.get("audit.xlsx"), 403, "auth.must_change_password")
        self.assert_error(c.get("users"), 403, "auth.must_change_password")
        r = c.get("session")
        self.assert_status(r, 200)
        self.assertTrue(r.data["user"]["must_change_password"])
        new = strong_password()
        r = c.change_password(s.passwords["auditor"], new)
        self.assert_status(r, 200)
        self.assertFalse(r.data["user"]["must_change_password"])
        s.passwords["auditor"] = new
        self.assert_status(c.get("audit"), 200)
        self.assertFalse(c.get("session").data["user"]["must_change_password"])
        # the one-time password is gone; the new one works
        self.assert_error(s.client().login("auditor", otp), 401,
                          "auth.bad_login")
        r = s.client().login("auditor", new)
        self.assert_status(r, 200)
        self.assertFalse(r.data["user"]["must_change_password"])

    def test_db_ia_01_one_time_password_of_new_account(self):
        s = self.server
        sa = s.admin("sysadmin")
        r = sa.post("users", {"login": "carol", "display_name": "卡罗尔"})
        self.assert_status(r, 201)
        otp = r.data["one_time_password"]
        uid = r.data["user"]["id"]
        self.assert_status(s.admin("secadmin").post(
            "grants", {"user_id": uid, "role": "committee_staff",
                       "org_id": 1}), 201)
        c = s.client()
        r = c.login("carol", otp)
        self.assert_status(r, 200)
        self.assertTrue(r.data["user"]["must_change_password"])
        # business routes too (the check comes before the handler)
        self.assert_error(c.get("orgs/1"), 403, "auth.must_change_password")
        self.assert_error(c.get("orgs/1/members"), 403,
                          "auth.must_change_password")
        self.assert_error(c.get("me"), 403, "auth.must_change_password")
        new = strong_password()
        self.assert_status(c.change_password(otp, new), 200)
        self.assertFalse(c.get("session").data["user"]["must_change_password"])

    def test_db_ia_01_reset_password_is_one_time(self):
        s = self.server
        c, uid, _ = s.user_add_api("dave")
        r = s.admin("sysadmin").post("users/%d/reset-password" % uid)
        self.assert_status(r, 200)
        otp = r.data["one_time_password"]
        # the reset ends the account's sessions
        self.assert_error(c.get("session"), 401, "auth.required")
        self.assert_error(s.client().login("dave", s.passwords["dave"]), 401,
                          "auth.bad_login")
        c2 = s.client()
        r = c2.login("dave", otp)
        self.assert_status(r, 200)
        self.assertTrue(r.data["user"]["must_change_password"])
        self.assert_error(c2.get("orgs/1"), 403, "auth.must_change_password")


class PasswordPolicyTest(ServerTest):

    def test_db_ia_01_password_policy(self):
        s = self.server
        c, _, _ = s.user_add_api("policy1")
        old = s.passwords["policy1"]
        cases = [
            ("Abcdefgh1!x", "11 characters"),
            ("abcdefghijkl1234", "2 classes: lower and digits"),
            ("ABCDEFGH!!!!!!", "2 classes: upper and other"),
            ("Password@123", "common password"),
            ("xxPolicy1-Abc-9", "contains the login"),
            (old, "same as the old password"),
        ]
        for new, why in cases:
            with self.subTest(why=why):
                r = c.change_password(old, new)
                self.assert_error(r, 400, "auth.password_policy",
                                  field="new_password")
        r = c.change_password(old, "")
        self.assert_error(r, 400, "field.required", field="new_password")
        r = c.change_password(old, "   ")
        self.assertEqual(r.status, 400, r)
        self.assertEqual(r.data["error"]["field"], "new_password")
        r = c.change_password("Not-The-Old-Pw-1", strong_password())
        self.assert_error(r, 400, "auth.old_password_wrong",
                          field="old_password")
        # nothing above changed the password
        self.assert_status(s.client().login("policy1", old), 200)
        new = strong_password()
        self.assert_status(c.change_password(old, new), 200)
        self.assert_status(s.client().login("policy1", new), 200)
        self.assert_error(s.client().login("policy1", old), 401,
                          "auth.bad_login")


class SessionEndTest(ServerTest):

    def test_as_s04_logout_ends_session(self):
        s = self.server
        pw = s.user_add_cli("erin", "committee_staff")
        c = s.client()
        self.assert_status(c.login("erin", pw), 200)
        token, csrf = c.cookie(), c.csrf
        self.assertIsNotNone(token)
        uid = c.user["id"]
        n = int(s.db.one("SELECT count(*) FROM session WHERE user_id=%d" % uid))
        self.assertEqual(n, 1)
        r = c.logout()
        self.assert_status(r, 204)
        self.assertIsNone(c.cookie())  # Max-Age=0 cleared it
        self.assert_error(c.get("session"), 401, "auth.required")
        # replaying the old cookie does not work either
        old = s.client(cookie="%s=%s" % (COOKIE, token))
        old.csrf = csrf
        self.assert_error(old.get("session"), 401, "auth.required")
        self.assert_error(old.delete("session"), 401, "auth.required")
        n = int(s.db.one("SELECT count(*) FROM session WHERE user_id=%d" % uid))
        self.assertEqual(n, 0)

    def test_as_s04_logout_needs_csrf(self):
        s = self.server
        pw = s.user_add_cli("erin2", "committee_staff")
        c = s.client()
        self.assert_status(c.login("erin2", pw), 200)
        self.assert_error(c.delete("session", csrf=None), 403, "auth.csrf")
        self.assert_status(c.get("session"), 200)

    def test_db_ac_03_disable_ends_sessions(self):
        s = self.server
        c, uid, _ = s.user_add_api("frank")
        other = s.login("frank")
        self.assert_status(c.get("session"), 200)
        sa = s.admin("sysadmin")
        r = sa.patch("users/%d" % uid, {"disabled": True})
        self.assert_status(r, 200)
        self.assertTrue(r.data["disabled"])
        self.assert_error(c.get("session"), 401, "auth.required")
        self.assert_error(other.get("session"), 401, "auth.required")
        # a disabled account cannot log in; the answer is the generic one
        r = s.client().login("frank", s.passwords["frank"])
        self.assert_error(r, 401, "auth.bad_login")
        self.assertEqual(r.data, s.client().login("nobody_2", WRONG).data)
        users = {u["login"]: u for u in sa.get("users").data["items"]}
        self.assertTrue(users["frank"]["disabled"])
        # enabling restores login (not the old sessions)
        self.assert_status(sa.patch("users/%d" % uid, {"disabled": False}), 200)
        self.assert_error(c.get("session"), 401, "auth.required")
        self.assert_status(s.client().login("frank", s.passwords["frank"]), 200)

    def test_db_ac_03_cannot_disable_self(self):
        sa = self.server.admin("sysadmin")
        uid = sa.user["id"]
        r = sa.patch("users/%d" % uid, {"disabled": True})
        self.assert_error(r, 400, "field.invalid", field="disabled")
        self.assert_status(sa.get("session"), 200)

    def test_db_ac_03_disable_unknown_account(self):
        r = self.server.admin("sysadmin").patch("users/999999",
                                                {"disabled": True})
        self.assert_error(r, 404, "not_found")


class CsrfTest(ServerTest):

    def users(self):
        r = self.server.admin("sysadmin").get("users")
        return [u["login"] for u in r.data["items"]]

    def test_as_a04_csrf_missing_or_wrong(self):
        s = self.server
        sa = s.admin("sysadmin")
        sec = s.admin("secadmin")
        cases = [("missing", None), ("wrong", "x" * len(sa.csrf)),
                 ("empty", ""), ("prefix", sa.csrf[:-1]),
                 ("longer", sa.csrf + "0"),
                 ("another session's", sec.csrf)]
        for what, tok in cases:
            with self.subTest(token=what):
                r = sa.post("users", {"login": "csrf_" + what[:3]},
                            csrf=tok if tok is not None else None)
                if tok == "":
                    # an empty header is sent as no header by some clients
                    r = sa.post("users", {"login": "csrf_" + what[:3]},
                                headers={"X-CSRF-Token": ""}, csrf=None)
                self.assert_error(r, 403, "auth.csrf")
        self.assertEqual([u for u in self.users() if u.startswith("csrf_")], [])
        # the other unsafe methods too
        r = sec.patch("settings", {"lockout-threshold": 6}, csrf=None)
        self.assert_error(r, 403, "auth.csrf")
        items = {i["name"]: i["value"] for i in sec.get("settings").data["items"]}
        self.assertEqual(items["lockout-threshold"], "5")
        r = sa.patch("users/%d" % s.user_id("secadmin"), {"disabled": True},
                     csrf="bad")
        self.assert_error(r, 403, "auth.csrf")
        self.assert_status(sec.get("session"), 200)
        # safe methods need no token; with the right one POST works
        self.assert_status(sa.get("users"), 200)
        self.assert_status(sa.post("users", {"login": "csrf_ok"}), 201)
        self.assertIn("csrf_ok", self.users())

    def test_as_a04_csrf_is_per_session(self):
        s = self.server
        pw = s.user_add_cli("csrf2", "committee_staff")
        a, b = s.client(), s.client()
        self.assert_status(a.login("csrf2", pw), 200)
        self.assert_status(b.login("csrf2", pw), 200)
        self.assertNotEqual(a.csrf, b.csrf)
        self.assert_error(a.delete("session", csrf=b.csrf), 403, "auth.csrf")
        self.assert_status(a.get("session"), 200)
        self.assert_status(a.delete("session"), 204)
        self.assert_status(b.get("session"), 200)


class IdleTimeoutTest(ServerTest):
    """Timeouts without waiting: the session row's times are moved back in
    the database (SQLite through the sqlite3 module, PostgreSQL through
    psql)."""

    def set_idle(self, minutes):
        r = self.server.admin("secadmin").patch(
            "settings", {"session-idle-minutes": minutes})
        self.assert_status(r, 200)
        return {i["name"]: i for i in r.data["items"]}

    def test_as_s05_idle_minutes_setting(self):
        sec = self.server.admin("secadmin")
        items = {i["name"]: i for i in sec.get("settings").data["items"]}
        self.assertEqual(items["session-idle-minutes"]["value"], "30")
        self.assertEqual(items["session-idle-minutes"]["default"], "30")
        self.assertEqual(items["session-max-hours"]["value"], "12")
        for bad in (0, 1441, "abc", True):
            with self.subTest(value=bad):
                r = sec.patch("settings", {"session-idle-minutes": bad})
                self.assert_error(r, 400, "setting.value",
                                  field="session-idle-minutes")
        r = sec.patch("settings", {"no-such-setting": 5})
        self.assert_error(r, 400, "setting.unknown", field="no-such-setting")
        # all or nothing: a bad item keeps the good one from being stored
        r = sec.patch("settings", {"session-idle-minutes": 5,
                                   "lockout-threshold": 1})
        self.assertEqual(r.status, 400, r)
        items = self.set_idle(1)
        self.assertEqual(items["session-idle-minutes"]["value"], "1")
        items = {i["name"]: i for i in sec.get("settings").data["items"]}
        self.assertEqual(items["session-idle-minutes"]["value"], "1")
        items = self.set_idle("30")
        self.assertEqual(items["session-idle-minutes"]["value"], "30")
        # each change is audited
        r = self.server.admin("auditor").get("audit?action=setting.set")
        details = [i["detail"] for i in r.data["items"]]
        self.assertIn("session-idle-minutes=1", details)
        self.assertIn("session-idle-minutes=30", details)
        self.assertNotIn("session-idle-minutes=5", details)

    def test_as_s05_idle_session_expires(self):
        s = self.server
        pw = s.user_add_cli("idle1", "committee_staff")
        self.set_idle(1)
        try:
            c = s.client()
            self.assert_status(c.login("idle1", pw), 200)
            uid = c.user["id"]
            sid = s.db.one("SELECT id FROM session WHERE user_id=%d" % uid)
            now = int(time.time())
            # 20 s idle with a 60 s limit: still valid
            s.db.sql("UPDATE session SET last_seen=%d WHERE id=%s" %
                     (now - 20, sid))
            self.assert_status(c.get("session"), 200)
            # 10 minutes idle: refused, and the row is gone
            s.db.sql("UPDATE session SET last_seen=%d WHERE id=%s" %
                     (now - 600, sid))
            self.assert_error(c.get("session"), 401, "auth.required")
            self.assertEqual(s.db.one("SELECT count(*) FROM session WHERE "
                                      "id=%s" % sid), "0")
        finally:
            self.set_idle(30)

    def test_as_s05_absolute_lifetime(self):
        s = self.server
        pw = s.user_add_cli("idle2", "committee_staff")
        c = s.client()
        self.assert_status(c.login("idle2", pw), 200)
        sid = s.db.one("SELECT id FROM session WHERE user_id=%d" % c.user["id"])
        now = int(time.time())
        s.db.sql("UPDATE session SET created_at=%d, last_seen=%d WHERE id=%s"
                 % (now - 11 * 3600, now - 5, sid))
        self.assert_status(c.get("session"), 200)
        s.db.sql("UPDATE session SET created_at=%d, last_seen=%d WHERE id=%s"
                 % (now - 13 * 3600, now - 5, sid))
        self.assert_error(c.get("session"), 401, "auth.required")


class HeadersTest(ServerTest):

    def check_headers(self, r, what):
        h = r.headers
        csp = h.get("Content-Security-Policy", "")
        self.assertIn("default-src 'self'", csp, what)
        self.assertIn("frame-ancestors 'none'", csp, what)
        self.assertEqual(h.get("X-Content-Type-Options"), "nosniff", what)
        ctype = h.get("Content-Type", "")
        if ctype.startswith("application/json") or ctype.startswith("text/"):
            self.assertIn("charset=utf-8", ctype.lower(), what)
        self.assertNotIn("Server", h, what)  # no version banner

    def test_as_h01_security_headers(self):
        s = self.server
        anon = s.client()
        pw = s.user_add_cli("hdr1", "committee_staff")
        c = s.client()
        cases = [
            ("login", c.login("hdr1", pw), 200),
            ("session", c.get("session"), 200),
            ("anonymous session", anon.get("session"), 401),
            ("bad login", anon.login("hdr1", WRONG), 401),
            ("unknown api route", anon.get("nope"), 404),
            ("method", anon.request("PUT", "session"), 405),
            ("csrf", c.post("users", {"login": "x1"}, csrf=None), 403),
            ("forbidden", c.get("users"), 403),
            ("bad json", anon.post("session", raw=b"{"), 400),
            ("ui", anon.get("/"), 200),
            ("ui route", anon.get("/orgs/1"), 200),
            ("missing asset", anon.get("/assets/no-such-file.js"), 404),
            ("non-api post", anon.post("/", {"a": 1}), 405),
        ]
        for what, r, status in cases:
            with self.subTest(what=what):
                self.assertEqual(r.status, status, (what, r))
                self.check_headers(r, what)
                if r.status >= 400:
                    self.assertIsNotNone(r.code, (what, r))
        # API replies are not cached
        self.assertEqual(cases[1][1].headers.get("Cache-Control"), "no-store")
        # a real asset of the built UI, when there is one
        html = cases[9][1].body.decode("utf-8", "replace")
        for path in re.findall(r'(?:src|href)="(/assets/[^"]+)"', html)[:3]:
            with self.subTest(asset=path):
                r = anon.get(path)
                self.assert_status(r, 200)
                self.check_headers(r, path)


class BadInputTest(ServerTest):
    """Malformed requests get the right status and a stable error code."""

    def test_as_v02_bad_json(self):
        anon = self.server.client()
        for raw in (b"{", b'{"login": "a",}', b"\xff\xfe{}", b"nul\x00l",
                    b'{"login":"a","login":"b","password":"x"}'):
            with self.subTest(raw=raw):
                self.assert_error(anon.post("session", raw=raw), 400,
                                  "request.bad_json")
        sa = self.server.admin("sysadmin")
        self.assert_error(sa.post("users", raw=b'{"login": '), 400,
                          "request.bad_json")

    def test_as_v02_json_must_be_object(self):
        anon = self.server.client()
        for raw in (b"[1,2]", b'"login"', b"42", b"null", b"[]"):
            with self.subTest(raw=raw):
                self.assert_error(anon.post("session", raw=raw), 400,
                                  "request.bad_json")
        sa = self.server.admin("sysadmin")
        self.assert_error(sa.post("users", [{"login": "arr1"}]), 400,
                          "request.bad_json")

    def test_as_h02_wrong_content_type(self):
        anon = self.server.client()
        body = b'{"login":"sysadmin","password":"x"}'
        for ctype in ("text/plain", "application/x-www-form-urlencoded",
                      "multipart/form-data; boundary=x", "application/xml"):
            with self.subTest(ctype=ctype):
                r = anon.post("session", raw=body, content_type=ctype)
                self.assert_error(r, 415, "request.content_type")
        sa = self.server.admin("sysadmin")
        r = sa.post("users", raw=b'{"login":"ctype1"}', content_type="text/plain")
        self.assert_error(r, 415, "request.content_type")
        self.assertNotIn("ctype1", [u["login"] for u in
                                    sa.get("users").data["items"]])

    def test_as_f01_too_large(self):
        big = {"login": "big1", "pad": "x" * (1 << 20)}
        anon = self.server.client()
        self.assert_error(anon.post("session", big), 413, "request.too_large")
        sa = self.server.admin("sysadmin")
        self.assert_error(sa.post("users", big), 413, "request.too_large")
        self.assertNotIn("big1", [u["login"] for u in
                                  sa.get("users").data["items"]])
        # just under the limit is parsed (and then refused for its content)
        r = anon.post("session", raw=b'{"login":1,"p":"' +
                      b"x" * ((1 << 20) - 40) + b'"}')
        self.assert_error(r, 400, "field.type", field="login")
        self.assert_status(sa.get("session"), 200)

    def test_as_v02_field_types(self):
        anon = self.server.client()
        r = anon.post("session", {"login": 123, "password": "x"})
        self.assert_error(r, 400, "field.type", field="login")
        r = anon.post("session", {"login": "sysadmin", "password": ["x"]})
        self.assert_error(r, 400, "field.type", field="password")
        r = anon.post("session", {"login": None, "password": "x"})
        self.assertEqual(r.status, 400, r)
        self.assertEqual(r.data["error"]["field"], "login")
        r = anon.post("session", {})
        self.assert_error(r, 400, "field.required", field="login")
        r = anon.post("session", {"login": "sysadmin"})
        self.assert_error(r, 400, "field.required", field="password")
        sa = self.server.admin("sysadmin")
        r = sa.post("users", {"login": "types1", "display_name": 5})
        self.assert_error(r, 400, "field.type", field="display_name")
        r = sa.post("users", {"login": "types1", "person_id": "x"})
        self.assert_error(r, 400, "field.type", field="person_id")
        r = sa.patch("users/1", {"disabled": "yes"})
        self.assert_error(r, 400, "field.type", field="disabled")
        sec = self.server.admin("secadmin")
        r = sec.post("grants", {"user_id": "2", "role": "member", "org_id": 1})
        self.assert_error(r, 400, "field.type", field="user_id")
        r = sec.post("grants", {"user_id": 2, "role": "member"})
        self.assert_error(r, 400, "field.required", field="org_id")

    def test_as_v02_bad_id_and_query(self):
        sa = self.server.admin("sysadmin")
        for path in ("users/abc", "users/0", "users/-1", "users/1x",
                     "users/99999999999999999999999"):
            with self.subTest(path=path):
                r = sa.patch(path, {"disabled": True})
                self.assert_error(r, 400, "request.bad_id")
        aud = self.server.admin("auditor")
        for q in ("limit=0", "limit=501", "limit=x", "offset=-1"):
            with self.subTest(query=q):
                r = aud.get("audit?" + q)
                self.assert_error(r, 400, "request.bad_query",
                                  field=q.split("=")[0])

    def test_as_a08_unknown_route_and_method(self):
        anon = self.server.client()
        for path in ("nope", "users/1/nope", "session/", "%2e%2e/etc"):
            with self.subTest(path=path):
                self.assert_error(anon.get(path), 404, "route.not_found")
        self.assert_error(anon.get("/api/v2/session"), 404, "route.not_found")
        for method, path in (("PUT", "session"), ("PATCH", "session"),
                             ("DELETE", "users"), ("GET", "audit/verify"),
                             ("POST", "users/1")):
            with self.subTest(method=method, path=path):
                r = anon.request(method, path)
                self.assert_error(r, 405, "route.method_not_allowed")
        self.assert_error(anon.request("DELETE", "/"), 405,
                          "route.method_not_allowed")

    def test_db_ac_01_login_required(self):
        anon = self.server.client()
        for method, path in (("GET", "users"), ("GET", "grants"),
                             ("GET", "audit"), ("GET", "settings"),
                             ("GET", "orgs/1"), ("GET", "me"),
                             ("POST", "users"), ("POST", "audit/verify"),
                             ("DELETE", "session")):
            with self.subTest(method=method, path=path):
                r = anon.request(method, path, body={} if method != "GET"
                                 else None)
                self.assert_error(r, 401, "auth.required")
        # the public routes
        self.assert_status(anon.get("_meta/routes"), 200)
