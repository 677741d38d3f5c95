#!/usr/bin/env python3
"""Renders trainsim's HTML pages in headless Chromium and checks them
through the DOM Chromium built (--dump-dom) and its console log.

usage: html_browser_test.py CHROMIUM OUT_DIR PAGE.html KIND EXPECT.json ...
  KIND: run | sweep | tune | trials | calibrate | selfcheck (a broken page whose console
  error must be seen). EXPECT.json is what the page must show: for run the
  JSON report (session marks = training.sessions), for sweep the list of rows
  (one heatmap cell per point, with its outcome, and with --trials its
  p_fail), for tune the result (with --max-failure-probability one odds
  point per probe and the target), for trials the JSON report (the odds by
  reason, the failure curve ending at the failure probability, every
  completed trial in the margins histogram, the worst and first failing
  trials named).
Saves OUT_DIR/<name>.png per page. Exit 0 pass, 1 fail. Standard library only.
"""
import html
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


def check_steps(dom, report):
    """The time-step chart: each step's free, charged and beyond segments sum
    to its duration, in minutes and in drawn width (one scale for all steps);
    the steps are the run's longest (when the report lists every event)."""
    failures, per_minute = [], []
    steps = [(tag, a) for tag, a in dom.elements if "data-step" in a or "data-segment" in a]
    groups = []
    for tag, a in steps:
        if "data-step" in a:
            groups.append((a, []))
        elif groups:
            groups[-1][1].append(a)
    for step, segments in groups:
        minutes = float(step["data-minutes"])
        summed = sum(float(s["data-segment-minutes"]) for s in segments)
        if abs(summed - minutes) > 1e-6:
            failures.append("step %s: segments sum to %s minutes, the step ran %s" % (step["data-step"], summed, minutes))
        if minutes > 0:
            per_minute.append(sum(float(s["width"]) for s in segments) / minutes)
        for s in segments:
            if s["data-segment"] not in ("free", "charged", "beyond"):
                failures.append("step %s: unknown segment %s" % (step["data-step"], s["data-segment"]))
    if not groups and report["events"]:
        failures.append("no time steps drawn")
    if per_minute and max(per_minute) - min(per_minute) > 0.01:
        failures.append("the steps are drawn at different scales: %s pixels a minute" % per_minute)
    if "events-not-listed" not in report and groups:
        drawn = sorted((float(g["data-minutes"]) for g, _ in groups if "data-failing" not in g), reverse=True)
        rest = sorted((e["minutes"] for e in report["events"]), reverse=True)
        for m in drawn:
            match = next((i for i, r in enumerate(rest) if abs(r - m) < 1e-6), None)
            if match is None:
                failures.append("a step of %s minutes is drawn that the report does not list" % m)
            else:
                rest.pop(match)
        if drawn and rest and max(rest) > min(drawn) + 1e-6 and len(drawn) >= len(groups) - 1:
            failures.append("a step of %s minutes is longer than the drawn %s" % (max(rest), min(drawn)))
    return failures


def check_readiness(dom, report):
    """Every training the report lists (but the warm-up's) lies inside an
    unready mark: the band covers the whole run."""
    import datetime
    marks = [(datetime.datetime.fromisoformat(a["data-from"]), datetime.datetime.fromisoformat(a["data-to"]))
             for a in dom.having("data-unready")]
    missed = [e["fired"] for e in report["events"] if e["training"] and not e.get("warm-up")
              and not any(a <= datetime.datetime.fromisoformat(e["fired"]) <= b for a, b in marks)]
    return ["%d trainings outside the readiness marks, first %s" % (len(missed), missed[0])] if missed else []


def chromium(binary, args, url):
    base = [binary, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
            "--no-first-run", "--disable-extensions", "--enable-logging=stderr", "--v=0",
            "--user-data-dir=" + os.environ.get("TMPDIR", "/tmp") + "/trainsim-chromium-%d" % os.getpid()]
    return subprocess.run(base + args + [url], capture_output=True, text=True, timeout=120)


