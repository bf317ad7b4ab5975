"""harness.py: the HTTP test fixture (c-style §7.13, layer 3).

Python 3 standard library only.

  Server   a fresh database (a temp SQLite file, or a fresh PostgreSQL
           database when ZHIBU_TEST_DB is a postgresql:// URL), `zhibu init`
           with the one-time passwords of sysadmin/secadmin/auditor, and
           `zhibu serve` on 127.0.0.1 at a port the kernel picks.  Server
           stderr goes to a file; a sanitizer report in it fails the test
           that was running (ServerTest.tearDown) or the class.
  Client   a cookie jar, the CSRF token from login, JSON in and out; never
           raises on 4xx/5xx: every call returns a Resp (status, headers,
           data) that also unpacks as a tuple.
  ServerTest  a unittest.TestCase base class: one Server per class, plus
           assertion helpers (assert_error checks the status, the stable
           code, the field and that the message is Chinese).

Environment:
  ZHIBU_BIN         the binary (default build/zhibu under the repo root)
  ZHIBU_TEST_DB     unset or a SQLite path: SQLite; postgresql://...: PG
  ZHIBU_TEST_PGDIR  the test/pg.sh directory of the running PG server, for
                    `sh test/pg.sh createdb DIR NAME` (else CREATE DATABASE
                    through psql on ZHIBU_TEST_DB)
  ZHIBU_TEST_KEEP   non-empty: keep each server's temp directory (database,
                    key, server.stderr) for a post-mortem
"""

import http.cookiejar
import itertools
import json
import os
import re
import secrets
import shutil
import signal
import sqlite3
import subprocess
import tempfile
import threading
import time
import unittest
import urllib.error
import urllib.parse
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
API = "/api/v1"
COOKIE = "zhibu_sid"
ROOT_ORG_NAME = "测试县委机关工委"
ADMINS = ("sysadmin", "secadmin", "auditor")

# Markers of a sanitizer report (ASan, LSan, UBSan) in a process's stderr.
SANITIZER_MARKERS = (
    "ERROR: AddressSanitizer",
    "ERROR: LeakSanitizer",
    "runtime error:",
    "SUMMARY: AddressSanitizer",
    "SUMMARY: UndefinedBehaviorSanitizer",
)

# Generous upper bounds that only stop a hung test from hanging the run;
# no test asserts on time.
START_LIMIT = 120
CMD_LIMIT = 300
HTTP_LIMIT = 300

_counter = itertools.count(1)
CJK = re.compile("[\u4e00-\u9fff]")


def zhibu_bin():
    b = os.environ.get("ZHIBU_BIN") or os.path.join(ROOT, "build", "zhibu")
    return os.path.abspath(b)


def engine():
    """'pg' or 'sqlite', from ZHIBU_TEST_DB."""
    url = os.environ.get("ZHIBU_TEST_DB", "")
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        return "pg"
    return "sqlite"


def sanitizer_report(text):
    """The first sanitizer line in text, or None."""
    for line in text.splitlines():
        if any(m in line for m in SANITIZER_MARKERS):
            return line
    return None


def strong_password():
    """A fresh password that passes the policy (4 classes, 20 chars)."""
    return "Zb-" + secrets.token_hex(7) + "Q7!"


class CmdResult:
    def __init__(self, args, rc, out, err):
        self.args, self.rc, self.out, self.err = args, rc, out, err

    def __repr__(self):
        return "CmdResult(%r, rc=%d, out=%r, err=%r)" % (
            self.args, self.rc, self.out[-2000:], self.err[-2000:])


def run_cmd(args, stdin=None, cwd=None, check_sanitizer=True):
    """Run a command; CmdResult.  A sanitizer report in its stderr raises
    AssertionError (whatever the exit status)."""
    p = subprocess.run(args, input=stdin, capture_output=True, text=True,
                       cwd=cwd, timeout=CMD_LIMIT)
    res = CmdResult(args, p.returncode, p.stdout, p.stderr)
    if check_sanitizer:
        bad = sanitizer_report(p.stderr)
        if bad:
            raise AssertionError("sanitizer report from %s:\n%s" %
                                 (" ".join(args[:2]), p.stderr[-6000:]))
    return res


