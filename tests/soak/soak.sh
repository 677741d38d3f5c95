#!/usr/bin/env bash
# tests/soak/soak.sh TRAINSIM [VALID] [MUTATED] [SEED]: a soak test, not run by
# CI. Runs VALID random valid configs (default 10000) and MUTATED mutated ones
# (bytes flipped, cut or repeated; default 10000) through `trainsim run` with a
# report, a timeline and a page, and asserts for each: the exit status is 0 or
# 1 for a valid config, 0, 1 or 2 with an error message for a mutated one, no
# temporary file (nor previous file's kept name) is left behind, nothing is
# written on exit 2 (every other run has a previous report: it must stay as
# it was then, and be replaced on exit 0 or 1),
# the peak memory (RSS, /usr/bin/time) stays under 64 MB, and no run takes
# longer than SOAK_TIMEOUT seconds (default 300). Prints the counts
# of each exit status and the highest peak memory seen.
set -u
BIN=${1:?usage: soak.sh TRAINSIM [VALID] [MUTATED] [SEED]}
VALID=${2:-10000}
MUTATED=${3:-10000}
SEED=${4:-1}
LIMIT_KB=$((64 * 1024))
TIMEOUT=${SOAK_TIMEOUT:-300}  # seconds per run; a run still going then is a failure (exit 124)
command -v /usr/bin/time >/dev/null || { echo "soak: needs /usr/bin/time" >&2; exit 77; }
TMP=$(mktemp -d "${TMPDIR:-/tmp}/trainsim-soak.XXXXXX") || exit 1
trap 'rm -rf "$TMP"' EXIT
python3 - "$TMP" "$VALID" "$MUTATED" "$SEED" <<'PY'
import json, os, random, sys
out, valid, mutated, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
rng = random.Random(seed)
date_rules = ["EveryDay()", "EveryDay(\"SPY\")", "MonthStart(\"SPY\")", "MonthEnd(\"SPY\")", "WeekStart()",
              "WeekEnd(\"SPY\")", "Every(DayOfWeek.Monday, DayOfWeek.Thursday)", "On(2024, 1, 10)"]
time_rules = ["At(8, 0)", "AfterMarketOpen(\"SPY\", 10)", "BeforeMarketClose(\"SPY\", 5)", "Midnight", "Noon",
              "Every(TimeSpan.FromMinutes(90))"]
def duration():
    kind = rng.randrange(3)
    if kind == 0: return f"{rng.randint(1, 120)}m"
    if kind == 1: return {"uniform": {"min": f"{rng.randint(1, 20)}m", "max": f"{rng.randint(21, 90)}m"}}
    return f"{rng.randint(1, 59)}s"
def config():
    y = rng.randint(2000, 2029); m = rng.randint(1, 12); d = rng.randint(1, 28)
    days = rng.randint(0, 40)
    events = [{"name": "initial", "when": "now", "duration": duration()}] if rng.random() < 0.7 else []
    for k in range(rng.randint(0, 3)):
        events.append({"name": f"e{k}", "date-rule": rng.choice(date_rules), "time-rule": rng.choice(time_rules),
                       "duration": duration()})
    sim = {"start": f"{y:04d}-{m:02d}-{d:02d}", "training": events,
           "resolution": rng.choice(["minute", "hour", "daily", "second"]) if rng.random() < 0.3 else "minute"}
    import datetime
    sim["end"] = (datetime.date(y, m, d) + datetime.timedelta(days=days)).isoformat()
    if sim["resolution"] == "second": sim["end"] = sim["start"]
    c = {"simulation": sim}
    if rng.random() < 0.5: c["scheduled-event-leaky-bucket-capacity"] = rng.randint(10, 5000)
    if rng.random() < 0.3: c["algorithm-manager-time-loop-maximum"] = rng.choice([5, 10, 20, 60])
    return json.dumps(c, indent=1)
os.makedirs(f"{out}/valid"); os.makedirs(f"{out}/mutated")
texts = []
for i in range(valid):
    t = config(); texts.append(t)
    open(f"{out}/valid/{i}.json", "w").write(t)
for i in range(mutated):
    b = bytearray((texts[i % len(texts)] if texts else config()).encode())
    for _ in range(rng.randint(1, 8)):
        op = rng.randrange(4); p = rng.randrange(len(b)) if b else 0
        if op == 0 and b: b[p] = rng.randrange(256)
        elif op == 1: b = b[:p]
        elif op == 2 and b: b[p:p] = b[p:p + rng.randint(1, 40)] * rng.randint(1, 50)
        elif b: del b[p:p + rng.randint(1, 10)]
    open(f"{out}/mutated/{i}.json", "wb").write(bytes(b))
PY
declare -A counts
peak=0 failures=0 n=0
for kind in valid mutated; do
  for c in "$TMP/$kind"/*.json; do
    o="$TMP/out"; rm -rf "$o"; mkdir -p "$o"
    # Every other run replaces a previous report (kept as it was on exit 2).
    previous=$((n % 2)); [ "$previous" = 1 ] && echo "previous report" >"$o/r.json"
    timeout -k 5 "$TIMEOUT" /usr/bin/time -f %M -o "$TMP/rss" "$BIN" run --config "$c" --report "$o/r.json" --timeline "$o/t.csv" \
      --html "$o/p.html" -q >/dev/null 2>"$TMP/err"
    rc=$?
    n=$((n + 1))
    counts[$kind-$rc]=$((${counts[$kind-$rc]:-0} + 1))
    rss=$(tail -1 "$TMP/rss" 2>/dev/null); case $rss in '' | *[!0-9]*) rss=0 ;; esac
    [ "$rss" -gt "$peak" ] && peak=$rss
    bad=""
    case $rc in 0 | 1) ;;
      2) grep -q "error" "$TMP/err" || bad="exit 2 without an error message"
         [ "$kind" = valid ] && bad="$bad; a valid config refused: $(head -c 300 "$TMP/err")" ;;
      *) bad="exit $rc" ;; esac
    ls -A "$o" | grep -qE '\.(tmp|old)\.' && bad="$bad; temporaries (or kept previous files) left"
    if [ "$rc" = 2 ] && [ "$previous" = 1 ]; then
      [ "$(ls -A "$o")" = r.json ] && [ "$(cat "$o/r.json")" = "previous report" ] ||
        bad="$bad; exit 2 changed the folder or the previous report"
    elif [ "$rc" = 2 ]; then
      [ -n "$(ls -A "$o")" ] && bad="$bad; files written on exit 2"
    elif [ "$rc" = 0 ] || [ "$rc" = 1 ]; then
      [ "$(stat -c %h "$o/r.json" 2>/dev/null)" = 1 ] && [ "$(head -c 15 "$o/r.json")" != "previous report" ] ||
        bad="$bad; the report was not written (or has another link)"
    fi
    [ "$rss" -gt "$LIMIT_KB" ] && bad="$bad; peak memory ${rss} KB"
    if [ -n "$bad" ]; then
      failures=$((failures + 1))
      echo "FAIL $kind $(basename "$c"): $bad" >&2
      cp "$c" "$TMP/../trainsim-soak-failure-$(basename "$c")" 2>/dev/null
    fi
  done
done
for k in "${!counts[@]}"; do echo "$k: ${counts[$k]}"; done | sort
echo "runs: $n, failures: $failures, peak RSS: $((peak / 1024)) MB (limit $((LIMIT_KB / 1024)) MB)"
[ "$failures" -eq 0 ]
