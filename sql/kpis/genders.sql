-- Gender split of the patient dimension (every patient loaded; the feed's filters do not apply).
SELECT
    gender,
    CAST(COUNT(*) AS BIGINT) AS patients,
    CAST(COUNT(*) AS DOUBLE) / SUM(COUNT(*)) OVER () AS share
FROM dim_patient
GROUP BY gender
ORDER BY gender
