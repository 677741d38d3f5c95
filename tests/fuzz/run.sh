#!/usr/bin/env bash
# tests/fuzz/run.sh BUILD-DIR SECONDS [HARNESS...]: runs each libFuzzer target
# for SECONDS on a copy of its seed corpus (tests/fuzz/corpus/<name> plus the
# saved regressions), one at a time. Exit 1 on the first crash, leak or
# timeout; the reproducer is left in BUILD-DIR/fuzz-findings/<name>/.
# FUZZ_RUNS=N also ends each harness after N executions (a long run:
# FUZZ_RUNS=1000000 tests/fuzz/run.sh build-san 14400); FUZZ_ARGS adds
# libFuzzer flags (e.g. FUZZ_ARGS=-max_len=8192: market-hours seeds are whole
# databases of 200 KB, too slow to mutate a million times).
# FUZZ_SMOKE=1 is CI's run: seed 1 and a fixed number of executions per
# harness (about 10 s each on a 2-core machine), the same amount of work on any
# machine, with SECONDS as a cap. The inputs tried are close to, not exactly,
# those of another smoke run: coverage feedback varies with the targets' threads
# and caches. Finding new inputs is the long runs' job.
set -euo pipefail
build=${1:?usage: run.sh BUILD-DIR SECONDS [HARNESS...]}
seconds=${2:?usage: run.sh BUILD-DIR SECONDS [HARNESS...]}
shift 2
src=$(cd "$(dirname "$0")" && pwd)
harnesses=("$@")
[ ${#harnesses[@]} -gt 0 ] || harnesses=(config rules market_hours traces sweep_csv algorithm logs diff trials_shard simulate)
for h in "${harnesses[@]}"; do
  dir=${h//_/-}
  work="$build/fuzz-work/$h"
  findings="$build/fuzz-findings/$h"
  mkdir -p "$work" "$findings"
  # Seeds: the project's own inputs, plus tests/fuzz/corpus for what has no
  # file of its own (rule strings, sweep CSVs), plus the saved regressions.
  root="$src/../.."
  case $h in
    config | simulate) seeds=("$root/configs" "$root/tests/fixtures/configs") ;;
    diff) seeds=("$root/tests/regression") ;;
    market_hours) seeds=("$root/sample_data/market-hours") ;;
    traces) seeds=("$root/sample_data/traces" "$root/tests/fixtures/traces") ;;
    algorithm) seeds=("$root/tests/fixtures/algorithms" "$root/configs/workspace/MLAlgorithm") ;;
    *) seeds=() ;;
  esac
  [ -d "$src/corpus/$dir" ] && seeds+=("$src/corpus/$dir")
  [ -d "$src/regressions/$dir" ] && seeds+=("$src/regressions/$dir")
  echo "== fuzz_$h: ${seconds}s${FUZZ_SMOKE:+ at most (smoke: seed 1, a fixed number of executions)}"
  # The first directory is the working corpus (new inputs land there); the
  # checked-in seeds are read only.
  status=0
  runs=()
  [ -n "${FUZZ_RUNS:-}" ] && runs=(-runs="$FUZZ_RUNS")
  if [ -n "${FUZZ_SMOKE:-}" ]; then
    case $h in
      config) n=16000 ;; rules) n=26000 ;; market_hours) n=1600 ;; traces) n=400 ;; sweep_csv) n=26000 ;;
      algorithm) n=2600 ;; logs) n=4600 ;; diff) n=2600 ;; trials_shard) n=40000 ;; simulate) n=20000 ;;
      *) n=10000 ;;
    esac
    runs=(-runs="$n" -seed=1)
  fi
  # shellcheck disable=SC2206
  [ -n "${FUZZ_ARGS:-}" ] && runs+=($FUZZ_ARGS)
  "$build/fuzz_$h" "$work" "${seeds[@]}" "${runs[@]}" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
    -dict="$src/dictionaries/$dir.dict" -artifact_prefix="$findings/" -print_final_stats=1 >"$work.log" 2>&1 ||
    status=$?
  grep -E '^stat::(number_of_executed_units|average_exec_per_sec|peak_rss_mb)|ERROR|SUMMARY|Test unit written' "$work.log" || true
  if [ "$status" -ne 0 ]; then
    tail -n 40 "$work.log" >&2
    echo "fuzz_$h found a problem (exit $status); reproducer in $findings" >&2
    exit 1
  fi
done
