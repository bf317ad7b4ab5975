"""test_docs.py: the route table is documented (c-style §7.14: "New route?
Added to its table"), and the CLI's small commands (help, idcard: A2 and
checklist §6.4).  Runs once (SQLite pass): nothing here depends on the
database engine.
"""

import os
import re
import unittest

from harness import ROOT, ServerTest, zhibu

ENGINE_INDEPENDENT = True

DOC = os.path.join(ROOT, "docs", "api.md")
BEGIN, END = "<!-- routes:begin -->", "<!-- routes:end -->"
ROW = re.compile(r"^\| `([A-Z]+)` \| `(/[^`]*)` \| (.*) \|$")


def route_rows(text):
    """The route rows ('| `GET` | `/api/...` | summary |') in text."""
    return [line.strip() for line in text.splitlines() if ROW.match(line.strip())]


def doc_section():
    with open(DOC, encoding="utf-8") as f:
        text = f.read()
    i, j = text.find(BEGIN), text.find(END)
    if i < 0 or j < i:
        raise AssertionError("%s has no %s ... %s section" % (DOC, BEGIN, END))
    return text[i + len(BEGIN):j]


class RoutesDocumentedTest(unittest.TestCase):
    maxDiff = None

    def test_c7_14_every_route_in_docs_api_md(self):
        r = zhibu("test-route")
        self.assertEqual(r.rc, 0, r)
        table = r.out.splitlines()
        self.assertGreater(len(table), 10)
        for line in table:
            self.assertRegex(line, ROW)
        self.assertEqual(len(set(table)), len(table), "duplicate route rows")
        section = doc_section()
        doc = route_rows(section)
        self.assertEqual(len(set(doc)), len(doc), "duplicate rows in api.md")
        missing = [x for x in table if x not in doc]
        extra = [x for x in doc if x not in table]
        self.assertEqual(missing, [], "routes missing from docs/api.md")
        self.assertEqual(extra, [], "rows in docs/api.md that are no route")
        # every line of the section that looks like a row is a route row
        for line in section.splitlines():
            s = line.strip()
            if s.startswith("| `"):
                self.assertRegex(s, ROW)

    def test_c7_14_help_routes_prints_the_table(self):
        a = zhibu("test-route")
        b = zhibu("help", "routes")
        self.assertEqual(b.rc, 0, b)
        self.assertEqual(a.out, b.out)

    def test_c7_14_route_lookup(self):
        r = zhibu("test-route", "GET", "/api/v1/orgs/3/members")
        self.assertEqual((r.rc, r.out), (0, "GET /api/v1/orgs/:id/members 3\n"))
        r = zhibu("test-route", "PUT", "/api/v1/session")
        self.assertEqual((r.rc, r.out.strip()), (1, "405"))
        r = zhibu("test-route", "GET", "/api/v1/nope")
        self.assertEqual((r.rc, r.out.strip()), (1, "404"))


class MetaRoutesTest(ServerTest):

    def test_c7_14_meta_routes_match_table(self):
        r = self.server.client().get("_meta/routes")
        self.assert_status(r, 200)
        rows = ["| `%s` | `%s` | %s |" % (i["method"], i["path"], i["summary"])
                for i in r.data["items"]]
        self.assertEqual(rows, zhibu("test-route").out.splitlines())


class CliTest(unittest.TestCase):

    def test_a2_idcard_valid(self):
        r = zhibu("idcard", "11010519491231002X")
        self.assertEqual((r.rc, r.out), (0, "valid 1949-12-31 female\n"))
        r = zhibu("idcard", "440524188001010014")
        self.assertEqual((r.rc, r.out), (0, "valid 1880-01-01 male\n"))

    def test_a2_idcard_invalid(self):
        cases = [("110105194912310021", "check"),
                 ("110105194913310029", "date"),
                 ("990101199001010019", "province"),
                 ("11010519491231002", "length"),
                 ("11010120000101001Y", "format")]
        for idn, reason in cases:
            with self.subTest(id=idn):
                r = zhibu("idcard", idn)
                self.assertEqual(r.rc, 1, r)
                self.assertTrue(r.out.startswith("invalid: " + reason), r)

    def test_help_lists_commands(self):
        r = zhibu("help")
        self.assertEqual(r.rc, 0, r)
        listed = re.findall(r"^  (\S+) ", r.out, re.M)
        for cmd in ("audit", "backup", "help", "idcard", "init", "migrate",
                    "serve", "user"):
            self.assertIn(cmd, listed)
        self.assertNotIn("test-route", listed)  # test commands are hidden
        r = zhibu("help", "idcard")
        self.assertEqual(re.findall(r"^  (\S+) ", r.out, re.M), ["idcard"])
        r = zhibu("no-such-command")
        self.assertNotEqual(r.rc, 0)
        self.assertIn("no-such-command", r.err)
