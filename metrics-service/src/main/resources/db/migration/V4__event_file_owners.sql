-- Which metrics-service instance writes the event files of the runs whose job ids hash to a partition of
-- trainboard.events. The fence is the session advisory lock (29282, partition) its holder keeps on a
-- connection of its own; this row only names the holder in messages (a rebuild answered 409). A row left by
-- a killed instance is harmless: its lock went with its connection, and the next holder overwrites the row.
create table event_file_owners (
    partition_id int         primary key,
    instance     text        not null,
    address      text        not null,
    since        timestamptz not null
);
