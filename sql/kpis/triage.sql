-- Wait by triage level, against the level's target.
WITH visits AS ({{filtered_visits}})
SELECT
    CAST(triage_level AS BIGINT) AS triage_level,
    CAST(COUNT(*) AS BIGINT) AS visits,
    AVG(CAST(wait_time_minutes AS DOUBLE)) AS avg_wait_minutes,
    PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY wait_time_minutes) AS median_wait_minutes,
    PERCENTILE_CONT(0.9) WITHIN GROUP (ORDER BY wait_time_minutes) AS p90_wait_minutes,
    CAST(MIN(target_minutes) AS BIGINT) AS target_minutes,
    100 * CAST(COUNT_IF(wait_time_minutes <= target_minutes) AS DOUBLE) / COUNT(*) AS within_target_pct
FROM visits
GROUP BY triage_level
ORDER BY triage_level
