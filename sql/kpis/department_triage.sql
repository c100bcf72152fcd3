-- Visits and average wait for each department and triage level.
WITH visits AS ({{filtered_visits}})
SELECT
    department,
    CAST(triage_level AS BIGINT) AS triage_level,
    CAST(COUNT(*) AS BIGINT) AS visits,
    AVG(CAST(wait_time_minutes AS DOUBLE)) AS avg_wait_minutes
FROM visits
GROUP BY department, triage_level
ORDER BY department, triage_level
