-- Snowflake only: stage one curated visits file (written by Warehouse/Snowflake/CuratedCsv.cs) into stg_visit.
-- {stage} and {file} are put in by the adapter; COPY skips a file it has loaded before.
COPY INTO stg_visit (load_id, line_number, visit_id, patient_id, doctor_id, arrival_time, triage_level, wait_time_minutes, department)
FROM @{stage}/visits/
FILES = ('{file}')
FILE_FORMAT = (TYPE = CSV COMPRESSION = GZIP SKIP_HEADER = 1 FIELD_DELIMITER = ',' FIELD_OPTIONALLY_ENCLOSED_BY = '"'
               NULL_IF = () EMPTY_FIELD_AS_NULL = TRUE ERROR_ON_COLUMN_COUNT_MISMATCH = TRUE
               TIMESTAMP_FORMAT = 'YYYY-MM-DD HH24:MI:SS.FF6' ENCODING = 'UTF8')
ON_ERROR = ABORT_STATEMENT
