SELECT version, state_json FROM alert_state WHERE patient_id = :patient_id
