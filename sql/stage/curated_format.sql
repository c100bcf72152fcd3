-- The format of every curated file (src/ErPipeline/Warehouse/Snowflake/CuratedCsv.cs writes it), put into each COPY
-- of this folder where it says {format}. NULL is an empty unquoted field; "" stays an empty string.
FILE_FORMAT = (TYPE = CSV COMPRESSION = GZIP SKIP_HEADER = 1 FIELD_DELIMITER = ',' FIELD_OPTIONALLY_ENCLOSED_BY = '"'
               NULL_IF = () EMPTY_FIELD_AS_NULL = TRUE ERROR_ON_COLUMN_COUNT_MISMATCH = TRUE
               TIMESTAMP_FORMAT = 'YYYY-MM-DD HH24:MI:SS.FF6' ENCODING = 'UTF8')
ON_ERROR = ABORT_STATEMENT
