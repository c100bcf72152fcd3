-- Physician workload: visits per doctor, dense-ranked (1 = busiest). Visits with no doctor recorded form one row
-- with a NULL doctor and no rank.
WITH visits AS ({{filtered_visits}}),
per_doctor AS (
    SELECT
        doctor_id,
        CAST(COUNT(*) AS BIGINT) AS visits,
        CAST(COUNT_IF(triage_level <= 2) AS BIGINT) AS critical_visits,
        AVG(CAST(wait_time_minutes AS DOUBLE)) AS avg_wait_minutes
    FROM visits
    GROUP BY doctor_id
)
SELECT
    doctor_id,
    visits,
    critical_visits,
    avg_wait_minutes,
    CASE WHEN doctor_id IS NOT NULL THEN
        CAST(DENSE_RANK() OVER (PARTITION BY doctor_id IS NULL ORDER BY visits DESC) AS BIGINT)
    END AS workload_rank
FROM per_doctor
ORDER BY workload_rank NULLS LAST, doctor_id
