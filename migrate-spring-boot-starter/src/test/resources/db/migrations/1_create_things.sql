-- +migrate Up
create table things (id int primary key, name varchar(100) not null);

-- +migrate Down
drop table things;
