#!/usr/bin/env bash
# What run, tune and diff give people and CI: the failure reason and model
# line in the summary, the complete advice, --format json, '-' for stdout,
# the sparkline only on a terminal, `trainsim diff`, sweep CSV minute
# columns, tune on a training's duration and mixed-unit ranges, and the
# HTML page's size for a 20-year run.
set -u
bin="$1"; root="$2"
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
failures=0
fail() { echo "FAIL $*"; failures=$((failures + 1)); }
q="$root/configs/quickstart.json"
cap=scheduled-event-leaky-bucket-capacity
json() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))" "$@"; }

# Summary: reason in words, advice with every figure labelled.
status=0; "$bin" run --config "$q" > "$tmp/summary" --report "$tmp/q.json" || status=$?
[ "$status" = 1 ] || fail "quickstart: exit $status"
grep -qx "reason:   the bucket refused a minute of training (bucket-refused)" "$tmp/summary" || fail "reason line: $(cat "$tmp/summary")"
grep -q "completes with the refill held at 18\.$" "$tmp/summary" || fail "advice: capacity with the refill held"
grep -q "completes with the refill following LEAN's default ceil(capacity / 7)" "$tmp/summary" || fail "advice: default refill"
grep -q "no refill amount completes with the capacity held at 120: even 120" "$tmp/summary" || fail "advice: refill"
grep -q "the training 'weekly' completes if it takes at most [0-9]*m" "$tmp/summary" || fail "advice: duration"
grep -q "^level:" "$tmp/summary" && fail "a sparkline when stdout is not a terminal"
[ "$(json "$tmp/q.json" 'd["failure"]["reason"]')" = bucket-refused ] || fail "failure.reason in the JSON"

# The advice's figures are real: each completes, one less fails.
c="$(sed -n "s/.*$cap \([0-9]*\) (now 120) completes with the refill held at 18.*/\1/p" "$tmp/summary")"
"$bin" run --config "$q" --set "$cap=$c" --set scheduled-event-leaky-bucket-refill-amount=18 -q || fail "capacity $c does not complete"
"$bin" run --config "$q" --set "$cap=$((c - 1))" --set scheduled-event-leaky-bucket-refill-amount=18 -q && fail "capacity $((c - 1)) completes"
d="$(sed -n "s/.*'weekly' completes if it takes at most \([0-9]*\)m.*/\1/p" "$tmp/summary")"
# tune finds the same duration boundary (it used to answer none).
out="$("$bin" tune --config "$q" --maximize 'simulation.training[1].duration' --range 1m:60m)" || fail "tune duration: no boundary"
echo "$out" | grep -q "^boundary: ${d}m " || fail "tune duration boundary is not the advice's ${d}m: $out"
# Mixed units in a range.
"$bin" tune --config "$q" --maximize 'simulation.training[1].duration' --range 1s:5m > "$tmp/mixed" || fail "tune 1s:5m"
grep -q "over 1s..300s (step 1s)" "$tmp/mixed" || fail "mixed units: $(cat "$tmp/mixed")"

# Live: the model line.
"$bin" run --config "$root/configs/live-paper.json" > "$tmp/live" || true
grep -Eq "^model:    not ready for 10.2 market hours, longest 15 minutes; 615 timeslices arrived while training$" "$tmp/live" ||
  fail "model line: $(cat "$tmp/live")"

# --format json and '-' are the report itself, byte for byte, and nothing else.
"$bin" run --config "$q" --format json > "$tmp/fj.json"
cmp -s "$tmp/fj.json" "$tmp/q.json" || fail "--format json differs from --report"
"$bin" run --config "$q" --report - > "$tmp/dash.json"
cmp -s "$tmp/dash.json" "$tmp/q.json" || fail "--report - differs from --report FILE"
"$bin" run --config "$q" --timeline - > "$tmp/tl.csv"
[ "$(head -n 1 "$tmp/tl.csv")" = "algorithm_time,wall_minutes,what,name,bucket" ] || fail "--timeline -: $(head -n 2 "$tmp/tl.csv")"
grep -q "^outcome:" "$tmp/tl.csv" && fail "--timeline - mixed with the summary"
"$bin" tune --config "$q" --minimize "$cap" --range 120:5000 --format json > "$tmp/tune.json" || fail "tune --format json: exit"
[ "$(json "$tmp/tune.json" 'd["status"], d["boundary"], len(d["runs"]) > 2')" = "('found', '1398', True)" ] ||
  fail "tune json: $(head -c 300 "$tmp/tune.json")"

