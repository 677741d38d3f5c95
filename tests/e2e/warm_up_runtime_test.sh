#!/usr/bin/env bash
# Warm-up, Train called at run time and the brokerage's benchmark, end to end
# through the real binary on the fixture configs: LEAN's own regression
# algorithms in config form (WarmupScheduledEventsRegressionAlgorithm: 16
# firings, 13 while warming up; WarmupTrainRegressionAlgorithm: one training,
# at the warm-up start), the quota spent in a warm-up, a retrain called from a
# check, Coinbase's hourly benchmark; both modes, sweeps over the new keys,
# `calendar --events` agreeing with `run`, and the report's new fields.
#
# Usage: bash warm_up_runtime_test.sh <path-to-trainsim> <source-dir>
set -u
BIN=${1:?usage: warm_up_runtime_test.sh <trainsim> <source-dir>}
SRC=${2:?usage: warm_up_runtime_test.sh <trainsim> <source-dir>}
FIX="$SRC/tests/fixtures/configs"
command -v python3 >/dev/null || { echo "python3 is needed for the JSON checks" >&2; exit 77; }
. "$SRC/tests/e2e/check_helpers.sh"

# run_report NAME EXIT CONFIG [ARGS...]: runs and keeps $tmp/NAME.json.
run_report() {
  local name=$1 want=$2 config=$3; shift 3
  "$BIN" run --config "$config" --report "$tmp/$name.json" -q "$@" >"$tmp/$name.out" 2>"$tmp/$name.err"
  local rc=$?
  check "$name exits $want (got $rc: $(head -c 300 "$tmp/$name.err"))" test "$rc" = "$want"
}
# py NAME EXPR: a Python assertion over the report r of NAME.
py() {
  local name=$1 expr=$2
  check "$name: $expr" python3 -c "import json,sys; r=json.load(open(sys.argv[1])); assert $expr, r" "$tmp/$name.json"
}

run_report lean-warmup 0 "$FIX/lean-warmup-scheduled-events.json"
py lean-warmup "len(r['events']) == 16"
py lean-warmup "[e['scheduled'][:16] for e in r['events']] == ['2013-10-04T18:00','2013-10-05T00:00','2013-10-05T06:00','2013-10-05T12:00','2013-10-05T18:00','2013-10-06T00:00','2013-10-06T06:00','2013-10-06T12:00','2013-10-06T18:00','2013-10-07T00:00','2013-10-07T06:00','2013-10-07T12:00','2013-10-07T18:00','2013-10-08T00:00','2013-10-08T06:00','2013-10-08T12:00']"
py lean-warmup "sum(1 for e in r['events'] if e.get('warm-up')) == 13"
py lean-warmup "r['warm-up']['start'] == '2013-10-04T14:00:00-04:00'"
# Start loop, Fri 15:00 and 16:00, Mon 10:00-16:00, the pulse at Tue 00:00.
py lean-warmup "r['warm-up']['timeslices'] == 11"

run_report lean-train 0 "$FIX/lean-warmup-train.json"
py lean-train "r['training']['sessions'] == 1"
py lean-train "r['events'][0]['fired'] == '2017-12-31T22:20:00-05:00'"
py lean-train "r['warm-up']['training-sessions'] == 1"

run_report spends-quota 1 "$FIX/warm-up-spends-quota.json"
py spends-quota "[e['bucket-after'] for e in r['events']] == [91, 62, 33, 4, 0]"
py spends-quota "r['failure']['wall-minutes'] == 125.1235 and r['failure']['reason'] == 'bucket-refused'"
py spends-quota "r['failure']['algorithm-time'] == '2024-02-04T08:00:00-05:00'"
py spends-quota "r['warm-up']['wall-minutes'] == 125.1235"
"$BIN" run --config "$FIX/warm-up-spends-quota.json" >"$tmp/spends.txt" 2>&1
check "the summary says the run stopped in the warm-up" grep -qi "warm-up" "$tmp/spends.txt"

run_report retrain 1 "$FIX/retrain-after-check.json"
py retrain "r['failure']['event'] is None"
py retrain "r['failure']['message'].endswith('An additional 27 minutes were also allocated and consumed. CurrentTimeStepElapsed: 31.0 minutes')"
py retrain "r['training']['runtime-calls'] == 1 and r['events'][1]['runtime'] is True"
run_report retrain-dated 0 "$FIX/retrain-after-check.json" \
  --set 'simulation.training[0].when={"dates": ["2024-02-05T09:31"]}'
py retrain-dated "r['events'][1]['fired'] == '2024-02-05T09:32:00-05:00'"

