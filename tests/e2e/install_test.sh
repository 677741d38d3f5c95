#!/usr/bin/env bash
# `cmake --install` into a temporary prefix, the prefix copied elsewhere, the
# original removed, and the quickstart run from the copy: the binary finds its
# data relative to itself (<exe>/../share/trainsim/sample_data), nothing of the
# source or build tree is compiled in, and TRAINSIM_DATA overrides the default.
# Where the kernel allows it (root, unshare), the copy also runs with the
# source and build trees hidden under empty mounts.
#
# Usage: bash install_test.sh <path-to-trainsim> <source-dir>
# Exit: 0 pass, 77 skip (no cmake, or the build has no install rules), else fail.
set -u
BIN=${1:?usage: install_test.sh <trainsim> <source-dir>}
SRC=$(cd "${2:?usage: install_test.sh <trainsim> <source-dir>}" && pwd)
BUILD=$(cd "$(dirname "$BIN")" && pwd)
command -v cmake >/dev/null || { echo "skip: no cmake"; exit 77; }
[ -f "$BUILD/cmake_install.cmake" ] || { echo "skip: $BUILD is not a CMake build tree"; exit 77; }
TMP=$(mktemp -d "${TMPDIR:-/tmp}/trainsim-install-test.XXXXXX") || exit 1
trap 'rm -rf "$TMP"' EXIT

failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

if ! cmake --install "$BUILD" --prefix "$TMP/prefix" >"$TMP/install.log" 2>&1; then
  cat "$TMP/install.log" >&2
  echo "FAIL: cmake --install failed" >&2
  exit 1
fi
for f in bin/trainsim \
         share/trainsim/sample_data/market-hours/market-hours-database.json \
         share/trainsim/configs/quickstart.json \
         share/man/man1/trainsim.1 \
         share/bash-completion/completions/trainsim \
         share/zsh/site-functions/_trainsim \
         share/trainsim/python/trainsim_exec.py share/trainsim/python/trainsim_lean.py \
         share/trainsim/python/trainsim_lean_record.py share/trainsim/python/trainsim_lean_noop.py \
         share/trainsim/python/trainsim_lean_values.py share/trainsim/python/trainsim_lean_rules.py \
         share/trainsim/schema/report.schema.json \
         share/doc/trainsim/README.md share/doc/trainsim/LICENSE; do
  [ -s "$TMP/prefix/$f" ] || fail "the install lacks $f"
done
# The installed completion and man page are the binary's own output.
"$BIN" completion bash | cmp -s - "$TMP/prefix/share/bash-completion/completions/trainsim" ||
  fail "installed bash completion differs from 'trainsim completion bash'"
"$BIN" completion zsh | cmp -s - "$TMP/prefix/share/zsh/site-functions/_trainsim" ||
  fail "installed zsh completion differs from 'trainsim completion zsh'"
"$BIN" --man | cmp -s - "$TMP/prefix/share/man/man1/trainsim.1" || fail "installed man page differs from 'trainsim --man'"

# Nothing of the source tree's data location is compiled into the binary.
if grep -qF "$SRC/sample_data" "$TMP/prefix/bin/trainsim"; then fail "the binary contains $SRC/sample_data"; fi

# Relocate: copy the prefix, remove the original.
cp -a "$TMP/prefix" "$TMP/moved"
rm -rf "$TMP/prefix"
P="$TMP/moved"
cp "$SRC/tests/regression/quickstart.report.json" "$SRC/tests/regression/quickstart.exit" "$TMP/"

# quickstart CONFIG-DIR NAME: runs the relocated quickstart from an unrelated folder.
quickstart() {
  (cd "$TMP" && "$P/bin/trainsim" run --config "$P/share/trainsim/configs/quickstart.json" \
     --report "$TMP/$1.json" >"$TMP/$1.out" 2>"$TMP/$1.err")
  local rc=$?
  [ "$rc" = "$(cat "$TMP/quickstart.exit")" ] || { fail "$1: exit $rc, expected $(cat "$TMP/quickstart.exit")"; cat "$TMP/$1.err" >&2; }
  # The same run (the config's path, and the build's commit, are the install's own).
  python3 "$SRC/tests/e2e/same_run.py" "$TMP/$1.json" "$TMP/quickstart.report.json" ||
    fail "$1: report differs from tests/regression/quickstart.report.json"
  grep -q "outcome" "$TMP/$1.out" || fail "$1: no summary"
}
quickstart relocated

