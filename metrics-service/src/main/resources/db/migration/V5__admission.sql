-- Admission (ingest/Admission) keeps what it needs to judge an event before anything is stored.
-- Each tag of a run belongs to one TensorBoard plugin: the first event that uses the tag claims it for its kind,
-- and an event of another kind with the same tag is refused (TensorBoard's routes fail for a tag of two kinds).
-- Text tags are kept as written into event files (tag + '/text_summary').
create table run_tags (
    job_id uuid             not null references jobs on delete cascade,
    tag    text collate "C" not null,
    kind   text             not null,
    primary key (job_id, tag)
);

insert into run_tags (job_id, tag, kind)
select distinct job_id, tag, 'SCALARS' from scalar_series
on conflict do nothing;
insert into run_tags (job_id, tag, kind) select distinct job_id, tag, 'IMAGES' from images on conflict do nothing;
insert into run_tags (job_id, tag, kind) select distinct job_id, tag, 'HISTOGRAMS' from histograms on conflict do nothing;
insert into run_tags (job_id, tag, kind) select distinct job_id, tag, 'PR_CURVES' from pr_curves on conflict do nothing;
insert into run_tags (job_id, tag, kind)
select distinct job_id, tag || '/text_summary', 'TEXT' from texts on conflict do nothing;
insert into run_tags (job_id, tag, kind) select distinct job_id, tag, 'PROJECTOR' from embeddings on conflict do nothing;

-- Where the record that ended the job was read (partition and offset of trainboard.events): a record of the job
-- at or before it is a redelivery of what the trainer sent while finishing; one after it is refused.
alter table jobs add column finished_partition int, add column finished_offset bigint;
