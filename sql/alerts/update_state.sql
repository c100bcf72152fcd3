-- Replaces a patient's state only if it is still the version the caller read.
UPDATE alert_state
SET version = version + 1, next_due_at = :next_due_at, state_json = :state_json
WHERE patient_id = :patient_id AND version = :version
