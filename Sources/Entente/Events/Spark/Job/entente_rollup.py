#!/usr/bin/env python3
"""Entente's GDELT dyad-day roll-up as an Apache Spark job (written by `entente events spark-job`).

It computes what `entente events import` stores, for files Spark can read (local, HDFS, S3, DBFS, ...):

- layouts: GDELT 1.0 daily (57 and 58 columns, mixed), GDELT 2.0 export (61), the 1.0 reduced backfile (header
  `Date<TAB>...`); plain, gzip (`1f 8b`) or zip (`PK 03 04`, its first entry, inflated as a stream);
- the selection in job.json (the default: both actor countries set and different, both naming COW states through
  cameo-cow.csv, and different states; opt-in: root only, minimum sources, minimum articles, actor types,
  near-duplicates);
- duplicate control: an event ID counts once, at its first selected occurrence in file-name then line order; a
  file with the same bytes as an earlier one is skipped whole;
- per directed dyad-day and input file: events and mentions per quad class, Goldstein and tone sums, toned
  events, the distinct source hosts (64-bit FNV-1a hashes of the lower-cased host without `www.`).

Usage (client mode; the job folder must be readable where this script runs):
    spark-submit --master local[2] JOB/entente_rollup.py --out OUT INPUT...
    python3 JOB/entente_rollup.py --remote sc://host:15002 --out OUT INPUT...

INPUT is a file, a folder (its GDELT files: names holding `export` or ending .tsv/.csv/.zip) or a glob. OUT receives
`job/` (the job description), `files/` (one JSON line per input file: name, path, bytes, SHA-256, layout, rows
read, rows counted, drops per rule), `rollup/` (CSV: file, source, target, day, tallies, hosts), `event_ids/` (CSV:
file, event ID counted), `rejects/` (JSON lines, --keep-going), `manifest/` (`running` until the job ends, then
its counts) and working copies (`_parsed/`, `_registered/`, `_rollup/`, Parquet). A malformed line stops the job with
its file and line (exit status 2) unless the job was written with --keep-going. `entente events import-rollup OUT`
merges the result.

Each input file is one task. Local files (file: URIs: local disks, NFS, FUSE mounts) are read by the task as a
stream; files on other filesystems come whole through Spark's binaryFile source (executors need memory for a few
times the largest one). Needs PySpark 4 with pyarrow (and Spark Connect's client libraries for --remote).
"""
import argparse
import csv
import gzip
import hashlib
import io
import json
import os
import re
import sys
import threading
import time
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))

DROP_RULES = ["actor country missing or the same", "actor country not a COW state", "not a root event",
              "too few sources", "too few articles", "actor type not selected"]
LAYOUTS = {57: "GDELT 1.0 daily (57 columns)", 58: "GDELT 1.0 daily (58 columns)", 61: "GDELT 2.0 export (61 columns)"}
REDUCED = "GDELT 1.0 reduced"

KIND_EVENT, KIND_REJECT, KIND_SUMMARY, KIND_FAILURE = 0, 1, 2, 3

PARSED_SCHEMA = ("kind byte, file int, line long, id long, source int, target int, day int, quad byte, count long, "
                 "mentions long, goldstein double, tone double, host long, url long, code string, sha256 string, "
                 "layout string, rows_read long, drops string, column_name string, value string, reason string")

MASK64 = 0xFFFFFFFFFFFFFFFF
FNV_OFFSET, FNV_PRIME = 0xCBF29CE484222325, 0x100000001B3
INTEGER = re.compile(rb"-?[0-9]+\Z")
REAL = re.compile(rb"[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?\Z")
HOST_END = re.compile(rb"[/?#:]")


def signed(value):
    """An unsigned 64-bit value as Spark's signed bigint."""
    return value - (1 << 64) if value >= (1 << 63) else value


def fnv(data):
    """FNV-1a, 64 bits, of bytes (0 for none)."""
    if not data:
        return 0
    value = FNV_OFFSET
    for byte in data:
        value = ((value ^ byte) * FNV_PRIME) & MASK64
    return value


