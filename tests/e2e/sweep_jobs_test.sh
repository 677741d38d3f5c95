#!/usr/bin/env bash
# trainsim sweep: rows are in grid order and byte-identical whatever --jobs
# is, the CSV names the grid, and `--out -` writes the same text to stdout.
set -u
bin="$1"; root="$2"
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
config="$root/configs/quickstart.json"
failures=0
fail() { echo "FAIL $*"; failures=$((failures + 1)); }

grid=(--grid "simulation.training[1].duration=20m:40m:10m"
      --grid "scheduled-event-leaky-bucket-capacity=200:2000:300"
      --grid "scheduled-event-leaky-bucket-refill-amount=0,40")
for jobs in 1 2 3; do
  status=0
  "$bin" sweep --config "$config" "${grid[@]}" --jobs "$jobs" --out "$tmp/jobs$jobs.csv" > "$tmp/stdout$jobs" || status=$?
  [ "$status" = 0 ] || fail "--jobs $jobs: exit $status"
done
cmp -s "$tmp/jobs1.csv" "$tmp/jobs2.csv" || { fail "--jobs 1 and --jobs 2 differ"; diff "$tmp/jobs1.csv" "$tmp/jobs2.csv" | head; }
cmp -s "$tmp/jobs1.csv" "$tmp/jobs3.csv" || fail "--jobs 1 and --jobs 3 differ"
grep -q "^sweep: 42 points, [0-9]* completed, [0-9]* failed; wrote $tmp/jobs1.csv\$" "$tmp/stdout1" ||
  fail "summary line: $(cat "$tmp/stdout1")"

# 3 x 7 x 2 points: preamble (4 lines), header, 42 rows.
[ "$(wc -l < "$tmp/jobs1.csv")" = 47 ] || fail "expected 47 lines, got $(wc -l < "$tmp/jobs1.csv")"
sed -n 1p "$tmp/jobs1.csv" | grep -qx "# trainsim sweep" || fail "first line"
sed -n 2p "$tmp/jobs1.csv" | grep -qF '# grid: ["simulation.training[1].duration=20m:40m:10m",' || fail "grid line"
sed -n 3p "$tmp/jobs1.csv" | grep -qx "# points: 42" || fail "points line"
sed -n 5p "$tmp/jobs1.csv" | grep -qx "simulation.training\[1\].duration,scheduled-event-leaky-bucket-capacity,scheduled-event-leaky-bucket-refill-amount,outcome,failure_algorithm_time,failing_event,sessions,minutes_trained,minutes_charged,bucket_minimum,wall_minutes,simulation.training\[1\].duration_minutes,failure_algorithm_time_minutes" ||
  fail "header row: $(sed -n 5p "$tmp/jobs1.csv")"
# Grid order: the first axis slowest, the last fastest.
expected_keys="$(for d in 20m 30m 40m; do for c in 200 500 800 1100 1400 1700 2000; do for r in 0 40; do echo "$d,$c,$r"; done; done; done)"
[ "$(tail -n +6 "$tmp/jobs1.csv" | cut -d, -f1-3)" = "$expected_keys" ] || fail "rows are not in grid order"
# Each row is what `trainsim run --report` says for that point (one failing, one completing).
# python3 reads the report (CI installs it); without it the check would be silently lost.
command -v python3 > /dev/null || fail "python3 is needed for the row cross-check"
if command -v python3 > /dev/null; then
  for point in 20m,500,0 30m,1700,40; do
    IFS=, read -r d c r <<< "$point"
    row="$(grep "^$point," "$tmp/jobs1.csv")"
    "$bin" run --config "$config" --set "simulation.training[1].duration=$d" --set "scheduled-event-leaky-bucket-capacity=$c" \
      --set "scheduled-event-leaky-bucket-refill-amount=$r" --report "$tmp/run.json" --quiet
    expected_row="$(python3 - "$tmp/run.json" "$point" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
f = r["failure"] or {}
num = lambda x: ("%.6f" % x).rstrip("0").rstrip(".")
from datetime import datetime
# The minute columns: the duration, and the failure from the start date's 00:00 (quickstart: 2024-01-01, New York).
since = lambda t: num((datetime.fromisoformat(t) - datetime.fromisoformat("2024-01-01T00:00:00-05:00")).total_seconds() / 60)
print(",".join([sys.argv[2], r["outcome"], f.get("algorithm-time", ""), (f.get("event") or "on-data") if f else "",
                str(r["training"]["sessions"]), num(r["training"]["minutes"]), str(r["bucket"]["charged"]),
                str(r["bucket"]["minimum"]), num(r["wall-minutes"]), sys.argv[2].split(",")[0].rstrip("m"),
                since(f["algorithm-time"]) if f else ""]))
PY
)"
    [ "$row" = "$expected_row" ] || fail "row differs from trainsim run: '$row' vs '$expected_row'"
  done
fi

"$bin" sweep --config "$config" "${grid[@]}" --jobs 2 --out - > "$tmp/stdout.csv" || fail "--out -"
cmp -s "$tmp/jobs1.csv" "$tmp/stdout.csv" || fail "--out - differs from the file"

# Every JSON report written above follows the report's schema.
python3 "$(dirname "$0")/validate_reports.py" "$(dirname "$0")/../../share/schema/report.schema.json" "$tmp" ||
  failures=$((failures + 1))
echo "sweep row order checked, $failures failures"
[ "$failures" -eq 0 ]
