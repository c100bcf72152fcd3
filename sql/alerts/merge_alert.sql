-- Folds one new alert event into its alert's row: a raise sets (or, on worsening, raises) the band; the first
-- escalation and the clearing set their times; reminders are counted. Runs before insert_event.sql in the same
-- transaction, and only while the event is not recorded yet: a redelivered message is not counted twice.
MERGE INTO fact_alert AS t
USING (
    SELECT
        :alert_id AS alert_id, :kind AS kind, :patient_id AS patient_id, :band AS band, :event AS event,
        :raised_at AS raised_at, :sent_at AS sent_at
    WHERE NOT EXISTS (SELECT 1 FROM fact_alert_event WHERE dedupe_key = :dedupe_key)
) AS s
ON t.alert_id = s.alert_id
WHEN MATCHED THEN UPDATE SET
    band = CASE WHEN s.event = 'raised' AND s.band IS NOT NULL THEN s.band ELSE t.band END,
    escalated_at = CASE WHEN s.event = 'escalated' AND t.escalated_at IS NULL THEN s.sent_at ELSE t.escalated_at END,
    cleared_at = CASE WHEN s.event = 'cleared' THEN s.sent_at ELSE t.cleared_at END,
    reminders = t.reminders + CASE WHEN s.event = 'reminder' THEN 1 ELSE 0 END,
    last_event = s.event,
    last_sent_at = s.sent_at
WHEN NOT MATCHED THEN INSERT (alert_id, kind, patient_id, band, raised_at, escalated_at, cleared_at, reminders, last_event, last_sent_at)
VALUES (
    s.alert_id, s.kind, s.patient_id, s.band, s.raised_at,
    CASE WHEN s.event = 'escalated' THEN s.sent_at END,
    CASE WHEN s.event = 'cleared' THEN s.sent_at END,
    CASE WHEN s.event = 'reminder' THEN 1 ELSE 0 END,
    s.event, s.sent_at)
