-- Snowflake only (er snowflake check): can the role write the tables a load writes? Run inside BEGIN … ROLLBACK,
-- so nothing stays behind. Binding: 1 the probe's load id.
INSERT INTO load_audit
    (load_id, file_name, sha256, kind, status, rows_read, rows_accepted, rows_quarantined, duplicate_keys,
     inferred_patients, reasons_json, warnings_json, started_at, finished_at, duration_ms)
SELECT :load_id, 'er snowflake check', '', 'probe', 'probe', 0, 0, 0, 0, 0, '{}', '[]', started_at, started_at, 0
FROM (SELECT CAST('2000-01-01 00:00:00' AS TIMESTAMP) AS started_at) AS t
