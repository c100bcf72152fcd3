-- Snowflake only: the rows of one file that did not pass cleaning, into quarantine_row (in the load's transaction).
-- {stage}, {file} and {format} (stage/curated_format.sql) are put in by the adapter; COPY skips a file it has loaded before.
COPY INTO quarantine_row (load_id, file_name, sha256, line_number, reason, raw_text, quarantined_at)
FROM @{stage}/quarantine/
FILES = ('{file}')
{format}
