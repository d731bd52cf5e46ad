package dev.migrate.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import liquibase.Scope;
import liquibase.UpdateSummaryOutputEnum;
import liquibase.command.CommandScope;
import liquibase.command.core.UpdateCommandStep;
import liquibase.command.core.helpers.DbUrlConnectionArgumentsCommandStep;
import liquibase.command.core.helpers.ShowSummaryArgument;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.resource.DirectoryResourceAccessor;
import liquibase.ui.LoggerUIService;

/**
 * Drives Liquibase: one formatted SQL changelog ({@code --liquibase formatted sql}) with a {@code
 * --changeset bench:<n>} per migration, applied with the {@code update} command. Anonymous
 * analytics are switched off (the benchmarks talk to nothing but the local database) and the
 * update summary goes to the (quiet) log instead of the console.
 */
final class LiquibaseRunner implements ToolRunner {

    static final String CHANGELOG = "changelog.sql";

    static {
        disableAnalytics();
    }

    /** Keeps Liquibase from sending usage data; also set for forked JVMs. */
    static void disableAnalytics() {
        System.setProperty("liquibase.analytics.enabled", "false");
        System.setProperty("liquibase.showBanner", "false");
    }

    @Override
    public void writeMigrations(Path dir, List<MigrationScript> scripts) throws IOException {
        try (Writer out = ScriptFiles.open(dir.resolve(CHANGELOG))) {
            out.write("--liquibase formatted sql\n");
            for (MigrationScript script : scripts) {
                out.write("\n--changeset bench:" + script.number() + "\n");
                script.body().writeTo(out);
            }
        }
    }

    /**
     * Liquibase has no configured object that outlives a call without holding a connection (its
     * {@code Database} wraps one), so what is kept is what an application keeps: the resource
     * accessor and the command's settings; each call borrows a connection and runs the command.
     */
    @Override
    public Configured configure(DataSource dataSource, Path dir) {
        try {
            DirectoryResourceAccessor resources = new DirectoryResourceAccessor(dir);
            return () -> update(dataSource, resources);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void update(DataSource dataSource, DirectoryResourceAccessor resources) throws Exception {
        try (Connection connection = dataSource.getConnection()) {
            Database database =
                    DatabaseFactory.getInstance().findCorrectDatabaseImplementation(new JdbcConnection(connection));
            Map<String, Object> scope =
                    Map.of(Scope.Attr.resourceAccessor.name(), resources, Scope.Attr.ui.name(), new LoggerUIService());
            Scope.child(
                    scope,
                    () -> new CommandScope(UpdateCommandStep.COMMAND_NAME)
                            .addArgumentValue(DbUrlConnectionArgumentsCommandStep.DATABASE_ARG, database)
                            .addArgumentValue(UpdateCommandStep.CHANGELOG_FILE_ARG, CHANGELOG)
                            .addArgumentValue(ShowSummaryArgument.SHOW_SUMMARY_OUTPUT, UpdateSummaryOutputEnum.LOG)
                            .execute());
        }
    }

    @Override
    public int appliedCount(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("select count(*) from databasechangelog")) {
            rows.next();
            return rows.getInt(1);
        }
    }
}
