#!/usr/bin/env bash
# `calendar --events` lists exactly the occurrences `run` fires, occurrence by
# occurrence, on every sample config (with a quota no run exhausts, so every
# occurrence is reached) and on daily variants, where the last timeslice
# comes after the end date (a crypto daily bar arriving the next evening):
# what is due by then fires in `run` and is listed.
set -u
bin="$1"; root="$2"
. "$root/tests/e2e/check_helpers.sh"

# The events, not the advice: --one-draw spares the odds trials.
roomy=(--set scheduled-event-leaky-bucket-capacity=2000000000 --set algorithm-manager-time-loop-maximum=500000)

# compare <label> <config> [--set ...]: the run's events[] against the listing.
compare() {
  local label="$1" config="$2"; shift 2
  local status=0
  "$bin" run --config "$config" "${roomy[@]}" "$@" --one-draw --report "$tmp/$label.report.json" --quiet || status=$?
  check "$label: run completes (exit $status)" test "$status" -eq 0
  "$bin" calendar --config "$config" "${roomy[@]}" "$@" --events --all --format json > "$tmp/$label.calendar.json"
  check "$label: listing and run agree" python3 - "$tmp/$label.report.json" "$tmp/$label.calendar.json" <<'PY'
import json, sys
report = json.load(open(sys.argv[1]))
calendar = json.load(open(sys.argv[2]))
live = report["mode"] == "live"
# A live run fires an occurrence when the scheduling thread is free, which a
# long training can delay; the listing gives the clock time. Compare fired
# times in backtests, the occurrences themselves in both modes.
def key(name, scheduled, fired):
    return (name, scheduled) if live else (name, scheduled, fired)
ran = sorted(key(e["name"], e["scheduled"], e["fired"]) for e in report["events"])
listed = sorted(key(e["name"], o["scheduled"], o["fires"])
                for e in calendar["events"] for o in e["occurrences"] if o["fires"] is not None)
assert len(report["events"]) < 10000, "the report caps its events list"
if ran != listed:
    extra = [x for x in listed if x not in ran][:3]
    missing = [x for x in ran if x not in listed][:3]
    print(f"  run {len(ran)}, listed {len(listed)}; listed only: {extra}; run only: {missing}")
    sys.exit(1)
print(f"  {len(ran)} occurrences agree")
PY
}

for config in "$root"/configs/*.json; do
  compare "$(basename "$config" .json)" "$config"
done

# Daily bars: crypto's arrive at 00:00 UTC, so a New York run's last timeslice
# is the evening after the end date; Sunday trainings due before it fire.
cat > "$tmp/crypto-daily.json" <<JSON
{ "simulation": { "start": "2024-01-01", "end": "2024-01-20", "time-zone": "America/New_York",
    "security": "Crypto-coinbase-BTCUSD", "resolution": "daily", "benchmark": false,
    "training": [ { "name": "weekly", "date-rule": "DateRules.Every(DayOfWeek.Saturday)",
                    "time-rule": "TimeRules.At(12, 0)", "duration": "20m" },
                  { "name": "daily", "date-rule": "DateRules.EveryDay()", "time-rule": "TimeRules.At(18, 0)",
                    "duration": "5m" } ] } }
JSON
compare crypto-daily "$tmp/crypto-daily.json"
# The last bar (UTC Jan 21) arrives Sunday 2024-01-21 19:00 EST, after the end
# date: Sunday's 18:00 training is due by then, so it fires there and is listed.
grep -A1 -F '"scheduled": "2024-01-21T18:00:00-05:00"' "$tmp/crypto-daily.calendar.json" > "$tmp/sunday.txt"
check "crypto daily: Sunday's 18:00 training is listed, firing at the last timeslice" \
  has "$tmp/sunday.txt" '"fires": "2024-01-21T19:00:00-05:00"'
compare crypto-every-6h-daily "$root/configs/crypto-every-6h.json" --set simulation.resolution=daily \
  --set simulation.time-zone=America/New_York

echo "$checks calendar/run agreement checks, $failures failures"
[ "$failures" -eq 0 ]
