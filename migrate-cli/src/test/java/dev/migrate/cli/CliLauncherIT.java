package dev.migrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrate.testing.MigrationFolder;
import dev.migrate.testing.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher script {@code src/main/dist/migrate} as an image runs it: the jar, the script and
 * the class list in one folder, the class-data archive dumped from the list without a database
 * (as an image build does), then the Job's commands.
 */
class CliLauncherIT {

    /** Classes of the jar a no-op run may load from outside the archive before the class list counts as stale. */
    private static final int STALE_LIST = 10;

    private TestDatabase database;
    private Path app;
    private Path migrations;

    /** One run of the launcher: exit code and output. */
    private record Run(int code, String out, String err) {}

    @BeforeEach
    void setUp(@TempDir Path temp) throws Exception {
        database = TestDatabase.postgres("clilauncher");
        app = Files.createDirectories(temp.resolve("app"));
        Files.copy(Path.of(System.getProperty("sample.jar")), app.resolve("migrate-cli.jar"));
        Files.copy(Path.of("src/main/dist/migrate"), app.resolve("migrate"));
        Files.copy(Path.of("src/main/dist/migrate-cli.classlist"), app.resolve("migrate-cli.classlist"));
        migrations = temp.resolve("migrations");
        new MigrationFolder(migrations)
                .add("20240101000000-users.sql", "create table users (id int primary key);", "drop table users;")
                .add("20240101000100-orders.sql", "create table orders (id int primary key);", "drop table orders;");
    }

    @AfterEach
    void tearDown() {
        database.close();
    }

    @Test
    void runsTheJobWithTheArchiveDumpedFromTheClassList() throws Exception {
        Run dump = run(List.of(
                java(),
                "-Xshare:dump",
                "-XX:SharedClassListFile=" + app.resolve("migrate-cli.classlist"),
                "-XX:SharedArchiveFile=" + app.resolve("migrate-cli.jsa"),
                "-cp",
                app.resolve("migrate-cli.jar").toString()));
        assertThat(dump.code()).as(dump.err()).isZero();

        // -Xshare:on: the JVM refuses to start when the archive cannot be used
        Run up = launcher("-Xshare:on", "up");
        assertThat(up.code()).as(up.err()).isZero();
        assertThat(up.out()).contains("ran 2 migrations up");

        Path loaded = app.resolve("class-load.log");
        Run noOp = launcher("-Xshare:on -Xlog:class+load:file=" + loaded, "up");
        assertThat(noOp.code()).as(noOp.err()).isZero();
        assertThat(noOp.out()).contains("schema is up to date");
        List<String> outside = Files.readAllLines(loaded).stream()
                .filter(line -> line.contains("source: file:"))
                .toList();
        assertThat(outside)
                .as("classes of the jar a no-op run loaded from outside the archive: regenerate"
                        + " src/main/dist/migrate-cli.classlist (docs/cli.md, \"The launcher\")")
                .hasSizeLessThanOrEqualTo(STALE_LIST);
    }

    @Test
    void runsWithoutAnArchiveAndPassesTheExitCodeOn() throws Exception {
        Run up = launcher("", "up", "--limit", "1");
        assertThat(up.code()).as(up.err()).isZero();
        assertThat(up.out()).contains("ran 1 migration up");

        Run wrong = launcher("", "up", "--lock.timeout=soon");
        assertThat(wrong.code()).as(wrong.err()).isEqualTo(MigrateCli.FAILED);
        assertThat(wrong.err()).contains("migrate: --lock.timeout='soon' is not a duration");
    }

    private Run launcher(String javaOptions, String... args) throws Exception {
        List<String> command =
                new ArrayList<>(List.of("sh", app.resolve("migrate").toString()));
        command.addAll(List.of(args));
        return run(
                command,
                Map.of(
                        "JAVA_HOME", System.getProperty("java.home"),
                        "JAVA_OPTS", javaOptions,
                        "MIGRATE_URL", database.url(),
                        "MIGRATE_USER", database.user(),
                        "MIGRATE_PASSWORD", database.password(),
                        "MIGRATE_LOCATIONS", "filesystem:" + migrations));
    }

    private Run run(List<String> command) throws Exception {
        return run(command, Map.of());
    }

    private Run run(List<String> command, Map<String, String> environment) throws IOException, InterruptedException {
        Path out = Files.createTempFile(app, "out", ".txt");
        Path err = Files.createTempFile(app, "err", ".txt");
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(app.toFile())
                .redirectOutput(out.toFile())
                .redirectError(err.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("MIGRATE_") || name.startsWith("SPRING_"));
        builder.environment().putAll(environment);
        Process process = builder.start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(command + " did not end within 120 s: " + Files.readString(err));
        }
        return new Run(process.exitValue(), Files.readString(out), Files.readString(err));
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
