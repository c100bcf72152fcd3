INSERT INTO patient_surrogate (patient_id, surrogate_key, created_at) VALUES (:patient_id, :surrogate_key, :created_at)
