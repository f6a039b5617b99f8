-- Checkpoints and final models in the artifact store, one row per directory (CheckpointSaved events). A
-- directory saved again by a later attempt (the same step reached after a resume, a final model rewritten)
-- keeps its row with the newer attempt, size and time.
create table checkpoints (
    job_id      uuid        not null references jobs on delete cascade,
    path        text        not null,
    attempt     int         not null,
    step        bigint      not null,
    epoch       int         not null,
    final_model boolean     not null,
    size_bytes  bigint      not null,
    saved_at    timestamptz not null,
    primary key (job_id, path)
);

-- The step each resumed attempt continued from: its event file's restart marker goes there, and what earlier
-- attempts logged from there on was deleted when it reported RUNNING.
create table resumed_attempts (
    job_id  uuid   not null references jobs on delete cascade,
    attempt int    not null,
    step    bigint not null,
    primary key (job_id, attempt)
);
