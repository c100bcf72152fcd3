-- Merge one file's staged visits into the fact table. Within the file the last row of a key wins.
-- Bindings: 1 load_id (source), 2-3 load_id, loaded_at (update), 4-5 load_id, loaded_at (insert).
MERGE INTO fact_er_visit AS t
USING (
    SELECT visit_id, patient_id, doctor_id, arrival_time, triage_level, wait_time_minutes, department
    FROM stg_visit
    WHERE load_id = ?
    QUALIFY ROW_NUMBER() OVER (PARTITION BY visit_id ORDER BY line_number DESC) = 1
) AS s
ON t.visit_id = s.visit_id
WHEN MATCHED THEN UPDATE SET
    patient_id = s.patient_id,
    doctor_id = s.doctor_id,
    arrival_time = s.arrival_time,
    triage_level = s.triage_level,
    wait_time_minutes = s.wait_time_minutes,
    department = s.department,
    load_id = ?,
    loaded_at = ?
WHEN NOT MATCHED THEN INSERT
    (visit_id, patient_id, doctor_id, arrival_time, triage_level, wait_time_minutes, department, load_id, loaded_at)
    VALUES (s.visit_id, s.patient_id, s.doctor_id, s.arrival_time, s.triage_level, s.wait_time_minutes, s.department, ?, ?);
