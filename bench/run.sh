#!/bin/sh
# Times `backcare stats` against cat and awk over the same journals and
# prints the ratios (a benchmark, not a test: nothing fails on a slow run).
#
#   bench/run.sh [path/to/backcare]
#
# Journals are made by bench/gen_journal.py (deterministic) and kept in
# $BENCH_DIR (default: $TMPDIR/backcare-bench, about 120 MB):
#   - five years, about 9,000 lines:   stats --format '{streak}' vs cat
#                                       (it runs on every shell prompt;
#                                       target: at most 2.5 times cat)
#   - 1,000,000 lines, about 116 MB:    stats --json vs awk '{n[$3]++}' and
#                                       cat (target: no slower than awk),
#                                       and the peak memory (under 64 MiB)
# Uses hyperfine when installed (apt install hyperfine), else a timing
# loop in Python; /usr/bin/time (apt install time) for the peak memory.
# Wall-clock ratios depend on a quiet machine with both cores free: the
# CPU-time ratios are printed too.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
bin=${1:-${BACKCARE_BIN:-$here/../build/backcare}}
[ -x "$bin" ] || { echo "bench: no backcare at $bin (build it, or give its path)" >&2; exit 66; }
bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
python=/usr/bin/python3
[ -x "$python" ] || python=python3
work=${BENCH_DIR:-${TMPDIR:-/tmp}/backcare-bench}
mkdir -p "$work"
runs=${BENCH_RUNS:-30}

# The generator's checksum is in the names: a changed generator makes new files.
tag=$(cksum < "$here/gen_journal.py" | cut -d' ' -f1)
small=$work/five-years-$tag.txt
large=$work/million-$tag.txt
[ -s "$small" ] || "$python" "$here/gen_journal.py" --lines 9000 --start 2021-01-01 > "$small"
[ -s "$large" ] || { echo "bench: writing $large (a minute or two)" >&2;
                     "$python" "$here/gen_journal.py" --lines 1000000 --start 1900-01-01 > "$large"; }

# Times a command: prints "WALL_MS CPU_MS" (means). Output goes to /dev/null.
measure() {
  n=$1
  shift
  if command -v hyperfine > /dev/null 2>&1; then
    hyperfine -N --style none --warmup 2 --runs "$n" --export-json "$work/h.json" "$(quote "$@")" > /dev/null 2>&1
    "$python" -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"][0]
print("%.3f %.3f" % (r["mean"]*1e3, (r["user"]+r["system"])*1e3))' "$work/h.json"
  else
    "$python" - "$n" "$@" <<'EOF'
import os, resource, subprocess, sys, time
n, cmd = int(sys.argv[1]), sys.argv[2:]
for _ in range(2):
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
walls = []
before = resource.getrusage(resource.RUSAGE_CHILDREN)
for _ in range(n):
    t = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    walls.append(time.perf_counter() - t)
after = resource.getrusage(resource.RUSAGE_CHILDREN)
cpu = (after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime) / n
print("%.3f %.3f" % (sum(walls) / n * 1e3, cpu * 1e3))
EOF
  fi
}

# Shell-quotes a command for hyperfine.
quote() {
  out=
  for a in "$@"; do
    out="$out '$(printf '%s' "$a" | sed "s/'/'\\\\''/g")'"
  done
  printf '%s' "${out# }"
}

ratio() { "$python" -c 'import sys; print("%.2f" % (float(sys.argv[1]) / float(sys.argv[2])))' "$1" "$2"; }

row() {  # label wall cpu [ratio-against-label ratio-wall ratio-cpu [target]]
  printf '  %-30s %9.2f ms wall %9.2f ms cpu' "$1" "$2" "$3"
  [ $# -ge 6 ] && printf '   %sx %s (cpu %sx)' "$5" "$4" "$6"
  [ $# -ge 7 ] && printf '   target %s' "$7"
  printf '\n'
}

describe() {
  lines=$(grep -vc '^#' "$1")
  bytes=$(wc -c < "$1")
  printf '%s: %s lines, %s bytes, up to %s\n' "$(basename "$1")" "$lines" "$bytes" "$(tail -n 1 "$1" | cut -c1-10)"
}

# The built-in routine (no routine file in this config folder), no colour.
export XDG_CONFIG_HOME="$work/config"
unset BACKCARE_ROUTINE BACKCARE_JOURNAL 2> /dev/null || true

echo "backcare bench: $bin"
echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')"

# --- five years, a shell prompt ---------------------------------------------
export BACKCARE_NOW="$(tail -n 1 "$small" | cut -c1-10)T20:00"
describe "$small"
set -- $(measure "$runs" cat "$small"); cat_w=$1 cat_c=$2
row "cat" "$cat_w" "$cat_c"
set -- $(measure "$runs" "$bin" --journal "$small" stats --format '{streak}'); w=$1 c=$2
row "stats --format '{streak}'" "$w" "$c" cat "$(ratio "$w" "$cat_w")" "$(ratio "$c" "$cat_c")" "<= 2.5x cat"
set -- $(measure "$runs" "$bin" --journal "$small" stats --json); w=$1 c=$2
row "stats --json" "$w" "$c" cat "$(ratio "$w" "$cat_w")" "$(ratio "$c" "$cat_c")"
set -- $(measure "$runs" awk '{n[$3]++}' "$small"); w=$1 c=$2
row "awk '{n[\$3]++}'" "$w" "$c" cat "$(ratio "$w" "$cat_w")" "$(ratio "$c" "$cat_c")"

# --- a million lines ------------------------------------------------------
export BACKCARE_NOW="$(tail -n 1 "$large" | cut -c1-10)T20:00"
describe "$large"
big=${BENCH_BIG_RUNS:-5}
set -- $(measure "$big" cat "$large"); cat_w=$1 cat_c=$2
row "cat" "$cat_w" "$cat_c"
set -- $(measure "$big" awk '{n[$3]++}' "$large"); awk_w=$1 awk_c=$2
row "awk '{n[\$3]++}'" "$awk_w" "$awk_c" cat "$(ratio "$awk_w" "$cat_w")" "$(ratio "$awk_c" "$cat_c")"
set -- $(measure "$big" "$bin" --journal "$large" stats --json); w=$1 c=$2
row "stats --json" "$w" "$c" awk "$(ratio "$w" "$awk_w")" "$(ratio "$c" "$awk_c")" "<= 1.0x awk"
row "stats --json" "$w" "$c" cat "$(ratio "$w" "$cat_w")" "$(ratio "$c" "$cat_c")"
if [ -x /usr/bin/time ]; then
  rss=$(/usr/bin/time -v "$bin" --journal "$large" stats --json 2>&1 > /dev/null |
        sed -n 's/.*Maximum resident set size (kbytes): *//p')
  printf '  %-30s %9.1f MiB   target < 64 MiB\n' "peak memory, stats --json" "$("$python" -c "print($rss / 1024)")"
  rss=$(/usr/bin/time -v awk '{n[$3]++}' "$large" 2>&1 > /dev/null |
        sed -n 's/.*Maximum resident set size (kbytes): *//p')
  printf '  %-30s %9.1f MiB\n' "peak memory, awk" "$("$python" -c "print($rss / 1024)")"
else
  echo "  peak memory: /usr/bin/time is missing (apt install time)"
fi
rm -f "$work/h.json"
