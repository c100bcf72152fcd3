-- Arrivals by ISO weekday (1 = Monday, counted from Monday 1900-01-01) and hour of arrival.
WITH visits AS ({{filtered_visits}})
SELECT
    CAST(MOD(DATEDIFF('day', DATE '1900-01-01', CAST(arrival_time AS DATE)), 7) + 1 AS BIGINT) AS weekday,
    CAST(EXTRACT(HOUR FROM arrival_time) AS BIGINT) AS hour_of_day,
    CAST(COUNT(*) AS BIGINT) AS visits,
    AVG(CAST(wait_time_minutes AS DOUBLE)) AS avg_wait_minutes
FROM visits
GROUP BY 1, 2
ORDER BY 1, 2
