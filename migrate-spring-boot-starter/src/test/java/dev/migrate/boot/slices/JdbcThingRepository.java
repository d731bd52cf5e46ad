package dev.migrate.boot.slices;

import org.springframework.data.repository.ListCrudRepository;

interface JdbcThingRepository extends ListCrudRepository<JdbcThing, Integer> {}
