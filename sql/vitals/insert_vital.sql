-- One scored reading, unless the same patient, device and time was recorded before (redelivery).
INSERT INTO fact_vital (patient_id, device_id, observed_at, respiration_rate, spo2, spo2_scale, on_oxygen, systolic_bp,
    heart_rate, consciousness, temperature_c, news2, band, red_score, complete, recorded_at)
SELECT :patient_id, :device_id, :observed_at, :respiration_rate, :spo2, :spo2_scale, :on_oxygen, :systolic_bp,
    :heart_rate, :consciousness, :temperature_c, :news2, :band, :red_score, :complete, :recorded_at
WHERE NOT EXISTS (
    SELECT 1 FROM fact_vital WHERE patient_id = :patient_id AND device_id = :device_id AND observed_at = :observed_at
)
