-- +migrate Up
select 10;
