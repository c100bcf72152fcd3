-- Snowflake only: stage one curated patients file (written by Warehouse/Snowflake/CuratedCsv.cs) into stg_patient.
-- {stage} and {file} are put in by the adapter (a checked stage name, a content-hash file name); COPY skips a file
-- it has loaded before, so a resent request cannot stage the same rows twice.
COPY INTO stg_patient (load_id, line_number, patient_id, age, gender, blood_group, pre_existing_condition)
FROM @{stage}/patients/
FILES = ('{file}')
FILE_FORMAT = (TYPE = CSV COMPRESSION = GZIP SKIP_HEADER = 1 FIELD_DELIMITER = ',' FIELD_OPTIONALLY_ENCLOSED_BY = '"'
               NULL_IF = () EMPTY_FIELD_AS_NULL = TRUE ERROR_ON_COLUMN_COUNT_MISMATCH = TRUE
               TIMESTAMP_FORMAT = 'YYYY-MM-DD HH24:MI:SS.FF6' ENCODING = 'UTF8')
ON_ERROR = ABORT_STATEMENT
