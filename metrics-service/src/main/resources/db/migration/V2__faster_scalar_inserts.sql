-- Measured on the shared 2-core machine (docs/benchmarks.md): byte-order tags make the scalar key cheaper
-- to compare than locale-aware text, and the foreign key check cost about a third of the insert time.
-- Ingestion refuses events of unknown jobs before it writes (they go to the dead-letter topic) and jobs are
-- never deleted, so the check only repeated what the listener already guarantees.
alter table scalars drop constraint scalars_job_id_fkey;
alter table scalars alter column tag type text collate "C";
