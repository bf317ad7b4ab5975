#!/usr/bin/env python3
"""holidays.py: convert holiday-cn JSON files into data/holidays.tsv (B2).

Usage: python3 tools/holidays.py ../shared/data/holiday-cn > data/holidays.tsv

Reads every YYYY.json in the directory (https://github.com/NateScarlet/holiday-cn,
MIT licence) and prints one line per date, sorted by date:

    YYYY-MM-DD<TAB>off|work<TAB>name

off  = statutory holiday (a day off);
work = make-up workday (调休上班日, a Saturday or Sunday that is a working day).

A "# years:" header line lists the years whose files hold an arrangement
(a file with an empty "days" list, e.g. a year not yet published, is left
out).  src/calendar.c reads it to answer cal_has_year(); a file may also
list days of the neighbouring year (2007.json holds 2006-12-30), which does
not make that year complete.

Entries with isOffDay false on a Monday..Friday (2020-02-03, the end of the
extended Spring Festival) change nothing, since the day is a working day
anyway; they are left out so every "work" line is a weekend day.
"""
import datetime
import json
import os
import re
import sys


def ranges(years):
    """Compress sorted years into "A-B" / "A" tokens."""
    out = []
    for y in years:
        if out and out[-1][1] == y - 1:
            out[-1][1] = y
        else:
            out.append([y, y])
    return " ".join(str(a) if a == b else "%d-%d" % (a, b) for a, b in out)


def main(argv):
    if len(argv) != 2:
        sys.stderr.write("usage: holidays.py HOLIDAY-CN-DIR > data/holidays.tsv\n")
        return 2
    zDir = argv[1]
    days = {}
    years = []
    skipped = []
    for fname in sorted(os.listdir(zDir)):
        if not re.fullmatch(r"\d{4}\.json", fname):
            continue
        with open(os.path.join(zDir, fname), encoding="utf-8") as f:
            doc = json.load(f)
        if doc.get("days"):
            years.append(int(doc["year"]))
        for e in doc.get("days", []):
            d = datetime.date.fromisoformat(e["date"])
            name = e["name"].strip()
            if not name or "\t" in name or "\n" in name:
                sys.exit("%s: bad name for %s" % (fname, e["date"]))
            kind = "off" if e["isOffDay"] else "work"
            if kind == "work" and d.isoweekday() < 6:
                skipped.append(e["date"])
                continue
            if d in days and days[d] != (kind, name):
                sys.exit("%s: %s conflicts with another file" % (fname, e["date"]))
            days[d] = (kind, name)
    years.sort()
    out = sys.stdout
    out.write("# holidays.tsv: official public holidays and make-up workdays of the\n")
    out.write("# PRC (State Council arrangements), one line per date, sorted by date.\n")
    out.write("# Source: https://github.com/NateScarlet/holiday-cn\n")
    out.write("# Licence: derived from holiday-cn, MIT; see data/holidays.LICENSE.\n")
    out.write("# Regenerate: python3 tools/holidays.py ../shared/data/holiday-cn"
              " > data/holidays.tsv\n")
    out.write("# Columns: YYYY-MM-DD<TAB>off|work<TAB>name\n")
    out.write("#   off  = statutory holiday (a day off)\n")
    out.write("#   work = make-up workday (调休上班日), a Saturday or Sunday\n")
    if skipped:
        out.write("# Left out (weekday marked as workday, no change): %s\n"
                  % " ".join(skipped))
    out.write("# years: %s\n" % ranges(years))
    for d in sorted(days):
        kind, name = days[d]
        out.write("%s\t%s\t%s\n" % (d.isoformat(), kind, name))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
