-- When the data last changed: the end of the last load that merged rows, and how many such loads there have been
-- (so that a load finishing with an earlier clock than another instance's still changes the watermark).
SELECT MAX(finished_at) AS last_load_at, CAST(COUNT(*) AS BIGINT) AS loads FROM load_audit WHERE status = 'loaded'
