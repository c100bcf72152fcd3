-- Core schema: the patient dimension, the visit fact, the load audit and the quarantine.
-- Portable subset: runs on DuckDB and Snowflake alike (see shared/DOMAIN.md §6).

CREATE TABLE IF NOT EXISTS dim_patient (
    patient_id             VARCHAR   NOT NULL PRIMARY KEY,
    age                    INTEGER,
    gender                 VARCHAR   NOT NULL,
    blood_group            VARCHAR   NOT NULL,
    pre_existing_condition VARCHAR,
    is_inferred            BOOLEAN   NOT NULL,
    load_id                VARCHAR   NOT NULL,
    loaded_at              TIMESTAMP NOT NULL
);

CREATE TABLE IF NOT EXISTS fact_er_visit (
    visit_id          VARCHAR   NOT NULL PRIMARY KEY,
    patient_id        VARCHAR   NOT NULL,
    doctor_id         VARCHAR,
    arrival_time      TIMESTAMP NOT NULL,
    triage_level      INTEGER   NOT NULL,
    wait_time_minutes INTEGER   NOT NULL,
    department        VARCHAR   NOT NULL,
    load_id           VARCHAR   NOT NULL,
    loaded_at         TIMESTAMP NOT NULL
);

-- One row per file seen, whatever became of it: loaded, already-loaded or rejected.
CREATE TABLE IF NOT EXISTS load_audit (
    load_id           VARCHAR   NOT NULL PRIMARY KEY,
    file_name         VARCHAR   NOT NULL,
    sha256            VARCHAR   NOT NULL,
    kind              VARCHAR   NOT NULL,
    status            VARCHAR   NOT NULL,
    rows_read         BIGINT    NOT NULL,
    rows_accepted     BIGINT    NOT NULL,
    rows_quarantined  BIGINT    NOT NULL,
    duplicate_keys    BIGINT    NOT NULL,
    inferred_patients BIGINT    NOT NULL,
    reasons_json      VARCHAR   NOT NULL,
    warnings_json     VARCHAR   NOT NULL,
    started_at        TIMESTAMP NOT NULL,
    finished_at       TIMESTAMP NOT NULL,
    duration_ms       BIGINT    NOT NULL
);

-- Every row that did not reach the warehouse, with where it came from and why.
CREATE TABLE IF NOT EXISTS quarantine_row (
    load_id        VARCHAR   NOT NULL,
    file_name      VARCHAR   NOT NULL,
    sha256         VARCHAR   NOT NULL,
    line_number    BIGINT    NOT NULL,
    reason         VARCHAR   NOT NULL,
    raw_text       VARCHAR   NOT NULL,
    quarantined_at TIMESTAMP NOT NULL
);

-- Staging: cleaned rows of the file being loaded; emptied in the same transaction that merges them.
CREATE TABLE IF NOT EXISTS stg_patient (
    load_id                VARCHAR NOT NULL,
    line_number            BIGINT  NOT NULL,
    patient_id             VARCHAR NOT NULL,
    age                    INTEGER,
    gender                 VARCHAR NOT NULL,
    blood_group            VARCHAR NOT NULL,
    pre_existing_condition VARCHAR
);

CREATE TABLE IF NOT EXISTS stg_visit (
    load_id           VARCHAR   NOT NULL,
    line_number       BIGINT    NOT NULL,
    visit_id          VARCHAR   NOT NULL,
    patient_id        VARCHAR   NOT NULL,
    doctor_id         VARCHAR,
    arrival_time      TIMESTAMP NOT NULL,
    triage_level      INTEGER   NOT NULL,
    wait_time_minutes INTEGER   NOT NULL,
    department        VARCHAR   NOT NULL
);
