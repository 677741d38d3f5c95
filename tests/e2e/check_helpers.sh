# tests/e2e/check_helpers.sh — sourced by e2e scripts: a temp folder removed on
# exit, and `check <description> <command...>` counting failures.
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
failures=0; checks=0
check() {  # check <description> <command...>: the command must succeed
  local what="$1"; shift
  checks=$((checks + 1))
  if ! "$@"; then echo "FAIL $what"; failures=$((failures + 1)); fi
}
has() { grep -qF -- "$2" "$1"; }
