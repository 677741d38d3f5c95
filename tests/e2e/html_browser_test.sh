#!/usr/bin/env bash
# The HTML pages of run (backtest and live; a live 4-year run and a 20-year
# run drawn whole), sweep (one, two and three axes;
# with --trials), tune (with --max-failure-probability too), trials (run
# --trials, and merged shards) and calibrate (histograms and fitted curves), rendered in headless Chromium: no console
# errors, one session mark per training session, one heatmap cell per sweep
# point with its outcome and odds, one mark per tune run, the trials' odds
# as their report gives them; on every page no <text> outside its <svg>
# box, and the time-step chart's segments summing to each step. Screenshots: html_browser_test.out/ in the
# directory ctest runs in (the build folder). Skips (77) without chromium.
set -u
bin="$1"; root="$2"
browser="$(command -v chromium || command -v chromium-browser || true)"
[ -n "$browser" ] || { echo "SKIP: chromium is not installed (CI installs it)"; exit 77; }
command -v python3 > /dev/null || { echo "SKIP: python3 is not installed"; exit 77; }
out="$PWD/html_browser_test.out"; mkdir -p "$out"
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
failures=0
fail() { echo "FAIL $*"; failures=$((failures + 1)); }
cap=scheduled-event-leaky-bucket-capacity

# run: a failing backtest (the quickstart), a completing one, and live mode.
"$bin" run --config "$root/configs/quickstart.json" --html "$tmp/run-failed.html" --report "$tmp/run-failed.json" --quiet
[ $? = 1 ] || fail "quickstart run: expected exit 1"
"$bin" run --config "$root/configs/quickstart.json" --set "$cap=3000" --html "$tmp/run-completed.html" \
  --report "$tmp/run-completed.json" --quiet || fail "quickstart with capacity 3000: expected exit 0"
"$bin" run --config "$root/configs/live-paper.json" --html "$tmp/run-live.html" --report "$tmp/run-live.json" --quiet
# Whole runs: a live 4-year run (55 sessions among 1,062 events) and a 20-year
# backtest (1,044 weekly sessions among 120,000 events, far past the 10,000 the
# report lists): every session is drawn, and the page stays small.
cat > "$tmp/live-4y.json" <<'JSON'
{ "environment": "live", "environments": { "live": { "live-mode": true } },
  "simulation": { "start": "2017-01-01", "end": "2020-12-31", "security": "Equity-usa-SPY", "resolution": "minute",
    "on-data": { "cost": "15ms" }, "live": { "market-open-slowdown": 1.5 },
    "training": [
      { "name": "initial", "when": "now", "duration": "40m" },
      { "name": "monthly", "date-rule": "DateRules.MonthStart(\"SPY\")",
        "time-rule": "TimeRules.AfterMarketOpen(\"SPY\", 5)", "duration": "25m" },
      { "name": "after-earnings", "date-rule": "DateRules.On(DateTime(2017, 4, 28), DateTime(2018, 2, 5), DateTime(2018, 10, 26), DateTime(2019, 8, 5), DateTime(2020, 3, 16), DateTime(2020, 11, 4))",
        "time-rule": "TimeRules.At(17, 0)", "duration": "90m" } ],
    "events": [ { "name": "rebalance", "training": false, "date-rule": "DateRules.EveryDay(\"SPY\")",
                  "time-rule": "TimeRules.AfterMarketOpen(\"SPY\", 10)", "duration": "4s" } ] } }
JSON
cat > "$tmp/weekly-20y.json" <<'JSON'
{ "scheduled-event-leaky-bucket-capacity": 100000,
  "simulation": { "start": "2005-01-01", "end": "2024-12-31", "security": "Equity-usa-SPY", "resolution": "minute",
    "on-data": { "cost": "15ms" }, "seed": 3,
    "training": [ { "name": "weekly", "date-rule": "DateRules.Every(DayOfWeek.Sunday)", "time-rule": "TimeRules.At(8, 0)",
                    "duration": { "lognormal": { "median": "10m", "sigma": 0.25 } } } ],
    "events": [ { "name": "hourly", "training": false, "date-rule": "DateRules.EveryDay(\"SPY\")",
                  "time-rule": "TimeRules.Every(TimeSpan.FromMinutes(60))", "duration": "2s" } ] } }
JSON
"$bin" run --config "$tmp/live-4y.json" --html "$tmp/run-live-4y.html" --report "$tmp/run-live-4y.json" --quiet ||
  fail "live 4-year run"
"$bin" run --config "$tmp/weekly-20y.json" --html "$tmp/run-20y.html" --report "$tmp/run-20y.json" --quiet ||
  fail "20-year run"
