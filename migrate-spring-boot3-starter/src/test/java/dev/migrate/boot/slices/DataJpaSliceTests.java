package dev.migrate.boot.slices;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.orm.jpa.DataJpaTest;

/** {@code @DataJpaTest} runs the migrations before Hibernate, which leaves the migrated schema alone. */
@DataJpaTest
class DataJpaSliceTests {

    @Autowired
    ThingRepository things;

    @Test
    void theMigrationsRanAndHibernateKeptTheirRows() {
        assertThat(things.findAll()).extracting(Thing::getName).containsExactlyInAnyOrder("first", "second");
    }
}
