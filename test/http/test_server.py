"""test_server.py: the server under clients that do not read their replies.

A pooled database connection must not wait on a client: once a handler has
built its reply, the connection goes back to the pool, whatever the client
does with the bytes.  Before that, a client that asked for a large reply
and never read it kept a connection for as long as it liked: with one
worker thread (and one pooled connection) every other client waited
forever, and the server could not even stop.  Runs on both databases.
"""

import http.client
import json
import re
import socket
import subprocess
import time

from harness import ServerTest, zhibu_bin
from test_roster import csv_bytes, csv_row

PASSWORD = "Huanman#Kehu-2026"


class SlowClientTest(ServerTest):
    """A branch of 500 members, so that a page of 500 is a reply larger than
    the socket buffers between a server and a client that reads nothing."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        s = cls.server
        s.user_add_cli("slow", "committee_staff", org=1, password=PASSWORD)
        st = s.login("slow", PASSWORD)
        cls.org = st.post("orgs", {"parent_id": 1, "kind": "branch",
                                   "name": "慢读支部"}).data["id"]
        rows = [csv_row("慢读%03d" % i, "19800101", 100 + i)
                for i in range(500)]
        r = st.post("orgs/%d/members/import?filename=m.csv" % cls.org,
                    raw=csv_bytes(rows),
                    content_type="application/octet-stream")
        assert r.status == 200, r

    def test_unread_reply_does_not_hold_the_pool(self):
        db = self.server.db
        p = subprocess.Popen(
            [zhibu_bin(), "serve", "--db", db.url, "--key", db.key,
             "--threads", "1", "--listen", "127.0.0.1:0"],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        slow = None
        try:
            m = re.search(rb":(\d+)", p.stdout.readline())
            self.assertIsNotNone(m, "zhibu serve did not start")
            port = int(m.group(1))
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            c.request("POST", "/api/v1/session",
                      json.dumps({"login": "slow", "password": PASSWORD}),
                      {"Content-Type": "application/json"})
            r = c.getresponse()
            r.read()
            self.assertEqual(r.status, 200)
            cookie = r.getheader("Set-Cookie").split(";")[0]
            page = "/api/v1/orgs/%d/members?limit=500" % self.org
            c.request("GET", page, headers={"Cookie": cookie})
            r = c.getresponse()
            self.assertGreater(len(r.read()), 150000, "the page is large")
            # a client that asks for pages and reads nothing
            slow = socket.socket()
            slow.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1024)
            slow.connect(("127.0.0.1", port))
            slow.sendall(("GET %s HTTP/1.1\r\nHost: t\r\nCookie: %s\r\n\r\n"
                          % (page, cookie)).encode() * 10)
            time.sleep(0.5)
            # another client is answered meanwhile
            o = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            o.request("GET", "/api/v1/orgs/%d" % self.org,
                      headers={"Cookie": cookie})
            r = o.getresponse()
            r.read()
            self.assertEqual(r.status, 200)
        finally:
            # and the server stops on SIGTERM though the slow client is
            # still connected
            p.terminate()
            try:
                rc = p.wait(timeout=10)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()
                rc = "hung"
            p.stdout.close()
            if slow:
                slow.close()
        self.assertEqual(rc, 0, "zhibu serve stopped")
