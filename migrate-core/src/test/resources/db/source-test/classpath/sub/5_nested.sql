-- +migrate Up
select 1;
