#!/usr/bin/env python3
"""run.py: run the HTTP test suite (test/http/test_*.py).

    python3 test/http/run.py [-v] [-k SUBSTRING] [MODULE ...]

The engine comes from ZHIBU_TEST_DB (see harness.py).  Modules that set
ENGINE_INDEPENDENT = True (e.g. test_docs) run only on the SQLite pass.
The binary (ZHIBU_BIN) is copied once at the start, so that one binary is
tested throughout even when it is rebuilt meanwhile.  Every test method
counts once.  A skipped test, an expected failure and an
unexpected success count as failures unless the test id is listed in
ALLOWED_SKIPS with its reason (there are none: do not skip).

The last line is `http(<engine>): N passed, N failed`; the exit status is
non-zero when anything failed or nothing ran.
"""

import os
import shutil
import sys
import tempfile
import time
import traceback
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import harness  # noqa: E402

# test id -> reason.  Keep empty unless the lead agrees.
ALLOWED_SKIPS = {}


class Result(unittest.TestResult):
    def __init__(self, verbose):
        super().__init__()
        self.verbose = verbose
        self.passed = []
        self.failed = []  # (id, text)

    def _id(self, test):
        return test.id() if hasattr(test, "id") else str(test)

    def addSuccess(self, test):
        super().addSuccess(test)
        self.passed.append(self._id(test))
        if self.verbose:
            print("ok   %s" % self._id(test), flush=True)

    def _fail(self, test, text):
        tid = self._id(test)
        if tid not in {t for t, _ in self.failed}:  # count each test once
            self.failed.append((tid, text))
        print("FAIL %s\n%s" % (tid, text.rstrip()), flush=True)

    def addFailure(self, test, err):
        super().addFailure(test, err)
        self._fail(test, self._exc_info_to_string(err, test))

    def addError(self, test, err):
        super().addError(test, err)
        self._fail(test, self._exc_info_to_string(err, test))

    def addSkip(self, test, reason):
        super().addSkip(test, reason)
        tid = self._id(test)
        if tid in ALLOWED_SKIPS:
            self.passed.append(tid)
            print("skip %s (allowed: %s)" % (tid, ALLOWED_SKIPS[tid]), flush=True)
        else:
            self._fail(test, "skipped (not allowed): %s" % reason)

    def addExpectedFailure(self, test, err):
        super().addExpectedFailure(test, err)
        self._fail(test, "expected failure (not allowed):\n" +
                   self._exc_info_to_string(err, test))

    def addUnexpectedSuccess(self, test):
        super().addUnexpectedSuccess(test)
        self._fail(test, "unexpected success (not allowed)")

    def addSubTest(self, test, subtest, err):
        super().addSubTest(test, subtest, err)
        if err is not None:
            # The test counts as one failure, however many subtests fail.
            text = self._exc_info_to_string(err, test)
            tid = self._id(test)
            if tid not in {t for t, _ in self.failed}:
                self.failed.append((tid, text))
            print("FAIL %s\n%s" % (subtest.id(), text.rstrip()), flush=True)


def flatten(suite):
    for t in suite:
        if isinstance(t, unittest.TestSuite):
            yield from flatten(t)
        else:
            yield t


def main(argv):
    verbose = False
    pattern = None
    names = []
    args = list(argv)
    while args:
        a = args.pop(0)
        if a == "-v":
            verbose = True
        elif a == "-k" and args:
            pattern = args.pop(0)
        else:
            names.append(os.path.splitext(os.path.basename(a))[0])
    eng = harness.engine()
    # Test one binary throughout, even if `make` relinks it meanwhile.
    snapdir = tempfile.mkdtemp(prefix="zhibu-bin-")
    src = harness.zhibu_bin()
    if os.path.exists(src):
        snap = os.path.join(snapdir, os.path.basename(src))
        shutil.copy2(src, snap)
        os.environ["ZHIBU_BIN"] = snap
    try:
        return run(eng, names, pattern, verbose)
    finally:
        shutil.rmtree(snapdir, ignore_errors=True)


def run(eng, names, pattern, verbose):
    if not names:
        names = sorted(os.path.splitext(f)[0] for f in os.listdir(HERE)
                       if f.startswith("test_") and f.endswith(".py"))
    loader = unittest.TestLoader()
    suite = unittest.TestSuite()
    load_errors = []
    for n in names:
        try:
            mod = __import__(n)
        except Exception:
            load_errors.append((n, traceback.format_exc()))
            continue
        if getattr(mod, "ENGINE_INDEPENDENT", False) and eng != "sqlite":
            continue
        s = loader.loadTestsFromModule(mod)
        if pattern:
            s = unittest.TestSuite(t for t in flatten(s) if pattern in t.id())
        suite.addTest(s)
    all_ids = [t.id() for t in flatten(suite)]
    res = Result(verbose)
    for n, tb in load_errors:
        res.failed.append((n, tb))
        print("FAIL import %s\n%s" % (n, tb.rstrip()), flush=True)
    t0 = time.monotonic()
    suite.run(res)
    # unittest reports class/module fixture errors as pseudo-tests (already
    # in res.failed); the tests a failed setUpClass kept from running count
    # as failures too.
    seen = set(res.passed) | {tid for tid, _ in res.failed}
    for tid in all_ids:
        if tid not in seen:
            res.failed.append((tid, "did not run"))
            print("FAIL %s (did not run)" % tid, flush=True)
    npass, nfail = len(res.passed), len(res.failed)
    if npass + nfail == 0:
        print("http(%s): no tests ran" % eng)
        nfail = 1
    print("http(%s): %.0f s" % (eng, time.monotonic() - t0))
    print("http(%s): %d passed, %d failed" % (eng, npass, nfail), flush=True)
    return 1 if nfail else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
