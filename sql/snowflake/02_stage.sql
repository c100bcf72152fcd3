-- 02_stage.sql: the file format of the loader's curated files, the storage integration and the external stage on
-- the Azure container er-curated. Run after 01_setup.sql. Works on every edition.
-- Idempotent: IF NOT EXISTS throughout. Never CREATE OR REPLACE the integration: a new integration gets a new Azure
-- multi-tenant app, and the consent and role assignment below would have to be done again.
--
-- Curated paths written by the loader: patients/<sha256>.csv.gz, visits/<sha256>.csv.gz, quarantine/<sha256>.csv.gz.
-- Files are named by content hash, so COPY INTO's load metadata (kept 64 days) skips a file it has already loaded.

USE ROLE SYSADMIN;
USE WAREHOUSE ER_WH;
USE SCHEMA ER_DB.ER;

-- Exactly what the loader writes: gzip CSV, UTF-8, comma-delimited, a header line, fields optionally enclosed in
-- double quotes with a doubled quote as the escape inside them, an empty unquoted field meaning NULL, timestamps as
-- YYYY-MM-DD HH24:MI:SS.FF6. Backslash is not an escape in these files (the default ESCAPE_UNENCLOSED_FIELD would
-- treat it as one). RECORD_DELIMITER keeps its default, the new line, which also accepts CRLF.
-- A wrong column count fails the file rather than loading shifted columns.
-- To change an option later, use ALTER FILE FORMAT ER_DB.ER.ER_CSV_GZ SET ...: replacing the format would drop the
-- grants 03_security.sql gives on it.
CREATE FILE FORMAT IF NOT EXISTS ER_DB.ER.ER_CSV_GZ
    TYPE = CSV
    COMPRESSION = GZIP
    ENCODING = 'UTF8'
    FIELD_DELIMITER = ','
    SKIP_HEADER = 1
    FIELD_OPTIONALLY_ENCLOSED_BY = '"'
    ESCAPE = NONE
    ESCAPE_UNENCLOSED_FIELD = NONE
    NULL_IF = ('')
    EMPTY_FIELD_AS_NULL = TRUE
    TIMESTAMP_FORMAT = 'YYYY-MM-DD HH24:MI:SS.FF6'
    ERROR_ON_COLUMN_COUNT_MISMATCH = TRUE
    COMMENT = 'Curated files written by the ED loader (gzip CSV with header)';

-- Creating an integration needs the account-level CREATE INTEGRATION privilege: ACCOUNTADMIN by default.
USE ROLE ACCOUNTADMIN;

-- >>> REPLACE the two placeholders in the DECLARE section before running: the storage account name (the part before
-- .blob.core.windows.net) and the Microsoft Entra tenant id (a GUID) that owns that storage account. <<<
-- The block builds the container URL once, so the integration's allowed location and the stage's URL cannot differ,
-- and it refuses to run while a placeholder is left.
EXECUTE IMMEDIATE $$
DECLARE
    storage_account VARCHAR DEFAULT '<storageaccount>';
    azure_tenant_id VARCHAR DEFAULT '<azure-tenant-id>';
    placeholder_left EXCEPTION (-20001, 'Replace <storageaccount> and <azure-tenant-id> in 02_stage.sql before running it.');
BEGIN
    IF (CONTAINS(storage_account, '<') OR CONTAINS(azure_tenant_id, '<')) THEN
        RAISE placeholder_left;
    END IF;
    LET container_url VARCHAR := 'azure://' || storage_account || '.blob.core.windows.net/er-curated/';
    LET create_integration VARCHAR :=
        'CREATE STORAGE INTEGRATION IF NOT EXISTS ER_AZURE_CURATED'
        || ' TYPE = EXTERNAL_STAGE STORAGE_PROVIDER = ''AZURE'' ENABLED = TRUE'
        || ' AZURE_TENANT_ID = ''' || azure_tenant_id || ''''
        || ' STORAGE_ALLOWED_LOCATIONS = (''' || container_url || ''')'
        || ' COMMENT = ''Read access to the er-curated container''';
    EXECUTE IMMEDIATE create_integration;
    LET create_stage VARCHAR :=
        'CREATE STAGE IF NOT EXISTS ER_DB.ER.ER_CURATED_STAGE'
        || ' URL = ''' || container_url || ''''
        || ' STORAGE_INTEGRATION = ER_AZURE_CURATED'
        || ' FILE_FORMAT = (FORMAT_NAME = ''ER_DB.ER.ER_CSV_GZ'')'
        || ' COMMENT = ''Curated files: patients/, visits/, quarantine/''';
    EXECUTE IMMEDIATE create_stage;
    RETURN container_url;
END;
$$;

-- The block ran as ACCOUNTADMIN, so ACCOUNTADMIN owns a stage it has just created; 03_security.sql hands every stage
-- of the schema to ER_ADMIN. (Transferring it here would take it back from ER_ADMIN each time this script is re-run.)

-- Consent, once per integration (Snowflake cannot read the container until this is done):
-- 1. Run the DESC below. AZURE_CONSENT_URL is a Microsoft consent page; AZURE_MULTI_TENANT_APP_NAME is the name of
--    the Snowflake application it registers in your tenant (the part before the underscore is what the portal shows).
-- 2. Open AZURE_CONSENT_URL as a tenant administrator and accept. This creates the app's service principal.
-- 3. In the Azure portal (or Bicep), on the er-curated container (or the storage account), add a role assignment:
--    role "Storage Blob Data Reader", member = that service principal. Reading is all COPY INTO needs.
--    Role assignments can take some minutes to apply.
-- 4. Check with the LIST below: it lists the curated files, or fails with an authorisation error until step 3 applies.
DESC STORAGE INTEGRATION ER_AZURE_CURATED;

LIST @ER_DB.ER.ER_CURATED_STAGE;
