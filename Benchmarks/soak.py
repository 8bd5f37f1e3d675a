#!/usr/bin/env python3
"""Soak test (issue 17): mixed reads and writes against `entente serve` while `entente import all` and
`entente events import` write to the same database, for a fixed time. Loopback only, bounded in time and size.

usage: python3 Benchmarks/soak.py --entente .build/release/entente [--data ../shared/data] [--minutes 10]
       [--clients 6] [--seed 1] [--json FILE]

In a temporary folder:
- the server: `entente serve` on 127.0.0.1 with a tokens file of four analysts, its team store the database
  the imports write to;
- import loop: `import all` from the shared data, then from a mirror of it with five files cut short (as in
  kill_trials.py), alternately, so that every run replaces datasets in real write transactions;
- events loop: `events import` of GDELT 1.0 files made from the real daily sample with fresh event IDs (each
  file new, so each import writes), one file a run;
- clients: threads on keep-alive connections sending a fixed mix: the watch list, dyad pages and JSON (watch
  list and other pairs), the model, data and OpenAPI documents, evidence lists; new evidence items and
  forecasts, repeats of stored ones (200 unchanged) and malformed ones (4xx).
It prints the responses by status, the failures that are not 4xx (5xx, refused or reset connections,
timeouts: the goal is 0), the imports' exit codes, latency percentiles, and the server's peak RSS (VmHWM).
"""
import argparse
import collections
import http.client
import json
import os
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from kill_trials import mirror  # noqa: E402  the same cut-short mirror the crash trials use

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ANALYSTS = [(f"analyst{i}", f"soak-token-{i}-" + "x" * 32) for i in range(4)]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss(pid):
    """(VmRSS, VmHWM) in MiB from /proc."""
    values = {}
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            key, _, rest = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                values[key] = int(rest.split()[0]) / 1024
    return values.get("VmRSS", 0), values.get("VmHWM", 0)


def event_file(sample_lines, folder, number, copies):
    """A GDELT 1.0 daily file: the real sample `copies` times, every event ID new."""
    path = os.path.join(folder, f"{20170101 + number}.export.tsv")
    with open(path, "wb") as file:
        for copy in range(copies):
            offset = (number * copies + copy + 1) * 10**9
            file.write(b"".join(b"%d\t%s\n" % (int(event) + offset, rest)
                                for event, rest in (line.split(b"\t", 1) for line in sample_lines)))
    return path


class Tally:
    def __init__(self):
        self.lock = threading.Lock()
        self.statuses = collections.Counter()
        self.failures = collections.Counter()
        self.examples = {}
        self.latency = collections.defaultdict(list)

    def record(self, kind, status, seconds, detail=""):
        with self.lock:
            self.statuses[status] += 1
            self.latency[kind].append(seconds)
            if not (isinstance(status, int) and status < 500):
                self.failures[f"{kind} {status}"] += 1
                self.examples.setdefault(f"{kind} {status}", detail[:300])


