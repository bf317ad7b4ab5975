"""test_meetings.py: organisational life (issue #3, B1-B6): meetings with
attendance and minutes, compliance per branch with rule and article, the
committee roll-up, scope isolation, votes (M2), attachments, the 三会一课
register and bad input.  Runs on SQLite and PostgreSQL.  "Today" is
injected with ?as_of= on the compliance and to-do routes.
"""

import io
import zipfile

from harness import ServerTest
from test_roster import member_body

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64
ART12 = "《中国共产党支部工作条例（试行）》第十二条"
# The kinds in compliance.c's order (aKind), for life_hist keys.
LIFE_KINDS = ["congress", "committee_meeting", "group_meeting", "lecture",
              "micro_lecture", "theme_day", "life_meeting", "appraisal",
              "talk", "study"]


def hist_key(bits, grouped, j):
    """A branch's life_hist key for period j (0-11 months, 12-15 quarters,
    16 the year) from its done bits per kind (bit j: done in period j): per
    kind the first month and first quarter of the period not done (hex,
    and 2*q + year-not-done), then 'g' when it has a party group."""
    m0, nm = (j, 1) if j < 12 else (3 * (j - 12), 3) if j < 16 else (0, 12)
    q0, nq = (j // 3, 1) if j < 12 else (j - 12, 1) if j < 16 else (0, 4)
    out = ""
    for b in bits:
        fm = next((i for i in range(nm) if not b >> (m0 + i) & 1), nm)
        fq = next((i for i in range(nq) if not b >> (12 + q0 + i) & 1), nq)
        out += "%x%d" % (fm, 2 * fq + (0 if b >> 16 & 1 else 1))
    return out + ("g" if grouped else "-")


class MeetingTest(ServerTest):
    """Root committee with branches A and B; staff on the root, one
    secretary per branch; A has 5 full members and 1 probationary, a
    secretary and two committee members."""

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
        cls.ma = []
        for i in range(6):
            kw = {} if i < 5 else {"status": "probationary", "full_on": None}
            r = st.post("members", member_body(cls.a, "甲%d" % i,
                                               birth="19750101",
                                               seq=601 + 2 * i, **kw))
            assert r.status == 201, r
            cls.ma.append(r.data["id"])
        cls.mb = []
        for i in range(3):
            r = st.post("members", member_body(cls.b, "乙%d" % i,
                                               birth="19760101",
                                               seq=701 + 2 * i))
            assert r.status == 201, r
            cls.mb.append(r.data["id"])
        for m, role in zip(cls.ma[:3], ["secretary", "organization_member",
                                        "propaganda_member"]):
            r = st.post("orgs/%d/posts" % cls.a, {"member_id": m,
                                                  "role": role})
            assert r.status == 201, r
        s.user_add_cli("seca", "branch_secretary", org=cls.a)
        s.user_add_cli("secb", "branch_secretary", org=cls.b)
        cls.seca = s.login("seca")
        cls.secb = s.login("secb")
        # Branch A holds every meeting of 2026-Q2; branch B only the
        # committee meetings of April and June (it misses May).
        for mon in ("04", "05", "06"):
            # a 支委会 expects the committee (secretary and two members)
            cls.hold(cls.seca, cls.a, "committee_meeting", "2026-%s-10" % mon,
                     cls.ma[:3])
            cls.hold(cls.seca, cls.a, "theme_day", "2026-%s-10" % mon, cls.ma)
        cls.congress = cls.hold(cls.seca, cls.a, "congress", "2026-05-20",
                                cls.ma)
        cls.hold(cls.seca, cls.a, "lecture", "2026-06-18", cls.ma)
        for mon in ("04", "06"):
            cls.hold(cls.secb, cls.b, "committee_meeting", "2026-%s-12" % mon,
                     cls.mb)

    @classmethod
    def hold(cls, c, org, kind, day, members, topic=None):
        r = c.post("meetings", {"org_id": org, "kind": kind, "held_on": day,
                                "start_time": "14:30", "place": "会议室",
                                "host_id": members[0],
                                "recorder_id": members[1],
                                "topic": topic or "%s %s" % (kind, day),
                                "minutes": "会议记录", "decisions": "决定事项",
                                "business_items": ["年度业务工作"]})
        assert r.status == 201, r
        mid = r.data["id"]
        assert r.data["status"] == "held", r.data
        items = [{"member_id": m, "status": "present"} for m in members]
        items[-1] = {"member_id": members[-1], "status": "leave",
                     "reason": "出差"}
        r = c.request("PUT", "meetings/%d/attendance" % mid, {"items": items})
        assert r.status == 200, r
        assert r.data["status"] == "completed", r.data
        return mid

    def compliance(self, c, org, period, as_of):
        r = c.get("orgs/%d/compliance?period=%s&as_of=%s" %
                  (org, period, as_of))
        self.assert_status(r, 200)
        return r.data

    def test_b3_branch_holds_quarter_compliant(self):
        d = self.compliance(self.seca, self.a, "2026-Q2", "2026-07-10")
        by = {(i["kind"], i["period"]): i for i in d["items"]}
        for mon in ("04", "05", "06"):
            it = by[("committee_meeting", "2026-" + mon)]
            self.assertEqual(it["status"], "done")
            self.assertEqual(it["done_on"], "2026-%s-10" % mon)
            self.assertIsNotNone(it["meeting_id"])
            self.assertEqual(by[("theme_day", "2026-" + mon)]["status"],
                             "done")
        self.assertEqual(by[("congress", "2026-Q2")]["status"], "done")
        self.assertEqual(by[("congress", "2026-Q2")]["meeting_id"],
                         self.congress)
        self.assertEqual(by[("lecture", "2026-Q2")]["status"], "done")
        # yearly items are due at the year end, not overdue
        self.assertEqual(by[("life_meeting", "2026")]["status"], "due")
        self.assertEqual(by[("life_meeting", "2026")]["due_on"], "2026-12-31")
        self.assertFalse([i for i in d["items"] if i["status"] == "overdue"])
        self.assertEqual(d["compliant"], 1)

    def test_b3_missed_may_overdue_in_june(self):
        d = self.compliance(self.secb, self.b, "2026-05", "2026-06-10")
        it = [i for i in d["items"] if i["kind"] == "committee_meeting"][0]
        self.assertEqual(it["period"], "2026-05")
        self.assertEqual(it["status"], "overdue")
        self.assertEqual(it["due_on"], "2026-05-31")
        self.assertIsNone(it["done_on"])
        self.assertEqual(it["rule"], "M3")
        self.assertEqual(it["article"], ART12)
        self.assertIn(ART12, it["message"])
        # on the last day of May it was still only due
        d = self.compliance(self.secb, self.b, "2026-05", "2026-05-31")
        it = [i for i in d["items"] if i["kind"] == "committee_meeting"][0]
        self.assertEqual(it["status"], "due")
        # the to-do list shows it overdue
        r = self.secb.get("todo?as_of=2026-06-10")
        self.assert_status(r, 200)
        self.assertTrue([t for t in r.data["items"]
                         if t["kind"] == "committee_meeting" and
                         t["period"] == "2026-05" and
                         t["status"] == "overdue"], r.data)

    def test_b3_committee_rollup(self):
        d = self.compliance(self.staff, 1, "2026-Q2", "2026-07-10")
        self.assertEqual(d["branches"], 2)
        self.assertEqual(d["compliant"], 1)
        self.assertEqual(d["overdue_by_kind"]["committee_meeting"], 1)
        self.assertEqual(d["overdue_by_kind"]["theme_day"], 3)
        self.assertEqual(d["overdue_by_kind"]["congress"], 1)
        by = {(i["kind"], i["period"]): i for i in d["items"]}
        may = by[("committee_meeting", "2026-05")]
        self.assertEqual((may["required"], may["done"], may["overdue"]),
                         (2, 1, 1))
        self.assertEqual(by[("committee_meeting", "2026-04")]["done"], 2)
        self.assertEqual([x["org_id"] for x in d["lagging"]], [self.b])
        self.assertEqual(d["lagging"][0]["overdue"], 6)
        # the month view: May only
        d = self.compliance(self.staff, 1, "2026-05", "2026-06-10")
        self.assertEqual(d["overdue_by_kind"]["committee_meeting"], 1)
        self.assertEqual(d["compliant"], 1)

    def test_b3_rollup_follows_edits(self):
        """Un-completing a meeting (minutes cleared) and completing it again
        moves the counters in the same transaction."""
        mid = self.hold(self.seca, self.a, "theme_day", "2026-08-11",
                        self.ma)
        d = self.compliance(self.staff, 1, "2026-08", "2026-09-02")
        by = {i["kind"]: i for i in d["items"]}
        self.assertEqual(by["theme_day"]["done"], 1)
        r = self.seca.patch("meetings/%d" % mid, {"minutes": None})
        self.assert_status(r, 200)
        self.assertEqual(r.data["status"], "held")
        self.assertEqual(r.data["missing"], ["minutes"])
        d = self.compliance(self.staff, 1, "2026-08", "2026-09-02")
        self.assertEqual({i["kind"]: i for i in d["items"]}["theme_day"]
                         ["done"], 0)
        r = self.seca.patch("meetings/%d" % mid, {"minutes": "补记"})
        self.assertEqual(r.data["status"], "completed")
        # an edit after completion is audited with the old value
        r = self.seca.patch("meetings/%d" % mid, {"topic": "新议题"})
        self.assert_status(r, 200)
        n = self.server.db.one(
            "SELECT count(*) FROM audit WHERE action="
            "'meeting.edit_after_complete' AND object_id=%d AND detail "
            "LIKE '%%topic%%'" % mid)
        self.assertEqual(int(n), 1)
        d = self.compliance(self.staff, 1, "2026-08", "2026-09-02")
        self.assertEqual({i["kind"]: i for i in d["items"]}["theme_day"]
                         ["done"], 1)

    def assert_counters_match_recount(self, step):
        """life_count (every org, kind, period with a count) equals a recount
        from the completed meetings: a branch has done a kind in a period
        when one of its meeting_org rows is completed with held_on in it;
        an org's count sums the branches of its subtree.  (L7 talks are
        left out: their year needs coverage, not one meeting.)"""
        orgs = {int(i): (p, k) for i, p, k in self.server.db.sql(
            "SELECT id, path, kind FROM org WHERE closed=0")}
        done = set()
        for o, kind, day in self.server.db.sql(
                "SELECT org_id, kind, held_on FROM meeting_org WHERE "
                "completed=1 AND held_on IS NOT NULL AND kind <> 'talk'"):
            if orgs.get(int(o), ("", ""))[1] != "branch":
                continue
            y, m = day[:4], int(day[5:7])
            for per in ("%s-%02d" % (y, m), "%s-Q%d" % (y, (m - 1) // 3 + 1),
                        y):
                done.add((int(o), kind, per))
        want = {}
        for b, kind, per in done:
            for a in orgs[b][0].strip("/").split("/"):
                key = (int(a), kind, per)
                want[key] = want.get(key, 0) + 1
        got = {(int(o), k, p): int(n) for o, k, p, n in self.server.db.sql(
            "SELECT org_id, kind, period, n_done FROM life_count WHERE "
            "kind <> 'talk' AND n_done <> 0 AND org_id IN (SELECT id FROM "
            "org WHERE closed=0)")}
        self.assertEqual(got, want, step)
        # life_hist: each open branch's key per period, summed up its path
        for o, kind, per in self.server.db.sql(
                "SELECT org_id, kind, period FROM life_count WHERE "
                "kind = 'talk' AND n_done > 0"):
            if orgs.get(int(o), ("", ""))[1] == "branch":
                done.add((int(o), kind, per))
        grouped = {int(p) for (p,) in self.server.db.sql(
            "SELECT parent_id FROM org WHERE kind='group' AND closed=0")}
        bits = {}
        for b, kind, per in done:
            y, j = int(per[:4]), (16 if len(per) == 4 else
                                  11 + int(per[6]) if per[5] == "Q" else
                                  int(per[5:]) - 1)
            k = bits.setdefault((b, y), [0] * len(LIFE_KINDS))
            k[LIFE_KINDS.index(kind)] |= 1 << j
        want = {}
        for (b, y), k in bits.items():
            for j in range(17):
                key = hist_key(k, b in grouped, j)
                if key == hist_key([0] * len(LIFE_KINDS), b in grouped, j):
                    continue
                per = (str(y) if j == 16 else "%d-Q%d" % (y, j - 11)
                       if j >= 12 else "%d-%02d" % (y, j + 1))
                for a in orgs[b][0].strip("/").split("/"):
                    t = (int(a), per, key)
                    want[t] = want.get(t, 0) + 1
        got = {(int(o), p, k): int(n) for o, p, k, n in self.server.db.sql(
            "SELECT org_id, period, hkey, n FROM life_hist WHERE n <> 0 AND "
            "org_id IN (SELECT id FROM org WHERE closed=0)")}
        self.assertEqual(got, want, step + " (life_hist)")

    def own_compliant(self, org, period, as_of):
        """How many open branches of org's subtree have no overdue item in
        their own compliance report: what a committee's `compliant` must
        say (the same cadence here; L7 talks are due at the year's end)."""
        path = self.server.db.one("SELECT path FROM org WHERE id=%d" % org)
        n = 0
        for (b,) in self.server.db.sql(
                "SELECT id FROM org WHERE kind='branch' AND closed=0 AND "
                "path >= '%s' AND path < '%s'" % (path, path[:-1] + "0")):
            d = self.compliance(self.staff, int(b), period, as_of)
            n += all(i["status"] != "overdue" for i in d["items"])
        return n

    def assert_compliant_exact(self, orgs, step):
        for period, as_of in (("2024-05", "2024-05-15"),
                              ("2024-05", "2024-06-10"),
                              ("2024-04", "2024-06-10"),
                              ("2024-Q2", "2024-06-10"),
                              ("2024-Q2", "2024-07-05"),
                              ("2024", "2024-12-01")):
            for org in orgs:
                d = self.compliance(self.staff, org, period, as_of)
                self.assertEqual(d["compliant"],
                                 self.own_compliant(org, period, as_of),
                                 "%s: org %d %s as of %s" %
                                 (step, org, period, as_of))

    def test_b3_compliant_exact_for_a_subcommittee(self):
        """A committee counts exactly the branches with no overdue item,
        through a general branch and a committee in between, whichever
        branches miss which items: 甲 holds May's committee meeting and
        theme day, 乙 only the committee meeting, 辛 only April's theme day
        (1 of 3 compliant in May, though each item alone was missed by at
        most 2).  A party group makes group meetings due (M4); moving the
        general branch keeps the counts.  (2024, away from the other
        tests.)"""
        st = self.staff
        g = st.post("orgs", {"parent_id": 1, "kind": "general_branch",
                             "name": "辛总支"}).data["id"]
        c = st.post("orgs", {"parent_id": 1, "kind": "committee",
                             "name": "辛党委"}).data["id"]
        x = st.post("orgs", {"parent_id": g, "kind": "branch",
                             "name": "辛党支部"}).data["id"]
        grp = None
        try:
            for b in (self.a, self.b):
                self.assert_status(st.patch("orgs/%d" % b, {"parent_id": g}),
                                   200)
            self.hold(st, self.a, "committee_meeting", "2024-05-10",
                      self.ma[:3])
            self.hold(st, self.a, "theme_day", "2024-05-20", self.ma)
            self.hold(st, self.b, "committee_meeting", "2024-05-12", self.mb)
            r = st.post("meetings", {"org_id": x, "kind": "theme_day",
                                     "held_on": "2024-04-15",
                                     "minutes": "主题党日",
                                     "attendance": {"items": []}})
            self.assert_status(r, 201)
            d = self.compliance(st, g, "2024-05", "2024-06-10")
            self.assertEqual((d["branches"], d["compliant"]), (3, 1))
            self.assertEqual((d["overdue_by_kind"]["committee_meeting"],
                              d["overdue_by_kind"]["theme_day"]), (1, 2))
            lg = {e["org_id"]: e for e in
                  self.compliance(st, 1, "2024-05", "2024-06-10")["lagging"]}
            self.assertEqual((lg[g]["branches"], lg[g]["compliant"]), (3, 1))
            self.assertEqual(self.compliance(st, g, "2024-05", "2024-05-15")
                             ["compliant"], 3)
            self.assert_compliant_exact((1, g), "spread misses")
            # a party group in 甲: its May group meeting is missing
            grp = st.post("orgs", {"parent_id": self.a, "kind": "group",
                                   "name": "甲二组"}).data["id"]
            self.assertEqual(self.compliance(st, g, "2024-05", "2024-06-10")
                             ["compliant"], 0)
            self.assert_compliant_exact((1, g), "group added")
            self.assert_status(st.patch("orgs/%d" % grp, {"closed": True}),
                               200)
            grp = None
            self.assertEqual(self.compliance(st, g, "2024-05", "2024-06-10")
                             ["compliant"], 1)
            # the general branch under a committee: the same counts above
            self.assert_status(st.patch("orgs/%d" % g, {"parent_id": c}), 200)
            d = self.compliance(st, c, "2024-05", "2024-06-10")
            self.assertEqual((d["branches"], d["compliant"]), (3, 1))
            self.assert_compliant_exact((1, c, g), "moved under a committee")
            self.hold(st, self.b, "theme_day", "2024-05-21", self.mb)
            self.assertEqual(self.compliance(st, 1, "2024-05", "2024-06-10")
                             ["compliant"] - self.own_compliant(
                                 1, "2024-05", "2024-06-10"), 0)
            self.assertEqual(self.compliance(st, c, "2024-05", "2024-06-10")
                             ["compliant"], 2)
            r = st.get("orgs/1/compliance.xlsx?period=2024-05&as_of=2024-06-10")
            self.assert_status(r, 200)
        finally:
            if grp:
                st.patch("orgs/%d" % grp, {"closed": True})
            for b in (self.a, self.b):
                self.assert_status(st.patch("orgs/%d" % b, {"parent_id": 1}),
                                   200)
            for o in (x, g, c):
                self.assert_status(st.patch("orgs/%d" % o, {"closed": True}),
                                   200)

    def test_b3_counters_match_recount(self):
        """The roll-up counters stay equal to a recount through moves of a
        meeting across months and quarters, a second meeting in the same
        month deleted again, a joint meeting losing its partner, a group's
        meeting and un-completing (all in 2025, away from the other
        tests)."""
        st = self.staff
        grp = st.post("orgs", {"parent_id": self.a, "kind": "group",
                               "name": "甲一组"}).data["id"]
        try:
            self.counters_steps(grp)
        finally:
            # leave the other tests' tree as it was
            self.assert_status(st.patch("members/%d" % self.ma[4],
                                        {"org_id": self.a}), 200)
            self.assert_status(st.patch("orgs/%d" % grp, {"closed": True}),
                               200)

    def counters_steps(self, grp):
        st, a, ma = self.staff, self.a, self.ma
        self.assert_counters_match_recount("start")
        m1 = self.hold(st, a, "theme_day", "2025-03-31", ma)
        self.assert_counters_match_recount("created")
        self.assert_status(st.patch("meetings/%d" % m1,
                                    {"held_on": "2025-04-01"}), 200)
        self.assert_counters_match_recount("moved to the next quarter")
        m2 = self.hold(st, a, "theme_day", "2025-04-20", ma)
        self.assert_status(st.patch("meetings/%d" % m2, {"held_on": None}),
                           200)
        self.assert_status(st.delete("meetings/%d" % m2), 204)
        self.assert_counters_match_recount("second one deleted")
        self.assert_status(st.patch("meetings/%d" % m1, {"held_on": None}),
                           200)
        self.assert_counters_match_recount("un-held")
        r = st.post("meetings", {
            "org_id": a, "kind": "lecture", "held_on": "2025-09-03",
            "minutes": "联合党课", "joint_org_ids": [self.b],
            "attendance": {"items": [{"member_id": m, "status": "present"}
                                     for m in ma + self.mb]}})
        self.assert_status(r, 201)
        self.assertEqual(r.data["status"], "completed")
        j = r.data["id"]
        self.assert_counters_match_recount("joint")
        self.assert_status(st.patch("meetings/%d" % j,
                                    {"joint_org_ids": []}), 200)
        self.assert_counters_match_recount("joint partner removed")
        self.assert_status(st.patch("members/%d" % ma[4], {"org_id": grp}),
                           200)
        r = st.post("meetings", {
            "org_id": grp, "kind": "group_meeting", "held_on": "2025-10-09",
            "minutes": "小组会", "attendance": {"items": [
                {"member_id": ma[4], "status": "present"}]}})
        self.assert_status(r, 201)
        self.assertEqual(r.data["status"], "completed")
        gm = r.data["id"]
        self.assert_counters_match_recount("group meeting")
        self.assert_status(st.patch("meetings/%d" % gm,
                                    {"held_on": "2025-12-31"}), 200)
        self.assert_counters_match_recount("group meeting moved")
        self.assert_status(st.patch("meetings/%d" % gm, {"minutes": None}),
                           200)
        self.assert_counters_match_recount("group meeting un-completed")
        # a branch moved under another committee takes its counts along
        g = st.post("orgs", {"parent_id": 1, "kind": "general_branch",
                             "name": "己总支"}).data["id"]
        try:
            self.assert_status(st.patch("orgs/%d" % self.b,
                                        {"parent_id": g}), 200)
            self.assert_counters_match_recount("branch moved")
            self.assert_status(st.patch("orgs/%d" % self.b,
                                        {"parent_id": 1}), 200)
            self.assert_counters_match_recount("branch moved back")
        finally:
            self.assert_status(st.patch("orgs/%d" % g, {"closed": True}), 200)
        # a closed branch's meetings no longer count above it
        x = st.post("orgs", {"parent_id": 1, "kind": "branch",
                             "name": "庚党支部"}).data["id"]
        r = st.post("meetings", {"org_id": x, "kind": "lecture",
                                 "held_on": "2025-05-06", "minutes": "党课",
                                 "attendance": {"items": []}})
        self.assert_status(r, 201)
        self.assert_status(st.patch("meetings/%d" % j,
                                    {"joint_org_ids": [x]}), 200)
        self.assert_counters_match_recount("joint with a new branch")
        self.assert_status(st.patch("orgs/%d" % x, {"closed": True}), 200)
        self.assert_counters_match_recount("that branch closed")

    def test_b1_record_with_attendance_in_one_request(self):
        """POST /meetings with "attendance" stores the meeting and its
        attendance in one transaction: complete at once and counted; a bad
        attendance row stores nothing at all."""
        body = {"org_id": self.a, "kind": "theme_day",
                "held_on": "2026-09-15", "start_time": "14:30",
                "place": "会议室", "host_id": self.ma[0],
                "recorder_id": self.ma[1], "topic": "一次登记",
                "minutes": "会议记录"}
        n0 = int(self.server.db.one("SELECT count(*) FROM meeting"))
        bad = dict(body, attendance={"items": [
            {"member_id": self.ma[0], "status": "present"},
            {"member_id": self.mb[0], "status": "present"}]})
        r = self.seca.post("meetings", bad)
        self.assert_status(r, 400)
        self.assertEqual(r.data["error"]["code"], "meeting.attendee_invalid")
        self.assertEqual(r.data["error"]["field"], "attendance.items")
        bad = dict(body, attendance={"items": [
            {"member_id": self.ma[0], "status": "leave"}]})
        r = self.seca.post("meetings", bad)
        self.assert_status(r, 400)
        self.assertEqual(r.data["error"]["field"], "attendance.items")
        r = self.seca.post("meetings", dict(body, attendance=[1]))
        self.assert_status(r, 400)
        self.assertEqual(r.data["error"]["field"], "attendance")
        self.assertEqual(int(self.server.db.one(
            "SELECT count(*) FROM meeting")), n0)
        d = self.compliance(self.staff, 1, "2026-09", "2026-10-02")
        before = {i["kind"]: i for i in d["items"]}["theme_day"]["done"]
        items = [{"member_id": m, "status": "present"} for m in self.ma]
        items[2] = {"member_id": self.ma[2], "status": "leave",
                    "reason": "出差"}
        r = self.seca.post("meetings", dict(body, attendance={
            "items": items}))
        self.assert_status(r, 201)
        self.assertEqual(r.data["status"], "completed")
        att = r.data["attendance"]
        self.assertEqual((att["expected"], att["present"], att["leave"]),
                         (len(self.ma), len(self.ma) - 1, 1))
        d = self.compliance(self.staff, 1, "2026-09", "2026-10-02")
        self.assertEqual({i["kind"]: i for i in d["items"]}["theme_day"]
                         ["done"], before + 1)
        n = self.server.db.one(
            "SELECT count(*) FROM audit WHERE action='meeting.create' AND "
            "object_id=%d AND detail LIKE '%%present=%d%%'"
            % (r.data["id"], len(self.ma) - 1))
        self.assertEqual(int(n), 1)
        # each member's own view lists the meeting with their status; on
        # leave earns no study hours (T7)
        mid = r.data["id"]
        for m, status in ((self.ma[0], "present"), (self.ma[2], "leave")):
            life = self.staff.get("members/%d/life?year=2026" % m).data
            it = [i for i in life["items"] if i["meeting_id"] == mid]
            self.assertEqual(len(it), 1, life)
            self.assertEqual(it[0]["status"], status)
            if status == "leave":
                self.assertEqual(it[0]["study_hours"], 0)
            else:
                self.assertGreater(it[0]["study_hours"], 0)

    def test_m3_expected_list_by_kind_and_day(self):
        """A committee meeting expects the branch committee only (M3,
        支部条例 第十二条); a member who joined after the meeting day is not
        expected; other kinds expect every member."""
        def expected(kind, on):
            r = self.seca.get("orgs/%d/attendees?kind=%s&on=%s"
                              % (self.a, kind, on))
            self.assert_status(r, 200)
            return sorted(i["member_id"] for i in r.data["items"])
        self.assertEqual(expected("committee_meeting", "2026-06-10"),
                         sorted(self.ma[:3]))
        self.assertEqual(expected("theme_day", "2026-06-10"),
                         sorted(self.ma))
        # the probationary member joined on this day (member_body default)
        joined = self.server.db.one(
            "SELECT joined_on FROM member WHERE id=%d" % self.ma[5])
        self.assertNotIn(self.ma[5], expected("theme_day", "2000-01-01"))
        self.assertIn(self.ma[5], expected("theme_day", joined))
        # branch B has no committee posts: every member is expected
        r = self.secb.get("orgs/%d/attendees?kind=committee_meeting"
                          % self.b)
        self.assertEqual(sorted(i["member_id"] for i in r.data["items"]),
                         sorted(self.mb))
        # a non-committee member cannot be marked at a committee meeting
        r = self.seca.post("meetings", {
            "org_id": self.a, "kind": "committee_meeting",
            "held_on": "2026-09-03", "minutes": "记录",
            "attendance": {"items": [
                {"member_id": m, "status": "present"} for m in self.ma]}})
        self.assert_status(r, 400)
        self.assertEqual(r.data["error"]["code"], "meeting.attendee_invalid")
        for q in ("kind=nonsense", "on=2026-13-40"):
            r = self.seca.get("orgs/%d/attendees?%s" % (self.a, q))
            self.assert_status(r, 400)

    def test_b3_branch_counts_follow_tree_changes(self):
        """The open-branch counts a committee's roll-up uses (org_tally)
        follow creating, moving and closing orgs, in the same transaction."""
        def branches(org):
            return self.compliance(self.staff, org, "2026-05",
                                   "2026-06-10")["branches"]
        st = self.staff
        n0 = branches(1)
        g = st.post("orgs", {"parent_id": 1, "kind": "general_branch",
                             "name": "丁总支"}).data["id"]
        c = st.post("orgs", {"parent_id": g, "kind": "branch",
                             "name": "丁一支部"}).data["id"]
        grp = st.post("orgs", {"parent_id": c, "kind": "group",
                               "name": "一组"}).data["id"]
        self.assertEqual((branches(1), branches(g)), (n0 + 1, 1))
        d = self.compliance(st, g, "2026-05", "2026-06-10")
        gm = [i for i in d["items"] if i["kind"] == "group_meeting"]
        self.assertEqual(gm[0]["required"], 1)
        r = st.patch("orgs/%d" % c, {"parent_id": 1})
        self.assert_status(r, 200)
        self.assertEqual((branches(1), branches(g)), (n0 + 1, 0))
        e = st.post("orgs", {"parent_id": g, "kind": "branch",
                             "name": "丁二支部"}).data["id"]
        self.assertEqual((branches(1), branches(g)), (n0 + 2, 1))
        r = st.patch("orgs/%d" % e, {"closed": True})
        self.assert_status(r, 200)
        self.assertEqual((branches(1), branches(g)), (n0 + 1, 0))
        # the counts equal a count of the tree
        for org in (1, g, c):
            path = self.server.db.one("SELECT path FROM org WHERE id=%d" % org)
            hi = path[:-1] + "0"
            n = self.server.db.one(
                "SELECT count(*) FROM org WHERE path >= '%s' AND path < '%s' "
                "AND kind='branch' AND closed=0" % (path, hi))
            self.assertEqual(int(self.server.db.one(
                "SELECT n_branch FROM org_tally WHERE org_id=%d" % org)),
                int(n))
        # closing what this test made leaves the other tests' tree as it was
        for org in (grp, c, g):
            self.assert_status(st.patch("orgs/%d" % org, {"closed": True}),
                               200)
        self.assertEqual(branches(1), n0)

    def test_scope_other_branch_404(self):
        mid = self.congress
        self.assert_error(self.secb.get("meetings/%d" % mid), 404,
                          "not_found")
        self.assert_error(self.secb.patch("meetings/%d" % mid,
                                          {"topic": "x"}), 404, "not_found")
        self.assert_error(self.secb.request(
            "PUT", "meetings/%d/attendance" % mid, {"items": []}), 404,
            "not_found")
        self.assert_error(self.secb.post("meetings", {
            "org_id": self.a, "kind": "theme_day"}), 404, "not_found")
        self.assert_error(self.secb.get(
            "orgs/%d/compliance?period=2026-Q2" % self.a), 404, "not_found")
        self.assert_error(self.secb.get("orgs/%d/meetings" % self.a), 404,
                          "not_found")
        self.assert_error(self.secb.get(
            "orgs/%d/meetings.xlsx?year=2026" % self.a), 404, "not_found")
        # a joint meeting with a branch outside one's scope is refused too
        self.assert_error(self.secb.post("meetings", {
            "org_id": self.b, "kind": "theme_day",
            "joint_org_ids": [self.a]}), 404, "not_found")
        r = self.seca.get("meetings/%d" % mid)
        self.assert_status(r, 200)

    def test_b5_joint_meeting_counts_for_each(self):
        r = self.staff.post("meetings", {
            "org_id": self.a, "kind": "lecture", "held_on": "2026-09-15",
            "minutes": "联合党课", "joint_org_ids": [self.b]})
        self.assert_status(r, 201)
        mid = r.data["id"]
        self.assertEqual(r.data["joint_org_ids"], [self.b])
        r = self.staff.get("orgs/%d/attendees?joint_org_ids=%d" %
                           (self.a, self.b))
        self.assert_status(r, 200)
        ids = {x["member_id"] for x in r.data["items"]}
        self.assertEqual(ids, set(self.ma) | set(self.mb))
        items = [{"member_id": m, "status": "present"}
                 for m in self.ma + self.mb]
        r = self.staff.request("PUT", "meetings/%d/attendance" % mid,
                               {"items": items})
        self.assert_status(r, 200)
        self.assertEqual(r.data["status"], "completed")
        for org in (self.a, self.b):
            d = self.compliance(self.staff, org, "2026-Q3", "2026-10-10")
            it = [i for i in d["items"] if i["kind"] == "lecture"][0]
            self.assertEqual((it["status"], it["meeting_id"]), ("done", mid))
        # secretary B may read the joint meeting, not edit it
        self.assert_status(self.secb.get("meetings/%d" % mid), 200)
        self.assert_error(self.secb.patch("meetings/%d" % mid,
                                          {"topic": "x"}), 404, "not_found")

    def test_m2_votes_against_entitled(self):
        mid = self.congress
        r = self.seca.request("PUT", "meetings/%d/votes" % mid, {"items": [
            {"subject": "接收预备党员", "entitled": 5, "present": 5, "yes": 4,
             "no": 1, "abstain": 0, "written_yes": 0}]})
        self.assert_status(r, 200)
        v = r.data["votes"][0]
        # 5 full members present, the probationary member on leave
        self.assertEqual(v["entitled_roster"], 5)
        self.assertEqual(v["present_entitled"], 5)
        self.assertTrue(v["quorum_ok"])
        self.assertTrue(v["passed"])
        r = self.seca.request("PUT", "meetings/%d/votes" % mid, {"items": [
            {"subject": "表决", "entitled": 5, "present": 4, "yes": 2,
             "no": 2, "abstain": 0, "written_yes": 0}]})
        v = r.data["votes"][0]
        self.assertFalse(v["passed"])
        self.assertEqual(v["findings"][0]["rule"], "M2")
        r = self.seca.request("PUT", "meetings/%d/votes" % mid, {"items": [
            {"subject": "表决", "entitled": 5, "present": 4, "yes": 5,
             "no": 0, "abstain": 0, "written_yes": 0}]})
        self.assert_error(r, 400, "meeting.vote", "items")
        # two full members and the probationary member present: the
        # probationary member does not count, so no quorum (2 of 5)
        r = self.seca.post("meetings", {"org_id": self.a, "kind": "congress",
                                        "held_on": "2026-11-05",
                                        "minutes": "记录"})
        m2 = r.data["id"]
        st = ["present", "present", "absent", "absent", "absent", "present"]
        r = self.seca.request("PUT", "meetings/%d/attendance" % m2, {
            "items": [{"member_id": m, "status": x}
                      for m, x in zip(self.ma, st)]})
        self.assert_status(r, 200)
        r = self.seca.request("PUT", "meetings/%d/votes" % m2, {"items": [
            {"subject": "表决", "entitled": 5, "present": 3, "yes": 3,
             "no": 0, "abstain": 0, "written_yes": 0}]})
        v = r.data["votes"][0]
        self.assertEqual(v["present_entitled"], 2)
        self.assertFalse(v["quorum_ok"])
        self.assertEqual(v["findings"][0]["article"],
                         "《中国共产党支部工作条例（试行）》第十一条")
        # M6: with two of the five excluded from 应到会 (consent above and
        # the congress's approval, reason recorded), two present of three is
        # a quorum; the exclusion is shown with its rule
        r = self.seca.request("PUT", "meetings/%d/votes" % m2, {"items": [
            {"subject": "表决", "entitled": 5, "present": 2, "yes": 2,
             "no": 0, "abstain": 0, "written_yes": 0, "excluded": 2,
             "excluded_reason": "自费出国半年以上2人，经上级党委同意、"
                                "党员大会通过"}]})
        self.assert_status(r, 200)
        v = r.data["votes"][0]
        self.assertEqual((v["excluded"], v["quorum_ok"], v["passed"]),
                         (2, True, True))
        self.assertEqual([f["rule"] for f in v["findings"]], ["M6"])
        # an exclusion without its reason, or more than entitled, is refused
        for bad in ({"excluded": 1}, {"excluded": 1, "excluded_reason": " "},
                    {"excluded": 6, "excluded_reason": "x"},
                    {"excluded": 4, "excluded_reason": "x"}):
            body = dict({"subject": "表决", "entitled": 5, "present": 2,
                         "yes": 2, "no": 0, "abstain": 0, "written_yes": 0},
                        **bad)
            r = self.seca.request("PUT", "meetings/%d/votes" % m2,
                                  {"items": [body]})
            self.assert_error(r, 400, "meeting.vote", "items")
        self.assertEqual(self.seca.get("meetings/%d" % m2).data["votes"][0]
                         ["excluded"], 2)

    def test_b1_attachments(self):
        mid = self.congress
        r = self.seca.request("POST", "meetings/%d/files?filename=sign.png"
                              % mid, raw=PNG,
                              content_type="application/octet-stream")
        self.assert_status(r, 201)
        fid = r.data["id"]
        self.assertEqual(r.data["type"], "image/png")
        r = self.seca.get("meeting-files/%d" % fid)
        self.assert_status(r, 200)
        self.assertEqual(r.body, PNG)
        r = self.seca.request("POST", "meetings/%d/files?filename=a.gif" % mid,
                              raw=b"GIF89a" + b"\0" * 20,
                              content_type="application/octet-stream")
        self.assert_error(r, 415, "file.type")
        big = b"%PDF-" + b"0" * (5 * 1024 * 1024)
        r = self.seca.request("POST", "meetings/%d/files?filename=b.pdf" % mid,
                              raw=big,
                              content_type="application/octet-stream")
        self.assert_error(r, 413, "file.too_large")
        r = self.seca.request("POST", "meetings/%d/files" % mid, raw=PNG,
                              content_type="application/octet-stream")
        self.assert_error(r, 400, "field.required", "filename")
        self.assert_error(self.secb.get("meeting-files/%d" % fid), 404,
                          "not_found")
        r = self.seca.get("meetings/%d/files" % mid)
        self.assertEqual([f["id"] for f in r.data["items"]], [fid])
        self.assert_status(self.seca.delete("meeting-files/%d" % fid), 204)
        self.assert_error(self.seca.get("meeting-files/%d" % fid), 404,
                          "not_found")

    def test_b1_register_xlsx(self):
        r = self.seca.get("orgs/%d/meetings.xlsx?year=2026" % self.a)
        self.assert_status(r, 200)
        z = zipfile.ZipFile(io.BytesIO(r.body))
        text = "".join(z.read(n).decode("utf-8") for n in z.namelist()
                       if n.endswith(".xml"))
        self.assertIn("三会一课台账", text)
        self.assertIn("congress 2026-05-20", text)
        self.assertIn("党员大会", text)
        self.assertIn("甲5（出差）", text)
        r = self.seca.get("orgs/%d/meetings?period=2026-Q2&kind=theme_day"
                          % self.a)
        self.assert_status(r, 200)
        self.assertEqual(r.data["total"], 3)

    def test_bad_input(self):
        c = self.seca
        self.assert_error(c.post("meetings", {"org_id": self.a,
                                              "kind": "party"}), 400,
                          "meeting.kind", "kind")
        self.assert_error(c.post("meetings", {"org_id": self.a}), 400,
                          "field.required", "kind")
        self.assert_error(c.post("meetings", {"kind": "theme_day"}), 400,
                          "field.required", "org_id")
        self.assert_error(c.post("meetings", {
            "org_id": self.a, "kind": "theme_day", "held_on": "2026-02-30"}),
            400, "field.date", "held_on")
        self.assert_error(c.post("meetings", {
            "org_id": self.a, "kind": "theme_day", "start_time": "25:00"}),
            400, "meeting.time", "start_time")
        self.assert_error(c.post("meetings", {
            "org_id": self.a, "kind": "theme_day", "topic": 5}),
            400, "field.type", "topic")
        self.assert_error(c.post("meetings", {
            "org_id": self.a, "kind": "theme_day",
            "business_items": [1]}), 400, "field.type", "business_items")
        # host and recorder checked in one statement; the missing one named
        self.assert_error(c.post("meetings", {
            "org_id": self.a, "kind": "theme_day", "host_id": self.ma[0],
            "recorder_id": 999999}), 404, "not_found", "recorder_id")
        self.assert_error(c.post("meetings", {
            "org_id": self.a, "kind": "theme_day", "host_id": 999999,
            "recorder_id": self.ma[0]}), 404, "not_found", "host_id")
        self.assert_error(c.post("meetings", {
            "org_id": self.a, "kind": "theme_day", "host_id": 999999,
            "recorder_id": 999999}), 404, "not_found", "host_id")
        r = c.post("meetings", {"org_id": self.a, "kind": "theme_day",
                                "host_id": self.ma[0], "recorder_id":
                                self.ma[0], "planned_on": "2026-12-10"})
        self.assert_status(r, 201)
        self.assertEqual(r.data["status"], "planned")
        mid = r.data["id"]
        put = lambda items: c.request("PUT", "meetings/%d/attendance" % mid,
                                      {"items": items})
        self.assert_error(put([{"member_id": self.ma[0],
                                "status": "late"}]), 400,
                          "meeting.attendance_status", "items")
        self.assert_error(put([{"member_id": self.ma[0],
                                "status": "leave"}]), 400,
                          "meeting.leave_reason", "items")
        self.assert_error(put([{"member_id": self.mb[0],
                                "status": "present"}]), 400,
                          "meeting.attendee_invalid", "items")
        self.assert_error(put([{"member_id": self.ma[0], "status": "present"},
                               {"member_id": self.ma[0],
                                "status": "absent"}]), 400,
                          "meeting.attendee_duplicate", "items")
        self.assert_error(put("x"), 400, "field.required", "items")
        self.assert_error(c.get("orgs/%d/compliance?period=2026-13" %
                                self.a), 400, "request.bad_query", "period")
        self.assert_error(c.get("orgs/%d/compliance?period=2026-Q2&as_of=x" %
                                self.a), 400, "request.bad_query", "as_of")
        self.assert_error(c.get("orgs/%d/meetings?kind=x" % self.a), 400,
                          "request.bad_query")
        self.assert_error(c.get("meetings/abc"), 400, "request.bad_id")
        self.assert_error(c.get("meetings/999999"), 404, "not_found")
        self.assert_status(c.delete("meetings/%d" % mid), 204)
        self.assert_error(c.delete("meetings/%d" % self.congress), 409,
                          "meeting.not_planned")

    def test_b2_cadence_anchor(self):
        """Theme day on the 15th working day: due 2026-10-27 (National Day
        holiday 10-01..07, make-up Saturday 10-10 counts), overdue the day
        after."""
        r = self.staff.request("PUT", "orgs/%d/cadence" % self.b, {"items": [
            {"kind": "theme_day", "every": "month", "nth_workday": 15}]})
        self.assert_status(r, 200)
        td = [i for i in r.data["items"] if i["kind"] == "theme_day"][0]
        self.assertEqual((td["every"], td["nth_workday"]), ("month", 15))
        d = self.compliance(self.secb, self.b, "2026-10", "2026-10-27")
        it = [i for i in d["items"] if i["kind"] == "theme_day"][0]
        self.assertEqual((it["due_on"], it["status"]), ("2026-10-27", "due"))
        d = self.compliance(self.secb, self.b, "2026-10", "2026-10-28")
        it = [i for i in d["items"] if i["kind"] == "theme_day"][0]
        self.assertEqual(it["status"], "overdue")
        self.assert_error(self.staff.request("PUT", "orgs/%d/cadence" % self.b,
                                             {"items": [{"kind": "x",
                                                         "every": "month"}]}),
                          400, "cadence.kind", "items")
        self.assert_error(self.staff.request("PUT", "orgs/%d/cadence" % self.b,
                                             {"items": [{"kind": "theme_day",
                                                         "every": "weekly"}]}),
                          400, "cadence.every", "items")
        r = self.staff.request("PUT", "orgs/%d/cadence" % self.b, {"items": [
            {"kind": "theme_day", "every": "default"}]})
        td = [i for i in r.data["items"] if i["kind"] == "theme_day"][0]
        self.assertEqual((td["every"], td["nth_workday"]), ("month", 0))

    def test_t13_inactive_boundary_and_study_hours(self):
        c = self.staff.post("orgs", {"parent_id": 1, "kind": "branch",
                                     "name": "丙党支部"}).data["id"]
        mc = [self.staff.post("members", member_body(
            c, "丙%d" % i, birth="19770101", seq=801 + 2 * i)).data["id"]
            for i in range(3)]
        mid = self.staff.post("meetings", {
            "org_id": c, "kind": "theme_day", "held_on": "2026-01-31",
            "minutes": "记录"}).data["id"]
        r = self.staff.request("PUT", "meetings/%d/attendance" % mid, {
            "items": [{"member_id": mc[0], "status": "present"},
                      {"member_id": mc[1], "status": "absent"},
                      {"member_id": mc[2], "status": "leave",
                       "reason": "病假"}]})
        self.assert_status(r, 200)
        # last present 01-31: six whole months end on 07-31 (rules §9)
        r = self.staff.get("orgs/%d/inactive?as_of=2026-07-30" % c)
        self.assert_status(r, 200)
        self.assertEqual(r.data["rule"], "T13")
        self.assertEqual({x["name"] for x in r.data["items"]}, {"丙1", "丙2"})
        r = self.staff.get("orgs/%d/inactive?as_of=2026-07-31" % c)
        self.assertEqual({x["name"] for x in r.data["items"]},
                         {"丙0", "丙1", "丙2"})
        # exempt members (T8) are not flagged
        r = self.staff.request("PUT", "members/%d/exempt" % mc[2],
                               {"exempt": True, "reason": "年老体弱"})
        self.assert_status(r, 200)
        r = self.staff.get("orgs/%d/inactive?as_of=2026-07-31" % c)
        self.assertEqual({x["name"] for x in r.data["items"]}, {"丙0", "丙1"})
        r = self.staff.get("members/%d/life?year=2026" % mc[0])
        self.assert_status(r, 200)
        self.assertEqual(r.data["required_hours"], 32)
        self.assertEqual(r.data["study_hours"], 2)
        self.assertEqual(r.data["items"][0]["meeting_id"], mid)

    def test_cli_check(self):
        r = self.server.cli("check", "--org", str(self.b), "--period",
                            "2026-05", "--as-of", "2026-06-10")
        self.assertEqual(r.rc, 0, r)
        self.assertIn("committee_meeting", r.out)
        self.assertIn("overdue", r.out)

    def test_b3_trend_and_heatmap(self):
        r = self.staff.get("orgs/1/trend?year=2026&by=month&as_of=2026-06-10")
        self.assert_status(r, 200)
        self.assertEqual((r.data["year"], r.data["by"]), (2026, "month"))
        self.assertIn("committee_meeting", r.data["kinds"])
        by = {i["period"]: i for i in r.data["items"]}
        self.assertEqual(len(by), 12)
        self.assertEqual(by["2026-04"]["done_by_kind"]["committee_meeting"], 2)
        self.assertEqual(by["2026-05"]["done_by_kind"]["committee_meeting"], 1)
        self.assertEqual(by["2026-05"]["overdue_by_kind"]["committee_meeting"],
                         1)
        r = self.staff.get("orgs/1/trend?year=2026&by=quarter")
        self.assertEqual([i["period"] for i in r.data["items"]],
                         ["2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"])
        self.assertEqual(r.data["items"][1]["done_by_kind"]["congress"], 1)
        r = self.staff.get("orgs/1/heatmap?period=2026-Q2&as_of=2026-07-10")
        self.assert_status(r, 200)
        rows = {x["org_id"]: x for x in r.data["rows"]}
        self.assertEqual(rows[self.a]["cells"]["committee_meeting"], "done")
        self.assertEqual(rows[self.a]["overdue"], 0)
        self.assertEqual(rows[self.b]["cells"]["committee_meeting"],
                         "overdue")
        self.assertEqual(rows[self.b]["overdue"], 6)
        # no party group in 甲: no group-meeting cell (nothing asked, M4)
        self.assertNotIn("group_meeting", rows[self.a]["cells"])
        # a branch's own trend reads its counters too
        r = self.seca.get("orgs/%d/trend?year=2026&as_of=2026-06-10" % self.a)
        self.assert_status(r, 200)
        self.assertEqual(r.data["items"][4]["done_by_kind"]["theme_day"], 1)

    def test_b3_compliance_xlsx(self):
        r = self.staff.get("orgs/1/compliance.xlsx?period=2026-Q2"
                           "&as_of=2026-07-10")
        self.assert_status(r, 200)
        z = zipfile.ZipFile(io.BytesIO(r.body))
        text = "".join(z.read(n).decode("utf-8") for n in z.namelist()
                       if n.endswith(".xml"))
        self.assertIn("乙党支部", text)
        self.assertIn("支委会", text)
        n = self.server.db.one("SELECT count(*) FROM audit WHERE action="
                               "'export.compliance' AND object_id=1")
        self.assertGreaterEqual(int(n), 1)
        r = self.seca.get("orgs/%d/compliance.xlsx?period=2026-Q2" % self.a)
        self.assert_status(r, 200)

    def test_b4_liaison(self):
        lead = self.mb[0]
        # secretary A cannot read the leader in branch B
        self.assert_error(self.seca.post("orgs/%d/liaisons" % self.a,
                                         {"member_id": lead}), 404,
                          "not_found")
        r = self.staff.post("orgs/%d/liaisons" % self.a, {"member_id": lead})
        self.assert_status(r, 201)
        lid = r.data["id"]
        self.assertEqual((r.data["member_id"], r.data["org_id"]),
                         (lead, self.b))
        self.assert_error(self.staff.post("orgs/%d/liaisons" % self.a,
                                          {"member_id": lead}), 409,
                          "liaison.exists")
        r = self.seca.get("orgs/%d/liaisons?period=2026-Q4&as_of=2027-01-05"
                          % self.a)
        self.assert_status(r, 200)
        self.assertEqual([(x["id"], x["status"]) for x in r.data["items"]],
                         [(lid, "overdue")])
        mid = self.seca.post("meetings", {
            "org_id": self.a, "kind": "study", "held_on": "2026-11-05",
            "minutes": "集中学习"}).data["id"]
        items = [{"member_id": m, "status": "present"}
                 for m in self.ma + [lead]]
        r = self.seca.request("PUT", "meetings/%d/attendance" % mid,
                              {"items": items})
        self.assert_status(r, 200)
        r = self.seca.get("orgs/%d/liaisons?period=2026-Q4&as_of=2026-11-10"
                          % self.a)
        self.assertEqual((r.data["items"][0]["status"],
                          r.data["items"][0]["meeting_id"]), ("done", mid))
        self.assertEqual(r.data["rule"], "B4")
        r = self.staff.get("members/%d/life?year=2026" % lead)
        att = r.data["attendance"]
        self.assertGreaterEqual(att["present"], 1)
        self.assertEqual(att["expected"],
                         att["present"] + att["leave"] + att["absent"])
        self.assert_error(self.secb.delete("liaisons/%d" % lid), 404,
                          "not_found")
        self.assert_status(self.seca.delete("liaisons/%d" % lid), 204)
        self.assert_error(self.seca.delete("liaisons/%d" % lid), 404,
                          "not_found")
        n = self.server.db.one("SELECT count(*) FROM audit WHERE action IN "
                               "('liaison.create','liaison.delete') AND "
                               "object_id=%d" % lid)
        self.assertEqual(int(n), 2)

    def test_b2_calendar_get(self):
        r = self.seca.get("calendar/2026")
        self.assert_status(r, 200)
        self.assertEqual((r.data["year"], r.data["source"]), (2026, "builtin"))
        days = {d["date"]: d for d in r.data["days"]}
        self.assertEqual(days["2026-10-01"]["type"], "off")
        self.assertEqual(days["2026-10-10"]["type"], "work")
        r = self.seca.get("calendar/2090")
        self.assertEqual((r.data["source"], r.data["days"]), ("none", []))
        self.assert_error(self.seca.get("calendar/abc"), 400,
                          "request.bad_id")

    def test_b2_calendar_load_next_year(self):
        """An administrator loads next year's arrangement (published after
        the built-in data): every connection of the server uses it at once,
        a second load in the same second replaces the first, and a bad file
        changes nothing."""
        c = self.b
        r = self.staff.request("PUT", "orgs/%d/cadence" % c, {"items": [
            {"kind": "theme_day", "every": "month", "nth_workday": 1}]})
        self.assert_status(r, 200)

        def due():
            # more requests than the server has connections
            got = set()
            for _ in range(6):
                d = self.compliance(self.staff, c, "2095-02", "2095-01-15")
                got |= {i["due_on"] for i in d["items"]
                        if i["kind"] == "theme_day"}
            self.assertEqual(len(got), 1, got)
            return got.pop()

        # a year no built-in data covers (the mechanism is the one for next
        # year's arrangement)
        self.assertEqual(self.staff.get("calendar/2095").data["source"],
                         "none")
        self.assertEqual(due(), "2095-02-01")  # a Tuesday
        sa = self.server.admin("sysadmin")
        self.assert_error(self.staff.request("PUT", "calendar/2095", {
            "tsv": "2095-02-01\toff\t春节\n"}), 403, "auth.forbidden")
        r = sa.request("PUT", "calendar/2095", {
            "tsv": "2095-02-01\toff\t春节\n2095-02-02\toff\t春节\n"})
        self.assert_status(r, 200)
        self.assertEqual(r.data["days"], 2)
        self.assertEqual(due(), "2095-02-03")
        r = sa.request("PUT", "calendar/2095", {
            "tsv": "2095-02-01\toff\t春节\n"})
        self.assert_status(r, 200)
        self.assertEqual(due(), "2095-02-02")
        g = self.staff.get("calendar/2095").data
        self.assertEqual(g["source"], "loaded")
        days = {d["date"]: d["type"] for d in g["days"]}
        self.assertEqual(days["2095-02-01"], "off")
        self.assertNotIn("2095-02-02", days)
        r = sa.request("PUT", "calendar/2095", {
            "tsv": "2095-02-03\tholiday\t春节\n"})
        self.assert_error(r, 400, "calendar.data")
        self.assertEqual(due(), "2095-02-02")
        n = self.server.db.one("SELECT count(*) FROM audit WHERE "
                               "action='calendar.load'")
        self.assertEqual(int(n), 2)
        r = self.staff.request("PUT", "orgs/%d/cadence" % c, {"items": [
            {"kind": "theme_day", "every": "default"}]})
        self.assert_status(r, 200)

    def test_rollup_scope_and_bad_input(self):
        for path in ("orgs/%d/trend?year=2026", "orgs/%d/heatmap?period=2026",
                     "orgs/%d/compliance.xlsx?period=2026",
                     "orgs/%d/liaisons"):
            self.assert_error(self.secb.get(path % self.a), 404, "not_found")
        c = self.staff
        self.assert_error(c.get("orgs/1/trend?by=week"), 400,
                          "request.bad_query", "by")
        self.assert_error(c.get("orgs/1/trend?as_of=2026-13-01"), 400,
                          "request.bad_query", "as_of")
        self.assert_error(c.get("orgs/1/heatmap?period=x"), 400,
                          "request.bad_query", "period")
        self.assert_error(c.get("orgs/1/compliance.xlsx?period=2026-Q5"), 400,
                          "request.bad_query", "period")
        self.assert_error(c.get("orgs/%d/liaisons?period=2026-05" % self.a),
                          400, "request.bad_query", "period")
        self.assert_error(c.post("orgs/%d/liaisons" % self.a, {}), 400,
                          "field.required", "member_id")
        self.assert_error(c.post("orgs/%d/liaisons" % self.a,
                                 {"member_id": 999999}), 404, "not_found")
        self.assert_error(c.delete("liaisons/abc"), 400, "request.bad_id")
