package dev.migrate.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * W8's folder: 101 PostgreSQL migrations in sql-migrate's format, shaped like a service's history
 * of a few years (tables with foreign keys and indexes, added columns with backfills, enum types,
 * views, PL/pgSQL functions and triggers between StatementBegin/End, seed rows, and {@code
 * notransaction} migrations that build indexes concurrently), each with its Down. Generated, the
 * same every run: no public folder of that size could be fetched here (docs/benchmarks.md, W8).
 */
final class JobMigrations {

    static final int COUNT = 101;

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMddHHmmss", Locale.ROOT);

    private JobMigrations() {}

    /** Writes the folder; returns it. */
    static Path write(Path dir) throws IOException {
        Files.createDirectories(dir);
        LocalDateTime at = LocalDateTime.of(2021, 3, 1, 9, 0);
        int tables = 0;
        for (int i = 0; i < COUNT; i++) {
            at = at.plusDays(9).plusMinutes(i * 7L);
            String name;
            String up;
            String down;
            boolean notransaction = false;
            int kind = i < 3 ? 0 : i % 8;
            switch (kind) {
                case 0, 4 -> {
                    tables++;
                    String t = "entity_" + tables;
                    name = "create_" + t;
                    String parent = tables > 1 ? "entity_" + (tables - 1) : null;
                    up = "CREATE TABLE " + t + " (\n"
                            + "    id BIGSERIAL PRIMARY KEY,\n"
                            + (parent == null
                                    ? ""
                                    : "    " + parent + "_id BIGINT NOT NULL REFERENCES " + parent
                                            + " (id) ON DELETE CASCADE,\n")
                            + "    name TEXT NOT NULL,\n"
                            + "    description TEXT,\n"
                            + "    amount NUMERIC(12, 2) NOT NULL DEFAULT 0,\n"
                            + "    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),\n"
                            + "    updated_at TIMESTAMPTZ NOT NULL DEFAULT now()\n"
                            + ");\n\n"
                            + "CREATE INDEX " + t + "_created_at_idx ON " + t + " (created_at);\n"
                            + (parent == null
                                    ? ""
                                    : "CREATE INDEX " + t + "_" + parent + "_idx ON " + t + " (" + parent + "_id);\n");
                    down = "DROP TABLE " + t + ";\n";
                }
                case 1 -> {
                    String t = "entity_" + tables;
                    name = "add_status_to_" + t;
                    up = "ALTER TABLE " + t + " ADD COLUMN status TEXT NOT NULL DEFAULT 'active';\n"
                            + "UPDATE " + t
                            + " SET status = 'archived' WHERE updated_at < now() - interval '2 years';\n"
                            + "ALTER TABLE " + t + " ADD CONSTRAINT " + t
                            + "_status_check CHECK (status IN ('active', 'archived', 'deleted'));\n";
                    down = "ALTER TABLE " + t + " DROP CONSTRAINT " + t + "_status_check;\n" + "ALTER TABLE " + t
                            + " DROP COLUMN status;\n";
                }
                case 2 -> {
                    String t = "entity_" + tables;
                    name = "touch_updated_at_on_" + t;
                    up = "-- +migrate StatementBegin\n"
                            + "CREATE OR REPLACE FUNCTION " + t + "_touch() RETURNS trigger AS $$\n"
                            + "BEGIN\n"
                            + "    NEW.updated_at := now();\n"
                            + "    RETURN NEW;\n"
                            + "END;\n"
                            + "$$ LANGUAGE plpgsql;\n"
                            + "-- +migrate StatementEnd\n\n"
                            + "CREATE TRIGGER " + t + "_touch BEFORE UPDATE ON " + t
                            + " FOR EACH ROW EXECUTE FUNCTION " + t + "_touch();\n";
                    down = "DROP TRIGGER " + t + "_touch ON " + t + ";\n" + "DROP FUNCTION " + t + "_touch();\n";
                }
                case 3 -> {
                    name = "seed_reference_rows_" + (i + 1);
                    StringBuilder rows = new StringBuilder("INSERT INTO entity_1 (name, description, amount) VALUES\n");
                    for (int r = 1; r <= 20; r++) {
                        rows.append("    ('reference ")
                                .append(i + 1)
                                .append('.')
                                .append(r)
                                .append("', 'Seeded by migration ")
                                .append(i + 1)
                                .append("', ")
                                .append(r * 3)
                                .append(".50")
                                .append(r < 20 ? "),\n" : ");\n");
                    }
                    up = rows.toString();
                    down = "DELETE FROM entity_1 WHERE description = 'Seeded by migration " + (i + 1) + "';\n";
                }
                case 5 -> {
                    String t = "entity_" + tables;
                    name = "index_" + t + "_name";
                    notransaction = true;
                    up = "CREATE INDEX CONCURRENTLY IF NOT EXISTS " + t + "_name_idx ON " + t + " (lower(name));\n";
                    down = "DROP INDEX CONCURRENTLY IF EXISTS " + t + "_name_idx;\n";
                }
                case 6 -> {
                    String t = "entity_" + tables;
                    name = "kind_of_" + t;
                    up = "CREATE TYPE " + t + "_kind AS ENUM ('standard', 'premium', 'internal');\n" + "ALTER TABLE "
                            + t + " ADD COLUMN kind " + t + "_kind NOT NULL DEFAULT 'standard';\n";
                    down = "ALTER TABLE " + t + " DROP COLUMN kind;\n" + "DROP TYPE " + t + "_kind;\n";
                }
                default -> {
                    String t = "entity_" + tables;
                    name = "view_of_" + t;
                    up = "CREATE VIEW " + t + "_summary AS\n"
                            + "    SELECT date_trunc('day', created_at) AS day, count(*) AS created, sum(amount) AS total\n"
                            + "    FROM " + t + "\n"
                            + "    GROUP BY 1;\n";
                    down = "DROP VIEW " + t + "_summary;\n";
                }
            }
            String file = "-- +migrate Up" + (notransaction ? " notransaction" : "") + "\n" + up + "\n"
                    + "-- +migrate Down" + (notransaction ? " notransaction" : "") + "\n" + down;
            Files.writeString(dir.resolve(STAMP.format(at) + "-" + name + ".sql"), file);
        }
        return dir;
    }
}
