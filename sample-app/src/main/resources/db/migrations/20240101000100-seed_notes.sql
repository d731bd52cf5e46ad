-- +migrate Up
insert into notes (text) values ('Migrations ran once, whichever replica started first.');
insert into notes (text) values ('Try POST /notes with {"text": "hello"}.');

-- +migrate Down
delete from notes;
