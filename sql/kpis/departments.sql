-- Wait by department.
WITH visits AS ({{filtered_visits}})
SELECT
    department,
    CAST(COUNT(*) AS BIGINT) AS visits,
    AVG(CAST(wait_time_minutes AS DOUBLE)) AS avg_wait_minutes,
    PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY wait_time_minutes) AS median_wait_minutes,
    PERCENTILE_CONT(0.9) WITHIN GROUP (ORDER BY wait_time_minutes) AS p90_wait_minutes,
    CAST(MAX(wait_time_minutes) AS BIGINT) AS max_wait_minutes,
    CAST(COUNT_IF(triage_level <= 2) AS BIGINT) AS critical_visits
FROM visits
GROUP BY department
ORDER BY department
