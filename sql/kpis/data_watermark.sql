-- When the data last changed: the end of the last load that merged rows, how many such loads there have been (so
-- that a load finishing with an earlier clock than another instance's still changes the watermark), and how many
-- alert events were recorded (alerts arrive between loads).
SELECT
    MAX(finished_at) AS last_load_at,
    CAST(COUNT(*) AS BIGINT) AS loads,
    (SELECT CAST(COUNT(*) AS BIGINT) FROM fact_alert_event) AS alert_events
FROM load_audit
WHERE status = 'loaded'
