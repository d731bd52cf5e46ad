package dev.migrate.boot.slices;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The configuration Spring Boot's test slices find for the tests of this package. */
@SpringBootApplication
class SliceApplication {}
