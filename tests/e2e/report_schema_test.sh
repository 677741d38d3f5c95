#!/usr/bin/env bash
# A complete JSON report: every report names its schema version and the
# trainsim that wrote it (the version `--version` prints), the config it came
# from (the digest a shard file carries, changed by --set, the same for the
# same effective config), the algorithm file's bytes (digest checked here by
# hand), the quota with each value's source (as `validate` prints it), every
# warning printed on stderr as data (file, line, column, key, code), and the
# advice the summary prints; trials reports and merged shards likewise. Every
# report written here is validated against share/schema/report.schema.json
# (check_helpers.sh), and the validator refuses reports that break it.
set -u
bin="$1"; root="$2"
. "$root/tests/e2e/check_helpers.sh"
cd "$root"
q=configs/quickstart.json
field() {  # field FILE PYTHON-EXPR (of j): prints it
  python3 -c "import json,sys; j=json.load(open(sys.argv[1])); print($2)" "$1"
}

# 1. Identity: schema version, trainsim version and commit.
"$bin" run --config "$q" --report "$tmp/q.json" >"$tmp/q.txt" 2>"$tmp/q.err"; s=$?
check "quickstart exits 1 (got $s)" test "$s" = 1
check "schema-version 1" test "$(field "$tmp/q.json" "j['schema-version']")" = 1
version="$("$bin" --version | grep -o '[0-9]\+\.[0-9]\+\.[0-9]\+' | head -1)"
check "trainsim.version is --version's ($version)" test "$(field "$tmp/q.json" "j['trainsim']['version']")" = "$version"
commit="$(field "$tmp/q.json" "j['trainsim']['commit']")"
if git -C "$root" rev-parse --short=12 HEAD >/dev/null 2>&1; then
  # (a commit of this checkout: the one the binary was built at, which may be behind HEAD)
  check "trainsim.commit is a commit of this checkout ($commit)" git -C "$root" cat-file -e "${commit%-dirty}^{commit}"
else
  check "trainsim.commit outside git is unknown ($commit)" test "$commit" = unknown
fi
check "the first keys are the identity" test "$(field "$tmp/q.json" "list(j)[:3]")" = "['schema-version', 'trainsim', 'outcome']"
# Existing fields keep their names and values: the regression report, less the new parts.
check "existing fields unchanged" python3 - "$tmp/q.json" tests/regression/quickstart.report.json <<'PY'
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:])
new = {"schema-version", "trainsim", "config", "quota", "warnings", "advice"}
sys.exit(0 if {k: v for k, v in a.items() if k not in new} == {k: v for k, v in b.items() if k not in new} else 1)
PY

# 2. The config: file as given, digest of the effective config (the shard's), --set changes it.
check "config.file as given" test "$(field "$tmp/q.json" "j['config']['file']")" = "$q"
digest="$(field "$tmp/q.json" "j['config']['digest']")"
"$bin" run --config "$q" --trials 4 --shard 1/1 --out "$tmp/shard.csv" -q 2>/dev/null
check "the digest is the shard file's config line ($digest)" has "$tmp/shard.csv" "# config: $digest"
python3 - "$q" "$tmp/same.json" <<'PY'
import json, re, sys
j = json.loads(re.sub(r"^\s*//.*$", "", open(sys.argv[1]).read(), flags=re.M))
json.dump(j, open(sys.argv[2], "w"), indent=7)  # no comments, other blanks
PY
"$bin" run --config "$tmp/same.json" --report "$tmp/same-r.json" -q 2>/dev/null
check "the same effective config, reformatted, has the same digest" \
  test "$(field "$tmp/same-r.json" "j['config']['digest']")" = "$digest"
"$bin" run --config "$q" --set scheduled-event-leaky-bucket-capacity=500 --report "$tmp/set.json" -q 2>/dev/null
check "--set changes the digest" test "$(field "$tmp/set.json" "j['config']['digest']")" != "$digest"
check "no algorithm files without --algorithm" test "$(field "$tmp/q.json" "len(j['config']['algorithm-files'])")" = 0