python3 - "$tmp/run-live-4y.json" "$tmp/run-20y.json" <<'PY' || fail "the whole-run fixtures are not what they claim"
import json, sys
live, long = (json.load(open(f)) for f in sys.argv[1:])
assert live["training"]["sessions"] == 55 and len(live["events"]) > 1000, live["training"]
assert long["training"]["sessions"] == 1044 and long["events-not-listed"] > 100000, long["training"]
PY
for p in run-live-4y run-20y; do
  size=$(stat -c %s "$tmp/$p.html")
  echo "$p.html: $size bytes"
  [ "$size" -lt 1000000 ] || fail "$p.html is $size bytes, over 1 MB"
done
# tune over more than two decades: a log axis.
"$bin" tune --config "$root/configs/quickstart.json" --minimize "$cap" --range 1:100000 --html "$tmp/tune-log.html" \
  --format json > "$tmp/tune-log.json" || fail "tune over 1:100000"
# sweep: two axes (heatmap), one axis (strip and margin line), three axes (small multiples).
"$bin" sweep --config "$root/configs/quickstart.json" --grid "$cap=500:3000:250" \
  --grid 'simulation.training[1].duration=20m:40m:5m' --out "$tmp/s2.csv" --html "$tmp/sweep-2axes.html" --quiet ||
  fail "sweep 2 axes"
"$bin" sweep --config "$root/configs/quickstart.json" --grid "$cap=200:3000:200" --out "$tmp/s1.csv" \
  --html "$tmp/sweep-1axis.html" --quiet || fail "sweep 1 axis"
"$bin" sweep --config "$root/configs/quickstart.json" --grid "$cap=500,1500,2500" \
  --grid 'simulation.training[1].duration=20m,40m' --grid 'scheduled-event-leaky-bucket-refill-amount=18,60' \
  --out "$tmp/s3.csv" --html "$tmp/sweep-3axes.html" --quiet || fail "sweep 3 axes"
# The sweeps' rows, as the page must show them: the JSON the page embeds is
# checked against an independent reading of the CSV.
for s in 2axes:s2 1axis:s1 3axes:s3; do
  python3 - "$tmp/${s#*:}.csv" > "$tmp/sweep-${s%%:*}.expect.json" <<'PY'
import csv, json, sys
rows = [r for r in csv.reader(l for l in open(sys.argv[1]) if not l.startswith("#"))]
header, rows = rows[0], rows[1:]
k = header.index("outcome")
out = []
for i, r in enumerate(rows):
    d = dict(zip(header, r))
    out.append({"point": i, "values": {h: d[h] for h in header[:k]}, "outcome": d["outcome"],
                "failure-algorithm-time": d["failure_algorithm_time"] or None,
                "failing-event": d["failing_event"] or None, "sessions": int(d["sessions"]),
                "minutes-trained": json.loads(d["minutes_trained"]), "minutes-charged": int(d["minutes_charged"]),
                "bucket-minimum": int(d["bucket_minimum"]), "wall-minutes": json.loads(d["wall_minutes"])})
print(json.dumps(out))
PY
done
# sweep --trials along one axis: the odds of each point.
odds="$root/configs/odds-uniform.json"
"$bin" sweep --config "$odds" --grid "$cap=19:39:4" --trials 400 --out "$tmp/so.csv" --html "$tmp/sweep-odds.html" \
  --quiet || fail "sweep --trials"
python3 - "$tmp/so.csv" > "$tmp/sweep-odds.expect.json" <<'PY'
import csv, json, sys
lines = open(sys.argv[1]).read().splitlines()
trials = int(next(l for l in lines if l.startswith("# trials: ")).split(": ")[1])
rows = list(csv.reader(l for l in lines if not l.startswith("#")))
header, rows = rows[0], rows[1:]
out = []
for i, r in enumerate(rows):
    d = dict(zip(header, r))
    out.append({"point": i, "values": {header[0]: d[header[0]]}, "outcome": d["outcome"],
                "failure-algorithm-time": d["failure_algorithm_time"] or None,
                "failing-event": d["failing_event"] or None, "sessions": int(d["sessions"]),
                "minutes-trained": json.loads(d["minutes_trained"]), "minutes-charged": int(d["minutes_charged"]),
                "bucket-minimum": int(d["bucket_minimum"]), "wall-minutes": json.loads(d["wall_minutes"]),
                "trials": trials, "p-fail": float(d["p_fail"]), "p-fail-lo": float(d["p_fail_lo"]),
                "p-fail-hi": float(d["p_fail_hi"])})
