-- The patients of the most recent visits, each once, most recent first: whom `er simulate` puts on monitors.
-- NEWS2 is validated for adults only (16 and over, shared/DOMAIN.md §1): younger patients are left out, patients of
-- unknown age are kept. copd is 1 or 0 from the patient's record, NULL when the record was inferred from a visit.
-- Portable subset: runs on DuckDB and Snowflake alike (see shared/DOMAIN.md §6).
SELECT
    v.patient_id,
    CAST(p.age AS BIGINT) AS age,
    CASE
        WHEN p.patient_id IS NULL OR p.is_inferred THEN NULL
        WHEN UPPER(TRIM(COALESCE(p.pre_existing_condition, ''))) = 'COPD' THEN 1
        ELSE 0
    END AS copd
FROM (
    SELECT patient_id, MAX(arrival_time) AS last_arrival
    FROM fact_er_visit
    GROUP BY patient_id
) AS v
LEFT JOIN dim_patient AS p ON p.patient_id = v.patient_id
WHERE COALESCE(p.age, :min_age) >= :min_age
ORDER BY v.last_arrival DESC, v.patient_id
LIMIT :limit
