#!/usr/bin/env python3
"""Crash and disk-full trials for imports (issue 17): `kill -9` at a random moment of `import all` or
`events import`, then the database must pass `PRAGMA integrity_check` and each dataset must be its old or its
new complete version; then the same imports onto a full disk. Local files only, no network; bounded by
--trials and a timeout per run.

Usage: Benchmarks/kill_trials.py [--entente BINARY] [--data DIR] [--trials 20] [--seed 1] [--work DIR]

Set-up, once per run, in a temporary folder:
- "old" data: the shared data folder mirrored by symlinks, with five files cut short (NMC, GSDB, Polity 5, UN
  votes and minimum distances lose their last rows), imported into base.sqlite;
- "new" data: the shared data folder itself, imported over a copy of base.sqlite: the expected new versions;
- event files: the real GDELT 1.0 daily sample, 1,000 copies to a file (250 MB) with the event IDs made unique,
  12 files (3 GB), enough that `events import` commits between files (it commits at a file's end once 2 s have passed);
  imported one prefix at a time to know the state after each number of committed files.
Each trial copies base.sqlite, starts one import, kills it with SIGKILL after a random delay within the time a
full run takes, and checks:
- `PRAGMA integrity_check` returns ok;
- each dataset's ledger SHA-256 and stored row count are those of its old or its new file, and its table holds
  exactly the rows the ledger says;
- the GDELT files in the ledger are a prefix of the list, and the roll-up equals that prefix's.
The disk-full run puts the database on a tmpfs 16 MB larger than base.sqlite (needs permission to mount;
where that is refused, the run says so and uses RLIMIT_FSIZE instead, which fails writes past a size the same
way) and checks the same, plus a non-zero exit with a message.
"""
import argparse
import contextlib
import gzip
import os
import random
import resource
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHRUNK = {"peacesciencer_csv/cow_nmc.csv": 300, "sanctions_gsdb/GSDB_V3.csv": 20, "polity/p5v2018.csv": 200,
          "unvotes/un_votes.csv.gz": 1000, "peacesciencer_csv/cow_mindist.csv.gz": 1000}
TIMEOUT = 600


def connect(database, mode="ro"):
    # Closed on leaving the block (a bare sqlite3 connection only commits there): an open one would keep a
    # removed database's space on the small disk.
    return contextlib.closing(sqlite3.connect(f"file:{database}?mode={mode}", uri=True))


def run(entente, args, database, **kwargs):
    return subprocess.run([entente, *args, "--database", database], capture_output=True, text=True,
                          timeout=TIMEOUT, **kwargs)


def mirror(data, target):
    """The data folder as symlinks, with the files of SHRUNK copied without their last rows."""
    for folder, _, names in os.walk(data):
        relative = os.path.relpath(folder, data)
        os.makedirs(os.path.join(target, relative), exist_ok=True)
        for name in names:
            path = os.path.normpath(os.path.join(relative, name))
            source, destination = os.path.join(folder, name), os.path.join(target, path)
            if path in SHRUNK:
                opener = gzip.open if path.endswith(".gz") else open
                with opener(source, "rb") as file:
                    lines = file.read().rstrip(b"\n").split(b"\n")
                with opener(destination, "wb") as file:
                    file.write(b"\n".join(lines[:-SHRUNK[path]]) + b"\n")
            else:
                os.symlink(source, destination)


def event_files(data, target, count=12, copies=1000):
    with open(os.path.join(data, "gdelt", "gdelt1_daily_20160728_sample710.export.tsv"), "rb") as file:
        lines = [line for line in file.read().split(b"\n") if line]
    paths = []
    for number in range(count):
        path = os.path.join(target, f"2016072{number}.export.tsv")
        with open(path, "wb") as file:
            for copy in range(copies):
                offset = (number * copies + copy + 1) * 10**9
                file.write(b"".join(b"%d\t%s\n" % (int(event) + offset, rest)
                                    for event, rest in (line.split(b"\t", 1) for line in lines)))
        paths.append(path)
    return paths


