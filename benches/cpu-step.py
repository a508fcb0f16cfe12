#!/usr/bin/env python3
"""CPU time (user + system, from wait4's rusage) and wall time of a published `tri agent
step` against the floor probe (benches/floor.rs), interleaved, against the local stand-in
(benches/github_standin.py). CPU time leaves out the time a process waits (for the disk's
flushes, for a core held by other processes), so it moves much less with the machine's load
than wall time; docs/BENCHMARKS.md ("Published step against the floor") reads both.

Usage: benches/cpu-step.py --tri PATH --floor PATH [--baseline PATH] [--start HELLO]
                           [--rounds N]
--start HELLO adds two cases that only start a process: `tri --version` (the dynamic loader,
relocations, clap) and HELLO, a std-only Rust program that prints one line (build it with
`rustc -O benches/hello.rs -o HELLO`), and prints what the step and the floor do beyond them.
Standard library only; workspaces in a temporary directory.
"""
import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench  # noqa: E402  (make_workspace, base_env, REPO, ISSUE)


def run(argv, cwd, env):
    """(wall ms, cpu ms) of one run; exits on a failure."""
    t = time.perf_counter()
    p = subprocess.Popen(argv, cwd=cwd, env=env, stdout=subprocess.DEVNULL,
                         stderr=subprocess.PIPE)
    _, status, ru = os.wait4(p.pid, 0)
    wall = (time.perf_counter() - t) * 1000
    err = p.stderr.read()
    p.stderr.close()
    p.returncode = os.waitstatus_to_exitcode(status)
    if p.returncode != 0:
        sys.exit(f"cpu-step: {argv[0]} exited {p.returncode}: {err.decode(errors='replace')}")
    return wall, (ru.ru_utime + ru.ru_stime) * 1000


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tri", required=True)
    ap.add_argument("--floor", required=True)
    ap.add_argument("--baseline")
    ap.add_argument("--start", metavar="HELLO")
    ap.add_argument("--rounds", type=int, default=100)
    ap.add_argument("--warmup", type=int, default=5)
    a = ap.parse_args()
    tmp = tempfile.mkdtemp(prefix="tri-cpu-step-")
    standin = subprocess.Popen([sys.executable, os.path.join(bench.HERE, "github_standin.py"),
                                "0"], stdout=subprocess.PIPE, text=True)
    try:
        api = f"http://127.0.0.1:{int(standin.stdout.readline())}"
        home = os.path.join(tmp, "home")
        os.makedirs(home)
        env = dict(bench.base_env(home), GH_TOKEN="bench-token-not-secret",
                   GITHUB_API_URL=api, TRI_PUBLISH_INTERVAL_MS="0",
                   TRI_GITHUB_PER_MINUTE="0", TRI_GITHUB_PER_HOUR="0",
                   REPO=bench.REPO, ISSUE=str(bench.ISSUE), NOTES_DIR="notes")
        msg = "ran the tests: 412 of 412 pass"
        cases = [("step", [os.path.abspath(a.tri), "agent", "step", msg]),
                 ("floor", [os.path.abspath(a.floor), msg])]
        if a.baseline:
            cases.append(("baseline", [os.path.abspath(a.baseline), "agent", "step", msg]))
        if a.start:
            cases.append(("tri --version", [os.path.abspath(a.tri), "--version"]))
            cases.append(("hello", [os.path.abspath(a.start)]))
        ws = {}
        for key, _ in cases:
            ws[key] = os.path.join(tmp, key.split()[0])
            if key in ("floor", "tri --version", "hello"):
                os.makedirs(ws[key], exist_ok=True)
            else:
                bench.make_workspace(ws[key], 0)
        res = {k: ([], []) for k, _ in cases}
        load0 = os.getloadavg()
        for r in range(a.warmup + a.rounds):
            order = list(cases)
            random.shuffle(order)
            for key, argv in order:
                wall, cpu = run(argv, ws[key], env)
                if r >= a.warmup:
                    res[key][0].append(wall)
                    res[key][1].append(cpu)
        load1 = os.getloadavg()
    finally:
        standin.kill()
        standin.wait()
        shutil.rmtree(tmp, ignore_errors=True)
    med = {k: (statistics.median(w), statistics.median(c)) for k, (w, c) in res.items()}
    print(f"{a.rounds} interleaved rounds (+{a.warmup} warm-up); loadavg "
          f"{load0[0]:.2f} -> {load1[0]:.2f} on {os.cpu_count()} cores")
    print("| case | wall, median (ms) | CPU user+sys, median (ms) |")
    print("|---|---:|---:|")
    for k, (w, c) in med.items():
        print(f"| {k} | {w:.2f} | {c:.2f} |")
    for k in [k for k in med if k in ("step", "baseline")]:
        paired_w = statistics.median(x / y for x, y in zip(res[k][0], res["floor"][0]))
        print(f"| {k} / floor | {med[k][0] / med['floor'][0]:.2f}x (paired {paired_w:.2f}x) "
              f"| {med[k][1] / med['floor'][1]:.2f}x |")
    if a.start:
        for k, start in (("step", "tri --version"), ("floor", "hello")):
            print(f"| {k} beyond {start} | {med[k][0] - med[start][0]:.2f} "
                  f"| {med[k][1] - med[start][1]:.2f} |")


if __name__ == "__main__":
    main()
