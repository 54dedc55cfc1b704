#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs one libFuzzer target of a fuzzing build for a given time:
#
#   CC=clang meson setup _fuzz -Dfuzzing=true -Db_sanitize=address,undefined -Db_lundef=false -Dui=false -Dwerror=false
#   ninja -C _fuzz
#   tests/fuzz/run.sh TARGET SECONDS [BUILD-DIR]     # TARGET: import, verify or qr
#
# The seed corpus in the source tree is copied into a working corpus
# (BUILD-DIR/fuzz/TARGET/corpus) that grows from run to run; crashes, leaks
# and timeouts are written to BUILD-DIR/fuzz/TARGET/artifacts, and the run's
# log to BUILD-DIR/fuzz/TARGET/log. Exit status: libFuzzer's (0: nothing found).
set -eu

if [ $# -lt 2 ] || [ $# -gt 3 ]; then
  echo "usage: $0 import|verify|qr SECONDS [BUILD-DIR]" >&2
  exit 2
fi
target=$1
seconds=$2
source_dir=$(cd "$(dirname "$0")/../.." && pwd)
build_dir=${3:-$source_dir/_fuzz}

case $target in
  import) seeds=$source_dir/tests/import/corpus ;;
  verify) seeds=$source_dir/tests/fuzz/verify ;;
  qr) seeds=$source_dir/tests/fuzz/qr ;;
  *)
    echo "$0: unknown target “$target” (import, verify or qr)" >&2
    exit 2
    ;;
esac
case $seconds in
  ''|*[!0-9]*)
    echo "$0: “$seconds” is not a number of seconds" >&2
    exit 2
    ;;
esac

fuzzer=$build_dir/tests/fuzz-$target-libfuzzer
if [ ! -x "$fuzzer" ]; then
  echo "$0: no $fuzzer: set the build up with -Dfuzzing=true under clang and build it" >&2
  exit 2
fi

work=$build_dir/fuzz/$target
mkdir -p "$work/corpus" "$work/artifacts"
cp -n "$seeds"/* "$work/corpus/"

# The leak checker knows the system libraries' process-long caches; a
# GLib critical is a failure, as in the tests.
export LSAN_OPTIONS=suppressions=$source_dir/tests/lsan.supp:print_suppressions=0
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
export ASAN_OPTIONS=${ASAN_OPTIONS:-abort_on_error=1}
export G_DEBUG=fatal-criticals
export LC_ALL=C.UTF-8

status=0
"$fuzzer" "$work/corpus" \
  -max_total_time="$seconds" \
  -timeout=30 \
  -rss_limit_mb=2048 \
  -print_final_stats=1 \
  -artifact_prefix="$work/artifacts/" \
  >"$work/log" 2>&1 || status=$?

# The last status line (runs, coverage, features, corpus) and the final stats.
grep -E '^#[0-9]+' "$work/log" | tail -n 1 || true
grep -E '^stat::' "$work/log" || true
found=$(find "$work/artifacts" -type f | wc -l)
echo "$target: status $status, $found artifact(s) in $work/artifacts"
exit "$status"
