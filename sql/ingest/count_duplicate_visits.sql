-- Rows of the file that an equal key later in the same file replaced. Binding: 1 load_id.
SELECT CAST(COUNT(*) - COUNT(DISTINCT visit_id) AS BIGINT) FROM stg_visit WHERE load_id = ?;