def zhibu(*args, stdin=None, cwd=None):
    """Run the zhibu binary with args; CmdResult."""
    return run_cmd([zhibu_bin()] + [str(a) for a in args], stdin=stdin,
                   cwd=cwd)


# ---------------------------------------------------------------- database

class Database:
    """A fresh database for one Server: url, key file, and direct SQL for
    tests that must reach under the application (tampering, clocks)."""

    def __init__(self, tmpdir, name):
        self.tmpdir = tmpdir
        self.key = os.path.join(tmpdir, "zhibu.key")
        self.engine = engine()
        if self.engine == "sqlite":
            self.path = os.path.join(tmpdir, "zhibu.db")
            self.url = self.path
        else:
            self.path = None
            self.url = self._create_pg(name)

    @staticmethod
    def _create_pg(name):
        pgdir = os.environ.get("ZHIBU_TEST_PGDIR")
        if pgdir:
            r = run_cmd(["sh", os.path.join(ROOT, "test", "pg.sh"), "createdb",
                         pgdir, name], check_sanitizer=False)
            if r.rc != 0:
                raise RuntimeError("pg.sh createdb failed: %r" % r)
            return r.out.strip().splitlines()[-1]
        base = os.environ["ZHIBU_TEST_DB"]
        psql = shutil.which("psql")
        if not psql:
            raise RuntimeError("PostgreSQL run needs ZHIBU_TEST_PGDIR or psql")
        r = run_cmd([psql, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", base,
                     "-c", "CREATE DATABASE %s" % name], check_sanitizer=False)
        if r.rc != 0:
            raise RuntimeError("CREATE DATABASE failed: %r" % r)
        u = urllib.parse.urlsplit(base)
        return urllib.parse.urlunsplit((u.scheme, u.netloc, "/" + name,
                                        u.query, u.fragment))

    def sql(self, query):
        """Run one SQL statement directly (not through zhibu); returns the
        rows as lists of strings (None for NULL)."""
        if self.engine == "sqlite":
            con = sqlite3.connect(self.path, timeout=60)
            try:
                cur = con.execute(query)
                rows = [[None if v is None else str(v) for v in row]
                        for row in cur.fetchall()]
                con.commit()
                return rows
            finally:
                con.close()
        psql = shutil.which("psql")
        if not psql:
            raise AssertionError("psql is needed for direct SQL on PostgreSQL")
        r = run_cmd([psql, "-X", "-q", "-A", "-t", "-F", "\t", "-v",
                     "ON_ERROR_STOP=1", "-d", self.url, "-c", query],
                    check_sanitizer=False)
        if r.rc != 0:
            raise AssertionError("psql failed: %r" % r)
        rows = []
        for line in r.out.splitlines():
            if line == "":
                continue
            rows.append([None if v == "" else v for v in line.split("\t")])
        return rows

    def one(self, query):
        rows = self.sql(query)
        return rows[0][0] if rows else None


# ------------------------------------------------------------------- client

class Resp:
    """status, headers (case-insensitive), data (parsed JSON when the reply
    is JSON, else bytes).  Unpacks as (status, headers, data)."""

    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers
        self.body = body
        ctype = headers.get("Content-Type", "") if headers else ""
        self.data = body
        if ctype.startswith("application/json") and body:
            try:
                self.data = json.loads(body.decode("utf-8"))
            except ValueError:
                self.data = body

    def __iter__(self):
        return iter((self.status, self.headers, self.data))

    @property
    def code(self):
        """error.code of an error body, else None."""
        if isinstance(self.data, dict) and isinstance(self.data.get("error"), dict):
            return self.data["error"].get("code")
        return None

    def __repr__(self):
        d = self.data
        if isinstance(d, bytes) and len(d) > 300:
            d = d[:300] + b"..."
        return "Resp(%d, %r)" % (self.status, d)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


