-- The load audit, newest first. Binding: 1 row limit.
SELECT load_id, file_name, sha256, kind, status, rows_read, rows_accepted, rows_quarantined, duplicate_keys,
       inferred_patients, reasons_json, warnings_json, started_at, finished_at, duration_ms
FROM load_audit
ORDER BY finished_at DESC, load_id DESC
LIMIT ?;
