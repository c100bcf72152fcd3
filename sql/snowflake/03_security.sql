-- 03_security.sql: roles, least-privilege grants, the department mapping, and the two ways of protecting PHI.
-- Run after 01_setup.sql and 02_stage.sql. Idempotent: IF NOT EXISTS, OR REPLACE ... COPY GRANTS, grants that may
-- be repeated, and policies whose bodies are (re)set with ALTER ... SET BODY.
--
-- Which edition needs which part:
--   Part 1-4 (roles, grants, role_department, the secure view visit_masked): every edition, Standard included.
--             On Standard edition the secure view IS the protection: analysts are granted the view, never the tables.
--   Part 5    (masking policies, row access policy): Enterprise edition or higher only; Standard edition rejects
--             CREATE MASKING POLICY and CREATE ROW ACCESS POLICY, so stop before Part 5 there.
--             HIPAA workloads under a BAA need Business Critical edition anyway.
--
-- What analysts may see mirrors the app (src/ErPipeline/Kpis/VisitFeed.cs): a random surrogate key instead of the
-- patient id, ages 90 and over as '90+', pre-existing conditions as 'masked' (NULL stays NULL). Clinicians
-- (ER_DOCTOR) see everything, in every department. The Function's user (ER_LOADER) reads unmasked too: the app
-- masks by its own roles, and its MERGE statements must see every row to match keys.
--
-- Role hierarchy: ER_LOADER, ER_DOCTOR and ER_ANALYST are granted to ER_ADMIN, and ER_ADMIN to SYSADMIN (Snowflake's
-- advice: custom roles roll up to SYSADMIN). IS_ROLE_IN_SESSION follows the hierarchy, so ER_ADMIN, SYSADMIN and
-- ACCOUNTADMIN see unmasked data as ER_DOCTOR does. It also counts secondary roles: a person granted both ER_ANALYST
-- and ER_DOCTOR sees unmasked data while DEFAULT_SECONDARY_ROLES = ('ALL'); set it to () for such users.

------------------------------------------------------------------------------------------------------------------------
-- Part 1: roles (every edition)
------------------------------------------------------------------------------------------------------------------------
USE ROLE SECURITYADMIN;

CREATE ROLE IF NOT EXISTS ER_ADMIN COMMENT = 'Owns and administers ER_DB, ER_WH and the security policies';
CREATE ROLE IF NOT EXISTS ER_LOADER COMMENT = 'The Function''s user ER_FUNCTION: loads curated files, applies migrations, reads for the feed';
CREATE ROLE IF NOT EXISTS ER_DOCTOR COMMENT = 'Clinicians: identified, unmasked data in every department';
CREATE ROLE IF NOT EXISTS ER_ANALYST COMMENT = 'Analysts: the masked secure view only, departments per role_department';

GRANT ROLE ER_LOADER TO ROLE ER_ADMIN;
GRANT ROLE ER_DOCTOR TO ROLE ER_ADMIN;
GRANT ROLE ER_ANALYST TO ROLE ER_ADMIN;
GRANT ROLE ER_ADMIN TO ROLE SYSADMIN;

------------------------------------------------------------------------------------------------------------------------
-- Part 2: the department mapping (every edition)
------------------------------------------------------------------------------------------------------------------------
-- Which departments each role may see, for the secure view and the row access policy. role_name is the role's name
-- as Snowflake stores it (upper case unless created quoted); department is a value of fact_er_visit.department, or
-- '*' for every department. Created before Part 3's future grants, so the loader gets no write access to it.
USE ROLE SYSADMIN;
USE WAREHOUSE ER_WH;

CREATE TABLE IF NOT EXISTS ER_DB.ER.role_department (
    role_name  VARCHAR NOT NULL,
    department VARCHAR NOT NULL,
    PRIMARY KEY (role_name, department)
);

-- ER_ANALYST sees every department, as the app's analyst role does. For analysts limited to some departments, make a
-- role per scope that does NOT inherit ER_ANALYST (that would bring the '*' row with it), e.g.:
--   CREATE ROLE IF NOT EXISTS ER_ANALYST_TRAUMA;
--   GRANT ROLE ER_ANALYST_TRAUMA TO ROLE ER_ADMIN;
--   GRANT USAGE ON WAREHOUSE ER_WH TO ROLE ER_ANALYST_TRAUMA;  (and USAGE on ER_DB and ER_DB.ER)
--   GRANT SELECT ON VIEW ER_DB.ER.visit_masked TO ROLE ER_ANALYST_TRAUMA;
--   INSERT INTO ER_DB.ER.role_department (role_name, department) VALUES ('ER_ANALYST_TRAUMA', 'Trauma');
MERGE INTO ER_DB.ER.role_department AS t
USING (SELECT 'ER_ANALYST' AS role_name, '*' AS department) AS s
ON t.role_name = s.role_name AND t.department = s.department
WHEN NOT MATCHED THEN INSERT (role_name, department) VALUES (s.role_name, s.department);