class Client:
    """An HTTP client with its own cookie jar.  login() remembers the CSRF
    token; unsafe methods send it as X-CSRF-Token unless told otherwise."""

    def __init__(self, server, cookie=None):
        self.server = server
        self.base = server.base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect())
        self.csrf = None
        self.raw_cookie = cookie  # sent verbatim instead of the jar's
        self.user = None

    def request(self, method, path, body=None, raw=None, headers=None,
                csrf=True, content_type="application/json"):
        """method, path ('/api/v1/...' or a path relative to it), body (JSON
        value) or raw (bytes); csrf=True sends the remembered token, a
        string sends that string, None/False sends none."""
        if not path.startswith("/"):
            path = API + "/" + path
        url = self.base + path
        data = None
        if raw is not None:
            data = raw
        elif body is not None:
            data = json.dumps(body, ensure_ascii=False).encode("utf-8")
        req = urllib.request.Request(url, data=data, method=method)
        if data is not None and content_type:
            req.add_header("Content-Type", content_type)
        unsafe = method not in ("GET", "HEAD")
        if unsafe and csrf:
            tok = self.csrf if csrf is True else csrf
            if tok:
                req.add_header("X-CSRF-Token", tok)
        if self.raw_cookie is not None:
            req.add_header("Cookie", self.raw_cookie)
        for k, v in (headers or {}).items():
            req.add_header(k, v)
        opener = self.opener
        if self.raw_cookie is not None:
            opener = urllib.request.build_opener(_NoRedirect())
        try:
            with opener.open(req, timeout=HTTP_LIMIT) as f:
                return Resp(f.status, f.headers, f.read())
        except urllib.error.HTTPError as e:
            body = e.read()
            return Resp(e.code, e.headers, body)

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def post(self, path, body=None, **kw):
        return self.request("POST", path, body=body, **kw)

    def patch(self, path, body=None, **kw):
        return self.request("PATCH", path, body=body, **kw)

    def delete(self, path, **kw):
        return self.request("DELETE", path, **kw)

    def login(self, login, password):
        """POST /session; on 200 remembers csrf_token and user."""
        r = self.post("session", {"login": login, "password": password})
        if r.status == 200:
            self.csrf = r.data["csrf_token"]
            self.user = r.data["user"]
        return r

    def change_password(self, old, new):
        r = self.post("session/password",
                      {"old_password": old, "new_password": new})
        if r.status == 200:
            self.user = r.data["user"]
        return r

    def logout(self):
        return self.delete("session")

    def cookie(self):
        """The session cookie's value, or None."""
        for c in self.jar:
            if c.name == COOKIE:
                return c.value
        return None


# ------------------------------------------------------------------- server

