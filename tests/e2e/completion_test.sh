#!/usr/bin/env bash
# Shell completion as a user gets it: the script from `trainsim completion
# bash` is sourced and its function driven with COMP_WORDS/COMP_CWORD, as
# bash does on TAB: subcommands, every flag each subcommand's --help lists,
# --set/--grid keys (LEAN keys and simulation.* paths), choices, file names
# for --config. The zsh script is checked for syntax when zsh is present.
#
# Usage: bash completion_test.sh <path-to-trainsim> <source-dir>
set -u
BIN=${1:?usage: completion_test.sh <trainsim> <source-dir>}
SRC=$(cd "${2:?usage: completion_test.sh <trainsim> <source-dir>}" && pwd)
TMP=$(mktemp -d "${TMPDIR:-/tmp}/trainsim-completion-test.XXXXXX") || exit 1
trap 'rm -rf "$TMP"' EXIT
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

"$BIN" completion bash >"$TMP/trainsim.bash" || { echo "FAIL: trainsim completion bash" >&2; exit 1; }
# shellcheck disable=SC1091
source "$TMP/trainsim.bash"
complete -p trainsim >/dev/null 2>&1 || fail "the script does not register a completion for trainsim"

# complete WORDS...: what TAB offers for the last word.
complete_words() {
  COMP_WORDS=("$@")
  COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
  COMP_LINE="$*"
  COMPREPLY=()
  _trainsim
  printf '%s\n' "${COMPREPLY[@]}"
}
# expect "WORDS" EXPECTED-REPLY...: the replies are exactly these, in any order.
expect() {
  local words=$1
  shift
  local got want
  # shellcheck disable=SC2086
  got=$(complete_words $words | sort)
  want=$(printf '%s\n' "$@" | sort)
  [ "$got" = "$want" ] || fail "complete '$words': got [$(echo $got)], expected [$(echo $want)]"
}
# offers "WORDS" REPLY: REPLY is among the replies.
offers() {
  # shellcheck disable=SC2086
  complete_words $1 | grep -qxF -- "$2" || fail "complete '$1' does not offer $2"
}

expect "trainsim r" run
expect "trainsim t" tune
expect "trainsim help ca" calendar calibrate
expect "trainsim check --l" --log
expect "trainsim completion z" zsh
expect "trainsim run --con" --config
expect "trainsim sweep --j" --jobs
expect "trainsim calendar --format j" json
expect "trainsim run --set scheduled-event-leaky-bucket-cap" scheduled-event-leaky-bucket-capacity=
expect "trainsim sweep --grid simulation.res" simulation.resolution=
expect "trainsim tune --minimize scheduled-event-leaky-bucket-ref" scheduled-event-leaky-bucket-refill-amount
offers "trainsim run --set simulation.training[0].d" "simulation.training[0].duration="
offers "trainsim validate --set dat" "data-folder="
# After a subcommand, an empty word offers its flags.
complete_words trainsim run "" | grep -qxF -- --report || fail "complete 'trainsim run ' does not offer --report"
# File names for --config (and -c), relative to the current folder.
(
  cd "$SRC" || exit 1
  out=$(complete_words trainsim run --config configs/quick)
  [ "$out" = configs/quickstart.json ] || { echo "FAIL: --config configs/quick: got [$out]" >&2; exit 1; }
  out=$(complete_words trainsim calendar -c configs/crypto)
  [ "$out" = configs/crypto-every-6h.json ] || { echo "FAIL: -c configs/crypto: got [$out]" >&2; exit 1; }
) || failures=$((failures + 1))

# Every subcommand and every flag its --help lists is completed.
commands=$(complete_words trainsim "")
"$BIN" --help | grep -q . || fail "trainsim --help printed nothing"
for c in $("$BIN" --help | sed -n '/^Subcommands:/,$p' | awk 'NR > 1 && NF { print $1 }'); do
  grep -qxF "$c" <<<"$commands" || fail "the subcommand $c is not completed"
  flags=$(complete_words trainsim "$c" -)
  n=0
  for f in $("$BIN" "$c" --help | grep -oE -- '(^|[ ,])--?[a-z][a-z-]*' | tr -d ' ,' | sort -u); do
    n=$((n + 1))
    grep -qxF -- "$f" <<<"$flags" || fail "trainsim $c: the flag $f from --help is not completed"
  done
  [ "$n" -gt 0 ] || fail "trainsim $c --help lists no flags"
done

