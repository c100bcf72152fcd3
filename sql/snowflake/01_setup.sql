-- 01_setup.sql: the warehouse, the database, the schema and the portable schema's tables.
-- Run first, in a Snowflake worksheet, as a role that may create warehouses and databases (SYSADMIN).
-- Idempotent: every object is created IF NOT EXISTS, so running it again changes nothing.
-- Works on every edition (Standard and up). Ownership moves to ER_ADMIN in 03_security.sql.
--
-- The tables are those of sql/migrations/*.sql, with the same columns and types, except that TIMESTAMP is written
-- TIMESTAMP_NTZ: Snowflake resolves a bare TIMESTAMP through the TIMESTAMP_TYPE_MAPPING parameter, and the loader
-- writes wall-clock times without a zone. The app applies the same migrations on first use (recording them in
-- schema_migration); both use CREATE TABLE IF NOT EXISTS, so creating the tables here first is harmless. To make
-- the app's bare TIMESTAMP columns NTZ as well, 06_keypair_user.sql pins TIMESTAMP_TYPE_MAPPING = 'TIMESTAMP_NTZ'
-- on the Function's user (it is a session parameter: it can be set on the account, a user or a session, not on a
-- database). Its default is TIMESTAMP_NTZ already; pinning it guards against an account-wide change.
--
-- Snowflake accepts PRIMARY KEY and UNIQUE but does not enforce them (only NOT NULL is enforced). The loader's MERGE
-- statements de-duplicate their source with QUALIFY ROW_NUMBER() ... = 1, so keys stay unique without enforcement.

USE ROLE SYSADMIN;

-- X-Small: 1 credit an hour, billed per second with a 60-second minimum each time it resumes. Loads and KPI reads
-- come in bursts, so suspend after 60 idle seconds and resume on the next query. Created suspended: no credits
-- until something runs.
CREATE WAREHOUSE IF NOT EXISTS ER_WH
    WAREHOUSE_SIZE = 'XSMALL'
    AUTO_SUSPEND = 60
    AUTO_RESUME = TRUE
    INITIALLY_SUSPENDED = TRUE
    COMMENT = 'ED pipeline: loads from the Function and worksheet analyses';

CREATE DATABASE IF NOT EXISTS ER_DB
    COMMENT = 'Emergency department warehouse (PHI: see 03_security.sql)';

-- Managed access: only the schema owner (ER_ADMIN after 03) or a role with MANAGE GRANTS may grant privileges on
-- the schema's objects, so an object's owner cannot widen access to PHI on its own.
CREATE SCHEMA IF NOT EXISTS ER_DB.ER
    WITH MANAGED ACCESS
    COMMENT = 'ED pipeline tables (same as sql/migrations), policies and secure views';

USE WAREHOUSE ER_WH;
USE SCHEMA ER_DB.ER;
ALTER SESSION SET TIMESTAMP_TYPE_MAPPING = 'TIMESTAMP_NTZ';

-- 0001_core_schema: the patient dimension, the visit fact, the load audit and the quarantine.
CREATE TABLE IF NOT EXISTS ER_DB.ER.dim_patient (
    patient_id             VARCHAR       NOT NULL PRIMARY KEY,
    age                    INTEGER,
    gender                 VARCHAR       NOT NULL,
    blood_group            VARCHAR       NOT NULL,
    pre_existing_condition VARCHAR,
    is_inferred            BOOLEAN       NOT NULL,
    load_id                VARCHAR       NOT NULL,
    loaded_at              TIMESTAMP_NTZ NOT NULL
);

CREATE TABLE IF NOT EXISTS ER_DB.ER.fact_er_visit (
    visit_id          VARCHAR       NOT NULL PRIMARY KEY,
    patient_id        VARCHAR       NOT NULL,
    doctor_id         VARCHAR,
    arrival_time      TIMESTAMP_NTZ NOT NULL,
    triage_level      INTEGER       NOT NULL,
    wait_time_minutes INTEGER       NOT NULL,
    department        VARCHAR       NOT NULL,
    load_id           VARCHAR       NOT NULL,
    loaded_at         TIMESTAMP_NTZ NOT NULL
);

CREATE TABLE IF NOT EXISTS ER_DB.ER.load_audit (
    load_id           VARCHAR       NOT NULL PRIMARY KEY,
    file_name         VARCHAR       NOT NULL,
    sha256            VARCHAR       NOT NULL,
    kind              VARCHAR       NOT NULL,
    status            VARCHAR       NOT NULL,
    rows_read         BIGINT        NOT NULL,
    rows_accepted     BIGINT        NOT NULL,
    rows_quarantined  BIGINT        NOT NULL,
    duplicate_keys    BIGINT        NOT NULL,
    inferred_patients BIGINT        NOT NULL,
    reasons_json      VARCHAR       NOT NULL,
    warnings_json     VARCHAR       NOT NULL,
    started_at        TIMESTAMP_NTZ NOT NULL,
    finished_at       TIMESTAMP_NTZ NOT NULL,
    duration_ms       BIGINT        NOT NULL
);

-- raw_text holds whole rejected CSV lines, PHI included: 03 grants it to the loader only.
CREATE TABLE IF NOT EXISTS ER_DB.ER.quarantine_row (
    load_id        VARCHAR       NOT NULL,
    file_name      VARCHAR       NOT NULL,
    sha256         VARCHAR       NOT NULL,
    line_number    BIGINT        NOT NULL,
    reason         VARCHAR       NOT NULL,
    raw_text       VARCHAR       NOT NULL,
    quarantined_at TIMESTAMP_NTZ NOT NULL
);

CREATE TABLE IF NOT EXISTS ER_DB.ER.stg_patient (
    load_id                VARCHAR NOT NULL,
    line_number            BIGINT  NOT NULL,
    patient_id             VARCHAR NOT NULL,
    age                    INTEGER,
    gender                 VARCHAR NOT NULL,
    blood_group            VARCHAR NOT NULL,
    pre_existing_condition VARCHAR
);

CREATE TABLE IF NOT EXISTS ER_DB.ER.stg_visit (
    load_id           VARCHAR       NOT NULL,
    line_number       BIGINT        NOT NULL,
    visit_id          VARCHAR       NOT NULL,
    patient_id        VARCHAR       NOT NULL,
    doctor_id         VARCHAR,
    arrival_time      TIMESTAMP_NTZ NOT NULL,
    triage_level      INTEGER       NOT NULL,
    wait_time_minutes INTEGER       NOT NULL,
    department        VARCHAR       NOT NULL
);

-- 0002_patient_surrogate: random surrogate keys shown to analysts instead of the patient id.
CREATE TABLE IF NOT EXISTS ER_DB.ER.patient_surrogate (
    patient_id    VARCHAR       NOT NULL PRIMARY KEY,
    surrogate_key VARCHAR       NOT NULL UNIQUE,
    created_at    TIMESTAMP_NTZ NOT NULL
);

-- 0003_vitals_and_alerts: scored vitals and the alerts raised from them.
CREATE TABLE IF NOT EXISTS ER_DB.ER.fact_vital (
    patient_id       VARCHAR       NOT NULL,
    device_id        VARCHAR       NOT NULL,
    observed_at      TIMESTAMP_NTZ NOT NULL,
    respiration_rate DOUBLE,
    spo2             DOUBLE,
    spo2_scale       INTEGER       NOT NULL,
    on_oxygen        BOOLEAN,
    systolic_bp      DOUBLE,
    heart_rate       DOUBLE,
    consciousness    VARCHAR,
    temperature_c    DOUBLE,
    news2            INTEGER       NOT NULL,
    band             VARCHAR       NOT NULL,
    red_score        BOOLEAN       NOT NULL,
    complete         BOOLEAN       NOT NULL,
    recorded_at      TIMESTAMP_NTZ NOT NULL,
    PRIMARY KEY (patient_id, device_id, observed_at)
);

CREATE TABLE IF NOT EXISTS ER_DB.ER.fact_alert_event (
    dedupe_key    VARCHAR       NOT NULL PRIMARY KEY,
    alert_id      VARCHAR       NOT NULL,
    kind          VARCHAR       NOT NULL,
    event         VARCHAR       NOT NULL,
    patient_id    VARCHAR       NOT NULL,
    band          VARCHAR,
    previous_band VARCHAR,
    news2         INTEGER,
    observed_at   TIMESTAMP_NTZ NOT NULL,
    raised_at     TIMESTAMP_NTZ NOT NULL,
    sent_at       TIMESTAMP_NTZ NOT NULL
);

CREATE TABLE IF NOT EXISTS ER_DB.ER.fact_alert (
    alert_id     VARCHAR       NOT NULL PRIMARY KEY,
    kind         VARCHAR       NOT NULL,
    patient_id   VARCHAR       NOT NULL,
    band         VARCHAR,
    raised_at    TIMESTAMP_NTZ NOT NULL,
    escalated_at TIMESTAMP_NTZ,
    cleared_at   TIMESTAMP_NTZ,
    reminders    INTEGER       NOT NULL,
    last_event   VARCHAR       NOT NULL,
    last_sent_at TIMESTAMP_NTZ NOT NULL
);

-- 0004_alert_state: alert engine state per patient, when the warehouse keeps it.
CREATE TABLE IF NOT EXISTS ER_DB.ER.alert_state (
    patient_id  VARCHAR       NOT NULL PRIMARY KEY,
    version     BIGINT        NOT NULL,
    next_due_at TIMESTAMP_NTZ,
    state_json  VARCHAR       NOT NULL
);

-- 0005_vital_staging: a batch of scored readings on its way into fact_vital.
CREATE TABLE IF NOT EXISTS ER_DB.ER.stg_vital (
    load_id          VARCHAR       NOT NULL,
    line_number      BIGINT        NOT NULL,
    patient_id       VARCHAR       NOT NULL,
    device_id        VARCHAR       NOT NULL,
    observed_at      TIMESTAMP_NTZ NOT NULL,
    respiration_rate DOUBLE,
    spo2             DOUBLE,
    spo2_scale       INTEGER       NOT NULL,
    on_oxygen        BOOLEAN,
    systolic_bp      DOUBLE,
    heart_rate       DOUBLE,
    consciousness    VARCHAR,
    temperature_c    DOUBLE,
    news2            INTEGER       NOT NULL,
    band             VARCHAR       NOT NULL,
    red_score        BOOLEAN       NOT NULL,
    complete         BOOLEAN       NOT NULL,
    recorded_at      TIMESTAMP_NTZ NOT NULL
);

SHOW TABLES IN SCHEMA ER_DB.ER;
