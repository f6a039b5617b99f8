-- The foreign key from scalar_rollups to scalar_series cost about a quarter of the rollup upsert's time when a
-- batch opens new buckets (a trigger per inserted row; docs/benchmarks.md), so the rollups go without it, as
-- the points do since V3: the writer takes the series ids from scalar_series in the same transaction, and
-- deleting a job deletes its rollups with its points (JobRepository) before the series cascade from the job.
alter table scalar_rollups drop constraint scalar_rollups_series_id_fkey;
