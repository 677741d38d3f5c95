#!/usr/bin/env bash
# End-to-end tests of issue 10's hardening, through the real binary: outputs
# never damage a path and are all checked before simulating (nothing written on
# any error), the mended messages, unknown simulation.* paths refused in --set,
# --grid and tune, the duration bound, and deep nesting refused cleanly.
#
# Usage: bash hardening_test.sh <path-to-trainsim> <source-dir>
set -u
BIN=${1:?usage: hardening_test.sh <trainsim> <source-dir>}
SRC=${2:?usage: hardening_test.sh <trainsim> <source-dir>}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/trainsim-hardening.XXXXXX") || exit 1
trap 'chmod -R u+rwx "$TMP" 2>/dev/null; rm -rf "$TMP"' EXIT
# shellcheck source=expect_helpers.sh
source "$(dirname "$0")/expect_helpers.sh"

cat >"$TMP/c.json" <<'JSON'
{ "simulation": { "start": "2024-01-02", "end": "2024-01-05",
  "training": [ { "name": "initial", "when": "now", "duration": "45m" },
                { "name": "daily", "date-rule": "EveryDay()", "time-rule": "TimeRules.At(8, 0)", "duration": "20m" } ] } }
JSON

# 9. Every output is checked before simulating: a bad --timeline leaves no report.
run_cli bad_timeline run --config "$TMP/c.json" --report "$TMP/ok.json" --timeline "$TMP/no/dir/tl.csv"
expect_rc 2
expect_err "--timeline"
expect_err "does not exist"
[ ! -e "$TMP/ok.json" ] || fail "bad_timeline: the report was written although the run exited 2"
[ -z "$(ls -A "$TMP" | grep -v '^c.json$' | grep -v '\.out$' | grep -v '\.err$')" ] || fail "bad_timeline: files left: $(ls -A "$TMP")"

# 10. --report . names the problem, not "cannot replace: Success".
run_cli report_dot run --config "$TMP/c.json" --report .
expect_rc 2
expect_err "is a folder"
expect_no_err "Success"

# 8. A symlink is resolved: the link stays, its regular target gets the report.
echo old >"$TMP/target.json"
ln -s target.json "$TMP/link.json"
run_cli symlink run --config "$TMP/c.json" --report "$TMP/link.json" --quiet
[ -L "$TMP/link.json" ] || fail "symlink: the link was replaced"
grep -q '"outcome"' "$TMP/target.json" || fail "symlink: the target does not hold the report"
# ... and /dev/stdout (a symlink to the terminal or pipe) is written straight.
run_cli dev_stdout run --config "$TMP/c.json" --report /dev/stdout --quiet
grep -q '"outcome"' "$TMP/dev_stdout.out" || fail "dev_stdout: the report did not reach stdout"
[ -L /dev/stdout ] || fail "dev_stdout: /dev/stdout is no longer a symlink"
# A FIFO is written straight, not renamed over.
mkfifo "$TMP/fifo"
cat "$TMP/fifo" >"$TMP/fifo.got" &
reader=$!
run_cli fifo run --config "$TMP/c.json" --timeline "$TMP/fifo" --quiet
wait "$reader"
[ -p "$TMP/fifo" ] || fail "fifo: the FIFO was replaced"
grep -q '^algorithm_time,wall_minutes' "$TMP/fifo.got" || fail "fifo: the timeline did not come through"

# 10. --jobs 0 says what --jobs takes.
run_cli jobs0 sweep --config "$TMP/c.json" --grid scheduled-event-leaky-bucket-capacity=1,2 --jobs 0 --out "$TMP/s.csv"
expect_rc 2
expect_err "at least 1"
expect_no_err "1797693"

