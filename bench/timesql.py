#!/usr/bin/env python3
"""timesql.py ENGINE URL SQLFILE OUT: run the query in SQLFILE three times
on the SQLite file or PostgreSQL URL, write its rows (kind|period|n) to
OUT and print the median wall time in milliseconds.  PostgreSQL goes
through psql (its own \\timing, so no client start-up is counted)."""
import re
import sqlite3
import statistics
import subprocess
import sys

engine, url, sqlfile, out = sys.argv[1:5]
sql = open(sqlfile).read()
times, rows = [], []
for _ in range(3):
    if engine == "sqlite":
        import time
        db = sqlite3.connect(url)
        t0 = time.perf_counter()
        rows = db.execute(sql).fetchall()
        times.append((time.perf_counter() - t0) * 1000)
        db.close()
    else:
        p = subprocess.run(["psql", "-At", "-X", url.split("?")[0], "-c",
                            "\\timing on", "-c", sql],
                           capture_output=True, text=True, check=True)
        rows = []
        for line in p.stdout.splitlines():
            m = re.match(r"Time: ([0-9.]+) ms", line)
            if m:
                times.append(float(m.group(1)))
            elif line.count("|") == 2:
                rows.append(tuple(line.split("|")))
with open(out, "w") as f:
    for r in rows:
        f.write("|".join(str(x) for x in r) + "\n")
print("%.1f" % statistics.median(times))
