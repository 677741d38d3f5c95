#!/usr/bin/env bash
# End-to-end tests of the command line (README: Configuration, Using it, Report): config reading as a
# user sees it through `trainsim validate` and `trainsim run`, exit statuses
# (0 completed, 1 stopped, 2 bad input), diagnostics on stderr, --set,
# --report (atomic, never written on bad input) and --timeline.
#
# Usage: bash cli_test.sh <path-to-trainsim> <source-dir>
# Exit: 0 pass, 77 skip, anything else fail. Needs only bash, grep, sed, cmp.
set -u

BIN=${1:?usage: cli_test.sh <trainsim> <source-dir>}
SRC=${2:?usage: cli_test.sh <trainsim> <source-dir>}
if [ ! -x "$BIN" ]; then echo "not executable: $BIN" >&2; exit 1; fi
FIX="$SRC/tests/fixtures/configs"
TMP=$(mktemp -d "${TMPDIR:-/tmp}/trainsim-cli-test.XXXXXX") || exit 1
trap 'chmod -R u+rwx "$TMP" 2>/dev/null; rm -rf "$TMP"' EXIT

failures=0
checks=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
pass() { checks=$((checks + 1)); }

# run_cli NAME ARGS...: runs the binary; stdout/stderr in $TMP/NAME.out/.err, status in $rc.
run_cli() {
  local name=$1
  shift
  "$BIN" "$@" >"$TMP/$name.out" 2>"$TMP/$name.err"
  rc=$?
  last=$name
}
expect_rc() {
  if [ "$rc" -eq "$1" ]; then pass; else
    fail "$last: exit $rc, expected $1"
    sed 's/^/    stderr: /' "$TMP/$last.err" >&2
  fi
}
# expect_out / expect_err FIXED-STRING: the output contains it.
expect_out() { if grep -qF -- "$1" "$TMP/$last.out"; then pass; else fail "$last: stdout lacks: $1"; fi; }
expect_err() { if grep -qF -- "$1" "$TMP/$last.err"; then pass; else
  fail "$last: stderr lacks: $1"; sed 's/^/    stderr: /' "$TMP/$last.err" >&2; fi; }
expect_no_err() { if grep -qF -- "$1" "$TMP/$last.err"; then fail "$last: stderr has: $1"; else pass; fi; }
# expect_row KEY VALUE: validate's "LEAN keys" row for KEY shows VALUE.
expect_row() {
  if grep -Eq "^  $1 +$2 +\(" "$TMP/$last.out"; then pass; else
    fail "$last: row '$1' is not '$2': $(grep -E "^  $1 " "$TMP/$last.out")"
  fi
}
# expect_line FILE LINE: FILE has LINE exactly (with or without a trailing comma).
expect_line() {
  if grep -qxF -- "$2" "$1" || grep -qxF -- "$2," "$1"; then pass; else fail "$(basename "$1") lacks line: $2"; fi
}
write() { mkdir -p "$(dirname "$TMP/$1")"; cat >"$TMP/$1"; }

# A minimal config a test varies: one Train(now) of 45 minutes, 4 days.
base_sim='"simulation": { "start": "2024-01-02", "end": "2024-01-05",
  "training": [ { "name": "initial", "when": "now", "duration": "45m" } ] }'
config_with() { # FILE LEAN-KEYS-JSON-FRAGMENT
  printf '{\n  %s\n  %s\n}\n' "$2" "$base_sim" | write "$1"
}

# ------------------------------------------------------------------ validate
run_cli validate_layered validate --config "$FIX/layered.json"
expect_rc 0
expect_out "(environment 'backtesting')"
expect_row algorithm-manager-time-loop-maximum 15
expect_row scheduled-event-leaky-bucket-capacity 100            # from the environment
expect_row scheduled-event-leaky-bucket-time-interval-minutes 1440
expect_row scheduled-event-leaky-bucket-refill-amount 15        # ceil(100 / 7)
expect_row live-mode false
expect_out "environment 'backtesting'"
if [ -s "$TMP/validate_layered.err" ]; then fail "validate_layered: unexpected stderr: $(cat "$TMP/validate_layered.err")"; else pass; fi

