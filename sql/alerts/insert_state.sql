-- The first state of a patient; inserts nothing if another instance saved one first.
INSERT INTO alert_state (patient_id, version, next_due_at, state_json)
SELECT :patient_id, 1, :next_due_at, :state_json
WHERE NOT EXISTS (SELECT 1 FROM alert_state WHERE patient_id = :patient_id)
