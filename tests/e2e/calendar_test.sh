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

# `calendar --events` asks the mode when events fire (live: by the clock), and
# LEAN's early close in a gap between segments (docs/semantics.md#market-hours: Oanda forex
# 2018-12-24 and 2018-12-31 lose every segment) through the calendar, date
# rules and a backtest run on LEAN's own database.
# A Sunday 08:00 training: a backtest runs it at Monday's first bar, live mode at 08:00.
cat > "$tmp/sunday.json" <<JSON
{ "simulation": { "start": "2024-01-01", "end": "2024-01-31",
    "training": [ { "name": "weekly", "date-rule": "Every(DayOfWeek.Sunday)", "time-rule": "At(8, 0)",
                    "duration": "10m" } ] } }
JSON
"$bin" calendar --config "$tmp/sunday.json" --events --format json > "$tmp/bt.json"
grep -A1 -F '"scheduled": "2024-01-07T08:00:00-05:00"' "$tmp/bt.json" > "$tmp/bt-fire.txt"
check "backtest: Sunday 08:00 fires Monday 09:31" has "$tmp/bt-fire.txt" '"fires": "2024-01-08T09:31:00-05:00"'
"$bin" calendar --config "$tmp/sunday.json" --set live-mode=true --events --format json > "$tmp/live.json"
grep -A1 -F '"scheduled": "2024-01-07T08:00:00-05:00"' "$tmp/live.json" > "$tmp/live-fire.txt"
check "live: Sunday 08:00 fires at 08:00" has "$tmp/live-fire.txt" '"fires": "2024-01-07T08:00:00-05:00"'
check "live: every occurrence fires at its time" test "$(grep -c '"fires": "2024-01-..T08:00:00-05:00"' "$tmp/live.json")" -eq 4
"$bin" calendar --config "$tmp/sunday.json" --set live-mode=true --events > "$tmp/live.txt"
check "live text: no late firing" test "$(grep -c 'fires at' "$tmp/live.txt")" -eq 0
# The run agrees with the calendar.
"$bin" run --config "$tmp/sunday.json" --set live-mode=true --report "$tmp/live-report.json" --quiet
check "live run fires at 08:00" has "$tmp/live-report.json" '"fired": "2024-01-07T08:00:00-05:00"'

if [ -f "$lean/market-hours-database.json" ]; then
  # (the LEAN section above linked LEAN's file into $tmp/lean)
  # 2018-12-24 closes early at 17:00, in the 16:58-17:03 gap: no segment is
  # left, so the day has only the start loop (the 00:00 bar ending Sunday's
  # session merges with it) and is no trading day.
  cat > "$tmp/fx-day.json" <<JSON
{ "data-folder": "$tmp/lean",
  "simulation": { "start": "2018-12-24", "end": "2018-12-24", "security": "Forex-oanda-EURUSD",
                  "benchmark": false } }
JSON
  "$bin" calendar --config "$tmp/fx-day.json" > "$tmp/fx-day.txt"
  check "2018-12-24: one timeslice" has "$tmp/fx-day.txt" "timeslices:    1 ("
  check "2018-12-24: trading days" has "$tmp/fx-day.txt" "trading days:  1"
  # Date rules: EveryDay("EURUSD") over 2018-12-24 .. 2019-01-02 skips the 24th
  # and the 31st (both 17:00 closes) and Saturday the 29th: 25, 26, 27, 28,
  # 30 (Sunday's 17:03 session), 1, 2 = 7 dates.
  cat > "$tmp/fx.json" <<JSON
{ "data-folder": "$tmp/lean",
  "simulation": { "start": "2018-12-24", "end": "2019-01-02", "security": "Forex-oanda-EURUSD",
                  "benchmark": false,
    "training": [ { "name": "daily", "date-rule": "EveryDay(\"EURUSD\")", "time-rule": "At(12, 0)",
                    "duration": "1m" } ] } }