# --set environment=<name> reselects the overlay; --set KEY wins over everything.
run_cli validate_env_set validate --config "$FIX/layered.json" --set environment=live-paper
expect_rc 0
expect_row scheduled-event-leaky-bucket-capacity 60
expect_row live-mode true
run_cli validate_set validate --config "$FIX/layered.json" --set scheduled-event-leaky-bucket-capacity=7
expect_rc 0
expect_row scheduled-event-leaky-bucket-capacity 7
expect_row scheduled-event-leaky-bucket-refill-amount 1
expect_out "(--set)"

# Unknown environment: a warning, then the root keys.
config_with unknown_env.json '"environment": "nope", "scheduled-event-leaky-bucket-capacity": 70,
  "environments": { "backtesting": { "scheduled-event-leaky-bucket-capacity": 30 } },'
run_cli unknown_env validate --config "$TMP/unknown_env.json"
expect_rc 0
expect_err "warning"
expect_err "'nope'"
expect_row scheduled-event-leaky-bucket-capacity 70

# Nested environments: the deepest definition wins.
config_with nested_env.json '"environment": "outer", "scheduled-event-leaky-bucket-capacity": 120,
  "environments": { "outer": { "environment": "inner", "scheduled-event-leaky-bucket-capacity": 50 },
                    "inner": { "scheduled-event-leaky-bucket-capacity": 40 } },'
run_cli nested_env validate --config "$TMP/nested_env.json"
expect_rc 0
expect_row scheduled-event-leaky-bucket-capacity 40

# Loop maximum: fractional, and "1,5" reads 15 (thousands separator).
config_with loop_frac.json '"algorithm-manager-time-loop-maximum": "1.5",'
run_cli loop_frac validate --config "$TMP/loop_frac.json"
expect_rc 0
expect_row algorithm-manager-time-loop-maximum 1.5
config_with loop_comma.json '"algorithm-manager-time-loop-maximum": "1,5",'
run_cli loop_comma validate --config "$TMP/loop_comma.json"
expect_rc 0
expect_row algorithm-manager-time-loop-maximum 15

# Valid LEAN values: capacity 0, a refill above the capacity.
config_with cap0.json '"scheduled-event-leaky-bucket-capacity": 0,'
run_cli cap0 validate --config "$TMP/cap0.json"
expect_rc 0
expect_row scheduled-event-leaky-bucket-capacity 0
expect_row scheduled-event-leaky-bucket-refill-amount 0
config_with bigrefill.json '"scheduled-event-leaky-bucket-capacity": 10, "scheduled-event-leaky-bucket-refill-amount": 50,'
run_cli bigrefill validate --config "$TMP/bigrefill.json"
expect_rc 0
expect_row scheduled-event-leaky-bucket-refill-amount 50

# The default refill follows the effective capacity: 100 -> 15, 7 -> 1, 1 -> 1, 0 -> 0.
for pair in 100:15 7:1 1:1 0:0 120:18; do
  run_cli "refill_$pair" validate --config "$FIX/layered.json" --set "scheduled-event-leaky-bucket-capacity=${pair%%:*}"
  expect_rc 0
  expect_row scheduled-event-leaky-bucket-refill-amount "${pair##*:}"
done

# Near-miss key: a warning naming the known key; far unknown keys are silent.
config_with nearmiss.json '"scheduled-event-leaky-bucket-capacty": 10, "job-queue-handler": "x", "debugging": false,'
run_cli nearmiss validate --config "$TMP/nearmiss.json"
expect_rc 0
expect_err "scheduled-event-leaky-bucket-capacty"
expect_err "did you mean 'scheduled-event-leaky-bucket-capacity'"
expect_no_err "job-queue-handler"
expect_no_err "debugging"
expect_row scheduled-event-leaky-bucket-capacity 120   # the misspelt key is not applied
if [ "$(grep -c warning "$TMP/nearmiss.err")" -eq 1 ]; then pass; else fail "nearmiss: expected exactly one warning"; fi

