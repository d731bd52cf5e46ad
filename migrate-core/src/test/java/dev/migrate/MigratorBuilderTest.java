package dev.migrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;
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

    @Test
    void aRefusedSettingIsNamedAsTheBuilderNamesItNotAsASpringProperty() {
        assertThatThrownBy(() -> builder.ddlLockTimeout(Duration.ofSeconds(-1)))
                .isInstanceOf(MigrationConfigurationException.class)
                .hasMessage("ddlLockTimeout must not be negative, was PT-1S")
                .extracting(e -> ((MigrationConfigurationException) e).setting())
                .isEqualTo("ddlLockTimeout");
        assertThatThrownBy(() -> builder.ddlRetryBudget(Duration.ofSeconds(-1)))
                .isInstanceOf(MigrationConfigurationException.class)
                .hasMessage("ddlRetryBudget must not be negative, was PT-1S");
    }

    /**
     * A plain-Java user has builder settings, not the Spring Boot starter's {@code migrate.*}
     * properties: no text of the core names one (the starter translates, see its {@code
     * PropertyNames}).
     */
    @Test
    void theCoresTextsNameNoSpringProperty() throws IOException {
        Pattern property = Pattern.compile("\"[^\"]*(?<![\\w.])migrate\\.[a-z]");
        List<String> found;
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            found = files.filter(f -> f.toString().endsWith(".java"))
                    .flatMap(f -> {
                        try {
                            List<String> lines = Files.readAllLines(f);
                            return IntStream.range(0, lines.size())
                                    .filter(i -> property.matcher(lines.get(i)).find())
                                    .mapToObj(i -> f + ":" + (i + 1) + ": "
                                            + lines.get(i).strip());
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    })
                    .toList();
        }
        assertThat(found).isEmpty();
    }
}
