-- +migrate Up
insert into things (id, name) values (1, 'first');
insert into things (id, name) values (2, 'second');

-- +migrate Down
delete from things;
