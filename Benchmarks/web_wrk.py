"""wrk against `entente serve` on this machine: requests/s and latency percentiles on the dyad JSON endpoint and
the dyad page, 64 connections, wrk's 2 threads beside the server on the same 2 cores.

usage: python3 Benchmarks/web_wrk.py --entente .build/release/entente [--seconds 15] [--connections 64]
       [--database postgres://entente:entente@127.0.0.1:5432/entente_test]  (default: a fresh SQLite file)
Needs wrk (apt-get install wrk). Prints a table and, with --json, the figures as JSON."""
import argparse
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

TARGETS = [("dyad JSON", "/api/dyads/CHN-RUS"), ("dyad page", "/dyads/CHN-RUS"), ("watch list JSON", "/api/dyads"),
           ("watch list page", "/")]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def milliseconds(text):
    value, unit = re.match(r"([\d.]+)(us|ms|s)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]


def run_wrk(url, seconds, connections):
    out = subprocess.run(["wrk", "-t2", "-c%d" % connections, "-d%ds" % seconds, "--latency", url],
                         capture_output=True, text=True, check=True).stdout
    percentiles = {p: milliseconds(v) for p, v in re.findall(r"^\s+(50|75|90|99)%\s+(\S+)", out, re.M)}
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {"requests_per_second": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
            "p50_ms": percentiles["50"], "p90_ms": percentiles["90"], "p99_ms": percentiles["99"],
            "requests": int(re.search(r"(\d+) requests in", out).group(1)), "non_2xx": int(errors.group(1)) if errors else 0}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--entente", required=True)
    parser.add_argument("--seconds", type=int, default=15)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--database", help="the team store: a PostgreSQL URL (default: a fresh SQLite file)")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("wrk is not installed: apt-get install wrk")
    folder = tempfile.mkdtemp(prefix="entente-wrk-")
    port = free_port()
    server = subprocess.Popen([args.entente, "serve", "--port", str(port), "--database", args.database or os.path.join(folder, "team.sqlite")],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = "http://127.0.0.1:%d" % port
    try:
        for _ in range(600):
            try:
                urllib.request.urlopen(base + "/api/dyads", timeout=1).read()
                break
            except OSError:
                time.sleep(0.2)
        else:
            sys.exit("the server did not start")
        results = []
        for name, path in TARGETS:
            urllib.request.urlopen(base + path).read()  # warm the cache the way the first visitor would
            results.append(dict(target=name, path=path, **run_wrk(base + path, args.seconds, args.connections)))
    finally:
        server.terminate()
        server.wait()
        shutil.rmtree(folder, ignore_errors=True)
    if args.json:
        print(json.dumps(results, indent=1))
    print("%-16s %-22s %10s %8s %8s %8s %9s" % ("target", "path", "req/s", "p50 ms", "p90 ms", "p99 ms", "non-2xx"))
    for r in results:
        print("%-16s %-22s %10.0f %8.2f %8.2f %8.2f %9d" % (r["target"], r["path"], r["requests_per_second"], r["p50_ms"],
                                                            r["p90_ms"], r["p99_ms"], r["non_2xx"]))


if __name__ == "__main__":
    main()
