#!/usr/bin/env bash
# Durations from evidence through the real binary: `probe` prints the shipped
# snippets; `calibrate` reads a Lean CLI project's run logs (newest first),
# writes the fitted durations into its config.json without touching other keys
# (or prints them), after which `run --algorithm` needs no duration typed; and
# `check` replays the run a log came from: a log written from trainsim's own
# run of a config (durations drawn from a known lognormal) matches, the same
# log with the failure an hour later does not.
set -u
bin="$1"; root="$2"
. "$root/tests/e2e/check_helpers.sh"
command -v python3 > /dev/null || { echo "SKIP: python3 is not installed"; exit 77; }

# 1. The probe: exactly the shipped files; the Python one compiles.
"$bin" probe > "$tmp/probe.py"; check "probe exits 0" [ $? = 0 ]
check "probe prints probe/trainsim_probe.py" cmp "$tmp/probe.py" "$root/probe/trainsim_probe.py"
"$bin" probe --language csharp > "$tmp/probe.cs"
check "probe --language csharp prints probe/TrainsimProbe.cs" cmp "$tmp/probe.cs" "$root/probe/TrainsimProbe.cs"
check "the Python probe compiles" python3 -m py_compile "$tmp/probe.py"
"$bin" probe --language java > /dev/null 2> "$tmp/err"; check "probe --language java exits 2" [ $? = 2 ]

