#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs a scanning test; if it hangs, runs it once more.
#
# SANE's test backend reads in a helper thread that sane_cancel() and
# sane_start() stop with an asynchronous pthread_cancel. Caught inside malloc
# or the dynamic loader, that thread dies holding a C library lock and the
# process hangs for good (seen about once in twenty runs on a loaded machine;
# the backtraces end in sanei_thread_begin / tcache_thread_shutdown). That is
# the backend's fault, not the scanner worker's: a run that hangs is retried
# once, a second hang fails. Any real failure fails at once. A program that
# notices the hang itself (a scan that never answers) exits with 124 too.
#
#   retry-on-hang.sh SECONDS PROGRAM [ARGS…]
limit="$1"; shift
out="$(mktemp)"
trap 'rm -f "$out"' EXIT

for attempt in 1 2; do
  timeout "$limit" "$@" >"$out"
  status=$?
  if [ "$status" -ne 124 ]; then
    cat "$out"
    exit "$status"
  fi
  echo "# attempt $attempt hung in SANE's test backend after $limit s" >&2
done
cat "$out"
exit 124
