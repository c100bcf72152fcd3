-- Staged readings of a batch are removed in the transaction that merged them. Binding: :load_id.
DELETE FROM stg_vital WHERE load_id = :load_id
