package dev.migrate.internal.run;

import dev.migrate.internal.dialect.TableName;

/**
 * The settings of a {@link dev.migrate.Migrator} that shape planning and recording.
 *
 * @param historyTable the sql-migrate history table as configured (its schema is resolved per run)
 * @param ignoreUnknown accept applied ids the source lacks
 * @param validateChecksums fail (true) or warn (false) when an applied file was edited
 * @param retryFailed run migrations marked failed (Up or Down) again without a repair
 * @param applicationName the run's connection name, where the database has one
 */
public record MigrationOptions(
        TableName historyTable,
        boolean ignoreUnknown,
        boolean validateChecksums,
        boolean retryFailed,
        String applicationName) {}
