-- Visits by month of arrival, with the running total. The month is returned as its first day. Grouping by year and
-- month numbers and truncating only each group's first arrival is several times cheaper than truncating every row.
WITH visits AS ({{filtered_visits}}),
per_month AS (
    SELECT
        CAST(DATE_TRUNC('month', MIN(arrival_time)) AS DATE) AS month_start,
        CAST(COUNT(*) AS BIGINT) AS visits,
        AVG(CAST(wait_time_minutes AS DOUBLE)) AS avg_wait_minutes
    FROM visits
    GROUP BY EXTRACT(YEAR FROM arrival_time), EXTRACT(MONTH FROM arrival_time)
)
SELECT
    month_start,
    visits,
    CAST(SUM(visits) OVER (ORDER BY month_start ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS BIGINT) AS cumulative_visits,
    avg_wait_minutes
FROM per_month
ORDER BY month_start