class Server:
    """A fresh database, initialised, and `zhibu serve` on it."""

    def __init__(self, label="t"):
        self.label = re.sub(r"[^a-z0-9_]", "_", label.lower())[:30]
        self.tmpdir = tempfile.mkdtemp(prefix="zhibu-http-")
        name = "z_%s_%d_%d" % (self.label, os.getpid(), next(_counter))
        try:
            self.db = Database(self.tmpdir, name[:63])
        except BaseException:
            shutil.rmtree(self.tmpdir, ignore_errors=True)
            raise
        self.passwords = {}  # login -> current password
        self.ids = {}        # login -> user id (filled lazily)
        self.proc = None
        self.port = None
        self.base = None
        self.err_path = os.path.join(self.tmpdir, "server.stderr")
        self._err_file = None
        self._err_seen = 0
        self._out_lines = []
        self._admins = {}

    # -- life cycle

    def start(self):
        r = zhibu("init", "--db", self.db.url, "--key", self.db.key,
                  "--root-name", ROOT_ORG_NAME, cwd=self.tmpdir)
        if r.rc != 0:
            raise RuntimeError("zhibu init failed: %r" % r)
        for line in r.out.splitlines():
            m = re.match(r"^(sysadmin|secadmin|auditor)\s+一次性密码:\s*(\S+)",
                         line)
            if m:
                self.passwords[m.group(1)] = m.group(2)
        missing = [a for a in ADMINS if a not in self.passwords]
        if missing:
            raise RuntimeError("zhibu init printed no password for %s: %r" %
                               (missing, r))
        self._err_file = open(self.err_path, "wb")
        self.proc = subprocess.Popen(
            [zhibu_bin(), "serve", "--db", self.db.url, "--key", self.db.key,
             "--listen", "127.0.0.1:0"],
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
            stderr=self._err_file, cwd=self.tmpdir)
        first = self._first_line()
        m = re.match(r"^listening on http://127\.0\.0\.1:(\d+)\s*$", first or "")
        if not m:
            self.stop(check=False)
            raise RuntimeError("zhibu serve did not start: first line %r, "
                               "stderr:\n%s" % (first, self.stderr()[-4000:]))
        self.port = int(m.group(1))
        self.base = "http://127.0.0.1:%d" % self.port
        return self

    def _first_line(self):
        box = []

        def reader():
            line = self.proc.stdout.readline()
            box.append(line.decode("utf-8", "replace"))
            for rest in self.proc.stdout:  # keep draining
                self._out_lines.append(rest.decode("utf-8", "replace"))

        t = threading.Thread(target=reader, daemon=True)
        t.start()
        deadline = time.monotonic() + START_LIMIT
        while not box and time.monotonic() < deadline:
            if self.proc.poll() is not None and not box:
                t.join(1)
                break
            time.sleep(0.02)
        return box[0] if box else None

    def stop(self, check=True):
        """SIGTERM and wait.  With check, raise AssertionError if the
        server exited non-zero or its stderr has a sanitizer report."""
        rc = None
        if self.proc:
            if self.proc.poll() is None:
                self.proc.send_signal(signal.SIGTERM)
            try:
                rc = self.proc.wait(timeout=CMD_LIMIT)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                rc = self.proc.wait()
            self.proc.stdout.close()
            self.proc = None
        if self._err_file:
            self._err_file.close()
            self._err_file = None
        err = self.stderr()
        keep = os.environ.get("ZHIBU_TEST_KEEP")
        if not keep:
            shutil.rmtree(self.tmpdir, ignore_errors=True)
        if check:
            bad = sanitizer_report(err)
            if bad:
                raise AssertionError("sanitizer report in server stderr:\n" +
                                     err[-8000:])
            if rc not in (0, None):
                raise AssertionError("zhibu serve exited with %s; stderr:\n%s"
                                     % (rc, err[-4000:]))

    def stderr(self):
        try:
            with open(self.err_path, "rb") as f:
                return f.read().decode("utf-8", "replace")
        except OSError:
            return ""

    def new_stderr(self):
        """stderr written since the last call."""
        err = self.stderr()
        new = err[self._err_seen:]
        self._err_seen = len(err)
        return new

    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    # -- clients and accounts

    def client(self, cookie=None):
        return Client(self, cookie=cookie)

    def login(self, login, password=None):
        """A client logged in as login (password from self.passwords);
        raises if the login fails."""
        c = self.client()
        r = c.login(login, password or self.passwords[login])
        if r.status != 200:
            raise AssertionError("login %s failed: %r" % (login, r))
        self.ids[login] = r.data["user"]["id"]
        return c

    def admin(self, role):
        """A client for sysadmin/secadmin/auditor whose one-time password
        has been changed (first call changes it; later calls log in
        again).  Cached per server."""
        if role in self._admins:
            return self._admins[role]
        c = self.login(role)
        if c.user["must_change_password"]:
            new = strong_password()
            r = c.change_password(self.passwords[role], new)
            if r.status != 200:
                raise AssertionError("password change for %s failed: %r" %
                                     (role, r))
            self.passwords[role] = new
        self._admins[role] = c
        return c

    def user_add_cli(self, login, role, org=1, password=None):
        """`zhibu user add --password-stdin`; returns the password."""
        password = password or strong_password()
        args = ["user", "add", "--db", self.db.url, "--key", self.db.key,
                "--login", login, "--role", role, "--password-stdin"]
        if role not in ADMINS:
            args += ["--org", str(org)]
        r = zhibu(*args, stdin=password + "\n", cwd=self.tmpdir)
        if r.rc != 0:
            raise AssertionError("zhibu user add failed: %r" % r)
        self.passwords[login] = password
        return password

    def user_add_api(self, login, role="committee_staff", org=1,
                     display_name=None):
        """sysadmin POST /users, secadmin POST /grants, first login and the
        password change.  Returns (client, user_id, grant_id)."""
        sa = self.admin("sysadmin")
        r = sa.post("users", {"login": login,
                              "display_name": display_name or login})
        if r.status != 201:
            raise AssertionError("POST /users %s: %r" % (login, r))
        uid = r.data["user"]["id"]
        otp = r.data["one_time_password"]
        gid = None
        if role:
            r = self.admin("secadmin").post(
                "grants", {"user_id": uid, "role": role, "org_id": org})
            if r.status != 201:
                raise AssertionError("POST /grants %s: %r" % (login, r))
            gid = r.data["id"]
        c = self.client()
        r = c.login(login, otp)
        if r.status != 200:
            raise AssertionError("first login %s: %r" % (login, r))
        new = strong_password()
        r = c.change_password(otp, new)
        if r.status != 200:
            raise AssertionError("password change %s: %r" % (login, r))
        self.passwords[login] = new
        self.ids[login] = uid
        return c, uid, gid

    def user_id(self, login):
        """The account id of login (through sysadmin GET /users)."""
        if login not in self.ids:
            r = self.admin("sysadmin").get("users")
            for u in r.data["items"]:
                self.ids[u["login"]] = u["id"]
        return self.ids[login]

    def cli(self, *args, stdin=None):
        """zhibu with --db and --key of this server's database appended."""
        return zhibu(*args, "--db", self.db.url, "--key", self.db.key,
                     stdin=stdin, cwd=self.tmpdir)


