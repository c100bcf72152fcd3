SELECT patient_id FROM alert_state WHERE next_due_at <= :now ORDER BY patient_id
