-- Snowflake only (er snowflake check): who and where the session is. A NULL warehouse means the role may not use it.
SELECT CURRENT_ACCOUNT() AS account_locator, CURRENT_USER() AS user_name, CURRENT_ROLE() AS role_name,
       CURRENT_WAREHOUSE() AS warehouse_name, CURRENT_DATABASE() AS database_name, CURRENT_SCHEMA() AS schema_name,
       CURRENT_VERSION() AS version
