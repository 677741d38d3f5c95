#!/usr/bin/env bash
# `trainsim calendar --events` asks the mode when events fire (live: by the
# clock), and LEAN's early close in a gap between segments (lean-semantics
# §9: Oanda forex 2018-12-24 and 2018-12-31 lose every segment) through the
# calendar, date rules and a backtest run on LEAN's own database.
set -u
bin="$1"; root="$2"
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
failures=0; checks=0
check() {  # check <description> <command...>: the command must succeed
  local what="$1"; shift
  checks=$((checks + 1))
  if ! "$@"; then echo "FAIL $what"; failures=$((failures + 1)); fi
}
has() { grep -qF -- "$2" "$1"; }

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

lean="$root/../shared/lean"
if [ -f "$lean/market-hours-database.json" ]; then
  mkdir -p "$tmp/lean/market-hours"
  ln -s "$(cd "$lean" && pwd)/market-hours-database.json" "$tmp/lean/market-hours/"
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

echo "$checks live/forex calendar checks, $failures failures"
[ "$failures" -eq 0 ]
