-- Entente's GDELT roll-up in Spark SQL, run by entente_rollup.py statement by statement (each `-- name: X`
-- becomes the temporary view X). Input: the view `parsed` (one row per event that passed the selection, kind 0;
-- a set-aside line, kind 1; a file's summary, kind 2) and `loaded_files` (the files not skipped as repeats).

-- name: selected
-- The events of the files that count.
SELECT p.file, p.line, p.id, p.source, p.target, p.day, p.quad, p.count, p.mentions, p.goldstein, p.tone, p.host,
       p.url, p.code
FROM parsed p JOIN loaded_files l ON p.file = l.file
WHERE p.kind = 0;

-- name: registered
-- Duplicate control: an event ID counts at its first occurrence in file then line order (ID 0, the reduced
-- layout's, is never a duplicate). These are the IDs a file registers.
SELECT * FROM selected WHERE id = 0
UNION ALL
SELECT file, line, id, source, target, day, quad, count, mentions, goldstein, tone, host, url, code
FROM (SELECT *, row_number() OVER (PARTITION BY id ORDER BY file, line) AS occurrence FROM selected WHERE id <> 0)
WHERE occurrence = 1;

-- name: counted
-- The near-duplicate rule (opt-in): within a file, the same day, states, event code and source URL as an earlier
-- line's event.
SELECT * FROM registered WHERE NOT ${near_duplicates} OR url = 0
UNION ALL
SELECT file, line, id, source, target, day, quad, count, mentions, goldstein, tone, host, url, code
FROM (SELECT *, row_number() OVER (PARTITION BY file, day, source, target, code, url ORDER BY line) AS occurrence
      FROM registered WHERE ${near_duplicates} AND url <> 0)
WHERE occurrence = 1;

-- name: rollup
-- Per input file and directed dyad-day: what `entente events import` adds to event_dyad_day.
SELECT file, source, target, day,
       sum(count) AS events, sum(mentions) AS mentions,
       sum(CASE WHEN quad = 1 THEN count ELSE 0 END) AS events_q1,
       sum(CASE WHEN quad = 2 THEN count ELSE 0 END) AS events_q2,
       sum(CASE WHEN quad = 3 THEN count ELSE 0 END) AS events_q3,
       sum(CASE WHEN quad = 4 THEN count ELSE 0 END) AS events_q4,
       sum(CASE WHEN quad = 1 THEN mentions ELSE 0 END) AS mentions_q1,
       sum(CASE WHEN quad = 2 THEN mentions ELSE 0 END) AS mentions_q2,
       sum(CASE WHEN quad = 3 THEN mentions ELSE 0 END) AS mentions_q3,
       sum(CASE WHEN quad = 4 THEN mentions ELSE 0 END) AS mentions_q4,
       sum(goldstein * count) AS goldstein_sum,
       sum(CASE WHEN tone IS NULL THEN 0D ELSE tone * count END) AS tone_sum,
       sum(CASE WHEN tone IS NULL THEN 0 ELSE count END) AS toned_events,
       array_sort(collect_set(CASE WHEN host <> 0 THEN host END)) AS hosts
FROM counted
GROUP BY file, source, target, day;

-- name: file_counts
-- Per file: events counted, IDs registered, rows each late rule dropped, dyad-days, lines set aside.
SELECT l.file,
       coalesce(c.rows_loaded, 0) AS rows_loaded,
       coalesce(s.with_id, 0) - coalesce(r.with_id, 0) AS seen_before,
       coalesce(r.all_rows, 0) - coalesce(c.rows_loaded, 0) AS near_duplicates,
       coalesce(r.with_id, 0) AS event_ids,
       coalesce(d.dyad_days, 0) AS dyad_days,
       coalesce(j.rejects, 0) AS rejects
FROM loaded_files l
LEFT JOIN (SELECT file, count(*) AS with_id FROM selected WHERE id <> 0 GROUP BY file) s ON s.file = l.file
LEFT JOIN (SELECT file, count(*) AS all_rows, count_if(id <> 0) AS with_id FROM registered GROUP BY file) r ON r.file = l.file
LEFT JOIN (SELECT file, count(*) AS rows_loaded FROM counted GROUP BY file) c ON c.file = l.file
LEFT JOIN (SELECT file, count(*) AS dyad_days FROM rollup GROUP BY file) d ON d.file = l.file
LEFT JOIN (SELECT file, count(*) AS rejects FROM parsed WHERE kind = 1 GROUP BY file) j ON j.file = l.file;

-- name: rollup_out
-- The roll-up as CSV, in file then key order (what import-rollup streams); hosts as signed 64-bit decimals.
SELECT file, source, target, day, events, mentions, events_q1, events_q2, events_q3, events_q4,
       mentions_q1, mentions_q2, mentions_q3, mentions_q4, goldstein_sum, tone_sum, toned_events,
       concat_ws(' ', transform(hosts, h -> cast(h AS string))) AS hosts
FROM rollup
ORDER BY file, source, target, day;

-- name: event_ids_out
-- The event IDs each file counted, in file then ID order.
SELECT file, id FROM registered WHERE id <> 0 ORDER BY file, id;

-- name: rejects_out
-- Lines set aside (--keep-going), with the reason.
SELECT p.file, p.line, p.column_name AS `column`, p.value, p.reason
FROM parsed p JOIN loaded_files l ON p.file = l.file
WHERE p.kind = 1
ORDER BY p.file, p.line;
