-- How many distinct patients of the staged visits the dimension does not know yet. Binding: 1 load_id.
SELECT CAST(COUNT(DISTINCT s.patient_id) AS BIGINT)
FROM stg_visit AS s
WHERE s.load_id = ?
  AND NOT EXISTS (SELECT 1 FROM dim_patient AS p WHERE p.patient_id = s.patient_id);
