-- Snowflake only (er snowflake check): the files of the external stage; fails when the stage or its storage
-- integration cannot read the er-curated container. {stage} is put in by the adapter.
LIST @{stage}