# 2. A Lean CLI project without durations, and two backtest logs written the
#    way LEAN prints them (the newer one's quota is the one reported).
proj="$tmp/ws/MLAlgorithm"
mkdir -p "$tmp/ws"; cp -r "$root/configs/workspace/." "$tmp/ws/"
python3 - "$proj/config.json" <<'PY'
import json, sys
c = json.load(open(sys.argv[1])); del c["trainsim"]; json.dump(c, open(sys.argv[1], "w"), indent=2)
PY
python3 - "$proj" <<'PY'
import math, os, random, sys
proj = sys.argv[1]
def write(folder, capacity, rng):
    d = os.path.join(proj, "backtests", folder); os.makedirs(d)
    with open(os.path.join(d, "log.txt"), "w", newline="") as f:
        w = lambda s: f.write("20240306 14:20:04.210 TRACE:: " + s + "\r\n")  # Windows line ends
        w("PythonInitializer.Initialize(): start...")
        w("AlgorithmManager.CreateTokenBucket(): Initializing LeakyBucket: Capacity: %d RefillAmount: 18 TimeInterval: 1440" % capacity)
        w("Log: 2024-01-01 00:00:00 trainsim-probe v1 method=initial_training seconds=2410.250 at=2024-01-01T00:00:00")
        for week in range(26):
            day = "2024-%02d-%02d" % (1 + week // 5, 1 + week % 5 * 6)
            w("Log: %s 08:00:00 trainsim-probe v1 method=train_model seconds=%.3f at=%sT08:00:00" % (day, math.exp(math.log(600) + 0.2 * rng.gauss(0, 1)), day))
            for k in range(5):
                w("Log: %s 09:40:00 trainsim-probe v1 method=rebalance seconds=%.3f at=%sT09:40:00" % (day, 3.5 + rng.random(), day))
            w("Log: %s 23:59:00 trainsim-probe v1 on-data seconds=%.6f slices=1560 date=%s" % (day, 1560 * 0.015, day))
        w("Debug: Algorithm Id:(1482277081) completed in 9500.10 seconds at 4k data points per second. Processing total of 40,111,200 data points.")
        f.write("20240306 17:00:00.000 TRACE:: Engine.Main(): Analysis Comp")  # cut short
write("2024-03-01_09-00-00", 60, random.Random(1))
write("2024-03-06_14-20-01", 300, random.Random(2))
PY
cp "$proj/config.json" "$tmp/before.json"
"$bin" calibrate "$proj" --print > "$tmp/print.json" 2> "$tmp/print.err"; check "calibrate --print exits 0" [ $? = 0 ]
check "--print leaves config.json alone" cmp "$proj/config.json" "$tmp/before.json"
check "--print prints the block" has "$tmp/print.json" '"train_model"'
check "the newest log's quota is reported" has "$tmp/print.err" "quota in force: capacity 300 min"
check "a cut last line is warned about" has "$tmp/print.err" "the last line has no line end"
"$bin" calibrate "$proj" --html "$tmp/fit.html" > "$tmp/cal.out" 2> "$tmp/cal.err"; check "calibrate exits 0" [ $? = 0 ]
check "calibrate says what it wrote" has "$tmp/cal.out" "wrote $proj/config.json"
check "the page has the fitted curve" has "$tmp/fit.html" 'data-fitted-curve="lognormal"'
python3 - "$proj/config.json" "$tmp/before.json" <<'PY' || { echo "FAIL config.json after calibrate"; failures=$((failures + 1)); }
import json, sys
after, before = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
for k, v in before.items():
    assert after[k] == v, k                                   # other keys untouched
t = after["trainsim"]
ln = t["methods"]["train_model"]["duration"]["lognormal"]    # 52 samples: the lognormal
assert 0.12 < ln["sigma"] < 0.3, ln
assert t["methods"]["initial_training"]["duration"] == {"trace": "trainsim-durations/initial_training.csv"}
assert t["on-data"]["cost"] == "15ms", t["on-data"]
PY
check "a weak fit's trace is written" has "$proj/trainsim-durations/initial_training.csv" "2410250ms"
# The loop closes: odds with no duration typed.
"$bin" run --algorithm "$proj" --trials 20 -q > "$tmp/run.out" 2> "$tmp/run.err"; rc=$?
check "run --algorithm after calibrate simulates (exit $rc)" [ $rc = 0 -o $rc = 1 ]
check "no OnData warning once calibrated" bash -c "! grep -q 'OnData cost is 0' '$tmp/run.err'"
"$bin" calibrate "$tmp/ws" > /dev/null 2> "$tmp/err"; check "a folder without run logs exits 2" [ $? = 2 ]
check "...and says what it looked for" has "$tmp/err" "backtests/*/log.txt"

# 3. check: trainsim's run of a config, written as LEAN's log.
cat > "$tmp/weekly.json" <<'JSON'
{
  "scheduled-event-leaky-bucket-capacity": 120,
  "simulation": {
    "start": "2024-01-01", "end": "2024-06-30", "security": "Equity-usa-SPY", "resolution": "minute", "seed": 11,
    "on-data": { "cost": "50ms" },
    "training": [{ "name": "weekly", "method": "fit", "date-rule": "DateRules.Every(DayOfWeek.Sunday)",
                   "time-rule": "TimeRules.At(8, 0)", "duration": { "lognormal": { "median": "30m", "sigma": 0.3 } } }]
  }
}
JSON
"$bin" run --config "$tmp/weekly.json" --report "$tmp/r.json" -q; check "the known config fails (exit 1)" [ $? = 1 ]
write_log() {  # write_log REPORT OUT SHIFT_HOURS: the run as LEAN logs it, the failure moved by SHIFT_HOURS
  python3 - "$1" "$2" "$3" <<'PY'
import datetime, json, sys
r, shift = json.load(open(sys.argv[1])), int(sys.argv[3])
b = r["bucket"]
lines = ["TRACE:: AlgorithmManager.CreateTokenBucket(): Initializing LeakyBucket: Capacity: %d RefillAmount: %d TimeInterval: %d"
         % (b["capacity"], b["refill-amount"], b["interval-minutes"])]
events = r["events"][:-1] if r["failure"] else r["events"]  # the failing training never logged its time
for e in events:
    at = e["scheduled"][:19]
    lines.append("TRACE:: Log: %s trainsim-probe v1 method=fit seconds=%.6f at=%s" % (at.replace("T", " "), e["minutes"] * 60, at))
lines.append("TRACE:: Log: 2024-01-02 23:59:00 trainsim-probe v1 on-data seconds=%.6f slices=%d date=2024-01-02"
             % (r["timeslices"] * 0.05, r["timeslices"]))
if r["failure"]:
    t = datetime.datetime.fromisoformat(r["failure"]["algorithm-time"][:19]) + datetime.timedelta(hours=shift)
    lines.append("ERROR:: %s Runtime Error: %s" % (t.strftime("%Y-%m-%d %H:%M:%S"), r["failure"]["message"]))
else:
    lines.append("TRACE:: Debug: Algorithm Id:(1) completed in 3600.00 seconds at 1k data points per second. Processing total of 9,000 data points.")
open(sys.argv[2], "w").write("".join("20240306 14:20:04.210 " + l + "\n" for l in lines))
PY
}
write_log "$tmp/r.json" "$tmp/failed.log" 0
# The durations come from the log: the config's own distribution is replaced.
"$bin" check --config "$tmp/weekly.json" --set 'simulation.training[0].duration=1m' --log "$tmp/failed.log" > "$tmp/check.out"
check "check: the replayed log matches (exit 0)" [ $? = 0 ]
check "check: says match" has "$tmp/check.out" "match: trainsim predicts what LEAN did"
check "check: replays the measured durations" has "$tmp/check.out" "replay: method fit: the 4 measured durations"
write_log "$tmp/r.json" "$tmp/moved.log" 1
"$bin" check --config "$tmp/weekly.json" --log "$tmp/moved.log" > "$tmp/moved.out"
check "check: the failure an hour later is a mismatch (exit 1)" [ $? = 1 ]
check "check: names the first difference" has "$tmp/moved.out" "differs: failure time: LEAN 2024-02-04 09:00:00, trainsim 2024-02-04 08:00:00"
# A completed run: a larger bucket.
"$bin" run --config "$tmp/weekly.json" --set scheduled-event-leaky-bucket-capacity=5000 --report "$tmp/ok.json" -q
check "the larger bucket completes" [ $? = 0 ]
write_log "$tmp/ok.json" "$tmp/ok.log" 0
"$bin" check --config "$tmp/weekly.json" --log "$tmp/ok.log" > "$tmp/ok.out"; check "check: a completed log matches" [ $? = 0 ]
"$bin" check --config "$tmp/weekly.json" --log "$tmp/failed.log" --set 'simulation.end=2024-01-20' > "$tmp/short.out"
check "check: a run that ends before LEAN's failure is a mismatch" [ $? = 1 ]
check "check: ...on the outcome" has "$tmp/short.out" "differs: outcome: LEAN failed at 2024-02-04 08:00:00, trainsim completed"
head -1 "$tmp/failed.log" > "$tmp/unfinished.log"
"$bin" check --config "$tmp/weekly.json" --log "$tmp/unfinished.log" > /dev/null 2> "$tmp/err"
check "check: a log without an outcome exits 2" [ $? = 2 ]
"$bin" check --config "$tmp/weekly.json" --log "$tmp/absent.log" > /dev/null 2> "$tmp/err"
check "check: a missing log exits 2" [ $? = 2 ]

echo "$checks checks, $failures failures"
[ "$failures" = 0 ]
