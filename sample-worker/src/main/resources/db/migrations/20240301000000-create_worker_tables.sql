-- +migrate Up
create table messages (
    id bigserial primary key,
    body text not null,
    stored_at timestamptz not null default now()
);

create table heartbeats (
    id bigserial primary key,
    beat_at timestamptz not null
);

-- +migrate Down
drop table heartbeats;
drop table messages;
