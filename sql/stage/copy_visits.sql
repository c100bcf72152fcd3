-- Snowflake only: stage one curated visits file (written by Warehouse/Snowflake/CuratedCsv.cs) into stg_visit.
-- {stage}, {file} and {format} (stage/curated_format.sql) are put in by the adapter; COPY skips a file it has loaded before.
COPY INTO stg_visit (load_id, line_number, visit_id, patient_id, doctor_id, arrival_time, triage_level, wait_time_minutes, department)
FROM @{stage}/visits/
FILES = ('{file}')
{format}
