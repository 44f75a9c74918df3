#!/usr/bin/env python3
"""Interleaved timing for benches/bench.sh.

    measure.py RUNS [--prepare CMD] LABEL=CMD [LABEL=CMD ...]

Runs the commands round-robin, RUNS rounds after one untimed warm-up round (so on a busy machine
every command sees the same drift in load, which keeps their ratios honest), each through /bin/sh
with stdin, stdout and stderr on /dev/null. --prepare runs, untimed, before every round (and before
the warm-up). For each label prints one tab-separated line:

    LABEL  median wall ms  median CPU ms (user+sys, process tree)  min wall ms  max RSS KiB

CPU time and max RSS come from wait4(2)'s rusage (the figures /usr/bin/time prints): they include
every descendant the process waited for. A command that exits non-zero aborts the run.
"""
import os
import statistics
import subprocess
import sys
import time


def run(cmd):
    start = time.perf_counter_ns()
    proc = subprocess.Popen(["/bin/sh", "-c", cmd], stdin=subprocess.DEVNULL,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = (time.perf_counter_ns() - start) / 1e6
    proc.returncode = os.waitstatus_to_exitcode(status)
    return proc.returncode, wall, (usage.ru_utime + usage.ru_stime) * 1000, usage.ru_maxrss


def main(argv):
    runs = int(argv[0])
    args = argv[1:]
    prepare = None
    if args[:1] == ["--prepare"]:
        prepare, args = args[1], args[2:]
    jobs = [a.split("=", 1) for a in args]
    results = {label: [] for label, _ in jobs}
    for round_no in range(runs + 1):
        if prepare is not None:
            subprocess.run(["/bin/sh", "-c", prepare], check=True, stdout=subprocess.DEVNULL)
        for label, cmd in jobs:
            code, wall, cpu, rss = run(cmd)
            if code != 0:
                sys.exit(f"measure.py: {label!r} exited with {code}: {cmd}")
            if round_no > 0:  # round 0 is the warm-up
                results[label].append((wall, cpu, rss))
    for label, _ in jobs:
        rows = results[label]
        print("\t".join([
            label,
            f"{statistics.median(r[0] for r in rows):.1f}",
            f"{statistics.median(r[1] for r in rows):.1f}",
            f"{min(r[0] for r in rows):.1f}",
            str(max(r[2] for r in rows)),
        ]))


if __name__ == "__main__":
    main(sys.argv[1:])
