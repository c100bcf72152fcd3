-- One alert message, unless its dedupe key was recorded before (delivery is at least once).
INSERT INTO fact_alert_event (dedupe_key, alert_id, kind, event, patient_id, band, previous_band, news2, observed_at, raised_at, sent_at)
SELECT :dedupe_key, :alert_id, :kind, :event, :patient_id, :band, :previous_band, :news2, :observed_at, :raised_at, :sent_at
WHERE NOT EXISTS (SELECT 1 FROM fact_alert_event WHERE dedupe_key = :dedupe_key)
