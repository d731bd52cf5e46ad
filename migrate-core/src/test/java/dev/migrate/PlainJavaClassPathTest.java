package dev.migrate;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.migrate.testing.MigrationFolder;
import dev.migrate.testing.TestDatabase;
import java.io.File;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * migrate-core is framework-free: a plain Java program with exactly the core's classes, JSpecify and
 * the PostgreSQL driver on its class path migrates a real PostgreSQL database, and the core's code
 * refers to nothing outside the JDK, JSpecify and the (optional) PostgreSQL driver.
 */
class PlainJavaClassPathTest {

    private static final TestDatabase db = TestDatabase.postgres("plainjava");

    @AfterAll
    static void dropDatabase() {
        db.close();
    }

    @Test
    void aPlainJavaProgramMigratesWithOnlyTheCoreJSpecifyAndTheDriver(@TempDir Path dir) throws Exception {
        MigrationFolder folder = new MigrationFolder(dir.resolve("migrations"))
                .add("1_plain.sql", "create table plain_items (id int);", "drop table plain_items;")
                .add("2_plain.sql", "insert into plain_items values (1);", "delete from plain_items;");
        String classPath = String.join(
                File.pathSeparator,
                codeOf(Migrator.class),
                codeOf(Nullable.class),
                codeOf(org.postgresql.Driver.class));
        Path out = dir.resolve("out.log");
        Path err = dir.resolve("err.log");

        Process process = new ProcessBuilder(List.of(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx128m",
                        "-cp",
                        classPath,
                        Path.of("src/test/plain-java/PlainJavaMigrate.java").toString(),
                        db.url(),
                        db.user(),
                        db.password(),
                        folder.directory().toString()))
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            process.destroyForcibly();
        }
        String stdout = Files.readString(out, StandardCharsets.UTF_8);
        String stderr = Files.readString(err, StandardCharsets.UTF_8);

        assertThat(process.exitValue())
                .as("exit code; class path %s%nstdout:%n%s%nstderr:%n%s", classPath, stdout, stderr)
                .isZero();
        assertThat(stdout).contains("applied 2").contains("spring on the class path: false");
        // The engine's log lines reach java.util.logging, the JDK's default, with no library added.
        assertThat(stderr).contains("1_plain.sql");
        try (Connection connection = db.connect();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(
                        "select (select count(*) from plain_items), (select count(*) from gorp_migrations)")) {
            rows.next();
            assertThat(rows.getInt(1)).isEqualTo(1);
            assertThat(rows.getInt(2)).isEqualTo(2);
        }
    }

    @Test
    void theCoresCodeUsesOnlyTheJdkJSpecifyAndThePostgresDriver() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideOutsideOfPackages("java..", "javax..", "org.jspecify..", "org.postgresql..", "dev.migrate..")
                .check(new ClassFileImporter()
                        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        .importPackages("dev.migrate"));
    }

    /** The jar or classes folder a class was loaded from. */
    private static String codeOf(Class<?> type) throws URISyntaxException {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI())
                .toString();
    }
}
