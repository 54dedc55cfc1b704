#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs the scan suite (the scanner and its helper, and the command line's
# scan) N times in a row beside two busy CPU loops, as a loaded counter PC
# would; stops at the first failure. No retries. --with-dialog adds the scan
# dialog's tests (about twice as long).
#
#   tests/scan/stress.sh BUILD_DIR [N] [--with-dialog]      (N defaults to 30)
set -eu
build="${1:?usage: stress.sh BUILD_DIR [N] [--with-dialog]}"
runs="${2:-30}"
tests="scan cli-attach"
[ "${3:-}" = "--with-dialog" ] && tests="$tests scan-dialog"

busy () { while :; do :; done; }
busy & b1=$!
busy & b2=$!

log="$(mktemp)"
trap 'kill $b1 $b2 2>/dev/null || true; rm -f "$log"' EXIT INT TERM

i=1
while [ "$i" -le "$runs" ]; do
  if ! meson test -C "$build" --no-rebuild --print-errorlogs $tests >"$log" 2>&1; then
    echo "run $i of $runs failed:"
    # The failing run's own log, not a second run's.
    grep -v '^ok ' "$log" | tail -60
    exit 1
  fi
  echo "run $i of $runs passed"
  i=$((i + 1))
done
echo "$runs runs in a row passed beside two busy loops"
