-- Random surrogate keys for patients, shown to analysts instead of the patient id (shared/DOMAIN.md §5: a pseudonym
-- must not be derived from the identifier). Kept on the clinical side: only the warehouse maps one to the other.
CREATE TABLE IF NOT EXISTS patient_surrogate (
    patient_id    VARCHAR   NOT NULL PRIMARY KEY,
    surrogate_key VARCHAR   NOT NULL UNIQUE,
    created_at    TIMESTAMP NOT NULL
);
