#!/usr/bin/env bash
# `simulation.events`, `simulation.methods` and `simulation.securities` through
# the real binary: missing durations, configs with nothing to simulate, the
# effective config's single event list, and the per-security calendar.
set -u
bin="$1"; root="$2"
. "$root/tests/e2e/check_helpers.sh"
hasnt() { ! grep -qF -- "$2" "$1"; }

# Two training methods without durations, a scheduled one between them.
cat > "$tmp/methods.json" <<'JSON'
{ "scheduled-event-leaky-bucket-capacity": 1000,
  "simulation": { "start": "2024-01-02", "end": "2024-01-31",
    "methods": { "rebalance": { "duration": "20s" } },
    "events": [
      { "training": true, "name": "train_model", "when": "now" },
      { "training": false, "name": "rebalance", "date-rule": "EveryDay(\"SPY\")", "time-rule": "AfterMarketOpen(\"SPY\", 30)" },
      { "training": true, "name": "retrain", "date-rule": "Every(DayOfWeek.Sunday)", "time-rule": "At(8, 0)" },
      { "training": false, "name": "log_stats", "date-rule": "EveryDay(\"SPY\")", "time-rule": "At(12, 0)" } ] } }
JSON

"$bin" run --config "$tmp/methods.json" > "$tmp/run.out" 2> "$tmp/run.err"; rc=$?
check "missing training durations: exit 2" test "$rc" -eq 2
check "names the first method's --set" has "$tmp/run.err" "--set simulation.methods.train_model.duration="
check "names the second method's --set" has "$tmp/run.err" "--set simulation.methods.retrain.duration="
check "counts them" has "$tmp/run.err" "2 training methods without a duration"
check "nothing simulated" test ! -s "$tmp/run.out"

# validate and calendar: notes, exit 0.
"$bin" validate --config "$tmp/methods.json" > "$tmp/val.out" 2> "$tmp/val.err"; rc=$?
check "validate: exit 0" test "$rc" -eq 0
check "validate: note for train_model" has "$tmp/val.err" "note: training 'train_model'"
check "validate: note for log_stats costing 0" has "$tmp/val.err" "'log_stats'"
check "validate: one events list" has "$tmp/val.out" '"events": ['
check "validate: no training list" hasnt "$tmp/val.out" '"training": ['
"$bin" calendar --config "$tmp/methods.json" > "$tmp/cal.out" 2> "$tmp/cal.err"; rc=$?
check "calendar: exit 0" test "$rc" -eq 0
check "calendar: note" has "$tmp/cal.err" "simulation.methods.retrain.duration="

# With the --set the message gives, it runs; log_stats costs 0 with a note.
"$bin" run --config "$tmp/methods.json" -q --report "$tmp/r.json" \
  --set simulation.methods.train_model.duration=45m --set simulation.methods.retrain.duration=30m 2> "$tmp/ok.err"; rc=$?
check "with durations: runs" test "$rc" -eq 0
check "with durations: note on log_stats" has "$tmp/ok.err" "it costs 0"
check "train_model ran 45 minutes" python3 -c "
import json, sys
r = json.load(open('$tmp/r.json'))
first = r['events'][0]
sys.exit(0 if first['name'] == 'train_model' and first['minutes'] == 45 else 1)"

# The effective config round-trips: validate's simulation block runs the same.
python3 - "$tmp/val.out" "$tmp/round.json" <<'PY'
import json, sys
text = open(sys.argv[1]).read()
sim = json.loads(text[text.index("\n{", text.index("\nsimulation")) + 1:])
json.dump({"scheduled-event-leaky-bucket-capacity": 1000, "simulation": sim}, open(sys.argv[2], "w"))
PY
"$bin" run --config "$tmp/round.json" -q --report "$tmp/r2.json" \
  --set simulation.methods.train_model.duration=45m --set simulation.methods.retrain.duration=30m 2>/dev/null
# (The same run: the report but for where it came from, its config and the quota's sources.)
check "round trip gives the same report" python3 "$root/tests/e2e/same_run.py" "$tmp/r.json" "$tmp/r2.json"

# A LEAN-only config (a Lean CLI lean.json) has nothing to simulate.
printf '{ "data-folder": "data", "scheduled-event-leaky-bucket-capacity": 120 }\n' > "$tmp/lean.json"
"$bin" run --config "$tmp/lean.json" > "$tmp/lean.out" 2> "$tmp/lean.err"; rc=$?
check "lean.json: exit 2" test "$rc" -eq 2
check "lean.json: says so" has "$tmp/lean.err" "nothing to simulate"
check "lean.json: points to --algorithm" has "$tmp/lean.err" "--algorithm"
check "lean.json: no false COMPLETED" hasnt "$tmp/lean.out" "COMPLETED"

# Two securities: the calendar lists each, and the union.
cat > "$tmp/two.json" <<'JSON'
{ "simulation": { "start": "2024-01-08", "end": "2024-01-12",
    "securities": [ { "security": "Equity-usa-SPY", "resolution": "daily" },
                    { "security": "Forex-oanda-EURUSD", "resolution": "minute" } ] } }
JSON
"$bin" calendar --config "$tmp/two.json" > "$tmp/two.txt"; rc=$?
check "two securities: calendar exit 0" test "$rc" -eq 0
check "two securities: listed" has "$tmp/two.txt" "securities:    2"
check "SPY: 5 days, 5 daily bars" has "$tmp/two.txt" "Equity-usa-SPY (entry Equity-usa-[*], America/New_York, daily): 5 trading days, 5 bars"
# See sim/securities_test.cpp for the hand count of the union.
check "union: 6781 slices" has "$tmp/two.txt" "timeslices:    6781 (6781 with data)"
"$bin" run --config "$tmp/two.json" > "$tmp/two.run"; rc=$?
check "two securities: run" test "$rc" -eq 0
check "summary names both" has "$tmp/two.run" "Equity-usa-SPY (daily), Forex-oanda-EURUSD (minute)"

echo "events_securities_test: $checks checks, $failures failed"
[ "$failures" -eq 0 ]
