package dev.migrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

/** The builder checks each setting when it is set, so a caller learns which one it refused. */
class MigratorBuilderTest {

    private final Migrator.Builder builder = Migrator.builder(new JdbcDataSource()); // never connected

    @Test
    void anApplicationNameMustBeOneTo63Characters() {
        assertThatThrownBy(() -> builder.applicationName(" "))
                .isInstanceOf(MigrationConfigurationException.class)
                .hasMessageContaining("applicationName must be 1 to 63 characters");
        assertThatThrownBy(() -> builder.applicationName("a".repeat(64)))
                .isInstanceOf(MigrationConfigurationException.class)
                .hasMessageContaining("applicationName");
        assertThatCode(() -> builder.applicationName("a".repeat(63))).doesNotThrowAnyException();
    }

    @Test
    void tableAndSchemaAreCheckedWhenSet() {
        assertThatThrownBy(() -> builder.table("x; drop table y"))
                .isInstanceOf(MigrationConfigurationException.class)
                .hasMessageContaining("invalid table name");
        assertThatThrownBy(() -> builder.schema("a\"b"))
                .isInstanceOf(MigrationConfigurationException.class)
                .hasMessageContaining("invalid schema name");
    }

    @Test
    void aMigratorIsNamedDefaultUnlessTheBuilderNamesIt() {
        assertThat(builder.build().name()).isEqualTo("default");
        assertThat(builder.name("orders").build().name()).isEqualTo("orders");
        assertThatThrownBy(() -> builder.name(" "))
                .isInstanceOf(MigrationConfigurationException.class)
                .hasMessageContaining("a Migrator's name is 1 to 63 letters");
    }
}
