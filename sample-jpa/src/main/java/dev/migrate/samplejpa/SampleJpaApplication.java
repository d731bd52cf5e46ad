package dev.migrate.samplejpa;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** An ordinary JPA service (entities, {@code ddl-auto=validate}, HikariCP, Actuator). */
@SpringBootApplication
public class SampleJpaApplication {

    public static void main(String[] args) {
        SpringApplication.run(SampleJpaApplication.class, args);
    }
}
