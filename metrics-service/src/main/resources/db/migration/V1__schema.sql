-- Jobs: one row per registered job. attempt is 0 until a trainer reports the first RUNNING.
create table jobs (
    id              uuid primary key,
    run_name        text        not null unique,
    sweep           text,
    spec            jsonb       not null,
    idempotency_key text unique,
    status          text        not null,
    attempt         int         not null default 0,
    device          text,
    host            text,
    error           text,
    progress        jsonb,
    final_metrics   jsonb,
    created_at      timestamptz not null,
    started_at      timestamptz,
    finished_at     timestamptz
);
create index jobs_created_idx on jobs (created_at desc, id);
create index jobs_status_created_idx on jobs (status, created_at desc);
create index jobs_sweep_created_idx on jobs (sweep, created_at desc) where sweep is not null;

-- Transactional outbox: written with the job in one transaction, published by the relay.
create table outbox (
    id           bigserial primary key,
    topic        text        not null,
    message_key  text        not null,
    payload      text        not null,
    created_at   timestamptz not null default now(),
    published_at timestamptz
);
create index outbox_pending_idx on outbox (id) where published_at is null;

-- Metric tables. The key columns make every write idempotent (insert ... on conflict do nothing).
-- Scalars put tag and step before attempt so that the primary key also serves series queries.
create table scalars (
    job_id    uuid             not null references jobs on delete cascade,
    attempt   int              not null,
    tag       text             not null,
    step      bigint           not null,
    wall_time double precision not null,
    value     double precision not null,
    primary key (job_id, tag, step, attempt)
);

create table images (
    job_id    uuid             not null references jobs on delete cascade,
    attempt   int              not null,
    tag       text             not null,
    step      bigint           not null,
    wall_time double precision not null,
    width     int              not null,
    height    int              not null,
    channels  int              not null,
    png       bytea            not null,
    primary key (job_id, tag, step, attempt)
);

create table graphs (
    job_id    uuid        not null references jobs on delete cascade,
    attempt   int         not null,
    logged_at timestamptz not null,
    nodes     jsonb       not null,
    primary key (job_id, attempt)
);

create table histograms (
    job_id        uuid               not null references jobs on delete cascade,
    attempt       int                not null,
    tag           text               not null,
    step          bigint             not null,
    wall_time     double precision   not null,
    min           double precision   not null,
    max           double precision   not null,
    num           double precision   not null,
    sum           double precision   not null,
    sum_squares   double precision   not null,
    bucket_limits double precision[] not null,
    bucket_counts double precision[] not null,
    primary key (job_id, tag, step, attempt)
);

create table pr_curves (
    job_id          uuid               not null references jobs on delete cascade,
    attempt         int                not null,
    tag             text               not null,
    step            bigint             not null,
    wall_time       double precision   not null,
    num_thresholds  int                not null,
    true_positives  double precision[] not null,
    false_positives double precision[] not null,
    true_negatives  double precision[] not null,
    false_negatives double precision[] not null,
    precision       double precision[] not null,
    recall          double precision[] not null,
    primary key (job_id, tag, step, attempt)
);

create table texts (
    job_id    uuid             not null references jobs on delete cascade,
    attempt   int              not null,
    tag       text             not null,
    step      bigint           not null,
    wall_time double precision not null,
    markdown  text             not null,
    primary key (job_id, tag, step, attempt)
);

-- One hparams summary per attempt; a later one with a different body replaces it.
create table hparams (
    job_id    uuid        not null references jobs on delete cascade,
    attempt   int         not null,
    logged_at timestamptz not null,
    hparams   jsonb       not null,
    metrics   jsonb       not null,
    status    text        not null,
    primary key (job_id, attempt)
);

create table embeddings (
    job_id           uuid   not null references jobs on delete cascade,
    attempt          int    not null,
    tag              text   not null,
    step             bigint not null,
    vectors          jsonb  not null,
    labels           jsonb  not null,
    sprite           bytea,
    sprite_cell_size int    not null,
    primary key (job_id, tag, step, attempt)
);