print(json.dumps(out))
PY
# trials: one run of 2000, and the same from two merged shards.
"$bin" run --config "$odds" --trials 2000 --html "$tmp/trials.html" --report "$tmp/trials.json" --quiet
[ $? = 1 ] || fail "run --trials: expected exit 1 (some trials fail)"
for k in 1 2; do "$bin" run --config "$odds" --trials 2000 --shard "$k/2" --out "$tmp/t$k.csv" --quiet || fail "shard $k"; done
"$bin" merge "$tmp/t1.csv" "$tmp/t2.csv" --out "$tmp/trials-merged.json" --html "$tmp/trials-merged.html" --quiet
[ $? = 1 ] || fail "merge --html: expected exit 1 (some trials fail), as run --trials"
# tune to a target probability.
"$bin" tune --config "$odds" --minimize "$cap" --range 0:60 --max-failure-probability 0.05 --trials 500 \
  --html "$tmp/tune-odds.html" --format json > "$tmp/tune-odds.json" || fail "tune --max-failure-probability"
# tune: the capacity boundary of the quickstart.
"$bin" tune --config "$root/configs/quickstart.json" --minimize "$cap" --range 120:5000 --html "$tmp/tune.html" \
  --format json > "$tmp/tune.json" || fail "tune: expected a boundary"

# calibrate: a log with 40 lognormal samples of one method and 5 of another.
python3 - > "$tmp/calibrate.log" <<'PY'
import math, random
rng = random.Random(5)
for k in range(40):
    print("20240306 14:30:16.019 TRACE:: Log: 2024-01-07 08:00:00 trainsim-probe v1 method=fit seconds=%.3f at=2024-01-07T08:00:00" % math.exp(math.log(900) + 0.3 * rng.gauss(0, 1)))
for k in range(5):
    print("2024-01-08 09:40:00 trainsim-probe v1 method=rebalance seconds=%.3f at=2024-01-08T09:40:00" % (3 + rng.random()))
PY
(cd "$tmp" && "$bin" calibrate calibrate.log --print --html calibrate.html > calibrate.block.json 2> /dev/null) || fail "calibrate --html"
python3 -c 'import json, sys; print(json.dumps({"block": json.load(open(sys.argv[1])), "samples": {"fit": 40, "rebalance": 5}}))' \
  "$tmp/calibrate.block.json" > "$tmp/calibrate.expect.json"

# The console check itself, on a page that throws.
echo '<html><body><svg></svg><script>throw new Error("selfcheck")</script></body></html>' > "$tmp/broken.html"
python3 "$root/tests/e2e/html_browser_test.py" "$browser" "$out" \
  "$tmp/broken.html" selfcheck - \
  "$tmp/run-failed.html" run "$tmp/run-failed.json" \
  "$tmp/run-completed.html" run "$tmp/run-completed.json" \
  "$tmp/run-live.html" run "$tmp/run-live.json" \
  "$tmp/run-live-4y.html" run "$tmp/run-live-4y.json" \
  "$tmp/run-20y.html" run "$tmp/run-20y.json" \
  "$tmp/tune-log.html" tune "$tmp/tune-log.json" \
  "$tmp/sweep-2axes.html" sweep "$tmp/sweep-2axes.expect.json" \
  "$tmp/sweep-1axis.html" sweep "$tmp/sweep-1axis.expect.json" \
  "$tmp/sweep-3axes.html" sweep "$tmp/sweep-3axes.expect.json" \
  "$tmp/sweep-odds.html" sweep "$tmp/sweep-odds.expect.json" \
  "$tmp/tune.html" tune "$tmp/tune.json" \
  "$tmp/tune-odds.html" tune "$tmp/tune-odds.json" \
  "$tmp/trials.html" trials "$tmp/trials.json" \
  "$tmp/trials-merged.html" trials "$tmp/trials-merged.json" \
  "$tmp/calibrate.html" calibrate "$tmp/calibrate.expect.json" || fail "browser checks"
# The merged shards' page shows the unsharded run's report.
cmp -s "$tmp/trials.json" "$tmp/trials-merged.json" || fail "the merged trials report differs from the unsharded one"

# Self-contained: nothing fetched from anywhere.
for f in "$tmp"/*.html; do
  [ "$(basename "$f")" = broken.html ] && continue
  if grep -qiE '(src|href)="(https?:)?//|@import|<link ' "$f"; then fail "$(basename "$f") refers to an outside resource"; fi
done
# Every JSON report written above follows the report's schema.
python3 "$(dirname "$0")/validate_reports.py" "$(dirname "$0")/../../share/schema/report.schema.json" "$tmp" ||
  failures=$((failures + 1))
echo "$failures failures"
[ "$failures" -eq 0 ]
