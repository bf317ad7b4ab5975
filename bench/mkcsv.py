#!/usr/bin/env python3
"""mkcsv.py: a roster CSV for the import benchmark (bench/run.sh).

    python3 bench/mkcsv.py OUT.csv [ROWS] [SEED]

Writes ROWS (default 100000) members with the import template's Chinese
headers, UTF-8.  Every ID number is valid (GB 11643-1999: real date, odd/even
sequence for sex, MOD 11-2 check) and unique within the file.  The area codes
are 江苏 ones, which `zhibu gen` (河南 codes) never uses, so the file imports
cleanly into a generated database.  Deterministic for a given SEED.
Python 3 standard library only.
"""
import csv
import datetime
import random
import sys

AREAS = ["320924", "320923", "320925", "320902", "320903", "320981",
         "320104", "320106", "320111", "320115", "320205", "320211"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦方白邹孟熊秦邱江尹薛闫段雷侯龙史陶顾毛郝龚邵万钱严戴"
MALE = "伟强磊军勇杰涛斌超明刚平辉鹏峰建国志海文华宇浩博轩晨阳俊立永振"
FEMALE = "丽敏静燕艳娟霞芳红玲婷洁英兰秀梅琴欣怡雨涵琪雯萍慧莉颖佳晓雪"
EDU = [("研究生", 8), ("大学本科", 45), ("大学专科", 22), ("中专", 8),
       ("高中", 10), ("初中及以下", 7)]
ETHNIC = [("汉族", 96), ("回族", 2), ("满族", 1), ("壮族", 1)]
PHONE_PREFIX = [130, 131, 132, 133, 135, 136, 137, 138, 139, 150, 151, 152,
                155, 156, 157, 158, 159, 177, 180, 181, 182, 183, 185, 186,
                187, 188, 189, 199]
W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
HEADERS = ["姓名", "公民身份号码", "性别", "民族", "出生日期", "学历",
           "手机号码", "人员类别", "入党日期", "转正日期"]


def check_char(body):
    """GB 11643-1999 check character of a 17-digit body."""
    return "10X98765432"[sum(int(c) * w for c, w in zip(body, W)) % 11]


def add_years(d, n=1):
    """Same day n years later; 02-29 becomes 02-28 (rules §9)."""
    try:
        return d.replace(year=d.year + n)
    except ValueError:
        return d.replace(year=d.year + n, day=28)


def weighted(rng, pairs):
    return rng.choices([p[0] for p in pairs], [p[1] for p in pairs])[0]


def main():
    out = sys.argv[1]
    rows = int(sys.argv[2]) if len(sys.argv) > 2 else 100000
    rng = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 7)
    today = datetime.date.today()
    d0 = datetime.date(1950, 1, 1)
    ndays = (datetime.date(2004, 12, 31) - d0).days + 1
    used = set()
    with open(out, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(HEADERS)
        for _ in range(rows):
            male = rng.random() < 0.62
            while True:
                birth = d0 + datetime.timedelta(days=rng.randrange(ndays))
                seq = rng.randrange(499) * 2 + (1 if male else 2)
                body = "%s%s%03d" % (rng.choice(AREAS),
                                     birth.strftime("%Y%m%d"), seq)
                if body not in used:
                    used.add(body)
                    break
            idno = body + check_char(body)
            given = MALE if male else FEMALE
            name = rng.choice(SURNAMES) + "".join(
                rng.choice(given) for _ in range(rng.choice((1, 2, 2))))
            eighteen = add_years(birth, 18)
            if rng.random() < 0.05:
                status = "预备党员"
                lo = max(eighteen, today - datetime.timedelta(days=350))
                joined = lo + datetime.timedelta(
                    days=rng.randrange(max(1, (today - lo).days - 1)))
                full = ""
            else:
                status = "正式党员"
                hi = today - datetime.timedelta(days=400)
                lo = min(eighteen + datetime.timedelta(days=365 * 2), hi)
                lo = max(lo, eighteen)
                joined = lo + datetime.timedelta(
                    days=rng.randrange(max(1, (hi - lo).days)))
                full = add_years(joined).isoformat()
            phone = "%d%08d" % (rng.choice(PHONE_PREFIX),
                                rng.randrange(100000000))
            w.writerow([name, idno, "男" if male else "女",
                        weighted(rng, ETHNIC), birth.isoformat(),
                        weighted(rng, EDU), phone, status,
                        joined.isoformat(), full])


if __name__ == "__main__":
    main()
