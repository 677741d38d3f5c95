#!/usr/bin/env bash
# Regenerates the expected reports of the regression runs after an intended
# change:  tests/regression/regenerate.sh [path/to/trainsim]
# Run from the repository's root with relative config paths, so a report's
# config.file reads the same in every checkout. Review the diff
# (git diff tests/regression) before committing it; the reports' commit is
# not compared (regression_test.sh).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
bin="$(realpath "${1:-$root/build/trainsim}")"
cd "$root"
for config in configs/*.json; do
  name="$(basename "$config" .json)"
  status=0
  "$bin" run --config "$config" --report "$here/$name.report.json" --quiet || status=$?
  [ "$status" -le 1 ] || { echo "trainsim failed on $config (exit $status)" >&2; exit 1; }
  echo "$status" > "$here/$name.exit"
  "$bin" calendar --config "$config" --format json > "$here/$name.calendar.json"
  echo "$name: exit $status"
done
