#!/usr/bin/env bash
# The man page is generated from the same definition as --help: every
# subcommand and every flag any --help lists is in it, with its examples and
# exit codes; the build's generated file is `trainsim --man`; man renders it
# without warnings (when man-db is installed).
#
# Usage: bash man_page_test.sh <path-to-trainsim> <source-dir>
set -u
BIN=${1:?usage: man_page_test.sh <trainsim> <source-dir>}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/trainsim-man-test.XXXXXX") || exit 1
trap 'rm -rf "$TMP"' EXIT
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

"$BIN" --man >"$TMP/trainsim.1" || { echo "FAIL: trainsim --man" >&2; exit 1; }
generated="$(dirname "$BIN")/docs/trainsim.1"
if [ -f "$generated" ]; then cmp -s "$generated" "$TMP/trainsim.1" || fail "$generated is not 'trainsim --man'"; fi
# The roff source with its escapes undone: what a reader sees.
sed -e 's/\\-/-/g' -e 's/\\f[BIR]//g' -e 's/\\e/\\/g' "$TMP/trainsim.1" >"$TMP/plain"
has() { grep -qF -- "$1" "$TMP/plain"; }

grep -q '^\.TH TRAINSIM 1' "$TMP/trainsim.1" || fail "no .TH header"
has "$("$BIN" --version | head -1)" || fail "the man page does not carry the version"
commands=$("$BIN" --help | sed -n '/^Subcommands:/,$p' | awk 'NR > 1 && NF { print $1 }')
[ -n "$commands" ] || fail "trainsim --help lists no subcommands"
for f in $("$BIN" --help | sed -n '1,/^Subcommands:/p' | grep -oE -- '(^|[ ,])--?[a-z][a-z-]*' | tr -d ' ,' | sort -u); do
  has "$f" || fail "the man page lacks trainsim's flag $f"
done
for c in $commands; do
  grep -qF ".SS \"trainsim $c\"" "$TMP/trainsim.1" || fail "the man page has no section for $c"
  # The section of this command, up to the next one.
  awk -v c="trainsim $c" '/^\.SS/ { on = index($0, "\"" c "\"") > 0 } on' "$TMP/trainsim.1" |
    sed -e 's/\\-/-/g' -e 's/\\f[BIR]//g' >"$TMP/$c.section"
  for f in $("$BIN" "$c" --help | grep -oE -- '(^|[ ,])--?[a-z][a-z-]*' | tr -d ' ,' | sort -u); do
    [ "$f" = --help ] || [ "$f" = -h ] && { has "$f" || fail "no $f"; continue; }
    grep -qF -- "$f" "$TMP/$c.section" || fail "the man page's $c section lacks $f (in 'trainsim $c --help')"
  done
  # The help's examples and exit codes, line for line.
  "$BIN" "$c" --help | sed -n '/^Examples:/,$p' | sed 's/^ *//' | grep . >"$TMP/$c.footer"
  [ -s "$TMP/$c.footer" ] || fail "trainsim $c --help has no examples"
  grep -q '^Exit status:' "$TMP/$c.footer" || fail "trainsim $c --help has no exit codes"
  while IFS= read -r line; do
    grep -qF -- "$line" "$TMP/$c.section" || fail "the man page's $c section lacks the help line: $line"
  done <"$TMP/$c.footer"
done

if command -v man >/dev/null; then
  MANWIDTH=100 man --warnings -E UTF-8 -l "$TMP/trainsim.1" >"$TMP/rendered" 2>"$TMP/warnings"
  [ -s "$TMP/rendered" ] || fail "man -l rendered nothing"
  [ ! -s "$TMP/warnings" ] || { fail "man reports warnings"; cat "$TMP/warnings" >&2; }
  grep -qF -- "--config" "$TMP/rendered" || fail "the rendered page lacks --config"
else
  echo "note: man not installed; roff not rendered"
fi

[ "$failures" -eq 0 ] && echo "man page test passed"
[ "$failures" -eq 0 ]
