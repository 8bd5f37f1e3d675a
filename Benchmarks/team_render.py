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
import time

from team_server import DEFAULT_ENTENTE, TOKEN, team_server


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--entente", default=DEFAULT_ENTENTE)
    parser.add_argument("--steps", default="0,50,200,500,1000,2000")
    parser.add_argument("--items-per-analyst", type=int, default=100000)
    args = parser.parse_args()
    steps = [int(s) for s in args.steps.split(",")]
    with team_server(args.entente, extra=["--items-per-analyst", str(args.items_per_analyst)]) as port:
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


if __name__ == "__main__":
    main()