def datasets(database):
    """dataset → (sha256, rows stored, rows in its table)."""
    with connect(database) as connection:
        rows = connection.execute("""SELECT s.dataset, s.table_name, l.sha256, l.rows_stored, l.file_name
                                     FROM dataset_state s JOIN import_ledger l ON l.id = s.ledger_id""").fetchall()
        return {dataset: (sha, stored, connection.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0])
                for dataset, table, sha, stored, _ in rows}


def events(database):
    """(GDELT file names committed in order, roll-up digest)."""
    with connect(database) as connection:
        files = [row[0] for row in connection.execute(
            "SELECT file_name FROM import_ledger WHERE dataset = 'gdelt' ORDER BY id")]
        digest = connection.execute("""SELECT COUNT(*), COALESCE(SUM(events), 0), COALESCE(SUM(mentions), 0),
                                       ROUND(COALESCE(SUM(goldstein_sum), 0), 6), COALESCE(SUM(LENGTH(hosts)), 0)
                                       FROM event_dyad_day""").fetchone()
        return files, digest


def integrity(database):
    with connect(database) as connection:
        return connection.execute("PRAGMA integrity_check").fetchone()[0]


def check(database, old, new, event_states):
    """Problems found in a database after an interrupted import; empty when it is sound."""
    problems = []
    verdict = integrity(database)
    if verdict != "ok":
        return [f"integrity_check: {verdict}"]
    found = datasets(database)
    for dataset, expected_new in new.items():
        state = found.get(dataset)
        if state is None or state[2] != state[1]:
            problems.append(f"{dataset}: {state} is incomplete or missing")
        elif state != expected_new and state != old.get(dataset):
            problems.append(f"{dataset}: {state} is neither old {old.get(dataset)} nor new {expected_new}")
    files, digest = events(database)
    if event_states.get(tuple(files)) != digest:
        problems.append(f"events: files {files} with roll-up {digest} match no committed prefix")
    return problems


def trial_outcome(database, old, new):
    found = datasets(database)
    return sum(1 for dataset in new if found.get(dataset) == new[dataset] and new[dataset] != old.get(dataset))


