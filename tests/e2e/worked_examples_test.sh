#!/usr/bin/env bash
# docs/semantics.md#the-leaky-bucket's worked examples, end to end through `trainsim run`, and
# the README's easy-to-miss points: events fired late but stamped with their
# own time, the failing timeslice counted, capacity 0, the algorithm bucket
# clock, refills on the wall clock, determinism.
#
# Usage: bash worked_examples_test.sh <path-to-trainsim> <source-dir>
# Exit: 0 pass, 77 skip, anything else fail. Needs only bash, grep, sed, cmp.
set -u

BIN=${1:?usage: worked_examples_test.sh <trainsim> <source-dir>}
SRC=${2:?usage: worked_examples_test.sh <trainsim> <source-dir>}
if [ ! -x "$BIN" ]; then echo "not executable: $BIN" >&2; exit 1; fi
FIX="$SRC/tests/fixtures/configs"
TMP=$(mktemp -d "${TMPDIR:-/tmp}/trainsim-examples-test.XXXXXX") || exit 1
trap 'rm -rf "$TMP"' EXIT

failures=0
checks=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
pass() { checks=$((checks + 1)); }

# simulate NAME EXPECTED-EXIT CONFIG [ARGS...]: runs with --report $TMP/NAME.json.
simulate() {
  local name=$1 want=$2 config=$3
  shift 3
  "$BIN" run --config "$config" --report "$TMP/$name.json" "$@" >"$TMP/$name.out" 2>"$TMP/$name.err"
  local rc=$?
  report="$TMP/$name.json"
  last=$name
  if [ "$rc" -eq "$want" ]; then pass; else
    fail "$name: exit $rc, expected $want"
    sed 's/^/    stderr: /' "$TMP/$name.err" >&2
  fi
  if [ -s "$report" ]; then pass; else fail "$name: no report"; : >"$report"; fi
}
# field LINE: the report has LINE exactly (with or without a trailing comma).
# The report is pretty-printed with 2-space indents: top-level keys have 2
# spaces, keys of failure/bucket/training 4, keys of each event 6.
field() {
  if grep -qxF -- "$1" "$report" || grep -qxF -- "$1," "$report"; then pass; else
    fail "$last: report lacks line: $1"
    grep -F -- "$(echo "$1" | sed 's/:.*//')" "$report" | head -n 3 | sed 's/^/    have: /' >&2
  fi
}
# events KEY EXPECTED: the per-event values of KEY, in order, comma-separated.
events() {
  local got
  got=$(grep "^      \"$1\": " "$report" | sed -e "s/^      \"$1\": //" -e 's/,$//' | tr '\n' ',' | sed 's/,$//')
  if [ "$got" = "$2" ]; then pass; else fail "$last: events' $1 are [$got], expected [$2]"; fi
}
stdout_has() { if grep -qF -- "$1" "$TMP/$last.out"; then pass; else fail "$last: stdout lacks: $1"; fi; }

msg20='Algorithm took longer than 20 minutes on a single time loop.'

# ---------------------------------------------------------------- example 1
# 35-minute Sunday trainings: 86, 52, 18; the fourth is refused at its 19th charge.
simulate example1 1 "$FIX/example1-weekly-35m.json"
field '  "outcome": "failed"'
field '  "mode": "backtest"'
field '    "algorithm-time": "2024-01-28T08:00:00-05:00"'
field '    "wall-minutes": 124'
field '    "event": "weekly"'
field "    \"message\": \"$msg20 CurrentTimeStepElapsed: 19.0 minutes\""
field '  "timeslices": 7022'           # start slice + 18 days x 390 + the failing slice
field '  "trading-days": 19'
field '  "wall-minutes": 124'
field '    "capacity": 120'
field '    "refill-amount": 18'
field '    "interval-minutes": 1440'
field '    "charged": 120'
field '    "refilled": 0'
field '    "final": 0'
field '    "minimum": 0'
field '    "sessions": 4'
field '    "minutes": 124'
events bucket-before 120,86,52,18
events bucket-after 86,52,18,0
events charged 34,34,34,18
events minutes 35,35,35,19
events wall-start-minutes 0,35,70,105
# Sunday 08:00 sessions run at Monday's first timeslice (Tuesday after MLK day).
events scheduled '"2024-01-07T08:00:00-05:00","2024-01-14T08:00:00-05:00","2024-01-21T08:00:00-05:00","2024-01-28T08:00:00-05:00"'
events fired '"2024-01-08T09:31:00-05:00","2024-01-16T09:31:00-05:00","2024-01-22T09:31:00-05:00","2024-01-29T09:31:00-05:00"'
stdout_has "FAILED at 2024-01-28T08:00:00-05:00"
stdout_has "Runtime Error: $msg20 CurrentTimeStepElapsed: 19.0 minutes"

# A 35.5-minute training costs 35 and leaves 85.
simulate example1_half 0 "$FIX/example1-weekly-35m.json" --set simulation.training[0].duration=35m30s --set simulation.end=2024-01-12
field '  "outcome": "completed"'
field '  "failure": null'
events charged 35
field '    "final": 85'

# Determinism: the same input gives a byte-identical report.
simulate example1_again 1 "$FIX/example1-weekly-35m.json"
if cmp -s "$TMP/example1.json" "$TMP/example1_again.json"; then pass; else fail "example 1: two runs differ"; fi

# ---------------------------------------------------------------- example 2
# The same training on a bucket of 3: charges at 1, 2, 3; refused at 4:00.
simulate example2 1 "$FIX/example7-bucket-25.json" --set scheduled-event-leaky-bucket-capacity=3 --set simulation.training[0].duration=35m
field '    "wall-minutes": 4'
field "    \"message\": \"$msg20 CurrentTimeStepElapsed: 4.0 minutes\""
field '    "charged": 3'
field '    "final": 0'
# B tokens allow one event of up to B + 1 minutes.
simulate example2_fits 0 "$FIX/example7-bucket-25.json" --set scheduled-event-leaky-bucket-capacity=3 --set simulation.training[0].duration=4m
field '    "charged": 3'