# Injected into a copy of each page (never into trainsim's output): lists
# every <text> whose drawn box leaves its <svg>'s box, as Chromium laid it out.
BOX_CHECK = """<script>
(function () {
  var out = [];
  document.querySelectorAll("svg").forEach(function (svg) {
    var box = svg.getBoundingClientRect();
    svg.querySelectorAll("text").forEach(function (t) {
      var r = t.getBoundingClientRect();
      if (r.width === 0 && r.height === 0) return;
      if (r.left < box.left - 0.5 || r.right > box.right + 0.5 || r.top < box.top - 0.5 || r.bottom > box.bottom + 0.5)
        out.push((svg.getAttribute("data-chart") || "svg") + ": '" + t.textContent + "' at " +
                 [r.left - box.left, r.top - box.top, r.right - box.left, r.bottom - box.top].map(Math.round).join(",") +
                 " in " + [Math.round(box.width), Math.round(box.height)].join("x"));
    });
  });
  var pre = document.createElement("pre");
  pre.id = "text-outside-box";
  pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
})();
</script>"""


def dump_with_box_check(binary, page):
    """Chromium's DOM of a copy of `page` with BOX_CHECK appended, and the
    texts it found outside their box."""
    with open(page) as f:
        text = f.read()
    checked = page + ".box-check.html"
    with open(checked, "w") as f:
        f.write(text.replace("</body>", BOX_CHECK + "</body>"))
    dumped = chromium(binary, ["--dump-dom", "--window-size=1000,1400"], "file://" + os.path.abspath(checked))
    os.remove(checked)
    start = dumped.stdout.find('<pre id="text-outside-box">')
    if start < 0:
        return dumped, ["the box check did not run"]
    body = dumped.stdout[start + len('<pre id="text-outside-box">'):dumped.stdout.find("</pre>", start)]
    return dumped, json.loads(html.unescape(body))


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
        dumped, outside_box = dump_with_box_check(binary, page)
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
            want = expect["training"]["sessions"]
            # A session mark stands for one session, or for a stretch of them
            # (data-sessions, numbered data-first..data-last) on a long run.
            marks = [a for a in dom.having("data-sessions")]
            sessions = sum(int(a["data-sessions"]) for a in marks)
            if sessions != want:
                failures.append("%s: session marks hold %d sessions, training.sessions is %d" % (name, sessions, want))
            numbers = []
            for a in marks:
                first = int(a.get("data-session", a.get("data-first", 0)))
                numbers += list(range(first, first + int(a["data-sessions"])))
            if numbers != list(range(1, want + 1)):
                failures.append("%s: session marks are not numbered 1..%d in order" % (name, want))
            if embedded["training"]["sessions"] != want or embedded["outcome"] != expect["outcome"]:
                failures.append("%s: the embedded report is not the run's" % name)
            for c in ["bucket", "trainings", "budget"] + (["readiness"] if expect["mode"] == "live" else []):
                if c not in charts:
                    failures.append("%s: no data-chart=%s (has %s)" % (name, c, charts))
            failing = [a for a in dom.having("data-failing") if "data-sessions" in a]
            if (expect["outcome"] == "failed") != (len(failing) == 1) and expect["failure"] and expect["failure"]["event"]:
                failures.append("%s: %d failing session marks for outcome %s" % (name, len(failing), expect["outcome"]))
            failures += ["%s: %s" % (name, f) for f in check_steps(dom, expect)]
            if expect["mode"] == "live":
                failures += ["%s: %s" % (name, f) for f in check_readiness(dom, expect)]
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
            odds = {int(a["data-point"]): float(a["data-p-fail"]) for a in dom.having("data-p-fail") if "data-point" in a}
            trial_keys = ("p-fail", "p-fail-lo", "p-fail-hi")
            for row in expect:
                if "p-fail" in row and abs(odds.get(row["point"], -1) - row["p-fail"]) > 1e-6:
                    failures.append("%s: point %d shows p_fail %s, the sweep says %s" % (name, row["point"], odds.get(row["point"]), row["p-fail"]))
            if any("p-fail" in row for row in expect):
                if len(expect[0]["values"]) == 1 and "p-fail" not in charts:
                    failures.append("%s: a one-axis trials sweep has no data-chart=p-fail" % name)
                # The CSV rounds the odds: compare them within rounding, the rest exactly.
                strip = lambda rows: [{k: v for k, v in r.items() if k not in trial_keys + ("trials", "trial-failures")} for r in rows]
                close = all(abs(e[k] - x[k]) < 1e-6 for e, x in zip(embedded, expect) for k in trial_keys)
                if strip(embedded) != strip(expect) or not close or len(embedded) != len(expect):
                    failures.append("%s: the embedded rows are not the sweep's" % name)
            elif embedded != expect:
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
            lo, hi = (float(expect["range"][k].rstrip("abcdefghijklmnopqrstuvwxyz%")) for k in ("lo", "hi"))
            spans = lo > 0 and hi / lo > 100
            scale = [a.get("data-scale") for a in dom.having("data-chart", "probes")]
            if scale != ["log" if spans else "linear"]:
                failures.append("%s: probes drawn on a %s axis for the range %s..%s" % (name, scale, lo, hi))
            if expect["boundary"] is not None and not dom.having("data-boundary", expect["boundary"]):
                failures.append("%s: the boundary %s is not drawn" % (name, expect["boundary"]))
            if "max-failure-probability" in expect:
                points = {a["data-odds-point"]: float(a["data-p-fail-hi"]) for a in dom.having("data-odds-point")}
                if "odds" not in charts or len(points) != len(expect["runs"]):
                    failures.append("%s: %d odds points for %d probes" % (name, len(points), len(expect["runs"])))
                for r in expect["runs"]:
                    if abs(points.get(r["value"], -1) - r["p-fail-hi"]) > 1e-9:
                        failures.append("%s: probe %s upper bound %s, tune says %s" % (name, r["value"], points.get(r["value"]), r["p-fail-hi"]))
                if [float(a["data-target"]) for a in dom.having("data-target")] != [expect["max-failure-probability"]]:
                    failures.append("%s: the target %s is not drawn" % (name, expect["max-failure-probability"]))
        elif kind == "trials":
            t = expect["trials"]
            if embedded != expect:
                failures.append("%s: the embedded report is not the trials run's" % name)
            want = ["odds"] + (["failure-times"] if t["failures"] else []) + (["margins"] if t["completed"] else [])
            if sorted(charts) != sorted(want):
                failures.append("%s: charts %s, expected %s" % (name, charts, want))
            bars = {a["data-reason"]: a for a in dom.having("data-reason")}
            shown = {r: float(bars[r]["data-probability"]) for r in bars}
            expected = {"any": t["failure-probability"], "bucket-refused": t["by-reason"]["bucket-refused"]["probability"],
                        "time-loop": t["by-reason"]["time-loop"]["probability"]}
            if shown != expected:
                failures.append("%s: odds bars %s, the report says %s" % (name, shown, expected))
            if float(bars["any"]["data-high"]) != t["failure-probability-high"] or float(bars["any"]["data-low"]) != t["failure-probability-low"]:
                failures.append("%s: the interval drawn is not the report's" % name)
            final = [float(a["data-final"]) for a in dom.having("data-final")]
            if t["failures"] and final != [t["failure-probability"]]:
                failures.append("%s: the failure curve ends at %s, the report says %s" % (name, final, t["failure-probability"]))
            counted = sum(int(a["data-count"]) for a in dom.having("data-count"))
            if counted != t["completed"]:
                failures.append("%s: the margins histogram holds %d trials, %d completed" % (name, counted, t["completed"]))
            roles = {}
            for a in dom.having("data-role"):
                for role in a["data-role"].split():
                    roles[role] = int(a["data-trial"])
            if roles.get("worst") != t["worst-trial"] or roles.get("first-failing") != t["first-failing-trial"]:
                failures.append("%s: trials named %s, the report says worst %s, first failing %s" % (name, roles, t["worst-trial"], t["first-failing-trial"]))
        elif kind == "calibrate":  # expect: {"block": calibrate --print's JSON, "samples": {method: probe lines}}
            if embedded["trainsim"] != expect["block"]:
                failures.append("%s: the embedded block is not calibrate --print's" % name)
            for method, n in expect["samples"].items():
                sections = [a for a in dom.having("data-method", method)]
                if len(sections) != 1 or int(sections[0]["data-samples"]) != n:
                    failures.append("%s: method %s: %s, the log has %d samples" % (name, method, sections, n))
            counted = sum(int(a["data-count"]) for a in dom.having("data-count"))
            if counted != sum(expect["samples"].values()):
                failures.append("%s: the histograms hold %d samples, the log has %d" % (name, counted, sum(expect["samples"].values())))
            curves = len(dom.having("data-fitted-curve"))
            fitted = sum(1 for m in expect["block"]["methods"].values() if "lognormal" in m["duration"])
            if curves < fitted or charts.count("duration-histogram") != len(expect["samples"]):
                failures.append("%s: %d curves and charts %s for %d fitted methods" % (name, curves, charts, fitted))
        for outside in outside_box:
            failures.append("%s: text outside its chart: %s" % (name, outside))
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
