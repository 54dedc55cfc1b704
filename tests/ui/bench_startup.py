#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Start-up benchmark of the desktop application, under Xvfb with no window manager.

Measures, after one warm-up run, the median over several runs of:
  - process start → first drawn window (the sign-in dialog);
  - sign-in accepted → drawn case list, with a database of 1,000,000 cases;
  - resident memory (VmRSS) once the list is drawn.
Targets: first window < 100 ms, case list < 150 ms, < 55 MB.

MK_BENCH_DB names the database; by default $MK_BUILD_ROOT/bench-1m.db, created
with `mekenjai-cli demo --cases 1000000` when missing (takes a while once).
"""
import os
import statistics
import subprocess
import sys
import time

APP = os.environ.get("MK_APP", "mekenjai")
CLI = os.environ.get("MK_CLI", "mekenjai-cli")
N_CASES = int(os.environ.get("MK_BENCH_CASES", "1000000"))
RUNS = int(os.environ.get("MK_BENCH_RUNS", "5"))
DB = os.environ.get("MK_BENCH_DB") or os.path.join(
    os.environ.get("MK_BUILD_ROOT", "."), "bench-%d.db" % N_CASES)
TARGETS = {"first_window_ms": 100, "case_list_ms": 150, "rss_mb": 55}


def start_xvfb():
    read_fd, write_fd = os.pipe()
    xvfb = subprocess.Popen(["Xvfb", "-displayfd", str(write_fd), "-screen", "0", "1280x800x24",
                             "-nolisten", "tcp"], pass_fds=[write_fd],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write_fd)
    with os.fdopen(read_fd) as f:
        display = f.readline().strip()
    return xvfb, ":" + display


def ensure_database():
    if os.path.exists(DB):
        return
    print("# creating %s with %d demo cases (once)" % (DB, N_CASES), flush=True)
    subprocess.run([CLI, "--db", DB, "demo", "--cases", str(N_CASES)], check=True)


def run_once(env, login):
    started = time.monotonic()
    proc = subprocess.run([APP, "--db", DB, "--benchmark", "--sign-in", login + ":demo"],
                          env=env, capture_output=True, text=True, timeout=120)
    if proc.returncode != 0:
        sys.exit("mekenjai failed (%d): %s" % (proc.returncode, proc.stderr))
    marks = {}
    for line in proc.stdout.splitlines():
        parts = line.split()
        if len(parts) == 2:
            marks[parts[0]] = int(parts[1])
    # g_get_monotonic_time() and time.monotonic() read the same CLOCK_MONOTONIC.
    return {
        "first_window_ms": (marks["first-window-drawn"] / 1e6 - started) * 1000,
        "sign_in_ms": (marks["signed-in"] - marks["sign-in-started"]) / 1000,
        "case_list_ms": (marks["case-list-drawn"] - marks["signed-in"]) / 1000,
        "rows": marks["case-list-rows"],
        "rss_mb": marks["rss-kb"] / 1024,
        "first_window_rss_mb": marks["first-window-rss-kb"] / 1024,
    }


def main():
    ensure_database()
    xvfb, display = start_xvfb()
    try:
        env = dict(os.environ, DISPLAY=display, GDK_BACKEND="x11", NO_AT_BRIDGE="1")
        env.pop("WAYLAND_DISPLAY", None)
        failed = False
        for login in ("demo-admin", "demo-center"):
            run_once(env, login)  # warm-up: page cache, font cache
            runs = [run_once(env, login) for _ in range(RUNS)]
            print("# %s, %s, median of %d runs after a warm-up" % (os.path.basename(DB), login, RUNS))
            for key in ("first_window_ms", "sign_in_ms", "case_list_ms", "rss_mb", "first_window_rss_mb"):
                value = statistics.median(r[key] for r in runs)
                target = TARGETS.get(key)
                verdict = "" if target is None else (" (target < %d: %s)" % (
                    target, "ok" if value < target else "MISSED"))
                failed |= target is not None and value >= target
                print("%-20s %8.1f%s" % (key, value, verdict))
            print("%-20s %8d" % ("rows_shown", runs[0]["rows"]), flush=True)
        return 1 if failed and os.environ.get("MK_BENCH_STRICT") else 0
    finally:
        xvfb.terminate()
        xvfb.wait()


if __name__ == "__main__":
    sys.exit(main())