# --exec finds the installed Python stand-in of LEAN.
if command -v python3 >/dev/null; then
  (cd "$TMP" && "$P/bin/trainsim" extract --algorithm "$P/share/trainsim/configs/workspace/MLAlgorithm" --exec) \
    >"$TMP/exec.json" 2>"$TMP/exec.err" || { fail "extract --exec from the relocated install"; cat "$TMP/exec.err" >&2; }
  grep -q '"Equity-usa-GLD"' "$TMP/exec.json" || fail "extract --exec from the install read no GLD subscription"
  [ -z "$(find "$P/share/trainsim/python" -name '__pycache__')" ] || fail "--exec wrote bytecode into the install"
fi

# validate says which data folder it used.
(cd "$TMP" && "$P/bin/trainsim" validate --config "$P/share/trainsim/configs/quickstart.json") >"$TMP/v.out" 2>&1 ||
  fail "validate of the installed quickstart failed"
grep -qF "$P/share/trainsim/sample_data" "$TMP/v.out" || fail "validate does not show the installed data folder"
grep -qF "(default: installed)" "$TMP/v.out" || fail "validate does not say the data folder is the installed default"

# TRAINSIM_DATA overrides it; a folder without a database is reported.
cp -r "$P/share/trainsim/sample_data" "$TMP/mydata"
TRAINSIM_DATA="$TMP/mydata" "$P/bin/trainsim" validate --config "$P/share/trainsim/configs/quickstart.json" >"$TMP/e.out" 2>&1 ||
  fail "validate with TRAINSIM_DATA failed"
grep -qF "$TMP/mydata" "$TMP/e.out" || fail "TRAINSIM_DATA is not the data folder used"
grep -qF '($TRAINSIM_DATA)' "$TMP/e.out" || fail "validate does not name TRAINSIM_DATA as the source"
TRAINSIM_DATA="$TMP/nowhere" "$P/bin/trainsim" run --config "$P/share/trainsim/configs/quickstart.json" >"$TMP/n.out" 2>"$TMP/n.err"
rc=$?
[ "$rc" = 2 ] || fail "TRAINSIM_DATA=nowhere: exit $rc, expected 2"
grep -qF "$TMP/nowhere" "$TMP/n.err" || fail "TRAINSIM_DATA=nowhere: the error does not name the folder"

# The build-tree binary falls back to the build tree.
"$BIN" validate --config "$SRC/configs/quickstart.json" >"$TMP/b.out" 2>&1 || fail "build-tree validate failed"
grep -qF "(default: build tree)" "$TMP/b.out" || fail "the build-tree binary does not use the build tree's data"

# With the source and build trees hidden (a private mount namespace).
if [ "$(id -u)" = 0 ] && command -v unshare >/dev/null &&
   unshare -m true 2>/dev/null; then
  export P TMP SRC BUILD
  unshare -m bash -c '
    mount -t tmpfs none "$SRC" && { [ "${BUILD#"$SRC"}" != "$BUILD" ] || mount -t tmpfs none "$BUILD"; } || exit 3
    [ ! -e "$SRC/configs" ] && [ ! -e "$BUILD/sample_data" ] || exit 4
    cd "$TMP" && "$P/bin/trainsim" run --config "$P/share/trainsim/configs/quickstart.json" --report "$TMP/hidden.json" >/dev/null 2>"$TMP/hidden.err"
    echo $? > "$TMP/hidden.rc"'
  case $? in
    0) [ "$(cat "$TMP/hidden.rc")" = "$(cat "$TMP/quickstart.exit")" ] || { fail "hidden trees: exit $(cat "$TMP/hidden.rc")"; cat "$TMP/hidden.err" >&2; }
       python3 "$SRC/tests/e2e/same_run.py" "$TMP/hidden.json" "$TMP/quickstart.report.json" || fail "hidden trees: report differs" ;;
    *) echo "note: could not hide the source tree (mount refused); checked by relocation only" ;;
  esac
else
  echo "note: no private mount namespace here; relocation checked without hiding the source tree"
fi

# Every JSON report written above follows the report's schema.
python3 "$(dirname "$0")/validate_reports.py" "$(dirname "$0")/../../share/schema/report.schema.json" "$TMP" ||
  failures=$((failures + 1))
[ "$failures" -eq 0 ] && echo "install test passed"
[ "$failures" -eq 0 ]
