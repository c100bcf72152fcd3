-- Staged rows of a load are removed in the transaction that merged them. Binding: 1 load_id.
DELETE FROM stg_visit WHERE load_id = ?;
