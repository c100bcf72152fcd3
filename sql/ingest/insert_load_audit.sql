-- One row per file seen. Bindings in column order.
INSERT INTO load_audit
    (load_id, file_name, sha256, kind, status, rows_read, rows_accepted, rows_quarantined, duplicate_keys,
     inferred_patients, reasons_json, warnings_json, started_at, finished_at, duration_ms)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?);
