-- Merge one file's staged patients into the dimension. Within the file the last row of a key wins.
-- Bindings: 1 load_id (source), 2-3 load_id, loaded_at (update), 4-5 load_id, loaded_at (insert).
MERGE INTO dim_patient AS t
USING (
    SELECT patient_id, age, gender, blood_group, pre_existing_condition
    FROM stg_patient
    WHERE load_id = ?
    QUALIFY ROW_NUMBER() OVER (PARTITION BY patient_id ORDER BY line_number DESC) = 1
) AS s
ON t.patient_id = s.patient_id
WHEN MATCHED THEN UPDATE SET
    age = s.age,
    gender = s.gender,
    blood_group = s.blood_group,
    pre_existing_condition = s.pre_existing_condition,
    is_inferred = FALSE,
    load_id = ?,
    loaded_at = ?
WHEN NOT MATCHED THEN INSERT
    (patient_id, age, gender, blood_group, pre_existing_condition, is_inferred, load_id, loaded_at)
    VALUES (s.patient_id, s.age, s.gender, s.blood_group, s.pre_existing_condition, FALSE, ?, ?);