# Relative data-folder resolves against the config's folder.
mkdir -p "$TMP/proj/conf" "$TMP/proj/data"
cp -r "$SRC/sample_data/market-hours" "$TMP/proj/data/"
printf '{ "data-folder": "../data", %s }\n' "$base_sim" | write proj/conf/config.json
(cd / && "$BIN" run --config "$TMP/proj/conf/config.json" -q --report "$TMP/proj/report.json" >"$TMP/reldata.out" 2>"$TMP/reldata.err")
rc=$?
last=reldata
expect_rc 0
expect_line "$TMP/proj/report.json" '  "outcome": "completed"'
printf '{ "data-folder": "nowhere", %s }\n' "$base_sim" | write proj/conf/missing-data.json
run_cli missing_data run --config "$TMP/proj/conf/missing-data.json" -q
expect_rc 2
expect_err "nowhere"
expect_err "market-hours-database.json"

# ------------------------------------------------------------------ bad input: exit 2, file and key named
bad() { # NAME KEY FRAGMENT
  config_with "$1.json" "$3"
  run_cli "$1" validate --config "$TMP/$1.json"
  expect_rc 2
  expect_err "$TMP/$1.json"
  expect_err "$2"
  run_cli "$1_run" run --config "$TMP/$1.json" --report "$TMP/$1.report.json" --timeline "$TMP/$1.timeline.csv"
  expect_rc 2
  expect_err "$2"
  if [ -e "$TMP/$1.report.json" ]; then fail "$1: report written on bad input"; else pass; fi
  if [ -e "$TMP/$1.timeline.csv" ]; then fail "$1: timeline written on bad input"; else pass; fi
  if [ -s "$TMP/$1_run.out" ]; then fail "$1: stdout not empty on bad input"; else pass; fi
}
bad bucket_fraction scheduled-event-leaky-bucket-capacity '"scheduled-event-leaky-bucket-capacity": "120.5",'
bad interval_fraction scheduled-event-leaky-bucket-time-interval-minutes '"scheduled-event-leaky-bucket-time-interval-minutes": "1440.5",'
bad refill_fraction scheduled-event-leaky-bucket-refill-amount '"scheduled-event-leaky-bucket-refill-amount": 2.5,'
bad wrong_type scheduled-event-leaky-bucket-capacity '"scheduled-event-leaky-bucket-capacity": true,'
bad null_value scheduled-event-leaky-bucket-capacity '"scheduled-event-leaky-bucket-capacity": null,'
bad negative_capacity scheduled-event-leaky-bucket-capacity '"scheduled-event-leaky-bucket-capacity": -1,'
bad negative_refill scheduled-event-leaky-bucket-refill-amount '"scheduled-event-leaky-bucket-refill-amount": "-3",'
bad zero_interval scheduled-event-leaky-bucket-time-interval-minutes '"scheduled-event-leaky-bucket-time-interval-minutes": 0,'
bad zero_loop algorithm-manager-time-loop-maximum '"algorithm-manager-time-loop-maximum": 0,'
bad negative_loop algorithm-manager-time-loop-maximum '"algorithm-manager-time-loop-maximum": "-1.5",'
bad overflow scheduled-event-leaky-bucket-capacity '"scheduled-event-leaky-bucket-capacity": 99999999999,'
bad bad_bool live-mode '"live-mode": "1",'
bad bad_env environment '"environment": 5,'

# A number no double holds: exit 2 with the file, line and column.
printf '{\n  "scheduled-event-leaky-bucket-capacity": 1e400\n}\n' | write huge.json
run_cli huge run --config "$TMP/huge.json" --report "$TMP/huge.report.json"
expect_rc 2
expect_err "$TMP/huge.json:2:"
if [ -e "$TMP/huge.report.json" ]; then fail "huge: report written on bad input"; else pass; fi

# Simulation errors name the key path.
printf '{ "simulation": { "training": [ { "name": "a", "when": "now", "duration": "1m" },
  { "name": "b", "date-rule": "DateRules.Every(DayOfWeek.Sunday)", "time-rule": "TimeRules.Att(8, 0)", "duration": "1m" } ] } }\n' | write bad_rule.json