def client_loop(port, deadline, tally, seed, dyads, questions, stop):
    rng = random.Random(seed)
    connection = None
    analyst, token = ANALYSTS[seed % len(ANALYSTS)]
    posted = []
    counter = 0
    while time.monotonic() < deadline and not stop.is_set():
        roll = rng.random()
        dyad = rng.choice(dyads)
        body = None
        if roll < 0.10:
            kind, method, path = "watch list", "GET", "/"
        elif roll < 0.35:
            kind, method, path = "dyad page", "GET", f"/dyads/{dyad}"
        elif roll < 0.50:
            kind, method, path = "dyad JSON", "GET", f"/api/dyads/{dyad}"
        elif roll < 0.58:
            pair = f"{rng.randint(2, 990)}-{rng.randint(2, 990)}"  # any COW codes: many are 404, some briefings
            kind, method, path = "other pair", "GET", f"/dyads/{pair}"
        elif roll < 0.66:
            kind, method, path = "documents", "GET", rng.choice(["/model", "/data", "/openapi.json", "/api/data"])
        elif roll < 0.71:
            kind, method, path = "evidence list", "GET", f"/api/dyads/{dyad}/evidence"
        elif roll < 0.86:
            counter += 1
            item = {"dyad": dyad, "id": f"soak-{seed}-{counter}", "date": f"2025-{rng.randint(1, 12):02d}", "kind": "summit",
                    "direction": rng.choice(["closer", "apart", "neutral"]), "title": f"Soak item {seed}-{counter}",
                    "sources": ["https://example.org/soak"]}
            posted.append(item)
            kind, method, path, body = "new evidence", "POST", "/api/evidence", json.dumps(item)
        elif roll < 0.91 and posted:
            kind, method, path, body = "repeat evidence", "POST", "/api/evidence", json.dumps(rng.choice(posted))
        elif roll < 0.96 and questions:
            question = rng.choice(questions)
            item = {"dyad": "CHN-RUS", "question": question, "probability": round(rng.uniform(0.05, 0.95), 2),
                    "date": f"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"}
            kind, method, path, body = "forecast", "POST", "/api/forecasts", json.dumps(item)
        else:
            kind, method, path, body = "malformed", "POST", "/api/evidence", '{"dyad": "CHN-RUS", "id": '
        headers = {}
        if body is not None:
            headers = {"Content-Type": "application/json", "Authorization": f"Bearer {token}"}
        start = time.monotonic()
        try:
            if connection is None:
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read()
            tally.record(kind, response.status, time.monotonic() - start, text.decode(errors="replace"))
            if response.getheader("Connection", "").lower() == "close":
                connection.close()
                connection = None
        except (OSError, http.client.HTTPException) as error:
            tally.record(kind, type(error).__name__, time.monotonic() - start, f"{method} {path}: {error}")
            if connection is not None:
                connection.close()
            connection = None


