-- One page of row-level visits in visit id order (keyset paging: the visits after :after_visit_id), with the
-- patient's attributes and surrogate key. Masking by role happens in the library, never in the caller.
WITH visits AS ({{filtered_visits}})
SELECT
    v.visit_id,
    v.patient_id,
    s.surrogate_key,
    v.doctor_id,
    v.arrival_time,
    CAST(v.triage_level AS BIGINT) AS triage_level,
    CAST(v.wait_time_minutes AS BIGINT) AS wait_time_minutes,
    v.department,
    CAST(p.age AS BIGINT) AS age,
    p.gender,
    p.blood_group,
    p.pre_existing_condition
FROM visits AS v
JOIN dim_patient AS p ON p.patient_id = v.patient_id
LEFT JOIN patient_surrogate AS s ON s.patient_id = v.patient_id
WHERE (:after_visit_id IS NULL OR v.visit_id > :after_visit_id)
ORDER BY v.visit_id
LIMIT :page_size
