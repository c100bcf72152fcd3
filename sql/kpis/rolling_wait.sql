-- 7-day rolling average of the daily average wait, per department: for each day with visits, the mean of the daily
-- averages of the days with visits among that day and the six before it. Days are numbered (from 1900-01-01) so
-- that the window is a RANGE over integers, which DuckDB and Snowflake both support.
WITH visits AS ({{filtered_visits}}),
per_day AS (
    SELECT
        department,
        CAST(arrival_time AS DATE) AS arrival_date,
        CAST(COUNT(*) AS BIGINT) AS visits,
        AVG(CAST(wait_time_minutes AS DOUBLE)) AS avg_wait_minutes
    FROM visits
    GROUP BY department, CAST(arrival_time AS DATE)
),
numbered AS (
    SELECT per_day.*, DATEDIFF('day', DATE '1900-01-01', arrival_date) AS day_number
    FROM per_day
)
SELECT
    department,
    arrival_date,
    CAST(SUM(visits) OVER (PARTITION BY department ORDER BY day_number RANGE BETWEEN 6 PRECEDING AND CURRENT ROW) AS BIGINT) AS visits_7d,
    AVG(avg_wait_minutes) OVER (PARTITION BY department ORDER BY day_number RANGE BETWEEN 6 PRECEDING AND CURRENT ROW) AS avg_wait_minutes_7d
FROM numbered
ORDER BY department, arrival_date
