#!/bin/sh
# Builds the libFuzzer targets (clang++, ASan+UBSan, coverage) if needed and
# fuzzes each for a set time.
#
#   tests/fuzz/run.sh [SECONDS] [TARGET...]
#
# SECONDS defaults to 600 per target; TARGETs default to every fuzz_*.cpp
# here (names without the fuzz_ prefix: journal_line, routine, ...). Runs
# under nice. The build goes to $BACKCARE_FUZZ_BUILD (default build-fuzz/).
# New interesting inputs go to BUILD/corpus/NAME/ (the seeds in
# tests/fuzz/corpus/NAME/ are only read); crashing inputs go to
# tests/fuzz/artifacts/ (git-ignored): minimise one with
#   BUILD/tests/fuzz/fuzz_NAME -minimize_crash=1 -runs=10000 FILE
# then add it to tests/fuzz/corpus/NAME/crash-SOMETHING with a unit test.
# Extra libFuzzer flags can be passed in $FUZZ_FLAGS (e.g. "-jobs=2").
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=${BACKCARE_FUZZ_BUILD:-$root/build-fuzz}
seconds=${1:-600}
[ $# -gt 0 ] && shift
if [ $# -eq 0 ]; then
  for f in "$here"/fuzz_*.cpp; do
    n=$(basename "$f" .cpp)
    set -- "$@" "${n#fuzz_}"
  done
fi

if [ ! -f "$build/CMakeCache.txt" ]; then
  cmake -S "$root" -B "$build" -DCMAKE_CXX_COMPILER=clang++ -DBACKCARE_FUZZ=ON -DBACKCARE_TESTS=OFF \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo
fi
targets=""
for name in "$@"; do targets="$targets fuzz_$name"; done
# shellcheck disable=SC2086
nice cmake --build "$build" -j"$(nproc)" --target $targets

mkdir -p "$here/artifacts"
status=0
for name in "$@"; do
  corpus="$build/corpus/$name"
  mkdir -p "$corpus"
  dict=""
  [ -f "$here/$name.dict" ] && dict="-dict=$here/$name.dict"
  # Routines: room for nesting deep enough to have overflowed toml++'s
  # stack (its seeds corpus/routine/deep-* are about 60 KB).
  maxlen=""
  [ "$name" = routine ] && maxlen="-max_len=65536"
  echo "== fuzz_$name for $seconds s (log: $build/fuzz-$name.log)"
  # shellcheck disable=SC2086
  if ! nice "$build/tests/fuzz/fuzz_$name" -max_total_time="$seconds" -print_final_stats=1 \
      -artifact_prefix="$here/artifacts/$name-" -timeout=10 -rss_limit_mb=2048 $dict $maxlen ${FUZZ_FLAGS:-} \
      "$corpus" "$here/corpus/$name" >"$build/fuzz-$name.log" 2>&1; then
    echo "fuzz_$name FOUND A PROBLEM: see $build/fuzz-$name.log and $here/artifacts/"
    status=1
  fi
  grep -E '^(stat::number_of_executed_units|stat::peak_rss_mb|#[0-9]+ +DONE)' "$build/fuzz-$name.log" || true
  tail -n 3 "$build/fuzz-$name.log" | grep -E 'cov:' || true
done
exit $status
