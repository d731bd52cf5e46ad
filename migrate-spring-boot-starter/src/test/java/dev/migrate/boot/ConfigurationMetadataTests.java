package dev.migrate.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrate.Migrator;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The configuration metadata the build generates (what IDEs complete and document) describes every
 * {@code migrate.*} property by Spring Boot's own rules for descriptions: a sentence that does not
 * start with "The" or "A", booleans that start with "Whether", durations that say their unit,
 * lists that say they are comma-separated, and a default (in the metadata, or said in words where
 * it is decided at run time).
 */
class ConfigurationMetadataTests {

    private static final String DURATION_UNIT = "If a duration suffix is not specified, seconds are used.";
    private static final String RUNTIME_DEFAULT = "When not set";

    @Test
    void everyMigratePropertyIsDescribedByBootsRulesAndHasADefault() throws Exception {
        Map<String, JsonNode> properties = properties();
        List<String> problems = new ArrayList<>();
        properties.forEach((name, property) -> {
            if (name.startsWith("migrate.") || name.startsWith("management.health.migrate.")) {
                problems.addAll(problems(name, property));
            }
        });
        assertThat(properties).containsKeys("migrate.enabled", "migrate.locations", "migrate.lock.timeout");
        assertThat(problems).isEmpty();
    }

    @Test
    void coversTheHealthIndicatorSwitch() throws Exception {
        JsonNode health = properties().get("management.health.migrate.enabled");
        assertThat(health)
                .as("management.health.migrate.enabled in the metadata")
                .isNotNull();
        assertThat(health.path("type").asString()).isEqualTo("java.lang.Boolean");
        assertThat(health.path("defaultValue").asBoolean(false)).isTrue();
    }

    /**
     * Every setting of the core's builder that takes a value has its property in {@link
     * PropertyNames}, and that property exists: a setting added to the builder, or a property
     * renamed, without the table following fails here.
     */
    @Test
    void everyBuilderSettingHasItsPropertyInTheTable() throws Exception {
        Set<String> notProperties =
                Set.of("name", "source", "classLoader", "callbacks", "ddlLockRetryListener", "build");
        Map<String, JsonNode> properties = properties();
        List<String> problems = new ArrayList<>();
        for (Method method : Migrator.Builder.class.getDeclaredMethods()) {
            String setting = method.getName();
            if (!Modifier.isPublic(method.getModifiers()) || notProperties.contains(setting)) {
                continue;
            }
            String property = PropertyNames.find(setting);
            if (property == null) {
                problems.add(setting + ": no property in PropertyNames");
            } else if (!properties.containsKey(property)) {
                problems.add(setting + ": " + property + " is no property of the starter");
            }
        }
        assertThat(problems).isEmpty();
        assertThat(PropertyNames.of("lockTimeout")).isEqualTo("migrate.lock.timeout");
        assertThat(PropertyNames.inEntry("orders", "ddlLockTimeout"))
                .isEqualTo("migrate.migrators.orders.ddl.lock-timeout");
    }

    private static List<String> problems(String name, JsonNode property) {
        List<String> problems = new ArrayList<>();
        String description = property.path("description").asString("");
        String type = property.path("type").asString("");
        if (description.isBlank()) {
            problems.add(name + ": no description");
            return problems;
        }
        if (description.matches("(?i)^(the|a|an) .*")) {
            problems.add(name + ": starts with an article: " + description);
        }
        if (!description.endsWith(".")) {
            problems.add(name + ": does not end with a period: " + description);
        }
        if (type.equals("java.lang.Boolean") && !description.startsWith("Whether ")) {
            problems.add(name + ": a boolean's description starts with \"Whether\": " + description);
        }
        if (type.equals("java.time.Duration") && !description.contains(DURATION_UNIT)) {
            problems.add(name + ": a duration says its unit (\"" + DURATION_UNIT + "\"): " + description);
        }
        if (type.startsWith("java.util.List") && !description.startsWith("Comma-separated list")) {
            problems.add(name + ": a list's description starts with \"Comma-separated list\": " + description);
        }
        if (!property.has("defaultValue") && !description.contains(RUNTIME_DEFAULT)) {
            problems.add(name + ": no default value, and the description does not say (\"" + RUNTIME_DEFAULT
                    + " …\") what applies without one");
        }
        return problems;
    }

    /** The starter's own generated file (target/classes), not the ones in Spring Boot's jars. */
    private static Map<String, JsonNode> properties() throws URISyntaxException, java.io.IOException {
        Path classes = Path.of(MigrateProperties.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
        Path file = classes.resolve("META-INF/spring-configuration-metadata.json");
        assertThat(file).as("generated by spring-boot-configuration-processor").exists();
        JsonNode root = new ObjectMapper().readTree(Files.readString(file));
        Map<String, JsonNode> byName = new java.util.TreeMap<>();
        for (JsonNode property : root.path("properties")) {
            byName.put(property.path("name").asString(), property);
        }
        return byName;
    }
}
