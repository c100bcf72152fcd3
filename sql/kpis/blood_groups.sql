-- Blood-group demand: the selected visits joined to their patient.
WITH visits AS ({{filtered_visits}})
SELECT
    p.blood_group,
    CAST(COUNT(*) AS BIGINT) AS visits
FROM visits AS v
JOIN dim_patient AS p ON p.patient_id = v.patient_id
GROUP BY p.blood_group
ORDER BY visits DESC, p.blood_group
