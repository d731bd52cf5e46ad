-- +migrate Up
alter table books add column published_year integer;
update books set published_year = 2015;

-- +migrate Down
alter table books drop column published_year;
