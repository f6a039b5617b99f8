-- Scalars are nearly all of the rows the service writes. Their key (job_id uuid, tag text, step, attempt) was
-- repeated in every row and every index entry; here a series (job, attempt, tag) gets a number once and each
-- point is keyed by (series_id, step), which halves the bytes PostgreSQL writes per point and lets ingestion
-- load new points with COPY (docs/benchmarks.md). The view keeps the old shape for every reader.
create table scalar_series (
    id      bigint generated always as identity primary key,
    job_id  uuid           not null references jobs on delete cascade,
    attempt int            not null,
    tag     text collate "C" not null,
    unique (job_id, tag, attempt)
);

-- No foreign key to scalar_series, for the reason V2 gave for scalars: the writer takes series ids from that
-- table in the same transaction, and neither jobs nor series are ever deleted.
create table scalar_points (
    series_id bigint           not null,
    step      bigint           not null,
    wall_time double precision not null,
    value     double precision not null,
    primary key (series_id, step)
);

insert into scalar_series (job_id, attempt, tag)
select distinct job_id, attempt, tag from scalars order by job_id, attempt, tag;

insert into scalar_points (series_id, step, wall_time, value)
select series.id, old.step, old.wall_time, old.value
from scalars old join scalar_series series using (job_id, attempt, tag);

drop table scalars;

create view scalars as
select series.job_id, series.attempt, series.tag, point.step, point.wall_time, point.value
from scalar_points point join scalar_series series on series.id = point.series_id;
