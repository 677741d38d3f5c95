# tests/e2e/check_helpers.sh — sourced by e2e scripts: a temp folder removed on
# exit, and `check <description> <command...>` counting failures. On exit,
# every JSON report left in the temp folder is validated against the report's
# schema (validate_reports.py); an invalid one fails the script.
tmp="$(mktemp -d)"
_helpers_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
validate_reports() {  # validate_reports PATH...: every report in them against the schema
  python3 "$_helpers_dir/validate_reports.py" "$_helpers_dir/../../share/schema/report.schema.json" "$@"
}
_finish() {
  local rc=$?
  validate_reports "$tmp" || rc=1
  rm -rf "$tmp"
  exit "$rc"
}
trap _finish EXIT
failures=0; checks=0
check() {  # check <description> <command...>: the command must succeed
  local what="$1"; shift
  checks=$((checks + 1))
  if ! "$@"; then echo "FAIL $what"; failures=$((failures + 1)); fi
}
has() { grep -qF -- "$2" "$1"; }
