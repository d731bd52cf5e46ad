package dev.migrate.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * The SQL of each workload, generated at run time: the 200 small migrations of W1 to W3, the one
 * 50 MB migration of W4 and the sleeping migration of W5. The same scripts go to every tool.
 */
final class Workloads {

    /** Migrations in the cold apply, no-op boot and concurrent start workloads. */
    static final int SMALL_MIGRATIONS = 200;

    /** Rows inserted by each small migration. */
    static final int ROWS_PER_SMALL_MIGRATION = 10;

    /** INSERT statements in the large migration. */
    static final int LARGE_ROWS = 200_000;

    /** Length of each large row's payload, chosen so that the script is about 50 MB. */
    static final int LARGE_PAYLOAD_CHARS = 206;

    /** Seconds the W5 migration sleeps in its first statement. */
    static final int SLEEP_SECONDS = 20;

    /** The table the large migration fills. */
    static final String LARGE_TABLE = "bench_large";

    /** The marker table the W5 migration creates after its sleep. */
    static final String SLEEP_MARKER_TABLE = "bench_slept";

    private Workloads() {}

    /** Table name of small migration {@code n}. */
    static String smallTable(int n) {
        return String.format("bench_t%04d", n);
    }

    /** 200 migrations: each creates a table and an index and inserts 10 rows, one statement each. */
    static List<MigrationScript> smallMigrations() {
        return smallMigrations(SMALL_MIGRATIONS);
    }

    /** {@code count} migrations like the 200 of {@link #smallMigrations()} (W2's 2,000 variant). */
    static List<MigrationScript> smallMigrations(int count) {
        List<MigrationScript> scripts = new ArrayList<>();
        for (int n = 1; n <= count; n++) {
            int number = n;
            String table = smallTable(n);
            scripts.add(new MigrationScript(n, "create_" + table, out -> {
                out.write("CREATE TABLE " + table + " (id integer PRIMARY KEY, name text NOT NULL,"
                        + " amount numeric(12, 2) NOT NULL, created_at timestamptz NOT NULL DEFAULT now());\n");
                out.write("CREATE INDEX " + table + "_name_idx ON " + table + " (name);\n");
                for (int row = 1; row <= ROWS_PER_SMALL_MIGRATION; row++) {
                    out.write("INSERT INTO " + table + " (id, name, amount) VALUES (" + row + ", 'row " + row
                            + " of migration " + number + "', " + (row * 7 + number) + ".25);\n");
                }
            }));
        }
        return scripts;
    }

    /** One migration: a table, then 200,000 single-row INSERTs of about 260 bytes each (~50 MB). */
    static List<MigrationScript> largeMigration() {
        return List.of(new MigrationScript(1, "large_seed", out -> {
            out.write("CREATE TABLE " + LARGE_TABLE + " (id integer PRIMARY KEY, payload text NOT NULL);\n");
            char[] payload = new char[LARGE_PAYLOAD_CHARS];
            long state = 42;
            for (int id = 1; id <= LARGE_ROWS; id++) {
                for (int i = 0; i < payload.length; i++) {
                    state = state * 6364136223846793005L + 1442695040888963407L;
                    payload[i] = (char) ('a' + (int) ((state >>> 33) % 26));
                }
                out.write("INSERT INTO " + LARGE_TABLE + " (id, payload) VALUES (" + id + ", '");
                out.write(payload);
                out.write("');\n");
            }
        }));
    }

    /** One migration whose first statement sleeps 20 s on the server, then creates a marker table. */
    static List<MigrationScript> sleepingMigration() {
        return List.of(new MigrationScript(1, "sleep_then_mark", out -> {
            out.write("SELECT pg_sleep(" + SLEEP_SECONDS + ");\n");
            out.write("CREATE TABLE " + SLEEP_MARKER_TABLE + " (id integer);\n");
        }));
    }

    /** The text by which pg_stat_activity shows the W5 statement. */
    static String sleepStatementText() {
        return "pg_sleep(" + SLEEP_SECONDS + ")";
    }
}