# The sparkline: on a terminal only, never with --quiet.
if command -v script > /dev/null; then
  script -qec "'$bin' run --config '$q'" /dev/null > "$tmp/tty" 2>&1 || true
  grep -q "^level:    .*(bucket 0..120 over wall time)" "$tmp/tty" || fail "no sparkline on a terminal: $(tail -n 3 "$tmp/tty")"
  script -qec "'$bin' run --config '$q' --quiet" /dev/null > "$tmp/ttyq" 2>&1 || true
  grep -q "level:" "$tmp/ttyq" && fail "a sparkline with --quiet"
fi

# diff: equal, different (exit 1, the verdict named), tolerance, bad input.
"$bin" diff "$tmp/q.json" "$tmp/dash.json" > "$tmp/d0" || fail "diff of equal reports: exit $?"
grep -q "^equal: failed at 2024-01-21T08:00:00-05:00" "$tmp/d0" || fail "diff equal: $(cat "$tmp/d0")"
"$bin" run --config "$q" --set "$cap=3000" --report "$tmp/ok.json" -q
status=0; "$bin" diff "$tmp/q.json" "$tmp/ok.json" > "$tmp/d1" || status=$?
[ "$status" = 1 ] || fail "diff of different reports: exit $status"
grep -qx "outcome: failed -> completed" "$tmp/d1" || fail "diff: $(cat "$tmp/d1")"
[ "$(wc -l < "$tmp/d1")" -lt 30 ] || fail "diff is not compact: $(wc -l < "$tmp/d1") lines"
python3 - "$tmp/q.json" "$tmp/q2.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
d["wall-minutes"] += 0.4
d["failure"]["wall-minutes"] += 0.4
json.dump(d, open(sys.argv[2], "w"))
PY
"$bin" diff "$tmp/q.json" "$tmp/q2.json" > /dev/null && fail "diff ignores a 0.4-minute change"
"$bin" diff --tolerance 0.5 "$tmp/q.json" "$tmp/q2.json" > /dev/null || fail "diff --tolerance 0.5"
echo '{"outcome": ' > "$tmp/bad.json"
status=0; "$bin" diff "$tmp/q.json" "$tmp/bad.json" 2> "$tmp/err" || status=$?
[ "$status" = 2 ] && grep -q "bad.json" "$tmp/err" || fail "diff of a broken file: exit $status, $(cat "$tmp/err")"

# Sweep CSV: minute columns, read as pandas would (comment="#").
"$bin" sweep --config "$q" --grid "$cap=500,3000" --grid 'simulation.training[1].duration=20m,1h' --out - > "$tmp/s.csv"
python3 - "$tmp/s.csv" <<'PY' || fail "sweep minute columns"
import csv, sys
rows = list(csv.DictReader(l for l in open(sys.argv[1]) if not l.startswith("#")))
assert len(rows) == 4, rows
for r in rows:
    assert float(r["simulation.training[1].duration_minutes"]) == {"20m": 20, "1h": 60}[r["simulation.training[1].duration"]], r
    if r["outcome"] == "failed":
        assert float(r["failure_algorithm_time_minutes"]) > 0, r
    else:
        assert r["failure_algorithm_time_minutes"] == "", r
PY

# HTML for a 20-year run stays small.
"$bin" run --config "$q" --set simulation.start=2004-01-01 --set simulation.end=2023-12-31 --set "$cap=100000" \
  --html "$tmp/20y.html" -q || fail "20-year run"
size="$(wc -c < "$tmp/20y.html")"
[ "$size" -lt 2000000 ] || fail "20-year HTML is $size bytes"
python3 - "$tmp/20y.html" <<'PY' ||
import json, re, sys
page = open(sys.argv[1]).read()
report = json.loads(re.search(r'id="trainsim-report">(.*?)</script>', page, re.S).group(1))
# More sessions than the calendar has room for are drawn as stretches, each counting its sessions.
marks = sum(int(n) for n in re.findall(r'data-sessions="(\d+)"', page))
assert report["training"]["sessions"] > 1000 and marks == report["training"]["sessions"], (marks, report["training"])
PY
  fail "20-year HTML: every session drawn"
# Every JSON report written above follows the report's schema.
python3 "$(dirname "$0")/validate_reports.py" "$(dirname "$0")/../../share/schema/report.schema.json" "$tmp" ||
  failures=$((failures + 1))
echo "$failures failures"
[ "$failures" -eq 0 ]
