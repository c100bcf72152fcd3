-- 04_analytics.sql: the seed project's analyses, rewritten for this schema. Read-only; run any statement on its own.
-- Every query sticks to the SQL that DuckDB and Snowflake both run (shared/DOMAIN.md §6: QUALIFY, COUNT_IF,
-- DATE_TRUNC('month', ...) cast to DATE, CAST, COALESCE, CASE, NULLIF; no IFF, NVL, DIV0, ::), so the tests run each
-- one on a DuckDB file (with the ER_DB.ER. prefix removed) and check the answers by hand.
-- "Critical" means triage level 1 or 2, as in the KPI feed. Waits are minutes from arrival to provider.
--
-- Analyses 1 and 2 return row-level visits with patient ids, ages and conditions: PHI, for ER_DOCTOR or ER_ADMIN.
-- Under an analyst role on Enterprise edition the masking and row access policies of 03 apply to them; on Standard
-- edition analysts hold no grant on the tables and would use ER_DB.ER.visit_masked instead.

USE ROLE ER_ADMIN;
USE WAREHOUSE ER_WH;
USE SCHEMA ER_DB.ER;

-- 1. The most severe incidents: critical visits, most urgent level first, then those that waited longest past
--    their CTAS target (level 1: seen at once, level 2: within 15 minutes), with the patient's age and condition.
WITH severe AS (
    SELECT
        v.visit_id,
        v.patient_id,
        v.doctor_id,
        v.department,
        v.arrival_time,
        v.triage_level,
        v.wait_time_minutes,
        CASE v.triage_level WHEN 1 THEN 0 WHEN 2 THEN 15 END AS target_minutes,
        p.age,
        p.pre_existing_condition
    FROM ER_DB.ER.fact_er_visit AS v
    JOIN ER_DB.ER.dim_patient AS p ON p.patient_id = v.patient_id
    WHERE v.triage_level <= 2
)
SELECT
    visit_id,
    patient_id,
    doctor_id,
    department,
    arrival_time,
    triage_level,
    wait_time_minutes,
    wait_time_minutes - target_minutes AS minutes_over_target,
    age,
    pre_existing_condition
FROM severe
ORDER BY triage_level, minutes_over_target DESC, visit_id
LIMIT 20;

-- 2. Each visit against its department: the department's average wait, how far the visit was from it, and the
--    visit's rank by wait within the department (1 = longest). QUALIFY keeps the ten longest waits per department;
--    drop it to see every visit.
SELECT
    v.visit_id,
    v.department,
    v.triage_level,
    v.wait_time_minutes,
    AVG(CAST(v.wait_time_minutes AS DOUBLE)) OVER (PARTITION BY v.department) AS department_avg_wait_minutes,
    v.wait_time_minutes - AVG(CAST(v.wait_time_minutes AS DOUBLE)) OVER (PARTITION BY v.department) AS minutes_vs_department_avg,
    RANK() OVER (PARTITION BY v.department ORDER BY v.wait_time_minutes DESC) AS wait_rank_in_department
FROM ER_DB.ER.fact_er_visit AS v
QUALIFY RANK() OVER (PARTITION BY v.department ORDER BY v.wait_time_minutes DESC) <= 10
ORDER BY v.department, wait_rank_in_department, v.visit_id;

-- 3. Critical workload per doctor, dense-ranked (1 = most critical visits; equal counts share a rank and the next
--    rank follows without a gap). Visits with no doctor recorded are left out.
WITH per_doctor AS (
    SELECT
        v.doctor_id,
        CAST(COUNT(*) AS BIGINT) AS visits,
        CAST(COUNT_IF(v.triage_level <= 2) AS BIGINT) AS critical_visits
    FROM ER_DB.ER.fact_er_visit AS v
    WHERE v.doctor_id IS NOT NULL
    GROUP BY v.doctor_id
)
SELECT
    doctor_id,
    visits,
    critical_visits,
    CAST(critical_visits AS DOUBLE) / NULLIF(visits, 0) AS critical_share,
    CAST(DENSE_RANK() OVER (ORDER BY critical_visits DESC) AS BIGINT) AS critical_workload_rank
FROM per_doctor
ORDER BY critical_workload_rank, doctor_id;

-- 4. Cumulative monthly load per department: visits and critical visits each month, with running totals from the
--    department's first month. The month is returned as its first day.
WITH per_month AS (
    SELECT
        v.department,
        CAST(DATE_TRUNC('month', v.arrival_time) AS DATE) AS month_start,
        CAST(COUNT(*) AS BIGINT) AS visits,
        CAST(COUNT_IF(v.triage_level <= 2) AS BIGINT) AS critical_visits
    FROM ER_DB.ER.fact_er_visit AS v
    GROUP BY v.department, CAST(DATE_TRUNC('month', v.arrival_time) AS DATE)
)
SELECT
    department,
    month_start,
    visits,
    critical_visits,
    CAST(SUM(visits) OVER (PARTITION BY department ORDER BY month_start ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS BIGINT) AS cumulative_visits,
    CAST(SUM(critical_visits) OVER (PARTITION BY department ORDER BY month_start ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS BIGINT) AS cumulative_critical_visits
FROM per_month
ORDER BY department, month_start;

-- 5. 7-day rolling wait per department: for each day with visits, over that day and the six before it, the visits,
--    the mean of the daily average waits (what the KPI feed's rollingWait reports) and the average wait per visit
--    (busy days weigh more). Days are numbered from 1900-01-01 so the frame is a RANGE over integers, which both
--    engines support; days without visits have no row and are not counted as zero.
WITH per_day AS (
    SELECT
        v.department,
        CAST(v.arrival_time AS DATE) AS arrival_date,
        CAST(COUNT(*) AS BIGINT) AS visits,
        SUM(CAST(v.wait_time_minutes AS DOUBLE)) AS total_wait_minutes
    FROM ER_DB.ER.fact_er_visit AS v
    GROUP BY v.department, CAST(v.arrival_time AS DATE)
),
numbered AS (
    SELECT per_day.*, DATEDIFF('day', DATE '1900-01-01', arrival_date) AS day_number
    FROM per_day
)
SELECT
    department,
    arrival_date,
    visits,
    total_wait_minutes / visits AS avg_wait_minutes,
    CAST(SUM(visits) OVER (PARTITION BY department ORDER BY day_number RANGE BETWEEN 6 PRECEDING AND CURRENT ROW) AS BIGINT) AS visits_7d,
    AVG(total_wait_minutes / visits) OVER (PARTITION BY department ORDER BY day_number RANGE BETWEEN 6 PRECEDING AND CURRENT ROW) AS avg_daily_wait_minutes_7d,
    SUM(total_wait_minutes) OVER (PARTITION BY department ORDER BY day_number RANGE BETWEEN 6 PRECEDING AND CURRENT ROW)
        / SUM(visits) OVER (PARTITION BY department ORDER BY day_number RANGE BETWEEN 6 PRECEDING AND CURRENT ROW) AS avg_wait_minutes_7d
FROM numbered
ORDER BY department, arrival_date;