run_report coinbase 0 "$FIX/coinbase-daily.json"
run_report coinbase-default 0 "$FIX/coinbase-daily.json" --set simulation.brokerage=default
py coinbase "r['timeslices'] > 40"
py coinbase-default "r['timeslices'] < 20"
py coinbase "r['events'][0]['fired'] == '2024-03-04T12:00:00-05:00'"
run_report ib 0 "$FIX/coinbase-daily.json" --set simulation.brokerage=InteractiveBrokersBrokerage
py ib "r['timeslices'] < 10"
"$BIN" run --config "$FIX/coinbase-daily.json" --set simulation.brokerage=Atreyu >"$tmp/atreyu.out" 2>&1
check "Atreyu is an error (exit 2)" test $? = 2
check "Atreyu's error names the key" grep -q "simulation.brokerage" "$tmp/atreyu.out"

# Live: the warm-up runs on the algorithm thread, the live part starts after it.
run_report live-warmup 0 "$FIX/lean-warmup-scheduled-events.json" --set live-mode=true
# Live runs until 00:00 after the end date: Tue 18:00 fires too.
py live-warmup "r['mode'] == 'live' and len(r['events']) == 17"
py live-warmup "[e.get('warm-up', False) for e in r['events']] == [True] * 13 + [False] * 4"
# The event due at the start waits for the scheduling thread, which starts when the warm-up ends.
py live-warmup "r['events'][13]['fired'] == '2013-10-08T00:00:13-04:00'"
run_report live-retrain 0 "$FIX/retrain-after-check.json" --set live-mode=true
py live-retrain "r['training']['sessions'] == 1 and r['training']['runtime-calls'] == 1"

# The run page shades the warm-up on its time axes and marks runtime sessions apart.
"$BIN" run --config "$FIX/warm-up-spends-quota.json" --html "$tmp/wu.html" -q >/dev/null 2>&1
check "the page shades the warm-up on the calendar and the wall-time axis" \
  test "$(grep -o 'data-warm-up="1"' "$tmp/wu.html" | wc -l)" -ge 2
"$BIN" run --config "$FIX/retrain-after-check.json" --html "$tmp/rt.html" -q >/dev/null 2>&1
check "the page marks a runtime session" grep -q 'data-runtime="1"' "$tmp/rt.html"
check "the page's legend names runtime sessions" grep -q 'started by a Train call at run time' "$tmp/rt.html"

# Sweeps over the new keys.
"$BIN" sweep --config "$FIX/warm-up-spends-quota.json" --grid 'simulation.warm-up=0d,10d,30d' --out "$tmp/wu.csv" >/dev/null 2>&1
check "sweep over the warm-up" grep -q '^30d,failed' "$tmp/wu.csv"
check "sweep over the warm-up: none completes" grep -q '^0d,completed' "$tmp/wu.csv"
"$BIN" sweep --config "$FIX/retrain-after-check.json" --grid 'simulation.training[0].when.probability=0,1' --out "$tmp/p.csv" >/dev/null 2>&1
check "sweep over a runtime probability" grep -q '^0,completed' "$tmp/p.csv"

# `calendar --events` lists what `run` fires, warm-up occurrences marked.
"$BIN" calendar --config "$FIX/lean-warmup-scheduled-events.json" --events --format json >"$tmp/cal.json" 2>"$tmp/cal.err"
check "calendar --events runs on a warm-up config" test $? = 0
check "calendar --events: 16 occurrences, 13 in the warm-up" python3 - "$tmp/cal.json" <<'PY'
import json, sys
c = json.load(open(sys.argv[1]))
ev = [e for e in c["events"][0]["occurrences"] if e["fires"]]
assert len(ev) == 16, len(ev)
assert sum(1 for e in ev if e.get("warm-up")) == 13, ev
PY

"$BIN" calendar --config "$FIX/retrain-after-check.json" --events --set 'simulation.training[0].when={"dates": ["2024-02-05T09:31", "2024-02-05T10:00:30"]}' >"$tmp/cal.txt" 2>&1
check "calendar --events lists dated runtime calls as they fire" grep -q "2024-02-05T10:00:30-05:00  fires at 2024-02-05T10:01:00-05:00" "$tmp/cal.txt"
check "calendar --events: a call at a loop's own time fires in the next loop" grep -q "2024-02-05T09:31:00-05:00  fires at 2024-02-05T09:32:00-05:00" "$tmp/cal.txt"

# Trials: a trigger probability shows in the odds; trial 0 draws as the plain run.
"$BIN" run --config "$FIX/retrain-after-check.json" --set 'simulation.training[0].when.probability=0.5' \
  --trials 200 --jobs 2 --report "$tmp/trials.json" -q >/dev/null 2>&1
check "trials with a runtime probability: some fail, some complete" python3 - "$tmp/trials.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
t = r.get("trials") or r
p = t.get("failure-probability", t.get("p-fail"))
assert p is not None and 0.2 < p < 0.8, t
PY

echo "$checks checks, $failures failures"
[ "$failures" -eq 0 ]