run_cli bad_rule run --config "$TMP/bad_rule.json"
expect_rc 2
expect_err "$TMP/bad_rule.json"
expect_err "simulation.training[1].time-rule"
printf '{ "simulation": { "training": [ { "name": "a", "when": "now", "duration": "forever" } ] } }\n' | write bad_duration.json
run_cli bad_duration run --config "$TMP/bad_duration.json"
expect_rc 2
expect_err "simulation.training[0].duration"

# Missing file, a directory, an unreadable file.
run_cli missing run --config "$TMP/does-not-exist.json"
expect_rc 2
expect_err "$TMP/does-not-exist.json"
run_cli directory validate --config "$TMP"
expect_rc 2
expect_err "$TMP"
config_with locked.json ''
chmod 000 "$TMP/locked.json"
if [ "$(id -u)" -eq 0 ]; then
  echo "note: running as root, the unreadable-file check is skipped (root reads mode 000 files)"
else
  run_cli locked validate --config "$TMP/locked.json"
  expect_rc 2
  expect_err "$TMP/locked.json"
fi

# Malformed JSON: file:line:column.
printf '{\n  "scheduled-event-leaky-bucket-capacity": 10,\n  "a": ,\n  "b": 2\n}\n' | write malformed.json
run_cli malformed validate --config "$TMP/malformed.json"
expect_rc 2
expect_err "$TMP/malformed.json:3:8"
printf '{\n  // a comment\n  "a": 1\n  "b": 2\n}\n' | write missing_comma.json
run_cli missing_comma run --config "$TMP/missing_comma.json" --report "$TMP/missing_comma.report.json"
expect_rc 2
expect_err "$TMP/missing_comma.json:4:"
if [ -e "$TMP/missing_comma.report.json" ]; then fail "missing_comma: report written"; else pass; fi

# --set errors and usage errors are exit 2 too.
run_cli set_bad_index run --config "$FIX/layered.json" --set "simulation.training[3].duration=1m"
expect_rc 2
expect_err "simulation.training[3]"
run_cli set_bad_value run --config "$FIX/layered.json" --set "scheduled-event-leaky-bucket-capacity=abc"
expect_rc 2
expect_err "scheduled-event-leaky-bucket-capacity"
run_cli usage_no_config run
expect_rc 2
run_cli usage_unknown_option run --config "$FIX/layered.json" --no-such-option
expect_rc 2
run_cli usage_no_command
expect_rc 2

# A bad run leaves an existing report untouched.
printf 'previous report\n' >"$TMP/keep.json"
run_cli keep_report run --config "$TMP/bucket_fraction.json" --report "$TMP/keep.json"
expect_rc 2
if [ "$(cat "$TMP/keep.json")" = "previous report" ]; then pass; else fail "keep_report: existing report changed on bad input"; fi

# ------------------------------------------------------------------ run: exit codes, report, timeline
run_cli run_ok run --config "$FIX/layered.json" --report "$TMP/ok.json" --timeline "$TMP/ok.csv"
expect_rc 0
expect_out "COMPLETED"
expect_line "$TMP/ok.json" '  "outcome": "completed"'
expect_line "$TMP/ok.json" '  "mode": "backtest"'
expect_line "$TMP/ok.json" '  "failure": null'
expect_line "$TMP/ok.json" '    "capacity": 100'
expect_line "$TMP/ok.json" '    "charged": 44'
expect_line "$TMP/ok.json" '    "final": 56'
expect_line "$TMP/ok.json" '    "sessions": 1'
expect_line "$TMP/ok.json" '  "trading-days": 4'
expect_line "$TMP/ok.json" '  "timeslices": 1561'
# Timeline: a header and rows for the training (start, charges, end).
if [ "$(head -n 1 "$TMP/ok.csv")" = "algorithm_time,wall_minutes,what,name,bucket" ]; then pass; else
  fail "timeline header: $(head -n 1 "$TMP/ok.csv")"; fi
