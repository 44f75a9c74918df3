#!/usr/bin/env python3
"""`sigillo verify` against `age -d` on the same work-factor-18 vault, paired round by round.

    benches/verify-vs-age.py [--runs N] SIGILLO_BINARY [SIGILLO_BINARY ...]

Compares release builds (e.g. two `[profile.release]` variants, each built into its own
CARGO_TARGET_DIR) with the yardstick every user would reach for: Debian's `age -d`, which runs
the same scrypt (work factor 18, 256 MiB) on the same file. The vault is sealed once, by the
first binary, from the Java-made `fixtures/modern` set (keytool's PBES2 PKCS#12 and JCEKS).

Each round runs, in turn: every binary's `verify`, `age -d` under `expect` (age reads a passphrase
only from a terminal) and `expect` alone; the order rotates every round so that none always runs
first. Per round, age's time is taken as (age under expect) - (expect alone), and each binary's
ratio to it is computed within the round: pairing keeps the ratio honest on a busy machine, where
absolute times drift. Printed: medians of wall ms, CPU ms (user + sys of the process tree) and of
the per-round ratios, plus the binary's size.

Needs python3, age and expect (apt-get install age expect).
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PASSWORD = "Moderna.2026"  # fixtures/README.md: the test password of fixtures/modern
EXPECT_SCRIPT = """set timeout 300
log_user 0
spawn -noecho {*}$argv
expect {
    -re {(?i)passphrase[^\\n]*:} { send -- "$env(BENCH_PASSPHRASE)\\r"; exp_continue }
    eof
}
lassign [wait] pid spawn_id os_error value
exit $value
"""


def run(cmd, env=None):
    """Wall ms and CPU ms (user + sys, children included) of one command; fails loudly."""
    start = time.perf_counter_ns()
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = (time.perf_counter_ns() - start) / 1e6
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        sys.exit(f"verify-vs-age: exit {code}: {' '.join(cmd)}")
    return wall, (usage.ru_utime + usage.ru_stime) * 1000


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=11)
    ap.add_argument("binaries", nargs="+")
    args = ap.parse_args()
    for tool in ("age", "expect"):
        if shutil.which(tool) is None:
            sys.exit(f"verify-vs-age: {tool} not found (apt-get install age expect)")

    work = tempfile.mkdtemp()
    try:
        with open(os.path.join(ROOT, "fixtures", "demo-passphrase.txt")) as f:
            passphrase = f.readline().rstrip("\n")
        pw_file = os.path.join(work, "password.txt")
        with open(pw_file, "w") as f:
            f.write(PASSWORD + "\n")
        pp_file = os.path.join(ROOT, "fixtures", "demo-passphrase.txt")
        exp_file = os.path.join(work, "answer.exp")
        with open(exp_file, "w") as f:
            f.write(EXPECT_SCRIPT)
        vault = os.path.join(work, "v.age")
        # Work factor 18 is seal's default (and its only one outside the tests).
        subprocess.run([args.binaries[0], "seal", "--yes", "--from",
                        os.path.join(ROOT, "fixtures", "modern"), "--out", vault,
                        "--password-file", pw_file, "--passphrase-file", pp_file],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        with open(vault, "rb") as f:
            if not any(line.startswith(b"-> scrypt ") and line.rstrip().endswith(b" 18")
                       for line in f.read(300).splitlines()):
                sys.exit("verify-vs-age: the vault is not at work factor 18")

        env = dict(os.environ, BENCH_PASSPHRASE=passphrase, LANG="C")
        jobs = [(f"verify{i}", [b, "verify", vault, "--passphrase-file", pp_file])
                for i, b in enumerate(args.binaries)]
        jobs.append(("age", ["expect", exp_file, "age", "-d", "-o", "/dev/null", vault]))
        jobs.append(("expect", ["expect", exp_file, "true"]))
        res = {label: [] for label, _ in jobs}
        load = open("/proc/loadavg").read().split()[:3]
        for rnd in range(args.runs + 1):  # round 0 warms the caches and is dropped
            k = rnd % len(jobs)
            for label, cmd in jobs[k:] + jobs[:k]:
                r = run(cmd, env)
                if rnd > 0:
                    res[label].append(r)
        age_w = [a[0] - e[0] for a, e in zip(res["age"], res["expect"])]
        age_c = [a[1] - e[1] for a, e in zip(res["age"], res["expect"])]
        med = statistics.median
        print(f"{args.runs} rounds, load average at start {'/'.join(load)}, {os.cpu_count()} cores")
        print(f"{'command':<48} {'wall ms':>8} {'CPU ms':>8} {'wall ÷ age':>11} {'CPU ÷ age':>10} {'size B':>9}")
        print(f"{'age -d (' + subprocess.run(['age', '--version'], capture_output=True, text=True).stdout.strip() + ', expect subtracted)':<48} "
              f"{med(age_w):8.0f} {med(age_c):8.0f} {'1.00':>11} {'1.00':>10} {os.path.getsize(shutil.which('age')):9d}")
        for i, b in enumerate(args.binaries):
            rows = res[f"verify{i}"]
            rw = med(r[0] / a for r, a in zip(rows, age_w))
            rc = med(r[1] / a for r, a in zip(rows, age_c))
            print(f"{'sigillo verify: ' + b:<48} {med(r[0] for r in rows):8.0f} "
                  f"{med(r[1] for r in rows):8.0f} {rw:11.2f} {rc:10.2f} {os.path.getsize(b):9d}")
        print(f"{'(expect alone)':<48} {med(e[0] for e in res['expect']):8.0f} {med(e[1] for e in res['expect']):8.0f}")
    finally:
        shutil.rmtree(work)


if __name__ == "__main__":
    main()
