-- Snowflake only: stage one curated patients file (written by Warehouse/Snowflake/CuratedCsv.cs) into stg_patient.
-- {stage}, {file} and {format} (stage/curated_format.sql) are put in by the adapter (a checked stage name, a content-hash file name); COPY skips a file
-- it has loaded before, so a resent request cannot stage the same rows twice.
COPY INTO stg_patient (load_id, line_number, patient_id, age, gender, blood_group, pre_existing_condition)
FROM @{stage}/patients/
FILES = ('{file}')
{format}
