-- Whether a file with this content has been loaded before. Binding: 1 sha256.
SELECT CAST(COUNT(*) AS BIGINT) FROM load_audit WHERE sha256 = ? AND status = 'loaded';
