"""test_badinput.py: bad input on every route gets a clear answer (a 4xx
status, a stable code, a Chinese message) and changes nothing; and a
backup taken while the server writes is consistent (A2, security checklist
§4.3 and §5).  The routes come from GET /api/v1/_meta/routes, so a new
route is covered the day it is added.
"""

import json
import os
import re
import sqlite3
import threading

from harness import ServerTest, zhibu

KNOWN = {"request.bad_json", "request.content_type", "request.too_large",
         "request.bad_id", "field.type", "field.required", "field.invalid",
         "not_found", "route.not_found", "request.bad_query",
         "import.format", "import.corrupt", "import.empty", "import.encoding",
         "job.key_invalid", "auth.forbidden", "setting.unknown",
         "setting.value", "org.kind_invalid", "member.org_kind",
         "auth.bad_login"}


def fill(path, value):
    return re.sub(r":[a-z]+", str(value), path)


class BadInputTest(ServerTest):
    """Every route, as a user who may call it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        s = cls.server
        s.user_add_cli("staff", "committee_staff", org=1)
        cls.staff = s.login("staff")
        cls.routes = cls.staff.get("_meta/routes").data["items"]

    def client_for(self, path):
        if path.startswith("/api/v1/users") or path.startswith(
                "/api/v1/grants"):
            return self.server.admin("sysadmin" if "users" in path
                                     else "secadmin")
        if path.startswith("/api/v1/settings"):
            return self.server.admin("secadmin")
        if path.startswith("/api/v1/calendar"):
            return self.server.admin("sysadmin")
        if path.startswith("/api/v1/audit"):
            return self.server.admin("auditor")
        return self.staff

    def audit_count(self):
        return int(self.server.db.one("SELECT count(*) FROM audit"))

    def check(self, r, what):
        self.assertGreaterEqual(r.status, 400, (what, r))
        self.assertLess(r.status, 500, (what, r))
        err = r.data.get("error") if isinstance(r.data, dict) else None
        if err is None and isinstance(r.data, dict) and "errors" in r.data:
            return  # an import's row errors
        self.assertIsInstance(err, dict, (what, r))
        self.assertIn(err.get("code"), KNOWN, (what, r))
        self.assertRegex(err.get("message", ""), "[\u4e00-\u9fff]", (what, r))

    def test_malformed_json_on_every_unsafe_route(self):
        for rt in self.routes:
            if rt["method"] == "GET" or rt["path"].endswith("/import"):
                continue
            path = fill(rt["path"], 1)
            c = self.client_for(path)
            for raw in (b"{", b"[1,2]", b"\"text\"", b"{\"a\":1,\"a\":2}",
                        b"\xff\xfe{}"):
                with self.subTest(route=rt["method"] + " " + path, body=raw):
                    r = c.request(rt["method"], path, raw=raw)
                    self.check(r, rt)

    def test_oversized_body_on_every_unsafe_route(self):
        big = b"{\"x\":\"" + b"a" * (1100 * 1024) + b"\"}"
        for rt in self.routes:
            if rt["method"] == "GET":
                continue
            path = fill(rt["path"], 1)
            if path.endswith("/import") or path.endswith("/files"):
                continue  # files may be larger; see the import and
                # attachment tests (test_meetings.py)
            with self.subTest(route=rt["method"] + " " + path):
                r = self.client_for(path).request(rt["method"], path, raw=big)
                self.assertEqual(r.status, 413, r)
                self.assertEqual(r.data["error"]["code"], "request.too_large")

    def test_wrong_types_and_missing_fields(self):
        # every field of a JSON body given the wrong type is refused with
        # its name; an empty body is refused with the first required field
        bodies = {
            "/api/v1/orgs": {"parent_id": 1, "kind": "branch", "name": "x"},
            "/api/v1/members": {"org_id": 1, "name": "x", "gender": "male",
                                "id_number": "11010519491231002X",
                                "status": "full",
                                "joined_on": "2000-01-01"},
            "/api/v1/grants": {"user_id": 1, "role": "member", "org_id": 1},
            "/api/v1/users": {"login": "someone"},
            "/api/v1/recruitment": {"org_id": 1, "name": "x",
                                    "id_number": "11010519491231002X",
                                    "applied_on": "2000-01-01"},
            "/api/v1/session/password": {"old_password": "a",
                                         "new_password": "b"},
        }
        before = self.audit_count()
        for path, good in bodies.items():
            c = self.client_for(path)
            for field in good:
                wrong = dict(good)
                wrong[field] = [] if not isinstance(good[field], list) else 1
                with self.subTest(path=path, field=field):
                    r = c.post(path, wrong)
                    self.check(r, (path, field))
                    self.assertEqual(r.data["error"]["field"], field, r)
            with self.subTest(path=path, body="empty"):
                r = c.post(path, {})
                self.check(r, path)
                self.assertEqual(r.data["error"]["code"], "field.required", r)
        # refusals changed nothing but may log denied access; no writes
        rows = self.server.db.sql(
            "SELECT action FROM audit WHERE id > %d" % before)
        self.assertEqual([a for (a,) in rows
                          if not a.startswith(("access.", "session."))], [])

    def test_bad_ids_and_queries(self):
        for rt in self.routes:
            if ":" not in rt["path"] or rt["method"] == "POST" and \
                    rt["path"].endswith("/import"):
                continue
            for bad in ("abc", "-1", "0", "99999999999999999999"):
                path = fill(rt["path"], bad)
                c = self.client_for(path)
                body = {} if rt["method"] in ("POST", "PATCH", "PUT") else None
                with self.subTest(route=rt["method"] + " " + path):
                    r = c.request(rt["method"], path, body=body)
                    self.check(r, rt)
        r = self.staff.get("orgs/1/members?limit=-5")
        self.assertEqual(r.data["error"]["code"], "request.bad_query")
        r = self.staff.get("orgs/1/members?offset=x")
        self.assertEqual(r.data["error"]["code"], "request.bad_query")

    def test_http_level_garbage(self):
        import socket
        for raw in (b"GARBAGE\r\n\r\n", b"GET /" + b"a" * 300000 +
                    b" HTTP/1.1\r\nHost: x\r\n\r\n",
                    b"POST /api/v1/session HTTP/1.1\r\nHost: x\r\n"
                    b"Content-Length: 5\r\n\r\n"):
            s = socket.create_connection(("127.0.0.1", self.server.port),
                                         timeout=40)
            try:
                s.sendall(raw)
                s.shutdown(socket.SHUT_WR)
                data = s.recv(4096)
            except OSError:
                data = b""
            finally:
                s.close()
            if data:
                status = int(data.split(b" ", 2)[1])
                self.assertGreaterEqual(status, 400, data[:200])
        # the server is still serving
        self.assertEqual(self.staff.get("session").status, 200)


class BackupTest(ServerTest):
    """zhibu backup makes a consistent copy while the server writes."""

    def test_backup_while_writing(self):
        if self.server.db.engine != "sqlite":
            r = self.server.cli("backup", os.path.join(self.server.tmpdir,
                                                       "b.db"))
            self.assertNotEqual(r.rc, 0)  # PostgreSQL: use pg_dump
            self.assertIn("pg_dump", r.err + r.out)
            return
        s = self.server
        s.user_add_cli("staff", "committee_staff", org=1)
        c = s.login("staff")
        stop = threading.Event()
        made = []

        def writer():
            i = 0
            while not stop.is_set() and i < 400:
                r = c.post("orgs", {"parent_id": 1, "kind": "branch",
                                    "name": "备份支部%d" % i})
                if r.status == 201:
                    made.append(r.data["id"])
                i += 1

        t = threading.Thread(target=writer)
        t.start()
        outs = []
        try:
            for k in range(3):
                out = os.path.join(s.tmpdir, "backup%d.db" % k)
                r = s.cli("backup", out)
                self.assertEqual(r.rc, 0, r)
                outs.append(out)
        finally:
            stop.set()
            t.join()
        self.assertTrue(made)
        for out in outs:
            con = sqlite3.connect(out)
            try:
                self.assertEqual(con.execute("PRAGMA integrity_check")
                                 .fetchone()[0], "ok")
                n_org = con.execute("SELECT count(*) FROM org").fetchone()[0]
                n_aud = con.execute("SELECT count(*) FROM audit WHERE "
                                    "action='org.create'").fetchone()[0]
            finally:
                con.close()
            # each org and its audit row were committed together
            self.assertEqual(n_org - 1, n_aud)
            r = zhibu("audit", "verify", "--db", out, "--key", s.db.key)
            self.assertEqual(r.rc, 0, r)
