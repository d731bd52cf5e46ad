-- +migrate Up
create table b (id int);
