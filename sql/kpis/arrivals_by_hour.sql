-- Arrivals by ISO weekday (1 = Monday, counted from Monday 1900-01-01) and hour of arrival. Visits are first counted
-- per day and hour, so the weekday arithmetic runs once per day rather than once per visit.
WITH visits AS ({{filtered_visits}}),
per_day_hour AS (
    SELECT
        CAST(arrival_time AS DATE) AS arrival_date,
        EXTRACT(HOUR FROM arrival_time) AS hour_of_day,
        COUNT(*) AS visits,
        SUM(CAST(wait_time_minutes AS DOUBLE)) AS total_wait_minutes
    FROM visits
    GROUP BY CAST(arrival_time AS DATE), EXTRACT(HOUR FROM arrival_time)
),
per_weekday_hour AS (
    SELECT
        MOD(DATEDIFF('day', DATE '1900-01-01', arrival_date), 7) + 1 AS weekday,
        hour_of_day,
        SUM(visits) AS visits,
        SUM(total_wait_minutes) AS total_wait_minutes
    FROM per_day_hour
    GROUP BY MOD(DATEDIFF('day', DATE '1900-01-01', arrival_date), 7) + 1, hour_of_day
)
SELECT
    CAST(weekday AS BIGINT) AS weekday,
    CAST(hour_of_day AS BIGINT) AS hour_of_day,
    CAST(visits AS BIGINT) AS visits,
    total_wait_minutes / visits AS avg_wait_minutes
FROM per_weekday_hour
ORDER BY weekday, hour_of_day
