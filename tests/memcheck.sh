#!/bin/sh
# Runs the test suite under Valgrind's memcheck: the unit tests, the fuzz
# corpora and every end-to-end test, with the real binary wrapped in
# valgrind. Slow (about 20-30 minutes on two cores); meant to be run by hand
# before a release, not in CI (CI runs ASan + UBSan instead).
#
#   tests/memcheck.sh [BUILD_DIR]      (default: build; a normal, unsanitized build)
#
# Each process valgrind watches writes its report to BUILD_DIR/memcheck/;
# the script prints the reports that hold an error and exits 1 if any does,
# or if a test failed.
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
build=$(cd "${1:-$root/build}" && pwd)
out="$build/memcheck"
command -v valgrind >/dev/null || { echo "memcheck.sh: valgrind is not installed (apt-get install valgrind)"; exit 2; }
[ -x "$build/backcare" ] || { echo "memcheck.sh: no $build/backcare: build first"; exit 2; }
if ldd "$build/backcare" | grep -q 'libasan\|libubsan'; then
  echo "memcheck.sh: $build is a sanitizer build; valgrind needs a normal one"
  exit 2
fi
rm -rf "$out"
mkdir -p "$out"

vg="valgrind --tool=memcheck --error-exitcode=99 --leak-check=full --show-leak-kinds=definite,indirect \
--errors-for-leak-kinds=definite,indirect --track-origins=yes -q --log-file=$out/%p.log"

# The binary the end-to-end tests run: backcare under valgrind.
cat >"$out/backcare" <<EOF
#!/bin/sh
exec $vg "$build/backcare" "\$@"
EOF
chmod +x "$out/backcare"

failed=0
echo "== unit tests"
$vg "$build/tests/unit_tests" >"$out/unit.txt" 2>&1 || { failed=1; tail -20 "$out/unit.txt"; }
tail -2 "$out/unit.txt"

for replay in "$build"/tests/replay_*; do
  name=${replay##*/replay_}
  echo "== fuzz corpus: $name"
  $vg "$replay" "$root/tests/fuzz/corpus/$name" >"$out/replay-$name.txt" 2>&1 || { failed=1; tail -5 "$out/replay-$name.txt"; }
  tail -1 "$out/replay-$name.txt"
done

for t in "$root"/tests/e2e/test_*.py; do
  echo "== $(basename "$t")"
  if ! BACKCARE_BIN="$out/backcare" BACKCARE_SOURCE_DIR="$root" BACKCARE_VALGRIND=1 \
      BACKCARE_FAULT_LIB="$build/tests/libbackcare_fault.so" PYTHONDONTWRITEBYTECODE=1 \
      /usr/bin/python3 "$t" >"$out/$(basename "$t" .py).txt" 2>&1; then
    failed=1
    grep -E '^(FAIL|ERROR):' "$out/$(basename "$t" .py).txt"
  fi
  tail -1 "$out/$(basename "$t" .py).txt"
done

reports=0
for log in "$out"/*.log; do
  [ -s "$log" ] || continue
  reports=$((reports + 1))
  echo "---- $log"
  head -40 "$log"
done
runs=$(ls "$out"/*.log 2>/dev/null | wc -l)
echo "memcheck: $runs processes watched, $reports with a report"
[ "$reports" -eq 0 ] && [ "$failed" -eq 0 ]
