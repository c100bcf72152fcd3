-- Staging for the vitals stream on Snowflake: a batch of scored readings is copied from a curated file under one load
-- id, merged into fact_vital by one statement and removed, in one transaction. (DuckDB inserts readings one by one,
-- which is cheaper there for small batches; the table exists on both so that the schema is one.)
CREATE TABLE IF NOT EXISTS stg_vital (
    load_id          VARCHAR   NOT NULL,
    line_number      BIGINT    NOT NULL,
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
    recorded_at      TIMESTAMP NOT NULL
);
