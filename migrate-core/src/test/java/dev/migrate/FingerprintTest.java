package dev.migrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrate.internal.checksum.Fingerprinted;
import dev.migrate.testing.LogCapture;
import dev.migrate.testing.MigrationFolder;
import dev.migrate.testing.TestDatabase;
import dev.migrate.testing.TestRole;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Fingerprints (issue 21): a run records each applied file's fingerprint beside its checksum, and a
 * later boot takes the recorded checksum of a file whose fingerprint is unchanged without opening
 * it; an edited file is still found on every boot (in a jar: same size, other bytes; on disk: same
 * size and a new time, or the same time and another size), a file whose time a build normalised
 * is always read, and an older side table without the column works and gets it.
 */
class FingerprintTest {

    private static final String SIDE = "gorp_migrations_migrate";

    @TempDir
    Path temp;

    private final Instant anHourAgo = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void aNoOpBootOpensNoFileAndAnEditedFileIsStillFound(TestDatabase.Kind kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind, "fp_files")) {
            MigrationFolder folder = folder("files");
            Counting first = new Counting(folder.location());
            assertThat(migrator(db, first).up().count()).isEqualTo(2);
            assertThat(fingerprints(db)).allSatisfy(f -> assertThat(f).startsWith("file:"));

            Counting noOp = new Counting(folder.location());
            assertThat(migrator(db, noOp).up().count()).isZero();
            assertThat(noOp.opens).as("files opened by a no-op boot").isEmpty();

            // same size, other bytes, a new time
            Path file = folder.directory().resolve("1_a.sql");
            Files.writeString(file, Files.readString(file).replace("t_a", "t_x"));
            Files.setLastModifiedTime(file, FileTime.from(anHourAgo.plusSeconds(60)));
            assertThatThrownBy(
                            () -> migrator(db, new Counting(folder.location())).up())
                    .isInstanceOf(MigrationPlanException.class)
                    .hasMessageContaining("1_a.sql was edited");

            // the time as recorded, another size
            Files.writeString(file, Files.readString(file).replace("t_x", "t_xy"));
            Files.setLastModifiedTime(file, FileTime.from(anHourAgo));
            assertThatThrownBy(
                            () -> migrator(db, new Counting(folder.location())).up())
                    .isInstanceOf(MigrationPlanException.class)
                    .hasMessageContaining("1_a.sql was edited");
            assertThat(migrator(db, new Counting(folder.location())).validate().edited())
                    .containsExactly("1_a.sql");
            assertGoHistoryTableUntouched(db);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void aFileWhoseTimeABuildNormalisedIsAlwaysRead(TestDatabase.Kind kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind, "fp_epoch")) {
            MigrationFolder folder = folder("epoch");
            Path file = folder.directory().resolve("1_a.sql");
            FileTime jibs = FileTime.from(Instant.parse("1970-01-01T00:00:01Z"));
            Files.setLastModifiedTime(file, jibs);
            Files.setLastModifiedTime(
                    folder.directory().resolve("2_b.sql"), FileTime.from(Instant.parse("1980-01-01T00:00:00Z")));
            migrator(db, new Counting(folder.location())).up();
            migrator(db, new Counting(folder.location())).up();
            assertThat(fingerprints(db)).containsOnlyNulls();

            Counting noOp = new Counting(folder.location());
            migrator(db, noOp).up();
            assertThat(noOp.opens).containsOnlyKeys("1_a.sql", "2_b.sql");

            Files.writeString(file, Files.readString(file).replace("t_a", "t_x"));
            Files.setLastModifiedTime(file, jibs);
            assertThatThrownBy(
                            () -> migrator(db, new Counting(folder.location())).up())
                    .isInstanceOf(MigrationPlanException.class)
                    .hasMessageContaining("1_a.sql was edited");
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void aStaleFingerprintIsRecordedOnceAndTheNextBootOpensNothing(TestDatabase.Kind kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind, "fp_stale")) {
            MigrationFolder folder = folder("stale");
            migrator(db, new Counting(folder.location())).up();
            List<String> before = fingerprints(db);

            // a new image: the same bytes, new times
            for (String id : List.of("1_a.sql", "2_b.sql")) {
                Files.setLastModifiedTime(folder.directory().resolve(id), FileTime.from(anHourAgo.plusSeconds(600)));
            }
            Counting refresh = new Counting(folder.location());
            assertThat(migrator(db, refresh).up().count()).isZero();
            assertThat(refresh.opens).containsOnlyKeys("1_a.sql", "2_b.sql");
            assertThat(fingerprints(db)).doesNotContainAnyElementsOf(before).doesNotContainNull();

            Counting noOp = new Counting(folder.location());
            migrator(db, noOp).up();
            assertThat(noOp.opens).isEmpty();

            // status and validate read, and record nothing
            Files.setLastModifiedTime(folder.directory().resolve("1_a.sql"), FileTime.from(anHourAgo.plusSeconds(900)));
            List<String> now = fingerprints(db);
            Migrator reader = migrator(db, new Counting(folder.location()));
            assertThat(reader.validate().isValid()).isTrue();
            reader.status();
            assertThat(fingerprints(db)).isEqualTo(now);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void anOlderSideTableWithoutTheColumnWorksAndGetsIt(TestDatabase.Kind kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind, "fp_old")) {
            MigrationFolder folder = folder("old");
            migrator(db, new Counting(folder.location())).up();
            execute(db, "alter table " + quote(kind, SIDE) + " drop column " + quote(kind, "fingerprint"));

            if (kind == TestDatabase.Kind.H2) {
                // H2's queries in other sessions fail while a table is altered: a no-op boot leaves
                // the column to the run with work below
                Counting h2Boot = new Counting(folder.location());
                assertThat(migrator(db, h2Boot).up().count()).isZero();
                assertThat(h2Boot.opens).containsOnlyKeys("1_a.sql", "2_b.sql");
                assertThat(columns(db, SIDE)).doesNotContain("fingerprint");
            } else {
                // a service that deploys no new migration: its no-op boot adds the column once
                Counting oldBoot = new Counting(folder.location());
                try (LogCapture log = new LogCapture()) {
                    assertThat(migrator(db, oldBoot).up().count()).isZero();
                    assertThat(log.lines())
                            .filteredOn(line -> line.contains("Added the column fingerprint"))
                            .singleElement()
                            .asString()
                            .startsWith("INFO");
                }
                assertThat(oldBoot.opens).as("read once, for the checksums").containsOnlyKeys("1_a.sql", "2_b.sql");
                assertThat(columns(db, SIDE)).contains("fingerprint");
                assertThat(fingerprints(db)).hasSize(2).doesNotContainNull();
                Counting nextBoot = new Counting(folder.location());
                assertThat(migrator(db, nextBoot).up().count()).isZero();
                assertThat(nextBoot.opens).isEmpty();
                execute(db, "alter table " + quote(kind, SIDE) + " drop column " + quote(kind, "fingerprint"));
            }
            assertThat(migrator(db, new Counting(folder.location())).status().migrations())
                    .hasSize(2);

            // a run with work adds it, on every database
            folder.add("3_c.sql", "create table t_c (id int);", "drop table t_c;");
            Files.setLastModifiedTime(folder.directory().resolve("3_c.sql"), FileTime.from(anHourAgo));
            assertThat(migrator(db, new Counting(folder.location())).up().count())
                    .isEqualTo(1);
            assertThat(columns(db, SIDE)).contains("fingerprint");
            assertThat(fingerprints(db)).hasSize(3).doesNotContainNull();

            Counting noOp = new Counting(folder.location());
            migrator(db, noOp).up();
            assertThat(noOp.opens).isEmpty();
            assertGoHistoryTableUntouched(db);
        }
    }

    @Test
    void aNoOpBootLeavesTheColumnToTheHolderAndNeverWaitsForTheLock() throws Exception {
        try (TestDatabase db = TestDatabase.postgres("fp_held")) {
            MigrationFolder folder = folder("held");
            Migrator first = migrator(db, new Counting(folder.location()));
            first.up();
            execute(db, "alter table " + SIDE + " drop column fingerprint");
            try (Connection holder = db.connect();
                    Statement lock = holder.createStatement()) {
                lock.execute("select pg_advisory_lock(" + first.lockInfo().key() + ")");

                long started = System.nanoTime();
                assertThat(migrator(db, new Counting(folder.location())).up().count())
                        .isZero();
                assertThat(Duration.ofNanos(System.nanoTime() - started))
                        .as("a no-op boot does not wait for the lock")
                        .isLessThan(Duration.ofSeconds(5));
                assertThat(columns(db, SIDE)).doesNotContain("fingerprint");

                lock.execute("select pg_advisory_unlock(" + first.lockInfo().key() + ")");
            }
            assertThat(migrator(db, new Counting(folder.location())).up().count())
                    .isZero();
            assertThat(columns(db, SIDE)).contains("fingerprint");
            assertThat(fingerprints(db)).hasSize(2).doesNotContainNull();
        }
    }

    @ParameterizedTest
    @EnumSource(
            value = TestDatabase.Kind.class,
            names = {"POSTGRESQL", "MARIADB"})
    void aNoOpBootGivesUpTheColumnSoonWhileALongTransactionHoldsTheSideTable(TestDatabase.Kind kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind, "fp_busy")) {
            MigrationFolder folder = folder("busy");
            migrator(db, new Counting(folder.location())).up();
            execute(db, "alter table " + quote(kind, SIDE) + " drop column " + quote(kind, "fingerprint"));
            try (Connection reporter = db.connect();
                    Statement report = reporter.createStatement();
                    LogCapture log = new LogCapture()) {
                // a long transaction that read the side table (a report, a pg_dump) holds it
                reporter.setAutoCommit(false);
                report.executeQuery("select count(*) from " + quote(kind, SIDE)).close();

                long started = System.nanoTime();
                assertThat(Migrator.builder(db.dataSource())
                                .source(new Counting(folder.location()))
                                .lockTimeout(Duration.ofMinutes(2))
                                .build()
                                .up()
                                .count())
                        .isZero();
                assertThat(Duration.ofNanos(System.nanoTime() - started))
                        .as("the alter gives up after the DDL guard's wait, not the lock timeout")
                        .isLessThan(Duration.ofSeconds(15));
                assertThat(log.lines())
                        .filteredOn(line -> line.contains("Could not add the column fingerprint"))
                        .singleElement()
                        .asString()
                        .startsWith("WARN")
                        .contains("another session holds the table: gave up after 1000 ms");
                assertThat(columns(db, SIDE)).doesNotContain("fingerprint");
                // and nothing stays queued: another replica's boot reads the side table at once
                long next = System.nanoTime();
                migrator(db, new Counting(folder.location())).status();
                assertThat(Duration.ofNanos(System.nanoTime() - next)).isLessThan(Duration.ofSeconds(5));
                reporter.rollback();
            }
            assertThat(migrator(db, new Counting(folder.location())).up().count())
                    .isZero();
            assertThat(columns(db, SIDE)).contains("fingerprint");
        }
    }

    @ParameterizedTest
    @EnumSource(
            value = TestDatabase.Kind.class,
            names = {"POSTGRESQL", "MARIADB"})
    void manyReplicasBootingAtOnceOnAnOlderSideTableAddTheColumnOnceAndAllFindNothingToDo(TestDatabase.Kind kind)
            throws Exception {
        try (TestDatabase db = TestDatabase.create(kind, "fp_many")) {
            MigrationFolder folder = folder("many");
            migrator(db, new Counting(folder.location())).up();
            execute(db, "alter table " + quote(kind, SIDE) + " drop column " + quote(kind, "fingerprint"));
            int replicas = 8;
            ExecutorService pool = Executors.newFixedThreadPool(replicas);
            CountDownLatch go = new CountDownLatch(1);
            try (LogCapture log = new LogCapture()) {
                List<Future<Integer>> boots = new ArrayList<>();
                for (int i = 0; i < replicas; i++) {
                    boots.add(pool.submit(() -> {
                        go.await();
                        return migrator(db, new Counting(folder.location()))
                                .up()
                                .count();
                    }));
                }
                go.countDown();
                for (Future<Integer> boot : boots) {
                    assertThat(boot.get(60, TimeUnit.SECONDS)).isZero();
                }
                assertThat(log.lines())
                        .filteredOn(line -> line.contains("Added the column fingerprint"))
                        .hasSize(1);
                assertThat(log.lines()).noneMatch(line -> line.startsWith("WARN"));
            } finally {
                pool.shutdownNow();
            }
            assertThat(columns(db, SIDE)).contains("fingerprint");
            assertThat(fingerprints(db)).hasSize(2).doesNotContainNull();
            assertGoHistoryTableUntouched(db);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void aJarEntryWithTheSameSizeAndOtherBytesIsFound(TestDatabase.Kind kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind, "fp_jar")) {
            String up = "-- +migrate Up\ncreate table t_j (id int);\n\n-- +migrate Down\ndrop table t_j;\n";
            Path v1 = jar("v1.jar", up);
            try (URLClassLoader loader =
                    new URLClassLoader(new URL[] {v1.toUri().toURL()}, null)) {
                assertThat(jarMigrator(db, loader, null).up().count()).isEqualTo(1);
                assertThat(fingerprints(db)).singleElement().asString().startsWith("zip:");
                Counting noOp = new Counting("classpath:db/fpjar", loader);
                assertThat(jarMigrator(db, loader, noOp).up().count()).isZero();
                assertThat(noOp.opens).isEmpty();
            }
            Path v2 = jar("v2.jar", up.replace("t_j (", "t_k ("));
            try (URLClassLoader loader =
                    new URLClassLoader(new URL[] {v2.toUri().toURL()}, null)) {
                assertThatThrownBy(() -> jarMigrator(db, loader, null).up())
                        .isInstanceOf(MigrationPlanException.class)
                        .hasMessageContaining("1_j.sql was edited");
            }
        }
    }

    @Test
    void aRoleThatMayNotAlterTheSideTableStillMigrates() throws Exception {
        try (TestRole role = TestRole.postgres("fp_noalter");
                TestDatabase db = TestDatabase.postgres("fp_noalter");
                LogCapture log = new LogCapture()) {
            TestRole.asAdministrator(
                    db,
                    "create table public.gorp_migrations (\"id\" text not null primary key,"
                            + " \"applied_at\" timestamp with time zone)",
                    "create table public.gorp_migrations_migrate (\"id\" text not null primary key,"
                            + " \"checksum\" varchar(64), \"execution_ms\" bigint, \"applied_by\" text,"
                            + " \"state\" varchar(16) not null, \"failed_line\" integer, \"message\" text,"
                            + " \"updated_at\" timestamp with time zone not null)",
                    "grant select, insert, update, delete on public.gorp_migrations, public.gorp_migrations_migrate"
                            + " to " + role.name(),
                    // its migrations create tables; the side table is still not its own to alter
                    "grant create on schema public to " + role.name());
            MigrationFolder folder = folder("noalter");

            assertThat(Migrator.builder(role.dataSource(db))
                            .locations(folder.location())
                            .build()
                            .up()
                            .count())
                    .isEqualTo(2);
            assertThat(log.lines())
                    .filteredOn(line -> line.contains("Could not add the column fingerprint"))
                    .singleElement()
                    .asString()
                    .startsWith("WARN")
                    .contains("alter table");
            folder.add("3_c.sql", "create table t_c (id int);", "drop table t_c;");
            Migrator again = Migrator.builder(role.dataSource(db))
                    .locations(folder.location())
                    .build();
            assertThat(again.up().count()).isEqualTo(1);
            long warned = warnings(log);
            assertThat(again.up().count()).isZero();
            assertThat(warnings(log))
                    .as("a no-op boot tries the column once, and says why not")
                    .isEqualTo(warned + 1);
            assertThat(again.up().count()).isZero();
            assertThat(warnings(log)).as("once per Migrator").isEqualTo(warned + 1);
            assertThat(again.validate().isValid()).isTrue();
            assertThat(columns(db, SIDE)).doesNotContain("fingerprint");
        }
    }

    private static long warnings(LogCapture log) {
        return log.lines().stream()
                .filter(line -> line.contains("Could not add the column fingerprint"))
                .count();
    }

    private MigrationFolder folder(String name) throws IOException {
        MigrationFolder folder = new MigrationFolder(temp.resolve(name))
                .add("1_a.sql", "create table t_a (id int);", "drop table t_a;")
                .add("2_b.sql", "create table t_b (id int);", "drop table t_b;");
        for (String id : List.of("1_a.sql", "2_b.sql")) {
            Files.setLastModifiedTime(folder.directory().resolve(id), FileTime.from(anHourAgo));
        }
        return folder;
    }

    private static Migrator migrator(TestDatabase db, MigrationSource source) {
        return Migrator.builder(db.dataSource()).source(source).build();
    }

    private static Migrator jarMigrator(TestDatabase db, ClassLoader loader, @Nullable MigrationSource source) {
        Migrator.Builder builder = Migrator.builder(db.dataSource()).classLoader(loader);
        return (source == null ? builder.locations("classpath:db/fpjar") : builder.source(source)).build();
    }

    /** A jar with the folder's directory entries and one migration, its entry's time fixed. */
    private Path jar(String name, String content) throws IOException {
        Path jar = temp.resolve(name);
        try (OutputStream out = Files.newOutputStream(jar);
                JarOutputStream zip = new JarOutputStream(out)) {
            for (String entry : List.of("db/", "db/fpjar/", "db/fpjar/1_j.sql")) {
                JarEntry jarEntry = new JarEntry(entry);
                jarEntry.setTime(315532800000L); // what reproducible builds write
                zip.putNextEntry(jarEntry);
                if (!entry.endsWith("/")) {
                    zip.write(content.getBytes(StandardCharsets.UTF_8));
                }
                zip.closeEntry();
            }
        }
        return jar;
    }

    private static List<String> fingerprints(TestDatabase db) throws Exception {
        try (Connection connection = db.connect()) {
            List<String> values = new ArrayList<>();
            try (Statement statement = connection.createStatement();
                    ResultSet rows = statement.executeQuery("select " + quote(db.kind(), "fingerprint") + " from "
                            + quote(db.kind(), SIDE) + " order by " + quote(db.kind(), "id"))) {
                while (rows.next()) {
                    values.add(rows.getString(1));
                }
            }
            return values;
        }
    }

    private static List<String> columns(TestDatabase db, String table) throws Exception {
        try (Connection connection = db.connect();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("select * from " + quote(db.kind(), table) + " where 1 = 0")) {
            ResultSetMetaData meta = rows.getMetaData();
            List<String> names = new ArrayList<>();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                names.add(meta.getColumnName(i).toLowerCase(java.util.Locale.ROOT));
            }
            return names;
        }
    }

    /** The Go tool's table keeps exactly its two columns. */
    private static void assertGoHistoryTableUntouched(TestDatabase db) throws Exception {
        assertThat(columns(db, "gorp_migrations")).containsExactly("id", "applied_at");
    }

    private static void execute(TestDatabase db, String sql) throws Exception {
        try (Connection connection = db.connect();
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static String quote(TestDatabase.Kind kind, String name) {
        return kind == TestDatabase.Kind.MARIADB ? "`" + name + "`" : "\"" + name + "\"";
    }

    /** migrate's own source for a location, counting each file's opens; fingerprints passed through. */
    static final class Counting implements MigrationSource {
        final Map<String, AtomicInteger> opens = new ConcurrentHashMap<>();
        private final MigrationSource source;

        Counting(String location) {
            this(location, FingerprintTest.class.getClassLoader());
        }

        Counting(String location, ClassLoader loader) {
            this.source = MigrationSources.fromLocations(List.of(location), loader);
        }

        @Override
        public List<MigrationResource> resources() {
            return source.resources().stream()
                    .<MigrationResource>map(r -> new CountedResource(r, opens))
                    .toList();
        }
    }

    private record CountedResource(MigrationResource resource, Map<String, AtomicInteger> opens)
            implements MigrationResource, Fingerprinted {

        @Override
        public String id() {
            return resource.id();
        }

        @Override
        public String location() {
            return resource.location();
        }

        @Override
        public InputStream open() throws IOException {
            opens.computeIfAbsent(id(), id -> new AtomicInteger()).incrementAndGet();
            return resource.open();
        }

        @Override
        public Optional<Object> version() {
            return resource.version();
        }

        @Override
        public @Nullable String fingerprint() {
            return resource instanceof Fingerprinted listed ? listed.fingerprint() : null;
        }
    }
}
