#!/usr/bin/env bash
# Side-by-side timing of `newskb build` and a Hugo site with the same content, on one corpus.
#
#   bash side_by_side.sh N [K]          # N stories, K alternating runs of each tool (default 3)
#   VALIDATE=1 bash side_by_side.sh N   # also: newskb validate --no-cache vs check-jsonschema
#                                       # (and yamllint) on the same YAML files
#
# The corpus is benchmarks/corpus.py's (seed 1) at $WORK/corpus-n$N, generated when missing;
# the Hugo project is written fresh by hugo_same_content.py at $WORK/hugo-n$N (untimed). Each
# run builds into a fresh, empty output directory: newskb `build --full --no-search` from the
# corpus directory with its cache directory removed (as benchmarks/run.py's build-full), Hugo
# `hugo --quiet -d OUT`. Runs alternate newskb, hugo, newskb, hugo, ... so that a busy machine
# slows both alike. Wall time and peak RSS come from GNU time; pages (HTML pages, Hugo's
# redirect stubs excluded) and bytes written from page_kinds.py. The last lines give the
# median ratios newskb/hugo of ms per page and MB/s (ms/page ratio > 1: newskb slower per page;
# MB/s ratio < 1: newskb writes fewer MB per second).
#
# Environment: WORK (scratch folder, default ${TMPDIR:-/tmp}/newskb-side-by-side), REPO (a newskb
# checkout, default: the one holding the current directory), VENV (a venv with newskb installed;
# default: python3 and newskb from PATH; check-jsonschema and yamllint are pip-installed into it
# when VALIDATE=1), HUGO (default hugo; apt-get install -y hugo time), KEEP=1 keeps the last outputs.
set -euo pipefail

N=${1:?usage: side_by_side.sh N [K]}
K=${2:-3}
WORK=${WORK:-${TMPDIR:-/tmp}/newskb-side-by-side}
REPO=${REPO:-$(git rev-parse --show-toplevel 2>/dev/null || pwd)}
VENV=${VENV:-}
mkdir -p "$WORK"
HUGO=${HUGO:-hugo}
HERE=$(cd "$(dirname "$0")" && pwd)
if [ -n "$VENV" ]; then PY=$VENV/bin/python; NEWSKB=$VENV/bin/newskb; BIN=$VENV/bin/
else PY=$(command -v python3); NEWSKB=$(command -v newskb || true); BIN=; fi
CORPUS=$WORK/corpus-n$N
PROJECT=$WORK/hugo-n$N
RESULTS=$WORK/side-by-side-n$N.tsv
TIME=/usr/bin/time

command -v "$HUGO" >/dev/null || { echo "hugo not found (apt-get install -y hugo)" >&2; exit 2; }
[ -x "$TIME" ] || { echo "GNU time not found at $TIME (apt-get install -y time)" >&2; exit 2; }
[ -n "$NEWSKB" ] && [ -x "$NEWSKB" ] || { echo "no newskb found (pip install -e $REPO, or set VENV)" >&2; exit 2; }

# --- inputs (untimed) -----------------------------------------------------------------
if ! grep -q "\"stories\": $N," "$CORPUS/corpus.json" 2>/dev/null; then
  echo "generating corpus N=$N at $CORPUS" >&2
  "$PY" "$REPO/benchmarks/corpus.py" --stories "$N" --seed 1 --out "$CORPUS" >&2
fi
"$PY" "$HERE/hugo_same_content.py" "$CORPUS" "$PROJECT" >&2
echo "$("$NEWSKB" --version 2>/dev/null || echo newskb); $("$HUGO" version | grep -m1 "^hugo v" | cut -d' ' -f1-2); $(nproc) CPUs; load $(cut -d' ' -f1-3 /proc/loadavg)" >&2

# --- one timed run: TOOL RUN -> a line of $RESULTS ----------------------------------------
census() {  # DIR -> "pages bytes"
  "$PY" - "$1" <<'EOF'
import os, sys; sys.path.insert(0, os.environ["HERE"])
import page_kinds
t = page_kinds.totals(page_kinds.census(sys.argv[1]))
print(t[0], t[3])
EOF
}
export HERE

run_one() {  # TOOL RUN
  local tool=$1 run=$2 out=$WORK/sbs-out-$1 stats=$WORK/sbs-time-$1
  rm -rf "$out"
  case $tool in
    newskb)
      rm -rf "$CORPUS/.newskb-cache"
      (cd "$CORPUS" && $TIME -f "%e %M %x %U %S" -o "$stats" "$NEWSKB" build --full --no-search --no-data --out "$out" >/dev/null) ;;
    hugo)
      (cd "$PROJECT" && $TIME -f "%e %M %x %U %S" -o "$stats" "$HUGO" --quiet -d "$out" >/dev/null) ;;
  esac
  read -r wall rss code user sys < <(tail -1 "$stats")
  read -r pages bytes < <(census "$out")
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$tool" "$run" "$wall" "$pages" "$bytes" "$rss" "$code" "$(awk "BEGIN { print $user + $sys }")" >> "$RESULTS"
  [ "${KEEP:-0}" = 1 ] || rm -rf "$out"
}

