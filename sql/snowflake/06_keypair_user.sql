-- 06_keypair_user.sql: the Function's Snowflake user ER_FUNCTION, signing in with a key pair. Every edition.
-- A file of its own, run last: it needs ER_LOADER and ER_WH (03 and 01) to exist, it is the only script with a
-- per-environment value to paste (the public key), and it is the one to re-run alone when the key is rotated.
-- Idempotent: CREATE USER IF NOT EXISTS, then ALTER USER ... SET, which may be repeated.
--
-- Making the key pair (on a trusted machine; the private key never goes to Snowflake or into the repository):
--   1. An encrypted PKCS#8 private key (openssl asks for a passphrase; keep it with the key, e.g. in Key Vault):
--        openssl genrsa 2048 | openssl pkcs8 -topk8 -v2 aes-256-cbc -inform PEM -out rsa_key.p8
--   2. Its public key:
--        openssl rsa -in rsa_key.p8 -pubout -out rsa_key.pub
--   3. Paste the body of rsa_key.pub (between the BEGIN and END lines, line breaks removed) into RSA_PUBLIC_KEY below.
--   4. The fingerprint Snowflake will show as RSA_PUBLIC_KEY_FP, and that the JWT's iss carries after "SHA256:"
--      (base64 of the SHA-256 of the DER SubjectPublicKeyInfo):
--        openssl rsa -pubin -in rsa_key.pub -outform DER | openssl dgst -sha256 -binary | openssl enc -base64
--      After running this script, DESC USER ER_FUNCTION shows RSA_PUBLIC_KEY_FP = SHA256:<the same value>.
-- Rotating: set the new key as RSA_PUBLIC_KEY_2, switch the Function to the new private key, then
-- ALTER USER ER_FUNCTION UNSET RSA_PUBLIC_KEY. Snowflake accepts either key while both are set.

-- USERADMIN creates users (and owns this one).
USE ROLE USERADMIN;

-- TYPE = SERVICE: a workload, not a person: no password, no MFA prompt, key-pair (or OAuth) sign-in only.
-- DEFAULT_SECONDARY_ROLES = (): the session has ER_LOADER alone, whatever other roles the user might be granted.
-- TIMESTAMP_TYPE_MAPPING: the app's migrations write TIMESTAMP; pinning the mapping on the user makes those columns
-- TIMESTAMP_NTZ like the ones 01_setup.sql creates, even if the account default changes.
CREATE USER IF NOT EXISTS ER_FUNCTION
    TYPE = SERVICE
    DEFAULT_ROLE = ER_LOADER
    DEFAULT_WAREHOUSE = ER_WH
    DEFAULT_NAMESPACE = 'ER_DB.ER'
    DEFAULT_SECONDARY_ROLES = ()
    COMMENT = 'ED pipeline Azure Function: loads curated files and serves the KPI feed (SQL API, key-pair JWT)';

ALTER USER ER_FUNCTION SET
    DEFAULT_ROLE = ER_LOADER
    DEFAULT_WAREHOUSE = ER_WH
    TIMESTAMP_TYPE_MAPPING = 'TIMESTAMP_NTZ';

-- >>> REPLACE the placeholder with the public key body from step 3 (it is not a key, so the statement fails until then). <<<
ALTER USER ER_FUNCTION SET RSA_PUBLIC_KEY = '<paste the body of rsa_key.pub here>';

-- Granting roles needs MANAGE GRANTS or ownership of the role: SECURITYADMIN.
USE ROLE SECURITYADMIN;
GRANT ROLE ER_LOADER TO USER ER_FUNCTION;

-- Check RSA_PUBLIC_KEY_FP against step 4, and DEFAULT_ROLE / DEFAULT_WAREHOUSE.
DESC USER ER_FUNCTION;
