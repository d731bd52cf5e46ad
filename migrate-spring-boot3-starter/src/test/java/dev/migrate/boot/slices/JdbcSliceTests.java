package dev.migrate.boot.slices;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.jdbc.JdbcTest;
import org.springframework.jdbc.core.JdbcTemplate;

/** {@code @JdbcTest} runs the migrations. */
@JdbcTest
class JdbcSliceTests {

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void theMigrationsRan() {
        assertThat(jdbc.queryForObject("select count(*) from things", Long.class))
                .isEqualTo(2);
        assertThat(jdbc.queryForObject("select count(*) from \"gorp_migrations\"", Long.class))
                .isEqualTo(2);
    }
}
