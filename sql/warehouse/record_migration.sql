-- Bindings: 1 version, 2 name, 3 checksum, 4 applied_at.
INSERT INTO schema_migration (version, name, checksum, applied_at) VALUES (?, ?, ?, ?);
