-- One batch of staged readings into fact_vital (Snowflake; DuckDB runs insert_vital.sql per reading). A reading
-- recorded before (same patient, device and time) keeps its first record, and one repeated within the batch counts
-- once: delivery is at least once. Binding: :load_id.
MERGE INTO fact_vital AS t
USING (
    SELECT patient_id, device_id, observed_at, respiration_rate, spo2, spo2_scale, on_oxygen, systolic_bp, heart_rate,
           consciousness, temperature_c, news2, band, red_score, complete, recorded_at
    FROM stg_vital
    WHERE load_id = :load_id
    QUALIFY ROW_NUMBER() OVER (PARTITION BY patient_id, device_id, observed_at ORDER BY line_number) = 1
) AS s
ON t.patient_id = s.patient_id AND t.device_id = s.device_id AND t.observed_at = s.observed_at
WHEN NOT MATCHED THEN INSERT (patient_id, device_id, observed_at, respiration_rate, spo2, spo2_scale, on_oxygen,
    systolic_bp, heart_rate, consciousness, temperature_c, news2, band, red_score, complete, recorded_at)
VALUES (s.patient_id, s.device_id, s.observed_at, s.respiration_rate, s.spo2, s.spo2_scale, s.on_oxygen,
    s.systolic_bp, s.heart_rate, s.consciousness, s.temperature_c, s.news2, s.band, s.red_score, s.complete, s.recorded_at)