# 3. The quota and its sources, as validate prints them.
"$bin" validate --config "$q" >"$tmp/validate.txt" 2>/dev/null
for key in algorithm-manager-time-loop-maximum scheduled-event-leaky-bucket-capacity \
           scheduled-event-leaky-bucket-refill-amount scheduled-event-leaky-bucket-time-interval-minutes; do
  value="$(field "$tmp/q.json" "j['quota']['$key']['value']")"
  source="$(field "$tmp/q.json" "j['quota']['$key']['source']")"
  check "quota $key = $value ($source) as validate says" python3 -c "
import re, sys
m = re.search(r'^  $key +(\S+) +\((.*)\)$', open('$tmp/validate.txt').read(), re.M)
sys.exit(0 if m and float(m.group(1)) == float('$value') and m.group(2) == '$source' else 1)"
done
check "no preset" test "$(field "$tmp/q.json" "j['quota']['preset']")" = None
"$bin" run --config tests/fixtures/quotas/cloud-backtest.json --quota B-MICRO --report "$tmp/node.json" -q 2>/dev/null
check "a preset with its kind and where it was named" test \
  "$(field "$tmp/node.json" "[j['quota']['preset'][k] for k in ('name', 'kind', 'named-in')]")" = "['B-MICRO', 'Cloud backtest', '--set']"
check "a preset's values say so" test \
  "$(field "$tmp/node.json" "j['quota']['scheduled-event-leaky-bucket-capacity']")" = "{'value': 20, 'source': 'preset B-MICRO'}"
check "the Cloud advice names the node as data" test "$(field "$tmp/node.json" "j['advice']['node']")" = B4-12

# 4. Warnings: each one printed, as data.
python3 - "$q" "$tmp/typo.json" <<'PY'
import json, re, sys
text = open(sys.argv[1]).read()
j = json.loads(re.sub(r"^\s*//.*$", "", text, flags=re.M))
j["simulation"]["seeed"] = 3
json.dump(j, open(sys.argv[2], "w"), indent=2)
PY
"$bin" run --config "$tmp/typo.json" --report "$tmp/typo-r.json" -q 2>"$tmp/typo.err"
check "the typo is warned on stderr" has "$tmp/typo.err" "simulation.seeed"
check "every stderr warning is in the report, in order" python3 - "$tmp/typo-r.json" "$tmp/typo.err" <<'PY'
import json, sys
w = json.load(open(sys.argv[1]))["warnings"]
printed = [l[len("trainsim: warning: "):].rstrip("\n") for l in open(sys.argv[2]) if l.startswith("trainsim: warning: ")]
sys.exit(0 if [x["text"] for x in w] == printed and printed else 1)
PY
check "the unknown key: file, key, code" test "$(field "$tmp/typo-r.json" \
  "[(w['file'], w['key'], w['code']) for w in j['warnings'] if w['code'] == 'unknown-key']")" = \
  "[('$tmp/typo.json', 'simulation.seeed', 'unknown-key')]"
check "no warning, none in the report" test "$(field "$tmp/q.json" "j['warnings']")" = "[]"
"$bin" run --config configs/odds-uniform.json --report "$tmp/odds.json" -q 2>/dev/null
check "the OnData warning's code" test "$(field "$tmp/odds.json" "[(w['code'], w['file'], w['line']) for w in j['warnings']]")" = "[('on-data-unset', None, None)]"
# An algorithm file: its digest (FNV-1a 64 of its bytes, computed here) and a warning with line and column.
# (unknowable_loop.py plus one training the reader can read, so it runs.)
alg="$tmp/alg.py"
sed 's/^\( *\)self.train(\(.*\)int(hour), 0), self.fit)$/&\n        self.train(self.date_rules.every_day("SPY"), self.time_rules.at(8, 0), self.fit)/' \
  tests/fixtures/algorithms/unknowable_loop.py >"$alg"
"$bin" run --algorithm "$alg" --set simulation.methods.fit.duration=1m --report "$tmp/alg.json" -q 2>"$tmp/alg.err"; s=$?
check "the algorithm runs (exit $s)" test "$s" = 0
check "the algorithm file and its digest" python3 - "$tmp/alg.json" "$alg" <<'PY'
import json, os, sys
j = json.load(open(sys.argv[1]))
h = 0xcbf29ce484222325
for b in open(sys.argv[2], "rb").read():
    h = ((h ^ b) * 0x100000001b3) % 2**64
