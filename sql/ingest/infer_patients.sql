-- Visits may name a patient the dimension has not seen yet: add an inferred member, completed when the
-- patient's own row arrives (merge_patients.sql clears is_inferred).
-- Bindings: 1 load_id (source), 2 load_id, 3 loaded_at.
MERGE INTO dim_patient AS t
USING (
    SELECT DISTINCT patient_id
    FROM stg_visit
    WHERE load_id = ?
) AS s
ON t.patient_id = s.patient_id
WHEN NOT MATCHED THEN INSERT
    (patient_id, age, gender, blood_group, pre_existing_condition, is_inferred, load_id, loaded_at)
    VALUES (s.patient_id, NULL, 'Unknown', 'Unknown', NULL, TRUE, ?, ?);