# ---------------------------------------------------------------- example 3
# Weekly 30.5-minute trainings cost 30: 90, 60, 30, 0; session 5 fails 1 minute in.
simulate example3 1 "$FIX/example3-weekly-30.5m.json"
field '    "algorithm-time": "2024-02-04T08:00:00-05:00"'
field '    "wall-minutes": 123'
field "    \"message\": \"$msg20 CurrentTimeStepElapsed: 1.0 minutes\""
field '    "sessions": 5'
events charged 30,30,30,30,0
events bucket-after 90,60,30,0,0
field '  "timeslices": 8972'           # 1 + 23 days x 390 + the failing slice (Mon Feb 5)
field '  "trading-days": 24'

# Unless 1440 wall minutes have passed: one minute of OnData per slice makes
# 390 wall minutes a day, and the wall grid refills 18 per 1440 minutes.
simulate example3_slow 0 "$FIX/example3-weekly-30.5m.json" --set simulation.on-data.cost=1m --set simulation.end=2024-02-09
events wall-start-minutes 1560,3540.5,5131,7111.5,9092
events bucket-before 120,108,96,84,90
events bucket-after 90,78,66,54,60
field '    "final": 78'
field '    "refilled": 108'
field '    "minimum": 54'

# ---------------------------------------------------------------- example 6
# TrainingInitializeRegressionAlgorithm: stops 2:00 into the start slice.
simulate example6 1 "$FIX/example6-training-initialize.json"
field '    "algorithm-time": "2013-10-07T00:00:00-04:00"'
field '    "wall-minutes": 2'
field '    "event": "train-in-initialize"'
field '    "message": "Algorithm took longer than 1.5 minutes on a single time loop. CurrentTimeStepElapsed: 2.0 minutes"'
field '  "timeslices": 1'
field '  "trading-days": 0'
field '    "sessions": 1'
field '    "charged": 1'
field '    "capacity": 1'
field '    "refill-amount": 0'
events scheduled '"2013-10-07T00:00:00-04:00"'
events fired '"2013-10-07T00:00:00-04:00"'
stdout_has "Runtime Error: Algorithm took longer than 1.5 minutes on a single time loop. CurrentTimeStepElapsed: 2.0 minutes"

# ---------------------------------------------------------------- example 7
simulate example7 1 "$FIX/example7-bucket-25.json"
field '    "wall-minutes": 26'
field "    \"message\": \"$msg20 An additional 5 minutes were also allocated and consumed. CurrentTimeStepElapsed: 26.0 minutes\""
field '    "charged": 25'
field '    "refill-amount": 4'

# ---------------------------------------------------------------- capacity 0
simulate capacity0 0 "$FIX/capacity-zero.json"
field '  "outcome": "completed"'
field '    "sessions": 9'
field '    "charged": 0'
field '    "final": 0'
field '    "minutes": 175.5'
simulate capacity0_long 1 "$FIX/capacity-zero.json" --set simulation.training[0].duration=25m
field '    "algorithm-time": "2024-01-02T10:00:00-05:00"'
field '    "wall-minutes": 20'
field "    \"message\": \"$msg20 CurrentTimeStepElapsed: 20.0 minutes\""
field '    "charged": 0'
field '    "sessions": 1'

# ---------------------------------------------------------------- training and OnData in one step
# Granted minutes cover OnData too: uncharged work fails a step only when
# X + t > max + floor(t).
simulate shared_step 0 "$FIX/shared-step.json"
field '    "charged": 10'
field '  "timeslices": 1441'
field '  "wall-minutes": 10825.5'        # 10.5 + 721 slices x 15 minutes (the trace alternates 15m, 0s)
simulate shared_step_fails 1 "$FIX/shared-step.json" --set simulation.training[0].duration=9m30s \
  --set 'simulation.on-data.cost={"trace": "../traces/on-data-21m-first.csv"}'
field '    "algorithm-time": "2024-01-02T00:00:00-05:00"'
field '    "event": null'
field '    "wall-minutes": 29'
field "    \"message\": \"$msg20 CurrentTimeStepElapsed: 29.0 minutes\""
field '  "timeslices": 1'

# ---------------------------------------------------------------- bucket clock
simulate algorithm_clock 0 "$FIX/algorithm-clock.json"
events bucket-before 120,21,35
events bucket-after 21,17,31
events scheduled '"2024-01-01T00:00:00-05:00","2024-01-01T23:59:00-05:00","2024-01-02T00:00:00-05:00"'
events fired '"2024-01-01T00:00:00-05:00","2024-01-02T09:31:00-05:00","2024-01-02T09:31:00-05:00"'
field '    "final": 85'                 # grid points Jan 2, 3, 4, 5 00:00 passed by Jan 5 16:00
field '    "minimum": 17'
field '    "bucket-clock": "algorithm"'
simulate wall_clock 0 "$FIX/algorithm-clock.json" --set simulation.bucket-clock=wall
events bucket-before 120,21,17
events bucket-after 21,17,13
field '    "final": 13'                 # 110 wall minutes: no refill
field '    "refilled": 0'
field '    "bucket-clock": "wall"'

echo "worked_examples_test: $checks checks passed, $failures failed"
# Every JSON report written above follows the report's schema.
python3 "$(dirname "$0")/validate_reports.py" "$(dirname "$0")/../../share/schema/report.schema.json" "$TMP" ||
  failures=$((failures + 1))
[ "$failures" -eq 0 ] || exit 1
exit 0