# ---------------------------------------------------------------- test case

class ServerTest(unittest.TestCase):
    """One fresh Server per test class."""

    server = None
    maxDiff = 4000

    @classmethod
    def setUpClass(cls):
        s = Server(cls.__module__ + "_" + cls.__name__)
        try:
            cls.server = s.start()
        except BaseException:
            s.stop(check=False)
            raise

    @classmethod
    def tearDownClass(cls):
        s, cls.server = cls.server, None
        if s:
            s.stop(check=True)

    def setUp(self):
        self.server.new_stderr()

    def tearDown(self):
        new = self.server.new_stderr()
        bad = sanitizer_report(new)
        if bad:
            self.fail("sanitizer report in server stderr:\n" + new[-8000:])
        if not self.server.alive():
            self.fail("the server died; stderr:\n" + self.server.stderr()[-4000:])

    # -- assertions

    def assert_error(self, r, status, code, field=None):
        """r is an error reply with this status and stable code (and field
        when given), and a Chinese message."""
        self.assertEqual(r.status, status, r)
        self.assertTrue(r.headers.get("Content-Type", "").startswith(
            "application/json"), r.headers.get("Content-Type"))
        self.assertIsInstance(r.data, dict, r)
        err = r.data.get("error")
        self.assertIsInstance(err, dict, r)
        self.assertEqual(err.get("code"), code, r)
        msg = err.get("message")
        self.assertIsInstance(msg, str, r)
        self.assertRegex(msg, CJK, "message is not Chinese: %r" % r)
        if field is not None:
            self.assertEqual(err.get("field"), field, r)

    def assert_status(self, r, status):
        self.assertEqual(r.status, status, r)
