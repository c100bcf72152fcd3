-- Bookkeeping of applied migrations; the one table that exists before any migration runs.
CREATE TABLE IF NOT EXISTS schema_migration (
    version    INTEGER   NOT NULL,
    name       VARCHAR   NOT NULL,
    checksum   VARCHAR   NOT NULL,
    applied_at TIMESTAMP NOT NULL
);