# A project name with a space is one reply (bash quotes it on insertion),
# and --set simulation.methods. offers the methods the project's algorithm calls.
(
  mkdir -p "$TMP/ws/Momentum Ridge/research" || exit 1
  echo '{}' >"$TMP/ws/lean.json"
  cp "$SRC/tests/fixtures/algorithms/training_example.py" "$TMP/ws/Momentum Ridge/main.py"
  PATH="$(cd "$(dirname "$BIN")" && pwd):$PATH"
  cd "$TMP/ws" || exit 1
  bad=0
  out=$(complete_words trainsim run Mom)
  [ "$out" = "Momentum Ridge" ] || { echo "FAIL: run Mom: got [$out], expected one reply 'Momentum Ridge'" >&2; bad=1; }
  out=$(complete_words trainsim calendar --events Mom)
  [ "$out" = "Momentum Ridge" ] || { echo "FAIL: calendar --events Mom: got [$out]" >&2; bad=1; }
  out=$(complete_words trainsim run '"Momentum Ridge"' --set simulation.methods.)
  [ "$out" = "simulation.methods.training_method.duration=
simulation.methods.training_method.growth=" ] || { echo "FAIL: --set simulation.methods. for the project: got [$out]" >&2; bad=1; }
  out=$(complete_words trainsim sweep --algorithm "Momentum\\ Ridge/main.py" --grid simulation.methods.t)
  grep -qxF "simulation.methods.training_method.duration=" <<<"$out" || { echo "FAIL: --grid simulation.methods.t with --algorithm: got [$out]" >&2; bad=1; }
  # No argument: the project the current folder is in.
  cd "Momentum Ridge/research" || exit 1
  out=$(complete_words trainsim run --set simulation.methods.training_method.g)
  [ "$out" = "simulation.methods.training_method.growth=" ] || { echo "FAIL: methods from the project around: got [$out]" >&2; bad=1; }
  # From a sub-folder of the workspace, project names come from its root (where `run NAME` looks them up).
  mkdir -p "$TMP/ws/Other/deeper" "$TMP/ws/Mean Reversion" && cd "$TMP/ws/Other/deeper" || exit 1
  out=$(complete_words trainsim run Mom)
  [ "$out" = "Momentum Ridge" ] || { echo "FAIL: run Mom from Other/deeper: got [$out], expected 'Momentum Ridge'" >&2; bad=1; }
  out=$(complete_words trainsim validate "Momentum Ridge/r")
  [ "$out" = "Momentum Ridge/research" ] || { echo "FAIL: validate 'Momentum Ridge/r' from Other/deeper: got [$out]" >&2; bad=1; }
  out=$(complete_words trainsim run M | sort | tr '\n' '|')
  [ "$out" = "Mean Reversion|Momentum Ridge|" ] || { echo "FAIL: run M from Other/deeper: got [$out]" >&2; bad=1; }
  # ... and the name completed there runs from there.
  cd "$TMP/ws/Other" || exit 1
  out=$(complete_words trainsim run Mom)
  [ "$out" = "Momentum Ridge" ] || { echo "FAIL: run Mom from Other: got [$out]" >&2; bad=1; }
  # Outside a workspace, only the current folder's names.
  mkdir -p "$TMP/nows/Alpha" && cd "$TMP/nows" || exit 1
  out=$(complete_words trainsim run Mom)
  [ -z "$out" ] || { echo "FAIL: run Mom outside a workspace: got [$out]" >&2; bad=1; }
  out=$(complete_words trainsim run Al)
  [ "$out" = "Alpha" ] || { echo "FAIL: run Al outside a workspace: got [$out]" >&2; bad=1; }
  exit $bad
) || failures=$((failures + 1))

# The zsh script parses.
"$BIN" completion zsh >"$TMP/_trainsim" || fail "trainsim completion zsh"
head -1 "$TMP/_trainsim" | grep -qx '#compdef trainsim' || fail "the zsh script does not start with #compdef"
if command -v zsh >/dev/null; then zsh -n "$TMP/_trainsim" || fail "zsh -n rejects the zsh script"; fi
bash -n "$TMP/trainsim.bash" || fail "bash -n rejects the bash script"

# A shell that is not supported is a usage error.
"$BIN" completion fish >/dev/null 2>&1
[ $? = 2 ] || fail "trainsim completion fish: expected exit 2"

# Every JSON report written above follows the report's schema.
python3 "$(dirname "$0")/validate_reports.py" "$(dirname "$0")/../../share/schema/report.schema.json" "$TMP" ||
  failures=$((failures + 1))
[ "$failures" -eq 0 ] && echo "completion test passed"
[ "$failures" -eq 0 ]