------------------------------------------------------------------------------------------------------------------------
-- Part 3: ownership and least-privilege grants (every edition)
------------------------------------------------------------------------------------------------------------------------
-- ER_ADMIN will own the stage, whose owner must be able to use the storage integration.
USE ROLE ACCOUNTADMIN;
GRANT USAGE ON INTEGRATION ER_AZURE_CURATED TO ROLE ER_ADMIN;

-- SECURITYADMIN holds MANAGE GRANTS: it may transfer ownership and grant in the managed-access schema.
USE ROLE SECURITYADMIN;

-- ER_ADMIN owns everything 01 and 02 created (COPY CURRENT GRANTS keeps existing grants across the transfer).
GRANT OWNERSHIP ON WAREHOUSE ER_WH TO ROLE ER_ADMIN COPY CURRENT GRANTS;
GRANT OWNERSHIP ON DATABASE ER_DB TO ROLE ER_ADMIN COPY CURRENT GRANTS;
GRANT OWNERSHIP ON SCHEMA ER_DB.ER TO ROLE ER_ADMIN COPY CURRENT GRANTS;
GRANT OWNERSHIP ON ALL TABLES IN SCHEMA ER_DB.ER TO ROLE ER_ADMIN COPY CURRENT GRANTS;
GRANT OWNERSHIP ON ALL FILE FORMATS IN SCHEMA ER_DB.ER TO ROLE ER_ADMIN COPY CURRENT GRANTS;
GRANT OWNERSHIP ON ALL STAGES IN SCHEMA ER_DB.ER TO ROLE ER_ADMIN COPY CURRENT GRANTS;
-- Tables the app creates later (schema_migration on first use, tables of future migrations) belong to ER_ADMIN too,
-- so the loader can never drop or alter a table, only read and write rows.
GRANT OWNERSHIP ON FUTURE TABLES IN SCHEMA ER_DB.ER TO ROLE ER_ADMIN;

