-- +migrate Up notransaction
create index concurrently if not exists notes_created_at on notes (created_at);

-- +migrate Down
drop index if exists notes_created_at;
