#!/usr/bin/env bash
# Regression runs: every sample config must give its checked-in report,
# exit status and calendar, byte for byte (but for the commit of the trainsim
# that wrote the report), and every report must follow the report's schema.
# After an intended change:  tests/regression/regenerate.sh
set -u
bin="$(realpath "$1")"; root="$(realpath "$2")"
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
cd "$root"  # relative config paths, as regenerate.sh runs them
# The report without its "commit" line (which changes with every commit).
uncommitted() { sed -E '/^    "commit": "[^"]*",?$/d' "$1"; }
failures=0; count=0
for config in configs/*.json; do
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
  if ! cmp -s <(uncommitted "$tmp/$name.json") <(uncommitted "$expected.report.json"); then
    echo "FAIL $name: report differs"; "$bin" diff "$expected.report.json" "$tmp/$name.json" | head -20; failures=$((failures + 1))
  fi
  "$bin" calendar --config "$config" --format json > "$tmp/$name.cal.json"
  if ! cmp -s "$tmp/$name.cal.json" "$expected.calendar.json"; then
    echo "FAIL $name: calendar differs"; diff "$expected.calendar.json" "$tmp/$name.cal.json" | head -20; failures=$((failures + 1))
  fi
done
[ "$count" -gt 0 ] || { echo "FAIL: no sample configs found"; exit 1; }
python3 "$root/tests/e2e/validate_reports.py" "$root/share/schema/report.schema.json" "$tmp" "$root/tests/regression" ||
  failures=$((failures + 1))
echo "$count sample configs checked, $failures failures"
[ "$failures" -eq 0 ]
