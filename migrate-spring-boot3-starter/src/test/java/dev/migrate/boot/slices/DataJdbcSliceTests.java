package dev.migrate.boot.slices;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.data.jdbc.DataJdbcTest;

/** {@code @DataJdbcTest} runs the migrations. */
@DataJdbcTest
class DataJdbcSliceTests {

    @Autowired
    JdbcThingRepository things;

    @Test
    void theMigrationsRan() {
        assertThat(things.findAll()).extracting(JdbcThing::name).containsExactlyInAnyOrder("first", "second");
    }
}
