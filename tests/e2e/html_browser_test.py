#!/usr/bin/env python3
"""Renders trainsim's HTML pages in headless Chromium and checks them
through the DOM Chromium built (--dump-dom) and its console log.

usage: html_browser_test.py CHROMIUM OUT_DIR PAGE.html KIND EXPECT.json ...
  KIND: run | sweep | tune | selfcheck (a broken page whose console error must be seen). EXPECT.json is what the page must show: for run
  the JSON report (session marks = training.sessions), for sweep the list of
  rows (one heatmap cell per point, with its outcome), for tune the result.
Saves OUT_DIR/<name>.png per page. Exit 0 pass, 1 fail. Standard library only.
"""
import html.parser
import json
import os
import subprocess
import sys


class Dom(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.elements = []  # (tag, attrs dict)
        self.script = None
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.elements.append((tag, a))
        if tag == "script" and a.get("id") == "trainsim-report":
            self._in_script = True
            self.script = ""

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.script += data

    def having(self, attr, value=None):
        return [a for _, a in self.elements if attr in a and (value is None or a[attr] == value)]


def chromium(binary, args, url):
    base = [binary, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
            "--no-first-run", "--disable-extensions", "--enable-logging=stderr", "--v=0",
            "--user-data-dir=" + os.environ.get("TMPDIR", "/tmp") + "/trainsim-chromium-%d" % os.getpid()]
    return subprocess.run(base + args + [url], capture_output=True, text=True, timeout=120)


def console_errors(log):
    # Chromium logs page console messages as "CONSOLE(...)" lines and
    # uncaught exceptions as "Uncaught ..."; a self-contained page has neither.
    return [l for l in log.splitlines() if "CONSOLE" in l or "Uncaught" in l or "Failed to load resource" in l]


def main():
    binary, out_dir = sys.argv[1], sys.argv[2]
    pages = sys.argv[3:]
    failures = []
    os.makedirs(out_dir, exist_ok=True)
    for i in range(0, len(pages), 3):
        page, kind, expect_file = pages[i:i + 3]
        name = os.path.splitext(os.path.basename(page))[0]
        url = "file://" + os.path.abspath(page)
        dumped = chromium(binary, ["--dump-dom"], url)
        if kind == "selfcheck":  # a page that logs an error: the check must see it
            if not console_errors(dumped.stderr):
                failures.append("%s: the console check missed a page's error" % name)
            continue
        with open(expect_file) as f:
            expect = json.load(f)
        if dumped.returncode != 0 or "<svg" not in dumped.stdout:
            failures.append("%s: chromium --dump-dom failed (%d): %s" % (name, dumped.returncode, dumped.stderr[-400:]))
            continue
        errors = console_errors(dumped.stderr)
        if errors:
            failures.append("%s: console errors: %s" % (name, errors[:3]))
        dom = Dom()
        dom.feed(dumped.stdout)
        if dom.script is None:
            failures.append("%s: no <script id=trainsim-report>" % name)
            continue
        embedded = json.loads(dom.script)
        charts = [a["data-chart"] for a in dom.having("data-chart")]
        if kind == "run":
            sessions = len(dom.having("data-session"))
            want = expect["training"]["sessions"]
            if sessions != want:
                failures.append("%s: %d session marks, training.sessions is %d" % (name, sessions, want))
            numbers = sorted(int(a["data-session"]) for a in dom.having("data-session"))
            if numbers != list(range(1, want + 1)):
                failures.append("%s: session marks are not numbered 1..%d" % (name, want))
            if embedded["training"]["sessions"] != want or embedded["outcome"] != expect["outcome"]:
                failures.append("%s: the embedded report is not the run's" % name)
            for c in ["bucket", "trainings", "budget"] + (["readiness"] if expect["mode"] == "live" else []):
                if c not in charts:
                    failures.append("%s: no data-chart=%s (has %s)" % (name, c, charts))
            failing = dom.having("data-failing")
            if (expect["outcome"] == "failed") != (len(failing) == 1) and expect["failure"] and expect["failure"]["event"]:
                failures.append("%s: %d failing session marks for outcome %s" % (name, len(failing), expect["outcome"]))
        elif kind == "sweep":
            cells = {int(a["data-point"]): a["data-outcome"] for a in dom.having("data-point")}
            if len(dom.having("data-point")) != len(expect):
                failures.append("%s: %d heatmap cells for %d points" % (name, len(dom.having("data-point")), len(expect)))
            for row in expect:
                got = cells.get(row["point"])
                if got != row["outcome"]:
                    failures.append("%s: point %d shows %s, the sweep says %s" % (name, row["point"], got, row["outcome"]))
            if "heatmap" not in charts:
                failures.append("%s: no data-chart=heatmap" % name)
            if embedded != expect:
                failures.append("%s: the embedded rows are not the sweep's" % name)
        elif kind == "tune":
            probes = dom.having("data-value")
            if len(probes) != len(expect["runs"]):
                failures.append("%s: %d probe marks for %d runs" % (name, len(probes), len(expect["runs"])))
            for p, r in zip(sorted(probes, key=lambda a: a["data-value"]), sorted(expect["runs"], key=lambda r: r["value"])):
                if p["data-value"] != r["value"] or p["data-outcome"] != r["outcome"]:
                    failures.append("%s: probe %s shows %s, tune says %s" % (name, p["data-value"], p["data-outcome"], r["outcome"]))
            if "probes" not in charts:
                failures.append("%s: no data-chart=probes" % name)
            if expect["boundary"] is not None and not dom.having("data-boundary", expect["boundary"]):
                failures.append("%s: the boundary %s is not drawn" % (name, expect["boundary"]))
        shot = os.path.join(out_dir, name + ".png")
        shown = chromium(binary, ["--screenshot=" + shot, "--window-size=1000,1400", "--hide-scrollbars"], url)
        if shown.returncode != 0 or not os.path.exists(shot) or os.path.getsize(shot) < 1000:
            failures.append("%s: no screenshot (%d)" % (name, shown.returncode))
        else:
            print("screenshot: " + shot)
    for f in failures:
        print("FAIL " + f)
    print("%d pages checked, %d failures" % (len(pages) // 3, len(failures)))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