if grep -q '^2024-01-02T00:00:00-05:00,0,event-start,initial,100$' "$TMP/ok.csv"; then pass; else fail "timeline lacks the event-start row"; fi
if [ "$(grep -c ',charge,initial,' "$TMP/ok.csv")" -eq 44 ]; then pass; else fail "timeline: expected 44 charge rows"; fi
if grep -q ',event-end,initial,56$' "$TMP/ok.csv"; then pass; else fail "timeline lacks the event-end row"; fi
# Atomic writes leave no temporary files behind.
if ls -A "$TMP" | grep -q '\.tmp'; then fail "temporary files left: $(ls -A "$TMP" | grep '\.tmp')"; else pass; fi

# Quiet: no summary on stdout.
run_cli run_quiet run --config "$FIX/layered.json" -q
expect_rc 0
if [ -s "$TMP/run_quiet.out" ]; then fail "run -q printed on stdout"; else pass; fi

# Stopped: exit 1, LEAN's message on stdout and in the report.
run_cli run_stopped run --config "$FIX/layered.json" --set simulation.training[0].duration=2h --report "$TMP/stopped.json" --timeline "$TMP/stopped.csv"
expect_rc 1
expect_out "FAILED"
expect_out "Runtime Error: Algorithm took longer than 15 minutes on a single time loop."
expect_line "$TMP/stopped.json" '  "outcome": "failed"'
expect_line "$TMP/stopped.json" '    "event": "initial"'
expect_line "$TMP/stopped.json" '    "algorithm-time": "2024-01-02T00:00:00-05:00"'
expect_line "$TMP/stopped.json" '    "wall-minutes": 101'
expect_line "$TMP/stopped.json" '    "message": "Algorithm took longer than 15 minutes on a single time loop. An additional 85 minutes were also allocated and consumed. CurrentTimeStepElapsed: 101.0 minutes"'
if grep -q ',refused,initial,0$' "$TMP/stopped.csv" && grep -q ',failure,initial,' "$TMP/stopped.csv"; then pass; else
  fail "timeline lacks the refused/failure rows"; fi

# Determinism: two runs give byte-identical reports.
run_cli det1 run --config "$SRC/configs/quickstart.json" -q --report "$TMP/det1.json"
rc1=$rc
run_cli det2 run --config "$SRC/configs/quickstart.json" -q --report "$TMP/det2.json"
if [ "$rc1" -eq "$rc" ] && [ "$rc" -ne 2 ]; then pass; else fail "determinism runs: exit $rc1 and $rc"; fi
if cmp -s "$TMP/det1.json" "$TMP/det2.json"; then pass; else fail "two runs gave different reports"; fi
if [ -s "$TMP/det1.json" ]; then pass; else fail "determinism: empty report"; fi

# Report into a folder that does not exist: an error, not a crash.
run_cli report_nodir run --config "$FIX/layered.json" -q --report "$TMP/no/such/dir/report.json"
if [ "$rc" -ne 0 ] && [ "$rc" -ne 1 ] && [ "$rc" -lt 128 ]; then pass; else fail "report_nodir: exit $rc"; fi
expect_err "$TMP/no/such/dir/report.json"

# ------------------------------------------------------------------ LEAN's own Launcher config
LEAN_CONFIG="$SRC/../shared/lean/config.json"
if [ -f "$LEAN_CONFIG" ]; then
  run_cli lean validate --config "$LEAN_CONFIG"
  expect_rc 0
  expect_out "(environment 'backtesting')"
  expect_row algorithm-manager-time-loop-maximum 10
  expect_row scheduled-event-leaky-bucket-capacity 120
  expect_row scheduled-event-leaky-bucket-time-interval-minutes 1440
  expect_row scheduled-event-leaky-bucket-refill-amount 18
  expect_row live-mode false
  expect_no_err "did you mean"
  run_cli lean_live validate --config "$LEAN_CONFIG" --set environment=live-paper
  expect_rc 0
  expect_row live-mode true
else
  echo "note: $LEAN_CONFIG is absent; LEAN's config checks skipped"
fi

echo "cli_test: $checks checks passed, $failures failed"
# Every JSON report written above follows the report's schema.
python3 "$(dirname "$0")/validate_reports.py" "$(dirname "$0")/../../share/schema/report.schema.json" "$TMP" ||
  failures=$((failures + 1))
[ "$failures" -eq 0 ] || exit 1
exit 0
