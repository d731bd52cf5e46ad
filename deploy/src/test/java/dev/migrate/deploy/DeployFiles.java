package dev.migrate.deploy;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the deploy module's files are: the system property the build sets, else the working folder. */
final class DeployFiles {

    private DeployFiles() {}

    static Path dir() {
        String configured = System.getProperty("migrate.deploy.dir");
        Path dir = configured != null ? Path.of(configured) : Path.of("").toAbsolutePath();
        if (!Files.isDirectory(dir.resolve("prometheus"))) {
            throw new IllegalStateException("no deploy/ folder at " + dir
                    + " (system property migrate.deploy.dir); run the tests with ./mvnw -pl deploy -am verify");
        }
        return dir;
    }

    static Path rules() {
        return dir().resolve("prometheus/migrate-rules.yml");
    }

    static Path ruleTests() {
        return dir().resolve("prometheus/migrate-rules.test.yml");
    }

    static Path dashboard() {
        return dir().resolve("grafana/migrate-dashboard.json");
    }

    static Path chart() {
        return dir().resolve("helm/migrate-service");
    }
}
