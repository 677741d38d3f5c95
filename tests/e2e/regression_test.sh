#!/usr/bin/env bash
# Regression runs: every sample config must give its checked-in report,
# exit status and calendar, byte for byte. After an intended change:
#   tests/regression/regenerate.sh
set -u
bin="$1"; root="$2"
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
failures=0; count=0
for config in "$root"/configs/*.json; do
  name="$(basename "$config" .json)"
  expected="$root/tests/regression/$name"
  count=$((count + 1))
  if [ ! -f "$expected.report.json" ]; then
    echo "FAIL $name: no expected report (run tests/regression/regenerate.sh)"; failures=$((failures + 1)); continue
  fi
  status=0
  "$bin" run --config "$config" --report "$tmp/$name.json" --quiet || status=$?
  if [ "$status" != "$(cat "$expected.exit")" ]; then
    echo "FAIL $name: exit $status, expected $(cat "$expected.exit")"; failures=$((failures + 1))
  fi
  if ! cmp -s "$tmp/$name.json" "$expected.report.json"; then
    echo "FAIL $name: report differs"; "$bin" diff "$expected.report.json" "$tmp/$name.json" | head -20; failures=$((failures + 1))
  fi
  "$bin" calendar --config "$config" --format json > "$tmp/$name.cal.json"
  if ! cmp -s "$tmp/$name.cal.json" "$expected.calendar.json"; then
    echo "FAIL $name: calendar differs"; diff "$expected.calendar.json" "$tmp/$name.cal.json" | head -20; failures=$((failures + 1))
  fi
done
[ "$count" -gt 0 ] || { echo "FAIL: no sample configs found"; exit 1; }
echo "$count sample configs checked, $failures failures"
[ "$failures" -eq 0 ]