def disk_full(entente, base, data, files, old, new, event_states, work):
    """One `import all` and one `events import` onto a disk with little room; returns (how, results)."""
    mount = os.path.join(work, "full")
    os.makedirs(mount, exist_ok=True)
    how = "tmpfs"
    results = []
    # Room for the old database and a little more: a few new datasets fit, then the disk is full.
    for name, args, extra in [("import all", ["import", "all", "--from", data], 16 << 20),
                              ("events import", ["events", "import", *files], 32 << 10)]:
        room = os.path.getsize(base) + extra
        mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={room}", "tmpfs", mount],
                                 capture_output=True, text=True).returncode == 0
        if not mounted:
            how = "RLIMIT_FSIZE (mounting a tmpfs was not permitted)"
        try:
            database = os.path.join(mount, "full.sqlite")
            shutil.copy(base, database)

            def limit():
                signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
                resource.setrlimit(resource.RLIMIT_FSIZE, (room, room))
            result = run(entente, args, database, preexec_fn=None if mounted else limit)
            problems = check(database, old, new, event_states)
            lines = result.stderr.strip().splitlines()
            message = next((line for line in lines if "full" in line or "space" in line), lines[-1] if lines else "(none)")
            results.append((name, result.returncode, message[:300], problems))
            for suffix in ["", "-wal", "-shm"]:
                if os.path.exists(database + suffix):
                    os.remove(database + suffix)
        finally:
            if mounted:
                subprocess.run(["umount", mount])
    return how, results


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--entente", default=os.path.join(ROOT, ".build", "release", "entente"))
    parser.add_argument("--data", default=os.environ.get("ENTENTE_DATA", os.path.join(ROOT, "..", "shared", "data")))
    parser.add_argument("--trials", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--work")
    options = parser.parse_args()
    if not 1 <= options.trials <= 200:
        sys.exit("--trials must be 1..200")
    random.seed(options.seed)
    work = options.work or tempfile.mkdtemp(prefix="entente-kill-")
    data = os.path.abspath(options.data)
    old_data = os.path.join(work, "old-data")
    mirror(data, old_data)
    os.makedirs(os.path.join(work, "events"), exist_ok=True)
    files = event_files(data, os.path.join(work, "events"))

    base = os.path.join(work, "base.sqlite")
    started = time.monotonic()
    result = run(options.entente, ["import", "all", "--from", old_data], base)
    if result.returncode != 0:
        sys.exit(f"importing the old data failed:\n{result.stderr}")
    old_seconds = time.monotonic() - started
    # Copies below take the main file only: everything must be in it.
    with connect(base, "rw") as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    old = datasets(base)

    reference = os.path.join(work, "new.sqlite")
    shutil.copy(base, reference)
    started = time.monotonic()
    result = run(options.entente, ["import", "all", "--from", data], reference)
    import_seconds = time.monotonic() - started
    if result.returncode != 0:
        sys.exit(f"importing the new data failed:\n{result.stderr}")
    new = datasets(reference)

    event_states = {(): events(base)[1]}
    prefix = os.path.join(work, "prefix.sqlite")
    shutil.copy(base, prefix)
    started = time.monotonic()
    for number, path in enumerate(files):
        result = run(options.entente, ["events", "import", path], prefix)
        if result.returncode != 0:
            sys.exit(f"events import failed:\n{result.stderr}")
        committed, digest = events(prefix)
        event_states[tuple(committed)] = digest
    events_seconds = time.monotonic() - started
    changed = sorted(dataset for dataset in new if new[dataset] != old.get(dataset))
    print(f"old import {old_seconds:.1f} s; new import all {import_seconds:.1f} s ({len(new)} datasets, "
          f"{len(changed)} changed: {', '.join(changed)}); events import of {len(files)} files {events_seconds:.1f} s")

    failures = 0
    for number in range(options.trials):
        kind = ["import all", "events import"][number % 2]
        args = ["import", "all", "--from", data] if kind == "import all" else ["events", "import", *files]
        database = os.path.join(work, "trial.sqlite")
        for suffix in ["", "-wal", "-shm"]:
            if os.path.exists(database + suffix):
                os.remove(database + suffix)
        shutil.copy(base, database)
        delay = random.uniform(0.05, 0.95 * (import_seconds if kind == "import all" else events_seconds))
        process = subprocess.Popen([options.entente, *args, "--database", database],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        finished = process.poll() is not None
        if not finished:
            process.send_signal(signal.SIGKILL)
        process.wait(timeout=TIMEOUT)
        problems = check(database, old, new, event_states)
        failures += bool(problems)
        progress = (f"{trial_outcome(database, old, new)}/{len(changed)} changed datasets new" if kind == "import all"
                    else f"{len(events(database)[0])}/{len(files)} event files committed")
        print(f"trial {number + 1:3} {kind:13} killed after {delay:5.2f} s{' (had finished)' if finished else ''}: "
              f"{'ok' if not problems else 'FAILED'}; {progress}")
        for problem in problems:
            print(f"    {problem}")

    how, results = disk_full(options.entente, base, data, files, old, new, event_states, work)
    print(f"disk full ({how}):")
    for name, code, message, problems in results:
        failures += bool(problems)
        print(f"  {name}: exit {code}{' (the disk did not fill)' if code == 0 else ''}, "
              f"{'ok' if not problems else 'FAILED'}; message: {message}")
        for problem in problems:
            print(f"    {problem}")
    print(f"{options.trials} kill trials and {len(results)} disk-full runs: {failures} failed")
    if not options.work:
        shutil.rmtree(work, ignore_errors=True)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