# 11. Unknown simulation.* paths: errors in --set, --grid and tune.
run_cli set_unknown run --config "$TMP/c.json" --set simulation.nonsense=1
expect_rc 2
expect_err "unknown key 'nonsense'"
run_cli grid_unknown sweep --config "$TMP/c.json" --grid simulation.nonsense=1,2 --out "$TMP/g.csv"
expect_rc 2
expect_err "--grid"
expect_err "unknown key 'nonsense'"
[ ! -e "$TMP/g.csv" ] || fail "grid_unknown: a CSV was written"
run_cli tune_unknown tune --config "$TMP/c.json" --minimize simulation.nope --range 1:10
expect_rc 2
expect_err "unknown key 'nope'"

# 5. A duration beyond the bound is bad input, and so the run finishes at once.
run_cli huge_duration run --config "$TMP/c.json" --set 'simulation.training[1].duration=10000000h'
expect_rc 2
expect_err "simulation.training[1].duration"
expect_err "366 days"

# 1, 2. Deep nesting is refused with a position, not a crash.
deep=$(printf '%*s' 20000 '' | tr ' ' '[')
printf '{"simulation": {"training": [{"name": "t", "date-rule": "EveryDay()", "time-rule": "TimeRules.At(%s)", "duration": "1m"}]}}' "$deep" >"$TMP/deep_rule.json"
run_cli deep_rule validate --config "$TMP/deep_rule.json"
expect_rc 2
expect_err "levels deep"
{ printf '{"x": '; printf '%*s' 150000 '' | tr ' ' '['; } >"$TMP/deep.json"
run_cli deep_json validate --config "$TMP/deep.json"
expect_rc 2
expect_err "deep.json:1:"
expect_err "nested more than 100 levels deep"

# 6. Past 10,000 events the report counts the rest and says so.
cat >"$TMP/many.json" <<'JSON'
{ "scheduled-event-leaky-bucket-capacity": 0,
  "simulation": { "start": "2024-01-02", "end": "2024-01-09", "security": "Crypto-coinbase-BTCUSD", "benchmark": false,
  "scheduled-events": [ { "name": "tick", "date-rule": "EveryDay()", "time-rule": "TimeRules.Every(TimeSpan.FromMinutes(1))", "duration": "1s" } ] } }
JSON
run_cli many run --config "$TMP/many.json" --report "$TMP/many-report.json" --timeline "$TMP/many-tl.csv" --quiet
expect_rc 0
runs=$(sed -n 's/^  "scheduled-event-runs": \([0-9]*\),$/\1/p' "$TMP/many-report.json")
[ "${runs:-0}" -gt 10000 ] || fail "many: scheduled-event-runs '$runs'"
grep -q "\"events-not-listed\": $((runs - 10000))" "$TMP/many-report.json" || fail "many: events-not-listed missing"
[ "$(grep -c ',event-start,tick,' "$TMP/many-tl.csv")" -eq "$runs" ] || fail "many: the timeline lacks rows"

# ... and calendar --events lists 1,000 per event unless --all.
run_cli cal_capped calendar --config "$TMP/many.json" --events
expect_rc 0
total=$(sed -n "s/^event 'tick': \([0-9]*\) occurrences$/\1/p" "$TMP/cal_capped.out")
[ "${total:-0}" -gt 1000 ] || fail "cal_capped: total count '$total'"
grep -qF "... and $((total - 1000)) more" "$TMP/cal_capped.out" || fail "cal_capped: the rest are not counted"
[ "$(grep -c '^    2024-' "$TMP/cal_capped.out")" -eq 1000 ] || fail "cal_capped: not 1000 listed"
run_cli cal_all calendar --config "$TMP/many.json" --events --all
[ "$(grep -c '^    2024-' "$TMP/cal_all.out")" -eq "$total" ] || fail "cal_all: not every occurrence listed"

# Every JSON report written above follows the report's schema.
python3 "$(dirname "$0")/validate_reports.py" "$(dirname "$0")/../../share/schema/report.schema.json" "$TMP" ||
  fail "a report does not follow share/schema/report.schema.json"
echo "hardening_test: $failures failures"
[ "$failures" -eq 0 ]
