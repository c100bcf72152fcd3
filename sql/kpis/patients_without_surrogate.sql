-- Patients who have no surrogate key yet.
SELECT DISTINCT p.patient_id
FROM dim_patient AS p
LEFT JOIN patient_surrogate AS s ON s.patient_id = p.patient_id
WHERE s.patient_id IS NULL
