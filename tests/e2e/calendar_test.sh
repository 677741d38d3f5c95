#!/usr/bin/env bash
# `trainsim calendar` on the sample database (and LEAN's real one when it is
# beside the checkout), and the recorded-calendar validation errors.
set -u
bin="$1"; root="$2"
. "$root/tests/e2e/check_helpers.sh"

# SPY minute 2024 (quickstart): 249 full days x 390 + 3 early closes x 210, plus the start loop.
"$bin" calendar --config "$root/configs/quickstart.json" > "$tmp/q.txt"
check "quickstart trading days" has "$tmp/q.txt" "trading days:  252"
check "quickstart timeslices" has "$tmp/q.txt" "timeslices:    97741 (97740 with data)"
check "quickstart early closes" has "$tmp/q.txt" "2024-07-03 13:00  2024-11-29 13:00  2024-12-24 13:00"
check "quickstart last slice" has "$tmp/q.txt" "2024-12-31T16:00:00-05:00"

"$bin" calendar --config "$root/configs/quickstart.json" --events --format json > "$tmp/q.json"
check "json trading days" has "$tmp/q.json" '"trading-days": 252'
# Sunday 08:00 before the MLK holiday fires at Tuesday's first bar.
check "late firing" grep -q -A1 -F '"scheduled": "2024-01-14T08:00:00-05:00"' "$tmp/q.json"
grep -A1 -F '"scheduled": "2024-01-14T08:00:00-05:00"' "$tmp/q.json" > "$tmp/fire.txt"
check "late firing at Tuesday 09:31" has "$tmp/fire.txt" '"fires": "2024-01-16T09:31:00-05:00"'
# The last Sunday's training (Dec 29) fires Monday Dec 30; nothing is after the last slice.
check "52 weekly occurrences" test "$(grep -c '"scheduled": "2024-..-..T08:00:00' "$tmp/q.json")" -eq 52

# Tokyo: a lunch break (09:01-11:30 and 12:31-15:00 = 300 bars a day), 245 days in 2024.
cat > "$tmp/jpx.json" <<JSON
{ "simulation": { "start": "2024-01-01", "end": "2024-12-31", "time-zone": "Asia/Tokyo",
                  "security": "Equity-jpx-7203", "benchmark": false } }
JSON
"$bin" calendar --config "$tmp/jpx.json" > "$tmp/jpx.txt"
check "jpx days" has "$tmp/jpx.txt" "trading days:  245"
check "jpx slices" has "$tmp/jpx.txt" "timeslices:    73501 (73500 with data)"

# LEAN's own database, when it is beside the checkout.
lean="$root/../shared/lean"
if [ -f "$lean/market-hours-database.json" ]; then
  mkdir -p "$tmp/lean/market-hours"
  ln -s "$(cd "$lean" && pwd)/market-hours-database.json" "$tmp/lean/market-hours/"
  "$bin" calendar --config "$root/configs/quickstart.json" --set "data-folder=$tmp/lean" > "$tmp/l.txt"
  check "LEAN db timeslices" has "$tmp/l.txt" "timeslices:    97741 (97740 with data)"
  check "LEAN db entry" has "$tmp/l.txt" "entry Equity-usa-[*]"
else
  echo "note: ../shared/lean absent; LEAN database checks skipped"
fi

# Recorded calendars are validated before anything runs.
cat > "$tmp/trace.csv" <<CSV
algorithm_time,on_data_cost_ms
2024-03-04T09:31:00,30
2024-03-04T09:33:00,30
2024-03-04T09:32:00,30
CSV
cat > "$tmp/rec.json" <<JSON
{ "simulation": { "start": "2024-03-04", "end": "2024-03-04", "calendar": { "trace": "trace.csv" } } }
JSON
status=0; "$bin" run --config "$tmp/rec.json" --report "$tmp/rec-report.json" 2> "$tmp/err.txt" || status=$?
check "non-monotonic trace exits 2" test "$status" -eq 2
check "non-monotonic trace names file:line" has "$tmp/err.txt" "trace.csv:4: simulation.calendar.trace: times must increase"
check "no report on bad input" test ! -e "$tmp/rec-report.json"
printf 'algorithm_time\n2024-03-04 09:31\nyesterday\n' > "$tmp/trace.csv"
status=0; "$bin" calendar --config "$tmp/rec.json" 2> "$tmp/err.txt" || status=$?
check "unparseable trace exits 2" test "$status" -eq 2
check "unparseable trace message" has "$tmp/err.txt" "trace.csv:3: simulation.calendar.trace: expected a time such as"
printf '2024-03-04T09:31:00,-5\n' > "$tmp/trace.csv"
status=0; "$bin" calendar --config "$tmp/rec.json" 2> "$tmp/err.txt" || status=$?
check "negative cost exits 2" test "$status" -eq 2
printf '2024-03-04T09:31:00,30\n2024-03-04T14:32:00Z,30\n2024-03-04T09:40:00-05:00\n' > "$tmp/trace.csv"
"$bin" calendar --config "$tmp/rec.json" > "$tmp/ok.txt"
check "trace with offsets: 3 slices" has "$tmp/ok.txt" "timeslices:    3 (3 with data)"
check "trace first and last slice" has "$tmp/ok.txt" "2024-03-04T09:31:00-05:00 / 2024-03-04T09:40:00-05:00"

# An unknown market is a clear error.
cat > "$tmp/bad.json" <<JSON
{ "simulation": { "security": "Equity-mars-XYZ" } }
JSON
status=0; "$bin" calendar --config "$tmp/bad.json" 2> "$tmp/err.txt" || status=$?
check "unknown market exits 2" test "$status" -eq 2
check "unknown market message" has "$tmp/err.txt" "no market-hours entry for Equity-mars-XYZ (nor Equity-mars-[*])"

echo "$checks calendar checks, $failures failures"
[ "$failures" -eq 0 ]
