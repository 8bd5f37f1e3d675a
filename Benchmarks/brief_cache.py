"""How long `entente brief A B` takes three ways, in one run: from the shipped snapshot (a fresh machine), from an
imported database with an empty cache (builds the panel and the indices), and from the same database once the
cache holds them. Prints wall time and peak memory of each, and the warm run's ratio to the snapshot path.

usage: brief_cache.py --database FILE [--entente BINARY] [--pair CHN RUS] [--as-of YEAR] [--repeat N] [--format json]

With --as-of the cold run trains the ensemble (minutes); the warm run reads it from the cache."""
import argparse
import json
import os
import shutil
import subprocess
import tempfile
import time


def run(command, cwd):
    """Wall seconds and peak resident MiB of one run of `command`; raises when it fails."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    errors = process.stderr.read().decode()
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit("failed: %s\n%s" % (" ".join(command), errors))
    return elapsed, usage.ru_maxrss / 1024


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--database", required=True)
    parser.add_argument("--entente", default=os.path.join(os.path.dirname(__file__), "..", ".build", "release", "entente"))
    parser.add_argument("--pair", nargs=2, default=["CHN", "RUS"])
    parser.add_argument("--as-of", type=int)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--format", choices=["table", "json"], default="table")
    options = parser.parse_args()
    binary = os.path.abspath(options.entente)
    database = os.path.abspath(options.database)
    work = tempfile.mkdtemp(prefix="entente-brief-bench-")
    cache = os.path.join(work, "cache")
    try:
        def brief(database_path, extra=()):
            return [binary, "brief", *options.pair, "--database", database_path, "--out", os.path.join(work, "b.html"),
                    "--cache", cache, *extra]
        as_of = ["--as-of", str(options.as_of)] if options.as_of else []
        results = {}
        if not options.as_of:
            results["snapshot (no database)"] = min(run(brief(os.path.join(work, "none.sqlite")), work) for _ in range(options.repeat))
        results["database, empty cache"] = run(brief(database, as_of), work)
        results["database, cache filled"] = min(run(brief(database, as_of), work) for _ in range(options.repeat))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if options.format == "json":
        print(json.dumps({name: {"seconds": round(t, 3), "peak_mib": round(m, 1)} for name, (t, m) in results.items()}, indent=1))
        return
    print("%-26s %10s %10s" % ("path", "seconds", "peak MiB"))
    for name, (seconds, memory) in results.items():
        print("%-26s %10.2f %10.0f" % (name, seconds, memory))
    warm = results["database, cache filled"][0]
    print("cache filled / empty cache: %.2fx faster" % (results["database, empty cache"][0] / warm))
    if "snapshot (no database)" in results:
        print("cache filled / snapshot: %.2f (1 = as fast as a fresh machine)" % (warm / results["snapshot (no database)"][0]))


if __name__ == "__main__":
    main()