JSON
  "$bin" calendar --config "$tmp/fx.json" --events --format json > "$tmp/fx-cal.json"
  check "7 date-rule dates" test "$(grep -c '"scheduled": ' "$tmp/fx-cal.json")" -eq 7
  check "no 2018-12-24 date" test "$(grep -c '"scheduled": "2018-12-24' "$tmp/fx-cal.json")" -eq 0
  check "no 2018-12-31 date" test "$(grep -c '"scheduled": "2018-12-31' "$tmp/fx-cal.json")" -eq 0
  # Sunday 12:00 is before the 17:03 open: it fires at the first bar, 17:04.
  grep -A1 -F '"scheduled": "2018-12-30T12:00:00-05:00"' "$tmp/fx-cal.json" > "$tmp/fx-fire.txt"
  check "Sunday fires at 17:04" has "$tmp/fx-fire.txt" '"fires": "2018-12-30T17:04:00-05:00"'
  "$bin" run --config "$tmp/fx.json" --report "$tmp/fx-report.json" --quiet
  check "run: 7 sessions" grep -qE '"sessions": 7\b' "$tmp/fx-report.json"
  # Trading days: 25, 26, 27, 28, 30, 1, 2 plus the 24th's 00:00 bar (Sunday's session end).
  check "run: no bar on 2018-12-31" test "$(grep -c '"fired": "2018-12-31' "$tmp/fx-report.json")" -eq 0
else
  echo "note: ../shared/lean absent; the Oanda early-close checks skipped"
fi

# `calendar --events` streams its listing: with --all, 2.4 million firings
# (every second of four weeks of 24/7 crypto) list in flat memory (the whole
# listing held at once was about 750 bytes a firing, 1.8 GB here), and every
# one the JSON totals count is listed; JSON, slower to write, over the first
# week. A sanitizer build writes 6-20x slower: a week and a day there (flat
# memory shows at any size).
days=28 json_end=2024-01-07
grep -qa __asan_init "$bin" && days=7 json_end=2024-01-01
cat > "$tmp/seconds.json" <<JSON
{ "simulation": { "start": "2024-01-01", "end": "2024-01-$(printf %02d "$days")", "security": "Crypto-coinbase-BTCUSD", "benchmark": false,
    "scheduled-events": [ { "name": "tick", "date-rule": "EveryDay()", "time-rule": "TimeRules.Every(TimeSpan.FromSeconds(1))",
                            "duration": "1s" } ] } }
JSON
listed_total() {  # listed_total <capped calendar JSON>: the first event's occurrences, listed or counted
  python3 -c 'import json, sys
e = json.load(open(sys.argv[1]))["events"][0]
print(len(e["occurrences"]) + e.get("occurrences-not-listed", 0))' "$1"
}
"$bin" calendar --config "$tmp/seconds.json" --events --format json > "$tmp/seconds-capped.json"
total=$(listed_total "$tmp/seconds-capped.json")
# Every second of the days, and 00:00:00 after the last: the last timeslice is
# the crypto minute bar ending then, and `run` fires what is due by it.
check "seconds: every second of $days days, and the midnight after" test "${total:-0}" -eq $((days * 86400 + 1))
# Peak RSS (/usr/bin/time, when installed) may exceed that of the same
# calendar without --events by at most 64 MB. ASan's quarantine of freed
# memory (256 MB by default) is not growth: kept small here.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}quarantine_size_mb=8"
timed=()
if [ -x /usr/bin/time ]; then timed=(/usr/bin/time -f %M -o "$tmp/rss.txt"); else echo "note: /usr/bin/time absent; RSS checks skipped"; fi
rss_within() {  # rss_within <what>: the last timed run's peak RSS is within 64 MB of the base run's
  [ -x /usr/bin/time ] || return 0
  local kb; kb=$(tail -1 "$tmp/rss.txt")
  check "$1: peak RSS $kb KB, within 64 MB of $base_kb KB" test "$kb" -lt $((base_kb + 64 * 1024))
}
"${timed[@]}" "$bin" calendar --config "$tmp/seconds.json" > /dev/null
base_kb=$( [ -x /usr/bin/time ] && tail -1 "$tmp/rss.txt")
# Text, every firing: a line each.
listed=$("${timed[@]}" "$bin" calendar --config "$tmp/seconds.json" --events --all | grep -c '^    2024-')
check "--all text: every firing listed" test "$listed" -eq "$total"
rss_within "--all text"
# JSON, every firing: an item each.
"$bin" calendar --config "$tmp/seconds.json" --set simulation.end=$json_end --events --format json > "$tmp/json-capped.json"
json_total=$(listed_total "$tmp/json-capped.json")
listed=$("${timed[@]}" "$bin" calendar --config "$tmp/seconds.json" --set simulation.end=$json_end --events --all --format json |
         grep -c '"scheduled": ')
check "--all json: every firing listed" test "$listed" -eq "${json_total:-0}"
check "--all json: every second to $json_end, and the midnight after" test "$listed" -eq $((10#${json_end##*-} * 86400 + 1))
rss_within "--all json"

echo "$checks calendar checks, $failures failures"
[ "$failures" -eq 0 ]
