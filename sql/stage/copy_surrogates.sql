-- Snowflake only: stage one curated surrogate-key file into patient_surrogate (keys made by SurrogateKeys, never in SQL).
-- {stage}, {file} and {format} (stage/curated_format.sql) are put in by the adapter (a checked stage name, a content-hash file name); COPY skips a file
-- it has loaded before, so a resent request cannot stage the same rows twice.
COPY INTO patient_surrogate (patient_id, surrogate_key, created_at)
FROM @{stage}/surrogates/
FILES = ('{file}')
{format}
