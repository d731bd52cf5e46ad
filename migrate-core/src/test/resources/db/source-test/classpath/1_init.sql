-- +migrate Up
create table a (id int);
