package dev.migrate.boot.slices;

import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

/** The test migrations' {@code things} table as a Spring Data JDBC aggregate. */
@Table("THINGS") // H2 keeps unquoted names in upper case; Data JDBC quotes them
record JdbcThing(@Id Integer id, String name) {}
