-- 05_tuning.sql: a clustering key on the visit fact, how to judge it, and warehouse sizing notes. Every edition.
-- Idempotent: ALTER ... CLUSTER BY and ALTER WAREHOUSE ... SET may be repeated.

USE ROLE ER_ADMIN;
USE WAREHOUSE ER_WH;

-- Most reads filter or group visits by department and arrival day (the KPI feed's filters, the rolling wait, the
-- analyses of 04). Clustering on (department, arrival date) lets Snowflake skip micro-partitions for such queries.
-- The date, not the timestamp: a key of lower cardinality clusters better and costs less to maintain.

-- Before: how well would the table be clustered on that key? Look at average_depth (1 is perfect; lower is better)
-- and average_overlaps, and at partition_depth_histogram.
SELECT SYSTEM$CLUSTERING_INFORMATION('ER_DB.ER.fact_er_visit', '(department, CAST(arrival_time AS DATE))');

-- When a key pays off: only once the table spans many micro-partitions (each holds about 16 MB compressed; think
-- hundreds of millions of visits, far more than one ED produces in years). Below that, pruning gains little and
-- Automatic Clustering still spends credits re-clustering after each load. Measure first; if total_partition_count
-- from the SELECT above is small, skip the ALTER below or suspend reclustering right after it:
--   ALTER TABLE ER_DB.ER.fact_er_visit SUSPEND RECLUSTER;
ALTER TABLE ER_DB.ER.fact_er_visit CLUSTER BY (department, CAST(arrival_time AS DATE));

-- After: the same figures for the defined key (no second argument needed once the table has one). Automatic
-- Clustering works in the background; compare again after some loads.
SELECT SYSTEM$CLUSTERING_INFORMATION('ER_DB.ER.fact_er_visit');

-- Warehouse sizing notes:
-- * X-Small (1 credit/hour) is the right start. Billing is per second with a 60-second minimum at each resume, and
--   loads arrive in bursts: AUTO_SUSPEND = 60 keeps idle time cheap without resuming on every statement.
-- * Scale up (SMALL, MEDIUM, ... each doubles credits per hour) only when a query's profile shows bytes spilled to
--   local or remote storage, or a single query is too slow; a bigger warehouse does not help many small queries.
-- * Many concurrent small queries (dashboard refreshes) queue rather than slow: the answer there is a multi-cluster
--   warehouse (MIN_CLUSTER_COUNT / MAX_CLUSTER_COUNT, Enterprise edition), not a larger size.
-- * The KPI feed keeps its SQL texts byte-identical and passes filters as bindings, so Snowflake's result cache
--   (24 hours, invalidated when the data changes) answers repeated reads without running the warehouse at all.
-- * A statement timeout stops a runaway query from running for the default 48 hours.
-- * Spend is capped with a resource monitor (ACCOUNTADMIN), for example:
--     CREATE RESOURCE MONITOR IF NOT EXISTS ER_MONITOR WITH CREDIT_QUOTA = 30 FREQUENCY = MONTHLY
--       START_TIMESTAMP = IMMEDIATELY TRIGGERS ON 80 PERCENT DO NOTIFY ON 100 PERCENT DO SUSPEND;
--     ALTER WAREHOUSE ER_WH SET RESOURCE_MONITOR = ER_MONITOR;
ALTER WAREHOUSE ER_WH SET
    WAREHOUSE_SIZE = 'XSMALL'
    AUTO_SUSPEND = 60
    AUTO_RESUME = TRUE
    STATEMENT_TIMEOUT_IN_SECONDS = 900;

-- Credits used by the warehouse per day over the last 30 days (ACCOUNT_USAGE lags by up to 3 hours and needs a role
-- with access to the SNOWFLAKE database, e.g. ACCOUNTADMIN or one granted IMPORTED PRIVILEGES on it).
SELECT
    CAST(start_time AS DATE) AS usage_date,
    SUM(credits_used) AS credits_used
FROM SNOWFLAKE.ACCOUNT_USAGE.WAREHOUSE_METERING_HISTORY
WHERE warehouse_name = 'ER_WH'
  AND start_time >= DATEADD('day', -30, CURRENT_TIMESTAMP())
GROUP BY CAST(start_time AS DATE)
ORDER BY usage_date;
