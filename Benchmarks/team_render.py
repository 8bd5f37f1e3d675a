#!/usr/bin/env python3
"""How long `entente serve` takes to render a dyad page as one analyst's items pile up (issue 17): each step posts
items of the largest size the API takes (a 200-character title, a 4,000-character summary, ten 500-character
sources), then times the first render after the last post (the cache is then cold) and a second, cached one.
Loopback only; a fresh SQLite team store in a temporary folder.

usage: python3 Benchmarks/team_render.py --entente .build/release/entente [--steps 0,50,200,500,1000,2000]
       [--items-per-analyst 100000]   (the server's limit; the default server refuses past 200)
"""
import argparse
import http.client
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time

TOKEN = "0123456789abcdef0123456789abcdef"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--entente", default=os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), ".build/release/entente"))
    parser.add_argument("--steps", default="0,50,200,500,1000,2000")
    parser.add_argument("--items-per-analyst", type=int, default=100000)
    args = parser.parse_args()
    steps = [int(s) for s in args.steps.split(",")]
    folder = tempfile.mkdtemp(prefix="entente-render-")
    with open(os.path.join(folder, "tokens"), "w") as file:
        file.write(f"alice {TOKEN}\n")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen([args.entente, "serve", "--port", str(port), "--database", os.path.join(folder, "team.sqlite"),
                               "--tokens", os.path.join(folder, "tokens"), "--items-per-analyst", str(args.items_per_analyst)],
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        if "serving" not in server.stdout.readline():
            sys.exit("the server did not start")
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
        headers = {"Content-Type": "application/json", "Authorization": f"Bearer {TOKEN}"}

        def post(number):
            item = {"dyad": "CHN-RUS", "id": f"big-{number}", "date": "2025-03", "kind": "summit", "direction": "closer",
                    "title": (f"T{number} " + "x" * 200)[:200], "summary": "s" * 4000,
                    "sources": [(f"https://example.org/{number}/{k}/" + "y" * 500)[:500] for k in range(10)]}
            connection.request("POST", "/api/evidence", body=json.dumps(item), headers=headers)
            response = connection.getresponse()
            response.read()
            return response.status

        def render():
            start = time.monotonic()
            connection.request("GET", "/dyads/CHN-RUS")
            response = connection.getresponse()
            body = response.read()
            return time.monotonic() - start, len(body)

        posted = 0
        print(f"{'items':>6} {'first render ms':>16} {'cached ms':>10} {'page bytes':>12}  last post")
        for step in steps:
            status = None
            while posted <= step:
                status = post(posted)
                posted += 1
            first, size = render()
            cached, _ = render()
            print(f"{posted:6d} {first * 1000:16.1f} {cached * 1000:10.2f} {size:12d}  {status}")
    finally:
        server.terminate()
        server.wait()
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
