-- Benchmark baseline: DuckDB's own CSV reader inserting a visits file straight into the keyed fact table,
-- no cleaning, no quarantine, no audit. Binding: 1 file path.
INSERT INTO fact_er_visit
    (visit_id, patient_id, doctor_id, arrival_time, triage_level, wait_time_minutes, department, load_id, loaded_at)
SELECT visit_id, patient_id, doctor_id, arrival_time, triage_level, wait_time_minutes, department_routed, 'baseline', CAST(now() AS TIMESTAMP)
FROM read_csv(?, header = true);