def host_hash(url):
    """The source of a SOURCEURL: its host (after a scheme ending before byte 10), lower-cased, without `www.`."""
    start = 0
    scheme = url.find(b"://")
    if 0 <= scheme < 10:
        start = scheme + 3
    end_match = HOST_END.search(url, start)
    host = url[start:end_match.start() if end_match else len(url)]
    if len(host) > 4 and host[:3].lower() == b"www" and host[3:4] == b".":
        host = host[4:]
    if not host:
        return 0
    value = FNV_OFFSET
    for byte in host:
        if 0x41 <= byte <= 0x5A:
            byte |= 0x20
        value = ((value ^ byte) * FNV_PRIME) & MASK64
    return value


class LineError(Exception):
    """A malformed line: line, column, value, reason (as `entente events import` reports them)."""

    def __init__(self, line, column, value, reason):
        super().__init__(reason)
        self.line, self.column, self.value, self.reason = line, column, value, reason


def text(field):
    return field.decode("utf-8", "replace")


def integer(field, name, line):
    if field.isdigit() and len(field) < 19:
        return int(field)
    if len(field) >= 19 or not INTEGER.match(field):
        raise LineError(line, name, text(field), "not a whole number")
    return int(field)


def real(field, name, line):
    if not field:
        return 0.0
    if len(field) < 64 and REAL.match(field):
        value = float(field)
        if value not in (float("inf"), float("-inf")):
            return value
    raise LineError(line, name, text(field), "not a number")


def date(field, name, line):
    value = integer(field, name, line)
    month, day = value // 100 % 100, value % 100
    if not (19000101 <= value <= 21001231 and 1 <= month <= 12 and 1 <= day <= 31):
        raise LineError(line, name, text(field), "not a date YYYYMMDD")
    return value


def code4(field):
    """What Entente compares of a code: its first four bytes."""
    return field[:4]


def local_file(path):
    """The local file a `file:` URI names (local disks, NFS, FUSE mounts such as /dbfs), else None."""
    if not path.startswith("file:"):
        return None
    from urllib.parse import unquote, urlparse
    return unquote(urlparse(path).path)


