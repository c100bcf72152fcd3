-- Snowflake only: the rows of one file that did not pass cleaning, into quarantine_row (in the load's transaction).
-- {stage} and {file} are put in by the adapter; COPY skips a file it has loaded before.
COPY INTO quarantine_row (load_id, file_name, sha256, line_number, reason, raw_text, quarantined_at)
FROM @{stage}/quarantine/
FILES = ('{file}')
FILE_FORMAT = (TYPE = CSV COMPRESSION = GZIP SKIP_HEADER = 1 FIELD_DELIMITER = ',' FIELD_OPTIONALLY_ENCLOSED_BY = '"'
               NULL_IF = () EMPTY_FIELD_AS_NULL = TRUE ERROR_ON_COLUMN_COUNT_MISMATCH = TRUE
               TIMESTAMP_FORMAT = 'YYYY-MM-DD HH24:MI:SS.FF6' ENCODING = 'UTF8')
ON_ERROR = ABORT_STATEMENT
