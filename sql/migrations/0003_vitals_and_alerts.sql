-- Bedside vitals as scored, and the alerts raised from them (shared/DOMAIN.md §2.8: raised / escalated / cleared
-- times are recorded so that alert KPIs can be reported). Portable subset: runs on DuckDB and Snowflake alike.

-- One row per reading received, with its NEWS2. A redelivered reading (same patient, device and time) is kept once.
CREATE TABLE IF NOT EXISTS fact_vital (
    patient_id       VARCHAR   NOT NULL,
    device_id        VARCHAR   NOT NULL,
    observed_at      TIMESTAMP NOT NULL,
    respiration_rate DOUBLE,
    spo2             DOUBLE,
    spo2_scale       INTEGER   NOT NULL,
    on_oxygen        BOOLEAN,
    systolic_bp      DOUBLE,
    heart_rate       DOUBLE,
    consciousness    VARCHAR,
    temperature_c    DOUBLE,
    news2            INTEGER   NOT NULL,
    band             VARCHAR   NOT NULL,
    red_score        BOOLEAN   NOT NULL,
    complete         BOOLEAN   NOT NULL,
    recorded_at      TIMESTAMP NOT NULL,
    PRIMARY KEY (patient_id, device_id, observed_at)
);

-- Every alert message sent, once (the dedupe key is unique per event).
CREATE TABLE IF NOT EXISTS fact_alert_event (
    dedupe_key    VARCHAR   NOT NULL PRIMARY KEY,
    alert_id      VARCHAR   NOT NULL,
    kind          VARCHAR   NOT NULL,
    event         VARCHAR   NOT NULL,
    patient_id    VARCHAR   NOT NULL,
    band          VARCHAR,
    previous_band VARCHAR,
    news2         INTEGER,
    observed_at   TIMESTAMP NOT NULL,
    raised_at     TIMESTAMP NOT NULL,
    sent_at       TIMESTAMP NOT NULL
);

-- One row per alert, from its raise to its clearing: the times alert KPIs are computed from.
CREATE TABLE IF NOT EXISTS fact_alert (
    alert_id     VARCHAR   NOT NULL PRIMARY KEY,
    kind         VARCHAR   NOT NULL,
    patient_id   VARCHAR   NOT NULL,
    band         VARCHAR,
    raised_at    TIMESTAMP NOT NULL,
    escalated_at TIMESTAMP,
    cleared_at   TIMESTAMP,
    reminders    INTEGER   NOT NULL,
    last_event   VARCHAR   NOT NULL,
    last_sent_at TIMESTAMP NOT NULL
);
