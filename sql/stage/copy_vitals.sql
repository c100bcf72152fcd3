-- Snowflake only: stage one curated batch of scored readings (written by Warehouse/Snowflake/SnowflakeWarehouse.cs)
-- into stg_vital. {stage}, {file} and {format} (stage/curated_format.sql) are put in by the adapter.
COPY INTO stg_vital (load_id, line_number, patient_id, device_id, observed_at, respiration_rate, spo2, spo2_scale,
    on_oxygen, systolic_bp, heart_rate, consciousness, temperature_c, news2, band, red_score, complete, recorded_at)
FROM @{stage}/vitals/
FILES = ('{file}')
{format}
