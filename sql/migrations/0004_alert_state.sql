-- Alert engine state per patient, when the warehouse keeps it (er up without storage; Azure uses Table storage).
-- version is the optimistic-concurrency token: a save names the version it read.
CREATE TABLE IF NOT EXISTS alert_state (
    patient_id  VARCHAR   NOT NULL PRIMARY KEY,
    version     BIGINT    NOT NULL,
    next_due_at TIMESTAMP,
    state_json  VARCHAR   NOT NULL
);
