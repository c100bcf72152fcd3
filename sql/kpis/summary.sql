-- One row: the headline figures of the selected visits. patients counts the whole patient dimension.
WITH visits AS ({{filtered_visits}})
SELECT
    CAST(COUNT(*) AS BIGINT) AS total_visits,
    CAST(COUNT(DISTINCT patient_id) AS BIGINT) AS distinct_patients,
    (SELECT CAST(COUNT(*) AS BIGINT) FROM dim_patient) AS patients,
    AVG(CAST(wait_time_minutes AS DOUBLE)) AS avg_wait_minutes,
    PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY wait_time_minutes) AS median_wait_minutes,
    PERCENTILE_CONT(0.9) WITHIN GROUP (ORDER BY wait_time_minutes) AS p90_wait_minutes,
    CAST(MAX(wait_time_minutes) AS BIGINT) AS max_wait_minutes,
    CAST(COUNT_IF(triage_level <= 2) AS BIGINT) AS critical_visits,
    CAST(COUNT(DISTINCT doctor_id) AS BIGINT) AS active_doctors,
    100 * CAST(COUNT_IF(wait_time_minutes <= target_minutes) AS DOUBLE) / NULLIF(COUNT(*), 0) AS within_target_pct
FROM visits
