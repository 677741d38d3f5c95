#!/usr/bin/env bash
# trainsim tune on boundaries known by hand (exit 0), and its refusals: no
# boundary in the range and outcomes not monotone in the key (exit 1), bad
# requests (exit 2).
#
# The case: a single Train(method) in Initialize of 35 minutes, refill 0.
# It runs in the start timeslice (00:00, no bar, so no on-data in that step).
# LEAN's time monitor asks the bucket for one minute at each whole minute the
# event has run, strictly before it ends: at minutes 1..34, so 34 requests.
# Without refill (and the bucket refills on wall time, 35 minutes here) the
# bucket pays `capacity` of them: capacity 34 completes with the bucket at 0,
# 33 fails at the 34th request. Capacity 0 grants nothing (and never stops an
# event), so the 10-minute loop maximum stops it: monotone over 0..100.
# With capacity 34 fixed, a duration of D whole minutes asks D - 1 times:
# 35m is the longest that completes. With capacity 0 only the loop maximum
# applies (the step fails when its elapsed time exceeds it): 35 is the
# smallest maximum that completes, 34.99 fails.
set -u
bin="$1"; root="$2"
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
failures=0
fail() { echo "FAIL $*"; failures=$((failures + 1)); }
cat > "$tmp/now35.json" <<'JSON'
{
  "scheduled-event-leaky-bucket-refill-amount": 0,
  "simulation": {
    "start": "2024-01-02", "end": "2024-01-05",
    "security": "Equity-usa-SPY", "resolution": "minute",
    "on-data": { "cost": "50ms" },
    "training": [ { "name": "initial", "when": "now", "duration": "35m" } ]
  }
}
JSON
cap=scheduled-event-leaky-bucket-capacity

# expect <exit status> <stdout line> <tune arguments...>
expect() {
  local want_status="$1" want="$2"; shift 2
  local status=0
  "$bin" tune --config "$tmp/now35.json" "$@" > "$tmp/out" 2> "$tmp/err" || status=$?
  [ "$status" = "$want_status" ] || { fail "tune $*: exit $status, expected $want_status"; cat "$tmp/out" "$tmp/err"; }
  grep -qF -- "$want" "$tmp/out" "$tmp/err" || { fail "tune $*: output lacks '$want'"; cat "$tmp/out" "$tmp/err"; }
}

expect 0 "boundary: 34  (the smallest value that completes; 33 fails at 2024-01-02T00:00:00-05:00 during 'initial')" \
  --minimize "$cap" --range 0:100
grep -qx "margin:   bucket minimum 0 minutes at 34 (34 charged, 35 minutes trained)" "$tmp/out" || fail "margin line: $(cat "$tmp/out")"
grep -qx "runs:     10" "$tmp/out" || fail "runs line: $(grep runs "$tmp/out")"
# The same answer with one job, and over the default range (0..2^31-1).
expect 0 "boundary: 34 " --minimize "$cap" --range 0:100 --jobs 1
expect 0 "boundary: 34 " --minimize "$cap"
expect 0 "boundary: 35m  (the largest value that completes; 36m fails" \
  --set "$cap=34" --maximize "simulation.training[0].duration" --range 10m:60m
expect 0 "boundary: 35  (the smallest value that completes; 34.99 fails" \
  --set "$cap=0" --minimize algorithm-manager-time-loop-maximum --range 1:100

expect 1 "boundary: none: no value in the range completes (0 and 20 both fail)" --minimize "$cap" --range 0:20
expect 1 "boundary: none: every value tried completes, even the lowest, 50" --minimize "$cap" --range 50:100
expect 1 "boundary: none: not monotone: 0 fails but 50 completes" --maximize "$cap" --range 0:100

expect 2 "is a whole number in LEAN" --minimize "$cap" --range 0:10.5
expect 2 "empty range" --minimize "$cap" --range 10:0
expect 2 "must not be negative" --minimize "$cap" --range -5:10
expect 2 "--range: required for 'simulation.seed'" --minimize simulation.seed
expect 2 "excludes" --minimize "$cap" --maximize "$cap"
expect 2 "--minimize KEY or --maximize KEY" --range 0:10

echo "tune checked, $failures failures"
[ "$failures" -eq 0 ]
