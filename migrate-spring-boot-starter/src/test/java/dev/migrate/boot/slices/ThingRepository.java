package dev.migrate.boot.slices;

import org.springframework.data.jpa.repository.JpaRepository;

interface ThingRepository extends JpaRepository<Thing, Integer> {}