def sha256_of(content, local):
    if local is None:
        return hashlib.sha256(content).hexdigest()
    digest = hashlib.sha256()
    with open(local, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def open_lines(content, local):
    """The lines of a file: plain, gzip (members concatenated) or the first entry of a zip, inflated as a stream.
    A local file is read from disk as it is parsed; any other comes as bytes from Spark's binaryFile source."""
    handle = open(local, "rb") if local is not None else io.BytesIO(content)
    magic = handle.read(4)
    handle.seek(0)
    if magic[:2] == b"\x1f\x8b":
        return gzip.GzipFile(fileobj=handle)
    if magic == b"PK\x03\x04":
        archive = zipfile.ZipFile(handle)
        return archive.open(archive.infolist()[0])
    return handle


class Columns:
    """Rows of the parsed output, column by column, handed to Spark as Arrow record batches."""

    NAMES = ["kind", "file", "line", "id", "source", "target", "day", "quad", "count", "mentions", "goldstein",
             "tone", "host", "url", "code", "sha256", "layout", "rows_read", "drops", "column_name", "value", "reason"]

    def __init__(self, schema):
        self.schema = schema
        self.clear()

    def clear(self):
        self.data = {name: [] for name in self.NAMES}
        self.size = 0

    def add(self, **values):
        for name in self.NAMES:
            self.data[name].append(values.get(name))
        self.size += 1

    def event(self, file, line, id, source, target, day, quad, count, mentions, goldstein, tone, host, url, code):
        data = self.data
        data["kind"].append(KIND_EVENT)
        data["file"].append(file)
        data["line"].append(line)
        data["id"].append(id)
        data["source"].append(source)
        data["target"].append(target)
        data["day"].append(day)
        data["quad"].append(quad)
        data["count"].append(count)
        data["mentions"].append(mentions)
        data["goldstein"].append(goldstein)
        data["tone"].append(tone)
        data["host"].append(host)
        data["url"].append(url)
        data["code"].append(code)
        for name in ("sha256", "layout", "rows_read", "drops", "column_name", "value", "reason"):
            data[name].append(None)
        self.size += 1

    def batch(self):
        import pyarrow as pa
        batch = pa.RecordBatch.from_pydict(self.data, schema=self.schema)
        self.clear()
        return batch


def parse_file(index, path, content, job, countries, out):
    """`content` is the file's bytes, or None for a local file, which is read from disk."""
    local = local_file(path) if content is None else None
    # Parses one file into `out` (events that pass the selection, rejects, then its summary), yielding batches as
    # they fill. A malformed line without keep-going ends the file with a failure row.
    selection = job["selection"]
    keep_going = job["keep_going"]
    limit = job["max_record_bytes"]
    root_only = selection["root_only"]
    min_sources = selection["minimum_sources"]
    min_articles = selection["minimum_articles"]
    types = {t.upper().encode()[:4] for t in selection["actor_types"]}
    near = selection["drop_near_duplicates"]
    try:
        digest = sha256_of(content, local)
    except OSError as error:
        out.add(kind=KIND_FAILURE, file=index, line=0, reason="cannot be read: %s" % error)
        return
    drops = [0] * 6
    records = 0
    layout = None
    hosts = {}
    number = 0
    try:
        stream = open_lines(content, local)
        for raw in stream:
            number += 1
            parsed = False
            try:
                if len(raw) > limit:
                    raise LineError(number, None, None, "the record has more than %d bytes, the most one may have "
                                    "(--max-record-bytes)" % limit)
                if raw[-1:] == b"\n":
                    raw = raw[:-1]
                if raw[-1:] == b"\r":
                    raw = raw[:-1]
                if not raw:
                    continue
                if number == 1 and layout is None and raw.startswith(b"Date\t"):
                    layout = REDUCED
                    continue
                if not raw.isascii():
                    try:
                        raw.decode("utf-8")
                    except UnicodeDecodeError:
                        raise LineError(number, None, None, "the line is not valid UTF-8")
                columns = raw.count(b"\t") + 1
                # The first 18 fields decide whether the row is dyadic; only then is the rest split.
                fields = raw.split(b"\t") if layout == REDUCED else raw.split(b"\t", 18)
                if layout == REDUCED:
                    if columns < 8:
                        raise LineError(number, None, None, "expected at least 8 tab-separated fields (reduced "
                                        "format), found %d" % columns)
                    day = date(fields[0], "Date", number)
                    first, second = fields[1][:3], fields[2][:3]
                    event_code = code4(fields[3])
                    is_root = len(fields[3]) == 2
                    count = integer(fields[4], "NumEvents", number)
                    articles = integer(fields[5], "NumArts", number)
                    mentions = articles
                    quad = integer(fields[6], "QuadClass", number)
                    goldstein = real(fields[7], "Goldstein", number)
                    event_id, sources, tone, host, url = 0, 0, None, 0, 0
                    type1 = type2 = b""
                    parsed = True
                    records += 1
                    if not first or not second or first == second:
                        drops[0] += 1
                        continue
                else:
                    found = LAYOUTS.get(columns)
                    if found is None:
                        raise LineError(number, None, None, "expected 57, 58 (GDELT 1.0) or 61 (GDELT 2.0) "
                                        "tab-separated fields, found %d" % columns)
                    if layout is None:
                        layout = found
                    # The common case inline (a plain ID and date): most rows end at the dyadic test below.
                    value = fields[0]
                    event_id = int(value) if value.isdigit() and len(value) < 19 else integer(value, "GLOBALEVENTID", number)
                    value = fields[1]
                    if len(value) == 8 and value.isdigit():
                        day = int(value)
                        if not (19000101 <= day <= 21001231 and 1 <= day // 100 % 100 <= 12 and 1 <= day % 100 <= 31):
                            day = date(value, "SQLDATE", number)
                    else:
                        day = date(value, "SQLDATE", number)
                    first, second = fields[7][:4], fields[17][:4]
                    if not first or not second or first == second:
                        parsed = True
                        records += 1
                        drops[0] += 1
                        continue
                    fields = raw.split(b"\t")
                    type1, type2 = code4(fields[12]), code4(fields[22])
                    is_root = integer(fields[25], "IsRootEvent", number) == 1
                    event_code = code4(fields[26])
                    quad = integer(fields[29], "QuadClass", number)
                    if not 1 <= quad <= 4:
                        raise LineError(number, "QuadClass", text(fields[29]), "not a quad class 1–4")
                    goldstein = real(fields[30], "GoldsteinScale", number)
                    count = 1
                    mentions = integer(fields[31], "NumMentions", number)
                    sources = integer(fields[32], "NumSources", number)
                    articles = integer(fields[33], "NumArticles", number)
                    tone = real(fields[34], "AvgTone", number)
                    if columns == 57:
                        host = url = 0
                    else:
                        link = fields[columns - 1]
                        url = fnv(link) if near else 0
                        host = hosts.get(link)
                        if host is None:
                            host = host_hash(link)
                            hosts[link] = host
                            if len(hosts) > 100000:
                                hosts.clear()
                    parsed = True
                    records += 1
                source = countries.get(fields[1][:3] if layout == REDUCED else fields[7])
                target = countries.get(fields[2][:3] if layout == REDUCED else fields[17])
                if source is None or target is None or source == target:
                    drops[1] += 1
                    continue
                if root_only and not is_root:
                    drops[2] += 1
                    continue
                if sources < min_sources and layout != REDUCED:
                    drops[3] += 1
                    continue
                if articles < min_articles:
                    drops[4] += 1
                    continue
                if types and not (type1 in types and type2 in types):
                    drops[5] += 1
                    continue
                if not 1 <= quad <= 4:
                    raise LineError(number, "QuadClass", str(quad), "not a quad class 1–4")
                out.event(index, number, event_id, source, target, day, quad, count, mentions, goldstein, tone,
                          signed(host), signed(url), event_code.decode("latin-1"))
                if out.size >= 65536:
                    yield out.batch()
            except LineError as error:
                if not keep_going:
                    raise
                if not parsed:
                    records += 1
                out.add(kind=KIND_REJECT, file=index, line=error.line, column_name=error.column, value=error.value,
                        reason=error.reason)
    except LineError as error:
        out.add(kind=KIND_FAILURE, file=index, line=error.line, column_name=error.column, value=error.value,
                reason=error.reason, sha256=digest)
        return
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, NotImplementedError, IndexError) as error:
        out.add(kind=KIND_FAILURE, file=index, line=number, reason="cannot be read: %s" % error, sha256=digest)
        return
    out.add(kind=KIND_SUMMARY, file=index, sha256=digest, layout=layout or "empty", rows_read=records,
            drops=",".join(str(d) for d in drops))



def parser(job, countries, indices):
    """The function Spark maps over Arrow batches of (path, content) rows: each file parsed in turn."""
    def parse(batches):
        import pyarrow as pa
        out = Columns(pa.schema([
            ("kind", pa.int8()), ("file", pa.int32()), ("line", pa.int64()), ("id", pa.int64()), ("source", pa.int32()),
            ("target", pa.int32()), ("day", pa.int32()), ("quad", pa.int8()), ("count", pa.int64()),
            ("mentions", pa.int64()), ("goldstein", pa.float64()), ("tone", pa.float64()), ("host", pa.int64()),
            ("url", pa.int64()), ("code", pa.string()), ("sha256", pa.string()), ("layout", pa.string()),
            ("rows_read", pa.int64()), ("drops", pa.string()), ("column_name", pa.string()), ("value", pa.string()),
            ("reason", pa.string())]))
        for batch in batches:
            paths = batch.column("path").to_pylist()
            for row, path in enumerate(paths):
                content = batch.column("content")[row].as_py() if "content" in batch.schema.names else None
                yield from parse_file(indices[path], path, content, job, countries, out)
                if out.size:
                    yield out.batch()
    return parse


class Progress:
    """Prints `entente-progress` lines (done and total tasks of the running stages) every few seconds, for
    `entente events spark-run`; classic sessions only (Spark Connect reports through its progress handler)."""

    def __init__(self, spark):
        self.spark = spark
        self.stopped = threading.Event()
        self.thread = None

    def say(self, phase, done=None, total=None):
        fields = ["entente-progress", phase] + ([str(done), str(total)] if total is not None else [])
        line, now = "\t".join(fields), time.time()
        if line == getattr(self, "last", None) or (total is not None and now - getattr(self, "said", 0) < 1):
            return
        self.last, self.said = line, now
        print(line, flush=True)

    def start(self, phase):
        """Names the phase now running; the first call starts the reporting."""
        self.phase = phase
        self.say(phase)
        if self.thread is not None or getattr(self, "connect", False):
            return
        try:
            tracker = self.spark.sparkContext.statusTracker()
        except Exception:
            try:
                self.spark.registerProgressHandler(self.connect_handler)
                self.connect = True
            except Exception:
                pass
            return

        def poll():
            while not self.stopped.wait(2):
                done = total = 0
                for stage in tracker.getActiveStageIds():
                    info = tracker.getStageInfo(stage)
                    if info:
                        done += info.numCompletedTasks
                        total += info.numTasks
                if total:
                    self.say(self.phase, done, total)
        self.thread = threading.Thread(target=poll, daemon=True)
        self.thread.start()

    def connect_handler(self, stages, inflight_tasks, operation_id, done):
        total = sum(stage.num_tasks for stage in stages)
        finished = sum(stage.num_completed_tasks for stage in stages)
        if total:
            self.say(self.phase, finished, total)

    def stop(self):
        self.stopped.set()
        if self.thread:
            self.thread.join()
            self.thread = None


def is_gdelt_name(name):
    lower = name.lower()
    return "export" in lower or lower.endswith(".tsv") or lower.endswith(".csv") or lower.endswith(".zip")


def list_files(spark, inputs):
    """The input files, in file-name order (the path breaks ties), and their sizes: a file as given, a folder's
    GDELT files, a glob's matches."""
    found = {}
    for item in inputs:
        listed = {row.path: row.length for row in spark.read.format("binaryFile").load(item).select("path", "length").collect()}
        plain = not any(ch in item for ch in "*?[{")
        single = plain and len(listed) == 1 and next(iter(listed)).rstrip("/").endswith("/" + item.rstrip("/").split("/")[-1])
        for path, length in listed.items():
            if single or not plain or is_gdelt_name(path.rsplit("/", 1)[-1]):
                found[path] = length
    order = sorted(found, key=lambda path: (path.rsplit("/", 1)[-1].encode(), path.encode()))
    return order, found


def local_path(path):
    return path[len("file:"):] if path.startswith("file:") else path


def sql_sections():
    """The named statements of rollup.sql (`-- name: X` starts statement X)."""
    sections, name = {}, None
    with open(os.path.join(HERE, "rollup.sql"), encoding="utf-8") as handle:
        for line in handle:
            if line.startswith("-- name: "):
                name = line[len("-- name: "):].strip()
                sections[name] = []
            elif name:
                sections[name].append(line)
    return {key: "".join(lines).strip().rstrip(";") for key, lines in sections.items()}


def describe_failure(row, path):
    text = "%s:%d" % (local_path(path), row["line"] or 0)
    if row["column_name"] is not None:
        text += ": column '%s'" % row["column_name"]
    if row["value"] is not None:
        value = row["value"]
        text += ": value '%s'" % (value[:80] + "…" if len(value) > 80 else value)
    return text + ": " + row["reason"]


def main():
    arguments = argparse.ArgumentParser(description="Entente's GDELT dyad-day roll-up on Spark.")
    arguments.add_argument("inputs", nargs="+", help="files, folders or globs (any filesystem Spark reads)")
    arguments.add_argument("--out", required=True, help="the output folder (any filesystem Spark writes)")
    arguments.add_argument("--remote", help="a Spark Connect URL, sc://host:port")
    arguments.add_argument("--master", help="a master URL when not run by spark-submit (local[2], yarn, ...)")
    options = arguments.parse_args()

    with open(os.path.join(HERE, "job.json"), encoding="utf-8") as handle:
        job = json.load(handle)
    countries = {}
    with open(os.path.join(HERE, "cameo-cow.csv"), encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            countries[row["cameo"].encode()] = int(row["ccode"])
    statements = sql_sections()

    from pyspark.sql import SparkSession
    started = time.time()
    builder = SparkSession.builder.appName("entente-gdelt-rollup")
    if options.remote:
        builder = builder.remote(options.remote)
    else:
        builder = builder.config("spark.ui.showConsoleProgress", "false")
        if options.master:
            builder = builder.master(options.master)
    spark = builder.getOrCreate()
    progress = Progress(spark)
    print("entente: Spark %s session ready in %.1f s" % (spark.version, time.time() - started), flush=True)
    begun = time.time()

    files, lengths = list_files(spark, options.inputs)
    if not files:
        print("entente: no input files found in %s" % " ".join(options.inputs), file=sys.stderr)
        sys.exit(2)
    indices = {path: index for index, path in enumerate(files)}
    out = options.out.rstrip("/")
    # Until the job ends, the folder's manifest says so: an earlier run's output is never taken for this one's.
    spark.createDataFrame([(json.dumps({"status": "running", "format": job["format"]}),)], "value string").coalesce(1) \
        .write.mode("overwrite").text(out + "/manifest")
    print("entente: %d input files" % len(files), flush=True)

    # Parse: one Python pass per file (zip and gzip inflated as a stream), rows with line numbers, into a working
    # copy; each file is one row of the binaryFile source, so files parse in parallel.
    spark.conf.set("spark.sql.execution.arrow.maxRecordsPerBatch", "1")
    spark.conf.set("spark.sql.files.maxPartitionBytes", str(16 << 20))
    spark.conf.set("spark.sql.files.openCostInBytes", str(16 << 20))
    # Local files (file: URIs) are read by the parsing task itself, streaming; files on other filesystems come whole
    # as bytes from Spark's binaryFile source (so executors need memory for a few times the largest such file).
    local = [path for path in files if path.startswith("file:")]
    remote = [path for path in files if not path.startswith("file:")]
    parts = []
    if local:
        rows = spark.createDataFrame([(path, None) for path in local], "path string, content binary")
        parts.append(rows.repartition(min(len(local), 4096)))
    if remote:
        parts.append(spark.read.format("binaryFile").load(remote).select("path", "content"))
    contents = parts[0] if len(parts) == 1 else parts[0].unionByName(parts[1])
    progress.start("parse")
    contents.mapInArrow(parser(job, countries, indices), PARSED_SCHEMA) \
        .write.mode("overwrite").parquet(out + "/_parsed")
    progress.stop()
    parsed = spark.read.parquet(out + "/_parsed")
    parsed.createOrReplaceTempView("parsed")

    # Per file: its checksum and counts, or its failure. A file with the bytes of an earlier one is skipped.
    summaries = {row["file"]: row for row in parsed.where("kind >= 2").collect()}
    failures = sorted((row for row in summaries.values() if row["kind"] == KIND_FAILURE), key=lambda row: row["file"])
    if failures:
        first = failures[0]
        print("entente: the roll-up failed; no output was written: %s" % describe_failure(first, files[first["file"]]),
              file=sys.stderr, flush=True)
        sys.exit(2)
    first_of = {}
    loaded = []
    for index in range(len(files)):
        digest = summaries[index]["sha256"]
        if digest in first_of:
            continue
        first_of[digest] = index
        loaded.append(index)
    spark.createDataFrame([(index,) for index in loaded], "file int").createOrReplaceTempView("loaded_files")

    # Duplicate control, the optional near-duplicate rule and the tallies: rollup.sql. The IDs each file registers
    # and the roll-up are kept as working copies, so that no shuffle runs twice.
    near = "true" if job["selection"]["drop_near_duplicates"] else "false"

    def view(name, keep=False):
        frame = spark.sql(statements[name].replace("${near_duplicates}", near))
        if keep:
            frame.write.mode("overwrite").parquet("%s/_%s" % (out, name))
            frame = spark.read.parquet("%s/_%s" % (out, name))
        frame.createOrReplaceTempView(name)

    progress.start("duplicates")
    view("selected")
    view("registered", keep=True)
    progress.start("roll-up")
    view("counted")
    view("rollup", keep=True)
    progress.start("write")
    view("file_counts")
    spark.sql(statements["rollup_out"]).write.mode("overwrite").option("header", "true").option("emptyValue", "") \
        .csv(out + "/rollup")
    spark.sql(statements["event_ids_out"]).write.mode("overwrite").option("header", "true").csv(out + "/event_ids")
    spark.sql(statements["rejects_out"]).write.mode("overwrite").json(out + "/rejects")
    counts = {row["file"]: row for row in spark.sql("SELECT * FROM file_counts").collect()}
    progress.stop()

    lines = []
    loaded_set = set(loaded)
    for index, path in enumerate(files):
        summary = summaries[index]
        record = {"file": index, "name": path.rsplit("/", 1)[-1], "path": local_path(path), "bytes": lengths[path],
                  "sha256": summary["sha256"]}
        if index in loaded_set:
            count = counts.get(index)
            drops = [int(value) for value in summary["drops"].split(",")]
            seen = count["seen_before"] if count else 0
            near_dups = count["near_duplicates"] if count else 0
            record.update({"status": "loaded", "layout": summary["layout"], "rows_read": summary["rows_read"],
                           "rows_loaded": count["rows_loaded"] if count else 0,
                           "rows_rejected": count["rejects"] if count else 0,
                           "dyad_days": count["dyad_days"] if count else 0,
                           "event_ids": count["event_ids"] if count else 0,
                           "drops": [{"rule": rule, "rows": rows} for rule, rows in
                                     zip(DROP_RULES + ["event ID seen before", "near-duplicate"], drops + [seen, near_dups])]})
        else:
            record.update({"status": "same bytes as an earlier file",
                           "same_as": local_path(files[first_of[summary["sha256"]]])})
        lines.append(json.dumps(record, ensure_ascii=False))
    spark.createDataFrame([(line,) for line in lines], "value string").coalesce(1).write.mode("overwrite") \
        .text(out + "/files")
    spark.createDataFrame([(json.dumps(job, ensure_ascii=False),)], "value string").coalesce(1) \
        .write.mode("overwrite").text(out + "/job")
    totals = {"status": "complete", "format": job["format"], "files": len(files), "loaded_files": len(loaded),
              "dyad_days": sum(row["dyad_days"] for row in counts.values()),
              "event_ids": sum(row["event_ids"] for row in counts.values()),
              "rejects": sum(row["rejects"] for row in counts.values()),
              "input_bytes": sum(lengths.values()), "seconds": round(time.time() - begun, 3),
              "spark_version": spark.version}
    spark.createDataFrame([(json.dumps(totals),)], "value string").coalesce(1).write.mode("overwrite") \
        .text(out + "/manifest")
    print("entente: rolled up %d files (%d skipped as repeats), %d dyad-days, %d event IDs in %.1f s"
          % (len(files), len(files) - len(loaded), totals["dyad_days"], totals["event_ids"], time.time() - begun),
          flush=True)
    print("entente-progress\tdone", flush=True)
    spark.stop()


if __name__ == "__main__":
    main()
