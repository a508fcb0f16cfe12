#!/usr/bin/env python3
"""`tri mcp` against `tri agent step` processes and the kept-alive floor, run by
scripts/bench-mcp.sh (docs/BENCHMARKS.md, "MCP").

Against the local GitHub stand-in (benches/github_standin.py), interleaved: every round runs
each case once, in a fresh random order, so machine noise hits every case alike.

  mcp30   one `tri mcp` session (started, initialised, 30 `step` calls, stdin closed, exited)
          in a freshly linked workspace, timed from spawn to exit;
  cli30   30 `tri agent step` processes, one after the other, in a freshly linked workspace;
  floor   `FLOOR_KEEPALIVE=30` benches/floor.rs: 30 times one fsync'd note and one POST on
          one kept-alive connection (its own per-step wall times).

Per step: the wall time of each `tools/call` of `step` inside the session (request written
to response read), against the floor's per-step time. The MCP client here is a minimal
JSON-RPC client over the pipes (standard library only), so what is timed is tri's side, not
an SDK's; tests/mcp.rs drives the same server with the official Python SDK.

Usage: bench_mcp.py --tri PATH --floor PATH [--rounds N] [--steps N] [--out DIR]
Standard library only.
"""

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = "bench-org/bench-repo"
ISSUE = 42
TARGET_SESSION_VS_PROCESSES = 0.5
TARGET_STEP_VS_FLOOR = 1.3


def base_env(home):
    """A clean environment: no proxy, no GitHub Actions variables."""
    return {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": home,
            "XDG_CONFIG_HOME": os.path.join(home, ".config"), "LANG": "C.UTF-8",
            "NO_COLOR": "1"}


