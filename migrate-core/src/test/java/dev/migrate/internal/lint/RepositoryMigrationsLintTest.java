package dev.migrate.internal.lint;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrate.Direction;
import dev.migrate.internal.parse.MigrationParser;
import dev.migrate.internal.plan.MigrationOrder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No false alarms: every migration file in the repository's test and sample resources, linted
 * folder by folder in the order it runs, gives no finding.
 */
class RepositoryMigrationsLintTest {

    @Test
    void theRepositorysOwnMigrationsRaiseNoFinding() throws IOException {
        Path root = Path.of("..").toAbsolutePath().normalize();
        Map<Path, List<Path>> byFolder = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            files.filter(file -> file.getFileName().toString().endsWith(".sql"))
                    .filter(file -> file.toString().contains("/src/test/resources/")
                            || file.toString().contains("/src/main/resources/"))
                    .filter(file -> !file.toString().contains("/target/"))
                    .forEach(file -> byFolder.computeIfAbsent(file.getParent(), folder -> new ArrayList<>())
                            .add(file));
        }
        assertThat(byFolder.values().stream().mapToInt(List::size).sum())
                .as("migration files found under " + root)
                .isGreaterThanOrEqualTo(10);

        List<LintFinding> findings = new ArrayList<>();
        for (List<Path> folder : byFolder.values()) {
            folder.sort((a, b) -> MigrationOrder.INSTANCE.compare(
                    a.getFileName().toString(), b.getFileName().toString()));
            DdlLinter linter = new DdlLinter();
            for (Path file : folder) {
                try (InputStream in = Files.newInputStream(file)) {
                    MigrationParser.parse(
                            root.relativize(file).toString(),
                            in,
                            Direction.UP,
                            s -> linter.check(root.relativize(file).toString(), s));
                }
            }
            findings.addAll(linter.findings());
        }

        assertThat(findings).isEmpty();
    }
}