f = j["config"]["algorithm-files"]
sys.exit(0 if len(f) == 1 and os.path.samefile(f[0]["file"], sys.argv[2]) and f[0]["digest"] == "fnv1a64:%016x" % h else 1)
PY
check "a reader warning with file, line and column" python3 - "$tmp/alg.json" <<'PY'
import json, sys
w = [x for x in json.load(open(sys.argv[1]))["warnings"] if x["line"] is not None]
sys.exit(0 if w and all(x["file"].endswith("alg.py") and (x["line"], x["column"]) == (9, 21) and x["code"] == "algorithm" for x in w) else 1)
PY

# 5. The advice as data: the summary's lines, and the figures.
check "advice lines are the summary's" python3 - "$tmp/q.json" "$tmp/q.txt" <<'PY'
import json, sys
a = json.load(open(sys.argv[1]))["advice"]
text = open(sys.argv[2]).read()
sys.exit(0 if a["lines"] and all(l in text for l in a["lines"]) and a["capacity"] and a["runs"] > 0 else 1)
PY
capacity="$(field "$tmp/q.json" "j['advice']['capacity']")"
"$bin" run --config "$q" --set "scheduled-event-leaky-bucket-capacity=$capacity" --report "$tmp/adv.json" -q 2>/dev/null; s=$?
check "the advised capacity $capacity completes (exit $s)" test "$s" = 0
check "a completed run has no one-draw advice; its one line is the odds' (the capacity meets 5 %)" python3 - "$tmp/adv.json" <<'PY'
import json, sys
a = json.load(open(sys.argv[1]))["advice"]
sys.exit(0 if a["capacity"] is None and a["odds"]["configured-meets"] and a["lines"] == [a["odds"]["line"]] else 1)
PY
"$bin" run --config "$q" --set "scheduled-event-leaky-bucket-capacity=$capacity" --one-draw --report "$tmp/adv1.json" -q 2>/dev/null
check "a completed run's advice with --one-draw is empty" test "$(field "$tmp/adv1.json" "(j['advice']['lines'], j['advice']['capacity'], j['advice']['odds'])")" = "([], None, None)"

# 6. Trials reports and merged shards carry the same identity; --format json too.
"$bin" run --config "$q" --trials 20 --report "$tmp/t.json" -q 2>/dev/null
check "trials report: identity, config, quota, warnings" test \
  "$(field "$tmp/t.json" "[list(j)[:2], j['config']['digest'], j['warnings'], 'trials' in j, 'quota' in j]")" = \
  "[['schema-version', 'trainsim'], '$digest', [], True, True]"
for k in 1 2; do "$bin" run --config "$q" --trials 20 --shard "$k/2" --out "$tmp/ts$k.csv" -q 2>/dev/null; done
"$bin" merge "$tmp/ts1.csv" "$tmp/ts2.csv" --out "$tmp/tm.json" -q 2>/dev/null
check "merged shards give the same report, identity included" cmp -s "$tmp/t.json" "$tmp/tm.json"
"$bin" run --config "$q" --format json >"$tmp/stdout.json" 2>/dev/null
check "--format json is the --report file" cmp -s "$tmp/stdout.json" "$tmp/q.json"

# 7. The validator can fail: a report without its header, and one with a wrong type.
bad="$(mktemp -d)"
python3 -c "import json,sys; j=json.load(open(sys.argv[1])); del j['schema-version']; json.dump(j, open(sys.argv[2], 'w'))" "$tmp/q.json" "$bad/a.json"
python3 -c "import json,sys; j=json.load(open(sys.argv[1])); j['warnings'][0]['line']='12'; json.dump(j, open(sys.argv[2], 'w'))" "$tmp/typo-r.json" "$bad/b.json"
validate_reports "$bad/a.json" >/dev/null; s=$?
check "the validator refuses a report without schema-version (exit $s)" test "$s" = 1
validate_reports "$bad/b.json" >"$bad/b.out"; s=$?
check "the validator names the field" grep -q "warnings/0/line" "$bad/b.out"
check "the validator refuses a warning line that is a string (exit $s)" test "$s" = 1
rm -rf "$bad"

echo "report schema: $checks checks, $failures failures"
[ "$failures" -eq 0 ]
