package dev.migrate.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrate.Migrator;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

/**
 * The properties' defaults are the core builder's own, so the two never drift (as Spring Boot's
 * {@code FlywayPropertiesTests}). The builder keeps its settings private; reading its fields here
 * keeps them out of the public API.
 */
class MigratePropertiesTests {

    /**
     * Builder settings that are no property: the starter sets them from beans, or tests do; the
     * name is the key of a {@code migrate.migrators} entry (else {@code default}).
     */
    private static final String[] NOT_PROPERTIES = {
        "dataSource", "source", "classLoader", "progressInterval", "callbacks", "ddlLockRetryListener", "name"
    };

    @Test
    void defaultValuesAreConsistent() throws Exception {
        MigrateProperties properties = new MigrateProperties();
        MigrateProperties.Lock lock = properties.getLock();
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("locations", properties.getLocations());
        expected.put("table", properties.getTable());
        expected.put("schema", properties.getSchema());
        expected.put("ignoreUnknown", properties.isIgnoreUnknown());
        expected.put("validateChecksums", properties.isValidateChecksums());
        expected.put("retryFailed", properties.isRetryFailed());
        expected.put("lockType", lock.getType());
        expected.put("lockKey", lock.getKey());
        expected.put("lockTimeout", lock.getTimeout());
        expected.put("leaseTime", lock.getLeaseTime());
        expected.put("connectionCheckInterval", lock.getConnectionCheckInterval());
        expected.put("applicationName", properties.getApplicationName());
        expected.put("ddlLockTimeout", properties.getDdl().getLockTimeout());
        expected.put("ddlRetryBudget", properties.getDdl().getRetryBudget());
        expected.put("ddlLint", properties.getDdl().getLint());
        expected.put("connectRetries", properties.getConnectRetries());
        expected.put("connectRetriesInterval", properties.getConnectRetriesInterval());

        Migrator.Builder builder = Migrator.builder(new SimpleDriverDataSource());
        Map<String, Object> actual = new LinkedHashMap<>();
        for (Field field : Migrator.Builder.class.getDeclaredFields()) {
            if (Modifier.isStatic(field.getModifiers())
                    || Arrays.asList(NOT_PROPERTIES).contains(field.getName())) {
                continue;
            }
            field.setAccessible(true);
            actual.put(field.getName(), field.get(builder));
        }
        assertThat(actual)
                .as("every builder setting has a property with the builder's default")
                .containsExactlyInAnyOrderEntriesOf(expected);
    }
}
