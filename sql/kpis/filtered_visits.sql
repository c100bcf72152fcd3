-- Included by every KPI section as {{filtered_visits}}: the visits the feed's filters select, with the wait target
-- of their triage level. Each parameter may be NULL, meaning "no filter". Lists travel as one text so the SQL text
-- never changes with the filter (Snowflake's result cache matches byte-identical SQL): departments surrounded and
-- separated by line feeds (department names never contain one), triage levels by commas.
SELECT
    v.visit_id,
    v.patient_id,
    v.doctor_id,
    v.arrival_time,
    v.triage_level,
    v.wait_time_minutes,
    v.department,
    CASE v.triage_level
        WHEN 1 THEN :target_1
        WHEN 2 THEN :target_2
        WHEN 3 THEN :target_3
        WHEN 4 THEN :target_4
        WHEN 5 THEN :target_5
    END AS target_minutes
FROM fact_er_visit AS v
WHERE (:from_time IS NULL OR v.arrival_time >= :from_time)
  AND (:to_time IS NULL OR v.arrival_time < :to_time)
  AND (:departments IS NULL OR POSITION(CHR(10) || v.department || CHR(10) IN :departments) > 0)
  AND (:triage_levels IS NULL OR POSITION(',' || CAST(v.triage_level AS VARCHAR) || ',' IN :triage_levels) > 0)
