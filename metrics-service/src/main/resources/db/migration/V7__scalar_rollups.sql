-- Rollups of every scalar series at several resolutions, so that a downsampled read of any step range reads
-- about as many rows as it answers with, however long the series (docs/architecture.md, "Scalar reads").
-- Level k buckets steps by 32 * 8^(k-1) (bucket = step / width); each row summarises the points of its bucket:
-- how many, the first and the last by step, the lowest and the highest by value (ties: the earlier step).
-- The scalar writer keeps them in the transaction that inserts the points, from the new points only.
-- Deleting a job deletes its series (scalar_series references jobs on delete cascade), and its rollups here.
create table scalar_rollups (
    series_id       bigint           not null references scalar_series on delete cascade,
    level           smallint         not null,
    bucket          bigint           not null,
    count           bigint           not null,
    first_step      bigint           not null,
    first_wall_time double precision not null,
    first_value     double precision not null,
    last_step       bigint           not null,
    last_wall_time  double precision not null,
    last_value      double precision not null,
    min_step        bigint           not null,
    min_wall_time   double precision not null,
    min_value       double precision not null,
    max_step        bigint           not null,
    max_wall_time   double precision not null,
    max_value       double precision not null,
    primary key (series_id, level, bucket)
);
