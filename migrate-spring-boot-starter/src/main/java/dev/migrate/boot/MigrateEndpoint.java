package dev.migrate.boot;

import dev.migrate.DdlLockRetry;
import dev.migrate.LockHolder;
import dev.migrate.LockInfo;
import dev.migrate.MigrationInfo;
import dev.migrate.Migrator;
import dev.migrate.StatusReport;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/**
 * The read-only Actuator endpoint {@code migrate}: for each Migrator, by name, applied
 * migrations with times and checksums, pending, failed, interrupted, running, unknown and future
 * ones, and the lock with
 * its current holder. Read from the database on every call; takes no lock; shows no credentials.
 * The answer is an {@link OperationResponseBody}, so Actuator writes it with its own JSON settings
 * and the application's Jackson configuration does not change its shape.
 */
@Endpoint(id = "migrate")
public class MigrateEndpoint {

    private final MigrateExecutions executions;
    private final DdlLockRetries ddlLockRetries;

    MigrateEndpoint(MigrateExecutions executions, DdlLockRetries ddlLockRetries) {
        this.executions = executions;
        this.ddlLockRetries = ddlLockRetries;
    }

    /** The state of every migration and of the lock, for each Migrator. */
    @ReadOperation
    public MigratorsDescriptor migrations() {
        Map<String, MigrationsDescriptor> migrators = new LinkedHashMap<>();
        executions.byName().forEach((name, execution) -> migrators.put(name, describe(execution.migrator())));
        return new MigratorsDescriptor(migrators, DdlDescriptor.of(ddlLockRetries));
    }

    private static MigrationsDescriptor describe(Migrator migrator) {
        StatusReport status = migrator.status();
        return new MigrationsDescriptor(
                map(status.applied(), AppliedMigration::of),
                map(status.pending(), m -> new PendingMigration(m.id(), m.checksum())),
                map(status.failed(), m -> new FailedMigration(m.id(), m.failure())),
                map(status.interrupted(), MarkedMigration::of),
                map(status.running(), MarkedMigration::of),
                map(status.unknown(), AppliedMigration::of),
                map(status.future(), AppliedMigration::of),
                LockDescriptor.of(status.lock()));
    }

    private static <T> List<T> map(List<MigrationInfo> migrations, Function<MigrationInfo, T> mapper) {
        return migrations.stream().map(mapper).toList();
    }

    /**
     * The endpoint's answer.
     *
     * @param migrators each Migrator's migrations, by name ({@code migrator} for the single
     *     auto-configured one, NAME for each {@code migrate.migrators} entry)
     * @param ddl the auto-configured Migrators' lock retries, live while a run waits out a blocker
     */
    public record MigratorsDescriptor(Map<String, MigrationsDescriptor> migrators, DdlDescriptor ddl)
            implements OperationResponseBody {}

    /**
     * Lock retries in this process.
     *
     * @param lockRetries how often a statement gave up waiting for a table lock and was retried
     * @param lastRetry the latest retry (migration, line, which retry, pause, blockers), or null
     */
    public record DdlDescriptor(long lockRetries, @Nullable DdlLockRetry lastRetry) {

        static DdlDescriptor of(DdlLockRetries retries) {
            return new DdlDescriptor(retries.total(), retries.last());
        }
    }

    /**
     * The migrations of one Migrator.
     *
     * @param applied recorded in the history table, oldest first
     * @param pending in the locations, not applied yet
     * @param failed migrations that failed part-way (their Up or their Down) and wait for a repair
     * @param interrupted migrations whose process died inside a statement that cannot be rolled
     *     back; they wait for a repair
     * @param running migrations a live run (the lock's holder) is running now, past a statement
     *     that cannot be rolled back
     * @param unknown recorded as applied but not in the locations, and older than one that is
     * @param future recorded as applied, not in the locations, and newer than every one that is: a
     *     newer release applied them (a rolling deploy, a rollback)
     * @param lock the lock kind, key and holder
     */
    public record MigrationsDescriptor(
            List<AppliedMigration> applied,
            List<PendingMigration> pending,
            List<FailedMigration> failed,
            List<MarkedMigration> interrupted,
            List<MarkedMigration> running,
            List<AppliedMigration> unknown,
            List<AppliedMigration> future,
            LockDescriptor lock) {}

    /**
     * One applied migration.
     *
     * @param id the file name
     * @param appliedAt when it was applied (ISO-8601, UTC)
     * @param checksum SHA-256 of the file as applied, when known
     * @param durationMillis how long applying took, when migrate applied it
     * @param appliedBy host and pid of the process that applied it, when migrate applied it
     */
    public record AppliedMigration(
            String id,
            @Nullable String appliedAt,
            @Nullable String checksum,
            @Nullable Long durationMillis,
            @Nullable String appliedBy) {

        static AppliedMigration of(MigrationInfo info) {
            Instant at = info.appliedAt();
            Duration took = info.executionTime();
            return new AppliedMigration(
                    info.id(),
                    at == null ? null : at.toString(),
                    info.checksum(),
                    took == null ? null : took.toMillis(),
                    info.appliedBy());
        }
    }

    /**
     * One migration waiting to run.
     *
     * @param id the file name
     * @param checksum SHA-256 of the file now
     */
    public record PendingMigration(String id, @Nullable String checksum) {}

    /**
     * One failed migration.
     *
     * @param id the file name
     * @param failure the line and the database's message
     */
    public record FailedMigration(String id, @Nullable String failure) {}

    /**
     * One interrupted or running migration.
     *
     * @param id the file name
     * @param statement the line and the statement it was running (passwords hidden)
     * @param by host and pid of the process that ran it
     */
    public record MarkedMigration(
            String id, @Nullable String statement, @Nullable String by) {

        static MarkedMigration of(MigrationInfo info) {
            return new MarkedMigration(info.id(), info.failure(), info.appliedBy());
        }
    }

    /**
     * The lock.
     *
     * @param type the kind, e.g. postgres-advisory
     * @param key what it locks on
     * @param holder who holds it now, or null when free
     */
    public record LockDescriptor(
            String type, String key, @Nullable HolderDescriptor holder) {

        static LockDescriptor of(LockInfo lock) {
            LockHolder holder = lock.holder();
            return new LockDescriptor(
                    lock.type().value(),
                    lock.key(),
                    holder == null ? null : new HolderDescriptor(holder.description(), holder.details()));
        }
    }

    /**
     * The lock's current holder as the database reports it.
     *
     * @param description one line
     * @param details e.g. pid, application_name, client address, state, since
     */
    public record HolderDescriptor(String description, Map<String, String> details) {}
}
