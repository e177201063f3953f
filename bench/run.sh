#!/bin/sh
# The benchmark of SPEC section 10: each command in turn with awk and cat
# over the same generated journals, medians of wall and CPU time, peak RSS.
# A benchmark, not a test: nothing fails on a slow run.
#
#   bench/run.sh [path/to/backcare] [--ten-million] [--sizes 10000,100000] [--before OLD]
#
# Journals are made by bench/gen_journal.py (deterministic, no year before
# 1900) and kept in $BENCH_DIR (default $TMPDIR/backcare-bench; 10,000,000
# lines take about 1.2 GB). BENCH_RUNS sets the runs (default 7; the
# 10,000,000-line case runs once). On a busy machine the CPU-time ratios
# say more than the wall-clock ones: quote the load average with them.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
bin=${BACKCARE_BIN:-$here/../build/backcare}
case ${1:-} in -*|'') ;; *) bin=$1; shift ;; esac
[ -x "$bin" ] || { echo "bench: no backcare at $bin (build it, or give its path)" >&2; exit 66; }
python=/usr/bin/python3
[ -x "$python" ] || python=python3
exec "$python" "$here/bench.py" "$bin" "$@"