-- ER_LOADER (the Function's user ER_FUNCTION), each grant and why:
-- USAGE on the warehouse: to run statements (and resume the suspended warehouse). Not OPERATE or MODIFY: it never
-- starts, stops or resizes the warehouse by itself.
GRANT USAGE ON WAREHOUSE ER_WH TO ROLE ER_LOADER;
-- USAGE on the database and schema: to name any object in them.
GRANT USAGE ON DATABASE ER_DB TO ROLE ER_LOADER;
GRANT USAGE ON SCHEMA ER_DB.ER TO ROLE ER_LOADER;
-- CREATE TABLE on the schema: the app applies sql/migrations on first use (CREATE TABLE IF NOT EXISTS, and its own
-- schema_migration). Nothing else is created: no CREATE STAGE, VIEW or POLICY.
GRANT CREATE TABLE ON SCHEMA ER_DB.ER TO ROLE ER_LOADER;
-- USAGE on the stage: the privilege COPY INTO needs on an EXTERNAL stage (READ and WRITE exist only for internal
-- stages). It reads through the integration; the loader gets no privilege on the integration itself.
GRANT USAGE ON STAGE ER_DB.ER.ER_CURATED_STAGE TO ROLE ER_LOADER;
-- USAGE on the file format: for COPY INTO ... FILE_FORMAT = (FORMAT_NAME = 'ER_DB.ER.ER_CSV_GZ').
GRANT USAGE ON FILE FORMAT ER_DB.ER.ER_CSV_GZ TO ROLE ER_LOADER;
-- Rows of the app's tables only, named one by one: staging is inserted and deleted, MERGE inserts and updates the
-- dimension and facts, the alert state is updated in place. No TRUNCATE, no OWNERSHIP, nothing on role_department.
GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE ER_DB.ER.dim_patient TO ROLE ER_LOADER;
GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE ER_DB.ER.fact_er_visit TO ROLE ER_LOADER;
GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE ER_DB.ER.load_audit TO ROLE ER_LOADER;
GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE ER_DB.ER.quarantine_row TO ROLE ER_LOADER;
GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE ER_DB.ER.stg_patient TO ROLE ER_LOADER;
GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE ER_DB.ER.stg_visit TO ROLE ER_LOADER;
GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE ER_DB.ER.stg_vital TO ROLE ER_LOADER;
GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE ER_DB.ER.patient_surrogate TO ROLE ER_LOADER;
GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE ER_DB.ER.fact_vital TO ROLE ER_LOADER;
GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE ER_DB.ER.fact_alert_event TO ROLE ER_LOADER;
GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE ER_DB.ER.fact_alert TO ROLE ER_LOADER;
GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE ER_DB.ER.alert_state TO ROLE ER_LOADER;
-- The same on tables created from now on (schema_migration, future migrations), which ER_ADMIN will own.
GRANT SELECT, INSERT, UPDATE, DELETE ON FUTURE TABLES IN SCHEMA ER_DB.ER TO ROLE ER_LOADER;

-- ER_DOCTOR: read the clinical tables, unmasked, every department. Not the load audit, the quarantine (raw rejected
-- lines), staging, the surrogate lookup or the mapping: clinicians need none of them for care.
GRANT USAGE ON WAREHOUSE ER_WH TO ROLE ER_DOCTOR;
GRANT USAGE ON DATABASE ER_DB TO ROLE ER_DOCTOR;
GRANT USAGE ON SCHEMA ER_DB.ER TO ROLE ER_DOCTOR;
GRANT SELECT ON TABLE ER_DB.ER.dim_patient TO ROLE ER_DOCTOR;
GRANT SELECT ON TABLE ER_DB.ER.fact_er_visit TO ROLE ER_DOCTOR;
GRANT SELECT ON TABLE ER_DB.ER.fact_vital TO ROLE ER_DOCTOR;
GRANT SELECT ON TABLE ER_DB.ER.fact_alert TO ROLE ER_DOCTOR;
GRANT SELECT ON TABLE ER_DB.ER.fact_alert_event TO ROLE ER_DOCTOR;

-- ER_ANALYST: enough to query; the only object it may read is the secure view (granted in Part 4).
GRANT USAGE ON WAREHOUSE ER_WH TO ROLE ER_ANALYST;
GRANT USAGE ON DATABASE ER_DB TO ROLE ER_ANALYST;
GRANT USAGE ON SCHEMA ER_DB.ER TO ROLE ER_ANALYST;

------------------------------------------------------------------------------------------------------------------------
-- Part 4: the secure view (every edition; the protection on Standard edition)
------------------------------------------------------------------------------------------------------------------------
-- Row-level visits as the feed shows them: the surrogate key instead of the patient id (NULL until the app has
-- assigned one: it does so when an analyst first reads row-level visits), ages 90+ as '90+', conditions 'masked',
-- and only the departments role_department gives the session's roles. ER_DOCTOR (and the roles above it) see the
-- patient id, exact ages and conditions in every department. SECURE: the definition is hidden from those who may
-- only select, and the optimiser cannot push their predicates past the filters. The view runs with its owner's
-- rights on the tables, so analysts need no grant on them; IS_ROLE_IN_SESSION still looks at the querying session.
USE ROLE ER_ADMIN;
USE WAREHOUSE ER_WH;

CREATE OR REPLACE SECURE VIEW ER_DB.ER.visit_masked
    COPY GRANTS
    COMMENT = 'Visits with patient attributes, masked for analysts and filtered by role_department'
AS
SELECT
    v.visit_id,
    CASE WHEN IS_ROLE_IN_SESSION('ER_DOCTOR') THEN v.patient_id ELSE s.surrogate_key END AS patient_key,
    v.doctor_id,
    v.arrival_time,
    v.triage_level,
    v.wait_time_minutes,
    v.department,
    CASE
        WHEN p.age IS NULL THEN NULL
        WHEN p.age >= 90 AND NOT IS_ROLE_IN_SESSION('ER_DOCTOR') THEN '90+'
        ELSE CAST(p.age AS VARCHAR)
    END AS age,
    p.gender,
    p.blood_group,
    CASE
        WHEN p.pre_existing_condition IS NULL OR IS_ROLE_IN_SESSION('ER_DOCTOR') THEN p.pre_existing_condition
        ELSE 'masked'
    END AS pre_existing_condition
FROM ER_DB.ER.fact_er_visit AS v
JOIN ER_DB.ER.dim_patient AS p ON p.patient_id = v.patient_id
LEFT JOIN ER_DB.ER.patient_surrogate AS s ON s.patient_id = v.patient_id
WHERE IS_ROLE_IN_SESSION('ER_DOCTOR')
   OR EXISTS (
        SELECT 1
        FROM ER_DB.ER.role_department AS m
        WHERE m.department IN (v.department, '*')
          AND IS_ROLE_IN_SESSION(m.role_name)
   );

GRANT SELECT ON VIEW ER_DB.ER.visit_masked TO ROLE ER_ANALYST;
GRANT SELECT ON VIEW ER_DB.ER.visit_masked TO ROLE ER_DOCTOR;

------------------------------------------------------------------------------------------------------------------------
-- Part 5: masking and row access policies (ENTERPRISE EDITION OR HIGHER ONLY; stop here on Standard edition)
------------------------------------------------------------------------------------------------------------------------
-- Policies travel with the table: they apply to every query, view, clone and future grant, not only to the view.
-- Each policy is created with a body that masks everything (so it is never attached while too open), then its real
-- body is set with ALTER ... SET BODY, which also updates it on a re-run (CREATE OR REPLACE fails on a policy that is
-- attached to a column). ER_ADMIN owns both the policies and the tables, which is what attaching them requires.
-- Unmasked: ER_DOCTOR (clinicians) and ER_LOADER (the app masks by its own roles, and its MERGE must read real rows).

-- Conditions: 'masked' for everyone else, NULL stays NULL (as VisitFeed.MaskedText).
CREATE MASKING POLICY IF NOT EXISTS ER_DB.ER.mask_condition AS (val VARCHAR) RETURNS VARCHAR ->
    CASE WHEN val IS NULL THEN NULL ELSE 'masked' END
    COMMENT = 'Pre-existing conditions: visible to ER_DOCTOR and ER_LOADER only';
ALTER MASKING POLICY ER_DB.ER.mask_condition SET BODY ->
    CASE
        WHEN IS_ROLE_IN_SESSION('ER_DOCTOR') OR IS_ROLE_IN_SESSION('ER_LOADER') THEN val
        WHEN val IS NULL THEN NULL
        ELSE 'masked'
    END;

-- Ages: a masking policy must return the column's type (INTEGER), so it cannot return the text '90+'. Ages 90 and
-- over become 90, the single "90 or older" category Safe Harbor allows: 90 in this column means "90+", and the
-- secure view turns it into '90+' on either edition. Younger ages are not identifying under Safe Harbor.
CREATE MASKING POLICY IF NOT EXISTS ER_DB.ER.mask_age AS (val INTEGER) RETURNS INTEGER ->
    CASE WHEN val >= 90 THEN 90 ELSE val END
    COMMENT = 'Ages: 90 and over top-coded to 90 except for ER_DOCTOR and ER_LOADER';
ALTER MASKING POLICY ER_DB.ER.mask_age SET BODY ->
    CASE
        WHEN IS_ROLE_IN_SESSION('ER_DOCTOR') OR IS_ROLE_IN_SESSION('ER_LOADER') THEN val
        WHEN val >= 90 THEN 90
        ELSE val
    END;

-- FORCE replaces a policy already on the column, so a re-run does not fail.
ALTER TABLE ER_DB.ER.dim_patient MODIFY COLUMN pre_existing_condition SET MASKING POLICY ER_DB.ER.mask_condition FORCE;
ALTER TABLE ER_DB.ER.dim_patient MODIFY COLUMN age SET MASKING POLICY ER_DB.ER.mask_age FORCE;

-- Departments: doctors and the loader see every row; any other role sees the departments role_department gives to
-- a role in its session. The argument is named visit_department so that it cannot be confused with the mapping
-- table's own department column. The policy reads role_department with its owner's rights.
CREATE ROW ACCESS POLICY IF NOT EXISTS ER_DB.ER.department_rows AS (visit_department VARCHAR) RETURNS BOOLEAN ->
    FALSE
    COMMENT = 'Visits: all departments for ER_DOCTOR and ER_LOADER, else those in role_department';
ALTER ROW ACCESS POLICY ER_DB.ER.department_rows SET BODY ->
    IS_ROLE_IN_SESSION('ER_DOCTOR')
    OR IS_ROLE_IN_SESSION('ER_LOADER')
    OR EXISTS (
        SELECT 1
        FROM ER_DB.ER.role_department AS m
        WHERE m.department IN (visit_department, '*')
          AND IS_ROLE_IN_SESSION(m.role_name)
    );

-- A table takes one row access policy; dropping all first makes the attachment repeatable (DROP ALL succeeds when
-- none is attached). Between the two statements the table has no row policy: analysts hold no grant on it.
ALTER TABLE ER_DB.ER.fact_er_visit DROP ALL ROW ACCESS POLICIES;
ALTER TABLE ER_DB.ER.fact_er_visit ADD ROW ACCESS POLICY ER_DB.ER.department_rows ON (department);

SHOW GRANTS TO ROLE ER_LOADER;
