-- Alert events by the alert's band (the highest it reached; "Technical" for technical alerts) and event, with the
-- median minutes from raise to first escalation of that band's alerts. The date filters apply to the raise time;
-- departments and triage levels describe visits, not alerts, and do not apply.
WITH alerts AS (
    SELECT alert_id, COALESCE(band, 'Technical') AS band, raised_at, escalated_at
    FROM fact_alert
    WHERE (:from_time IS NULL OR raised_at >= :from_time)
      AND (:to_time IS NULL OR raised_at < :to_time)
),
escalation AS (
    SELECT band, PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY DATEDIFF('second', raised_at, escalated_at) / 60.0) AS median_minutes
    FROM alerts
    WHERE escalated_at IS NOT NULL
    GROUP BY band
)
SELECT
    a.band,
    e.event,
    CAST(COUNT(*) AS BIGINT) AS alerts,
    CAST(MIN(x.median_minutes) AS DOUBLE) AS median_minutes_to_escalation
FROM alerts AS a
JOIN fact_alert_event AS e ON e.alert_id = a.alert_id
LEFT JOIN escalation AS x ON x.band = a.band
GROUP BY a.band, e.event
ORDER BY a.band, e.event
