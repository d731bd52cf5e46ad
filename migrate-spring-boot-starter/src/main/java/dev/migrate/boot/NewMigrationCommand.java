package dev.migrate.boot;

import dev.migrate.MigrationConfigurationException;
import dev.migrate.MigrationSources;
import dev.migrate.Migrator;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/**
 * Exit mode's {@code new}: writes {@code yyyyMMddHHmmss-NAME.sql} ({@code migrate.new-name}) with
 * the Up and Down skeleton into the first {@code filesystem:} location, as {@code sql-migrate new
 * NAME} writes into its {@code dir}. Needs no database. A {@code classpath:} location is refused:
 * it lies inside the application.
 */
final class NewMigrationCommand {

    private final MigrateProperties properties;
    private final MigrateExecutions executions;
    private final PrintStream out;
    private final PrintStream err;
    private final Clock clock;

    NewMigrationCommand(
            MigrateProperties properties, MigrateExecutions executions, PrintStream out, PrintStream err, Clock clock) {
        this.properties = properties;
        this.executions = executions;
        this.out = out;
        this.err = err;
        this.clock = clock;
    }

    /** Writes the file and returns the exit code: {@link ExitCommand#OK}, or {@link ExitCommand#FAILED} saying why on stderr. */
    int run() {
        String name = properties.getNewName();
        if (name == null) {
            err.println("migrate: migrate.command=new needs the migration's name: set migrate.new-name, e.g."
                    + " --migrate.new-name=add_users");
            return ExitCommand.FAILED;
        }
        if (executions.byName().size() > 1) {
            err.println("migrate: migrate.command=new writes one file, but there are several Migrators "
                    + executions.byName().keySet() + "; run it with the locations of one (migrate.locations)"
                    + " and without migrate.migrators");
            return ExitCommand.FAILED;
        }
        List<String> locations = executions.all().isEmpty()
                ? properties.getLocations()
                : locations(executions.all().get(0).name());
        Path folder = null;
        try {
            for (int i = 0; i < locations.size() && folder == null; i++) {
                folder = MigrationSources.filesystemFolder(locations.get(i));
            }
        } catch (MigrationConfigurationException e) {
            err.println("migrate: " + Failures.describe(e));
            return ExitCommand.FAILED;
        }
        if (folder == null) {
            err.println("migrate: migrate.command=new writes a file into a folder, but migrate.locations " + locations
                    + " has no filesystem: location (a classpath: location is inside the application and"
                    + " read-only); give one, e.g. --migrate.locations=filesystem:src/main/resources/db/migrations");
            return ExitCommand.FAILED;
        }
        if (!Files.isDirectory(folder)) {
            err.println("migrate: migrate.command=new: the folder " + folder.toAbsolutePath()
                    + " of migrate.locations does not exist; create it, or fix migrate.locations");
            return ExitCommand.FAILED;
        }
        try {
            Path file = Migrator.newMigration(folder, name, clock);
            out.println("migrate: created migration " + file);
            return ExitCommand.OK;
        } catch (RuntimeException e) {
            err.println("migrate: " + Failures.describe(e));
            return ExitCommand.FAILED;
        }
    }

    /** The locations of the Migrator shown as {@code name}: its {@code migrate.migrators} entry's, else {@code migrate.locations}. */
    private List<String> locations(String name) {
        MigrateProperties.Database entry = properties.getMigrators().get(name);
        List<String> own = entry == null ? null : entry.getLocations();
        return own != null ? own : properties.getLocations();
    }
}