def import_loop(entente, database, sources, deadline, results, stop, name):
    number = 0
    while time.monotonic() < deadline and not stop.is_set():
        args = sources(number)
        start = time.monotonic()
        process = subprocess.Popen([entente, *args, "--database", database], stdout=subprocess.DEVNULL,
                                   stderr=subprocess.PIPE, text=True)
        while process.poll() is None:
            if stop.is_set():
                process.terminate()
            time.sleep(0.2)
        error = process.stderr.read()
        results.append((name, process.returncode, time.monotonic() - start, error.strip().splitlines()[-1:] if process.returncode else []))
        number += 1


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] if ordered else float("nan")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--entente", default=os.path.join(ROOT, ".build/release/entente"))
    parser.add_argument("--data", default=os.environ.get("ENTENTE_DATA", os.path.join(os.path.dirname(ROOT), "shared/data")))
    parser.add_argument("--minutes", type=float, default=10)
    parser.add_argument("--clients", type=int, default=6)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--copies", type=int, default=40, help="copies of the GDELT sample per events file")
    parser.add_argument("--json", help="write the figures here as JSON")
    args = parser.parse_args()
    if not 0 < args.minutes <= 120 or not 1 <= args.clients <= 64:
        sys.exit("--minutes must be in (0, 120] and --clients in [1, 64]")

    work = tempfile.mkdtemp(prefix="entente-soak-")
    database = os.path.join(work, "entente.sqlite")
    tokens = os.path.join(work, "tokens")
    with open(tokens, "w") as file:
        file.writelines(f"{name} {token}\n" for name, token in ANALYSTS)
    shrunk = os.path.join(work, "data-shrunk")
    mirror(args.data, shrunk)
    events = os.path.join(work, "events")
    os.makedirs(events)
    with open(os.path.join(args.data, "gdelt", "gdelt1_daily_20160728_sample710.export.tsv"), "rb") as file:
        sample = [line for line in file.read().split(b"\n") if line]

    port = free_port()
    server = subprocess.Popen([args.entente, "serve", "--host", "127.0.0.1", "--port", str(port), "--database", database,
                               "--tokens", tokens], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    server_log = []
    threading.Thread(target=lambda: server_log.extend(server.stderr), daemon=True).start()
    try:
        line = server.stdout.readline()
        if "serving" not in line:
            sys.exit(f"the server did not start: {line}{''.join(server_log)}")
        threading.Thread(target=lambda: [None for _ in server.stdout], daemon=True).start()
        probe = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        probe.request("GET", "/api/dyads")
        dyads = [d["dyad"] for d in json.loads(probe.getresponse().read())["dyads"]]
        probe.request("GET", "/api/dyads/CHN-RUS")
        # Open questions only: a resolved or closed one answers every forecast 422.
        questions = [q["id"] for q in json.loads(probe.getresponse().read())["questions"]
                     if q.get("resolution") is None and q.get("closes", "") > "2025-12-31"]
        probe.close()

        tally, results, stop = Tally(), [], threading.Event()
        started = time.monotonic()
        deadline = started + args.minutes * 60
        threads = [threading.Thread(target=client_loop, args=(port, deadline, tally, args.seed * 100 + i, dyads, questions, stop))
                   for i in range(args.clients)]
        threads.append(threading.Thread(target=import_loop, args=(
            args.entente, database, lambda n: ["import", "all", "--from", args.data if n % 2 == 0 else shrunk],
            deadline, results, stop, "import all")))
        threads.append(threading.Thread(target=import_loop, args=(
            args.entente, database, lambda n: ["events", "import", event_file(sample, events, n, args.copies)],
            deadline, results, stop, "events import")))
        for thread in threads:
            thread.start()
        samples = []
        while any(thread.is_alive() for thread in threads):
            if server.poll() is not None:
                stop.set()
                break
            samples.append(rss(server.pid))
            time.sleep(1)
            if time.monotonic() > deadline + 600:
                stop.set()
        for thread in threads:
            thread.join()
        alive = server.poll() is None
        peak = rss(server.pid)[1] if alive else max((s[1] for s in samples), default=0)
        elapsed = time.monotonic() - started
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
        shutil.rmtree(work, ignore_errors=True)

    responses = sum(tally.statuses.values())
    failures = sum(tally.failures.values())
    print(f"{elapsed / 60:.1f} minutes, {args.clients} clients, {responses} requests ({responses / elapsed:.0f}/s); server alive at the end: {alive}")
    print("responses by status: " + ", ".join(f"{status}: {count}" for status, count in sorted(tally.statuses.items(), key=str)))
    print(f"non-4xx failures: {failures}" + "".join(f"\n  {kind}: {count} (e.g. {tally.examples[kind]})" for kind, count in tally.failures.items()))
    for name in ("import all", "events import"):
        runs = [r for r in results if r[0] == name]
        codes = collections.Counter(r[1] for r in runs)
        print(f"{name}: {len(runs)} runs, exit codes {dict(codes)}, median {percentile([r[2] for r in runs], 0.5):.1f} s"
              + "".join(f"\n  failed: {r[3]}" for r in runs if r[1] != 0)[:2000])
    print("latency ms (p50 / p99 / max):")
    for kind, values in sorted(tally.latency.items()):
        print(f"  {kind:16s} {len(values):7d}  {percentile(values, 0.5) * 1000:8.1f} {percentile(values, 0.99) * 1000:8.1f} {max(values) * 1000:8.1f}")
    print(f"server peak RSS (VmHWM): {peak:.0f} MiB; largest RSS sampled: {max((s[0] for s in samples), default=0):.0f} MiB")
    if args.json:
        with open(args.json, "w") as file:
            json.dump({"minutes": elapsed / 60, "statuses": {str(k): v for k, v in tally.statuses.items()}, "non_4xx_failures": failures,
                       "failures": dict(tally.failures), "imports": results, "peak_rss_mib": peak}, file, indent=1)
    sys.exit(0 if failures == 0 and alive and all(r[1] == 0 for r in results) else 1)


if __name__ == "__main__":
    main()
