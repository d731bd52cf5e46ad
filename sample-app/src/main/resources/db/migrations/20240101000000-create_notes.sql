-- +migrate Up
create table notes (
    id bigserial primary key,
    text text not null,
    created_at timestamp with time zone not null default now()
);

-- +migrate Down
drop table notes;