validate_one() {  # TOOL RUN: validation of the same entries (pages = entry files checked)
  local tool=$1 run=$2 stats=$WORK/sbs-time-$1
  local files; files=$(find "$CORPUS/entries" -name '*.yaml' | wc -l)
  local bytes; bytes=$(find "$CORPUS/entries" -name '*.yaml' -printf '%s\n' | awk '{s+=$1} END {print s}')
  case $tool in
    validate:newskb)
      (cd "$CORPUS" && $TIME -f "%e %M %x" -o "$stats" "$NEWSKB" validate --no-cache >/dev/null || true) ;;
    validate:check-jsonschema)  # one process per schema, as a CI job would run them
      (cd "$CORPUS/entries" && $TIME -f "%e %M %x" -o "$stats" bash -c '
        set -e; cj='"$BIN"'check-jsonschema
        $cj -q --schemafile _schema/story.schema.json stories/*.yaml
        $cj -q --schemafile _schema/source.schema.json sources/*.yaml
        $cj -q --schemafile _schema/people.schema.json people.yaml
        $cj -q --schemafile _schema/organizations.schema.json organizations.yaml
        $cj -q --schemafile _schema/products.schema.json products.yaml' >/dev/null || true) ;;
    validate:yamllint)
      (cd "$CORPUS" && $TIME -f "%e %M %x" -o "$stats" "${BIN}yamllint" -f parsable \
        -d '{extends: default, rules: {line-length: disable, document-start: disable, indentation: {indent-sequences: consistent}}}' \
        entries >/dev/null || true) ;;
  esac
  read -r wall rss code < <(tail -1 "$stats")  # exit 1 = findings (still a full run); other codes: see the row
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$tool" "$run" "$wall" "$files" "$bytes" "$rss" "$code" "nan" >> "$RESULTS"
}

: > "$RESULTS"
for run in $(seq 1 "$K"); do
  for tool in newskb hugo; do
    echo "run $run: $tool" >&2
    run_one "$tool" "$run"
  done
done
if [ "${VALIDATE:-0}" = 1 ]; then
  command -v "${BIN}check-jsonschema" >/dev/null && command -v "${BIN}yamllint" >/dev/null || "$PY" -m pip install -q check-jsonschema yamllint >&2
  [ -d "$CORPUS/entries/_schema" ] || (cd "$CORPUS" && "$NEWSKB" schema >&2)
  for run in $(seq 1 "$K"); do
    for tool in validate:newskb validate:check-jsonschema validate:yamllint; do
      echo "run $run: $tool" >&2
      validate_one "$tool" "$run"
    done
  done
fi

# --- the table ----------------------------------------------------------------------------
"$PY" - "$RESULTS" "$N" <<'EOF'
import statistics, sys
rows = [line.rstrip("\n").split("\t") for line in open(sys.argv[1]) if line.strip()]
n = sys.argv[2]
print(f"N={n}: build = newskb build --full --no-search vs hugo --quiet (same content); "
      "validate rows: 'pages' = entry files, 'MB' = YAML read")
W = 34
head = f"{'tool':<{W}} {'run':>3} {'wall s':>8} {'CPU s':>8} {'pages':>7} {'MB':>8} {'ms/page':>8} {'CPU ms/p':>8} {'MB/s':>7} {'peak RSS MB':>11} {'exit':>4}"
print(head); print("-" * len(head))
per = {}
for tool, run, wall, pages, nbytes, rss, code, cpu in rows:
    wall, cpu, pages, mb, rss = float(wall), float(cpu), int(pages), int(nbytes) / 1e6, int(rss) / 1024
    msp, mbs = 1000 * wall / pages if pages else float("nan"), mb / wall if wall else float("nan")
    cpp = 1000 * cpu / pages if pages else float("nan")
    per.setdefault(tool, []).append((wall, msp, mbs, rss, cpu, cpp))
    print(f"{tool:<{W}} {run:>3} {wall:>8.2f} {cpu:>8.2f} {pages:>7} {mb:>8.1f} {msp:>8.3f} {cpp:>8.3f} {mbs:>7.2f} {rss:>11.0f} {code:>4}")
med = lambda tool, i: statistics.median(r[i] for r in per[tool])
print("-" * len(head))
for tool in per:
    print(f"{tool + ' (median)':<{W}} {'':>3} {med(tool, 0):>8.2f} {med(tool, 4):>8.2f} {'':>7} {'':>8} {med(tool, 1):>8.3f} {med(tool, 5):>8.3f} {med(tool, 2):>7.2f} {med(tool, 3):>11.0f}")
if "newskb" in per and "hugo" in per:
    print(f"median ratio newskb/hugo: ms/page {med('newskb', 1) / med('hugo', 1):.2f}, CPU {med('newskb', 4) / med('hugo', 4):.2f}, "
          f"MB/s {med('newskb', 2) / med('hugo', 2):.2f}, wall {med('newskb', 0) / med('hugo', 0):.2f}, "
          f"peak RSS {med('newskb', 3) / med('hugo', 3):.2f}")
for peer in ("validate:check-jsonschema", "validate:yamllint"):
    if "validate:newskb" in per and peer in per:
        print(f"median ratio validate newskb/{peer.split(':')[1]}: wall {med('validate:newskb', 0) / med(peer, 0):.2f}, "
              f"peak RSS {med('validate:newskb', 3) / med(peer, 3):.2f}")
print(f"(raw rows: {sys.argv[1]})")
EOF
