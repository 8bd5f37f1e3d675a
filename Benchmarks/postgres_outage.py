#!/usr/bin/env python3
"""`entente serve` on PostgreSQL while the server is stopped and started again (issue 17): how long a write takes
to be refused while it is down, how long a dyad page takes, and how soon after the restart a write goes through.
Loopback only. It stops and starts the server with the commands given, so point it at a server of its own.

usage: python3 Benchmarks/postgres_outage.py --entente .build/release/entente \
         --database postgres://entente:entente@127.0.0.1:55432/entente_test \
         --stop "runuser -u postgres -- pg_ctl -D /tmp/pg/data stop -m fast" \
         --start "runuser -u postgres -- pg_ctl -D /tmp/pg/data -o '-p 55432' -l /tmp/pg/log start" [--down-seconds 10]
"""
import argparse
import http.client
import json
import subprocess
import time
import uuid

from team_server import DEFAULT_ENTENTE, TOKEN, team_server


def request(port, method, path, body=None):
    headers = {"Content-Type": "application/json", "Authorization": f"Bearer {TOKEN}"} if body else {}
    start = time.monotonic()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        text = response.read().decode(errors="replace")
        return response.status, time.monotonic() - start, text, response.getheader("Retry-After")
    finally:
        connection.close()


def evidence(key):
    return json.dumps({"dyad": "CHN-RUS", "id": key, "date": "2025-05", "kind": "summit", "direction": "closer",
                       "title": f"Outage test {key}", "sources": ["https://example.org/outage"]})


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--entente", default=DEFAULT_ENTENTE)
    parser.add_argument("--database", required=True)
    parser.add_argument("--stop", required=True)
    parser.add_argument("--start", required=True)
    parser.add_argument("--down-seconds", type=float, default=10)
    args = parser.parse_args()
    run = uuid.uuid4().hex[:8]
    with team_server(args.entente, database=args.database) as port:
        status, seconds, text, _ = request(port, "POST", "/api/evidence", evidence(f"{run}-up"))
        print(f"server up:   POST {status} in {seconds * 1000:.0f} ms")
        subprocess.run(args.stop, shell=True, check=True, capture_output=True)
        stopped = time.monotonic()
        print(f"PostgreSQL stopped")
        number = 0
        while time.monotonic() - stopped < args.down_seconds:
            number += 1
            status, seconds, text, retry = request(port, "POST", "/api/evidence", evidence(f"{run}-down-{number}"))
            page_status, page_seconds, page, _ = request(port, "GET", "/dyads/CHN-RUS")
            note = "with the note" if "cannot be read now" in page else "no note"
            print(f"  down +{time.monotonic() - stopped:5.1f} s: POST {status} in {seconds * 1000:6.0f} ms (Retry-After {retry}); "
                  f"GET /dyads/CHN-RUS {page_status} in {page_seconds * 1000:5.0f} ms, {note}")
            time.sleep(0.5)
        subprocess.run(args.start, shell=True, check=True, capture_output=True)
        started = time.monotonic()
        print("PostgreSQL started (pg_ctl returned)")
        while True:
            status, seconds, text, _ = request(port, "POST", "/api/evidence", evidence(f"{run}-back"))
            if status in (200, 201):
                print(f"  first write stored {time.monotonic() - started:.2f} s after the start returned (POST {status} in {seconds * 1000:.0f} ms)")
                break
            if time.monotonic() - started > 120:
                print("  no write stored within 120 s of the restart")
                break
            time.sleep(0.1)
        page_status, page_seconds, page, _ = request(port, "GET", "/dyads/CHN-RUS")
        print(f"  GET /dyads/CHN-RUS {page_status} in {page_seconds * 1000:.0f} ms, {'with' if 'cannot be read now' in page else 'without'} the note")


if __name__ == "__main__":
    main()