def fresh_workspace(tri, path, env):
    """A new directory linked to the issue (`tri agent link`, not timed)."""
    shutil.rmtree(path, ignore_errors=True)
    os.makedirs(path)
    subprocess.run([tri, "agent", "link", str(ISSUE), "--repo", REPO], cwd=path, env=env,
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


class Session:
    """A minimal MCP client of `tri mcp` over its pipes (newline-delimited JSON-RPC)."""

    def __init__(self, tri, cwd, env):
        self.p = subprocess.Popen([tri, "mcp"], cwd=cwd, env=env, stdin=subprocess.PIPE,
                                  stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                  bufsize=0)
        self.next_id = 0

    def send(self, msg):
        self.p.stdin.write((json.dumps(msg) + "\n").encode())

    def request(self, method, params):
        self.next_id += 1
        rid = self.next_id
        self.send({"jsonrpc": "2.0", "id": rid, "method": method, "params": params})
        while True:
            line = self.p.stdout.readline()
            if not line:
                raise RuntimeError(f"tri mcp closed its stdout during {method}")
            msg = json.loads(line)
            if msg.get("id") == rid:
                if "error" in msg:
                    raise RuntimeError(f"{method}: {msg['error']}")
                return msg["result"]

    def initialize(self):
        self.request("initialize", {"protocolVersion": "2025-06-18", "capabilities": {},
                                    "clientInfo": {"name": "bench_mcp", "version": "1"}})
        self.send({"jsonrpc": "2.0", "method": "notifications/initialized"})

    def close(self):
        self.p.stdin.close()
        code = self.p.wait(timeout=60)
        if code != 0:
            raise RuntimeError(f"tri mcp exited {code}")


def run_mcp(tri, ws, env, steps, msg):
    """One session of `steps` steps: (total s, [per-call s])."""
    t0 = time.perf_counter()
    s = Session(tri, ws, env)
    s.initialize()
    calls = []
    for i in range(steps):
        c0 = time.perf_counter()
        r = s.request("tools/call", {"name": "step", "arguments": {"message": f"{msg} {i}"}})
        calls.append(time.perf_counter() - c0)
        if r.get("isError") or r["structuredContent"].get("state") != "published":
            raise RuntimeError(f"step {i} through MCP: {json.dumps(r)[:400]}")
    s.close()
    return time.perf_counter() - t0, calls


def run_cli(tri, ws, env, steps, msg):
    """`steps` `tri agent step` processes: total s."""
    t0 = time.perf_counter()
    for i in range(steps):
        subprocess.run([tri, "agent", "step", f"{msg} {i}"], cwd=ws, env=env, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - t0


def run_floor(floor, ws, env, steps, msg):
    """The kept-alive floor: (total s, [per-step s])."""
    os.makedirs(ws, exist_ok=True)
    t0 = time.perf_counter()
    out = subprocess.run([floor, msg], cwd=ws, check=True, capture_output=True, text=True,
                         env=dict(env, FLOOR_KEEPALIVE=str(steps), REPO=REPO,
                                  ISSUE=str(ISSUE), NOTES_DIR="notes"))
    total = time.perf_counter() - t0
    return total, [int(x) / 1e6 for x in out.stdout.split()]


def med(xs):
    return statistics.median(xs)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tri", required=True)
    ap.add_argument("--floor", required=True)
    ap.add_argument("--rounds", type=int, default=15)
    ap.add_argument("--steps", type=int, default=30)
    ap.add_argument("--warmup", type=int, default=1)
    ap.add_argument("--out", default="target/bench-mcp")
    a = ap.parse_args()
    tri, floor = os.path.abspath(a.tri), os.path.abspath(a.floor)
    out = os.path.abspath(a.out)
    shutil.rmtree(out, ignore_errors=True)
    home = os.path.join(out, "home")
    os.makedirs(home)

    standin = subprocess.Popen([sys.executable, os.path.join(HERE, "github_standin.py"), "0"],
                               stdout=subprocess.PIPE, text=True)
    try:
        port = int(standin.stdout.readline())
        env = dict(base_env(home), GH_TOKEN="bench-token-not-secret",
                   GITHUB_API_URL=f"http://127.0.0.1:{port}", TRI_PUBLISH_INTERVAL_MS="0",
                   TRI_GITHUB_PER_MINUTE="0", TRI_GITHUB_PER_HOUR="0")
        msg = "ran the tests: 412 of 412 pass"
        n = a.steps
        res = {"mcp30": [], "cli30": [], "floor30": [], "ratio": [], "mcp_call": [],
               "floor_step": [], "mcp_first_call": []}
        for r in range(a.warmup + a.rounds):
            order = ["mcp", "cli", "floor"]
            random.shuffle(order)
            got = {}
            for case in order:
                ws = os.path.join(out, f"ws-{case}")
                if case == "mcp":
                    fresh_workspace(tri, ws, env)
                    got["mcp"] = run_mcp(tri, ws, env, n, msg)
                elif case == "cli":
                    fresh_workspace(tri, ws, env)
                    got["cli"] = run_cli(tri, ws, env, n, msg)
                else:
                    shutil.rmtree(ws, ignore_errors=True)
                    got["floor"] = run_floor(floor, ws, env, n, msg)
            if r < a.warmup:
                continue
            (mt, calls), ct, (ft, fsteps) = got["mcp"], got["cli"], got["floor"]
            res["mcp30"].append(mt)
            res["cli30"].append(ct)
            res["floor30"].append(ft)
            res["ratio"].append(mt / ct)
            res["mcp_first_call"].append(calls[0])
            # Steady state: the calls after the first (which pays the first connection).
            res["mcp_call"].extend(calls[1:])
            res["floor_step"].extend(fsteps[1:])
            print(f"round {r - a.warmup + 1}/{a.rounds}: mcp {mt * 1000:.0f} ms, "
                  f"cli {ct * 1000:.0f} ms, floor {ft * 1000:.0f} ms", file=sys.stderr)
    finally:
        standin.kill()
        standin.wait()

    ms = lambda x: f"{x * 1000:8.2f} ms"
    s_ratio = med(res["mcp30"]) / med(res["cli30"])
    p_ratio = med(res["mcp_call"]) / med(res["floor_step"])
    print(f"\n{n} published steps, {a.rounds} interleaved rounds (medians)")
    print(f"  one tri mcp session, {n} step calls   {ms(med(res['mcp30']))}")
    print(f"  {n} tri agent step processes          {ms(med(res['cli30']))}")
    print(f"  floor, {n} steps on one connection    {ms(med(res['floor30']))}")
    print(f"  session / processes: {s_ratio:.3f}x (paired median "
          f"{med(res['ratio']):.3f}x; target <= {TARGET_SESSION_VS_PROCESSES}x)")
    print("per step (calls 2..n of each session; floor steps 2..n)")
    print(f"  step through MCP (tools/call)         {ms(med(res['mcp_call']))}")
    print(f"  first step of a session               {ms(med(res['mcp_first_call']))}")
    print(f"  floor: fsync'd note + kept-alive POST {ms(med(res['floor_step']))}")
    print(f"  MCP step / floor: {p_ratio:.3f}x (target <= {TARGET_STEP_VS_FLOOR}x)")
    with open(os.path.join(out, "results.json"), "w") as f:
        json.dump(res, f)


if __name__ == "__main__":
    main()
