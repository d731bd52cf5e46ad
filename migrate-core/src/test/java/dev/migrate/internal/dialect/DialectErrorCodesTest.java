package dev.migrate.internal.dialect;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Which error codes each dialect reads as what; the live tests (table lease, lock retry) prove
 * that the databases raise them.
 */
class DialectErrorCodesTest {

    private static final Dialect POSTGRES = Dialects.of(DatabaseKind.POSTGRESQL);
    private static final Dialect MYSQL = Dialects.of(DatabaseKind.MYSQL);
    private static final Dialect H2 = Dialects.of(DatabaseKind.H2);

    private static SQLException error(String state, int code) {
        return new SQLException("test", state, code);
    }

    @Test
    void lockTimeoutsAreEachDatabasesOwnCode() {
        assertThat(POSTGRES.isLockTimeout(error("55P03", 0))).isTrue();
        assertThat(POSTGRES.isLockTimeout(error("57014", 0))).isFalse(); // statement_timeout: it may have run
        assertThat(MYSQL.isLockTimeout(error("HY000", 1205))).isTrue();
        assertThat(MYSQL.isLockTimeout(error("40001", 1213))).isFalse();
        assertThat(H2.isLockTimeout(error("HYT00", 50200))).isTrue();
        assertThat(H2.isLockTimeout(error("55P03", 0))).isFalse();
    }

    @Test
    void lockConflictsAreClass40OrALockTimeoutOrAMySqlDeadlock() {
        for (Dialect dialect : new Dialect[] {POSTGRES, MYSQL, H2}) {
            assertThat(dialect.isLockConflict(error("40001", 0)))
                    .as(dialect.kind().name())
                    .isTrue();
            assertThat(dialect.isLockConflict(error("40P01", 0)))
                    .as(dialect.kind().name())
                    .isTrue();
            assertThat(dialect.isLockConflict(error("23505", 0)))
                    .as(dialect.kind().name())
                    .isFalse();
            assertThat(dialect.isLockConflict(error(null, 0)))
                    .as(dialect.kind().name())
                    .isFalse();
        }
        assertThat(POSTGRES.isLockConflict(error("55P03", 0))).isTrue();
        assertThat(MYSQL.isLockConflict(error("HY000", 1205))).isTrue();
        assertThat(MYSQL.isLockConflict(error("HY000", 1213))).isTrue();
        assertThat(POSTGRES.isLockConflict(error("HY000", 1213))).isFalse();
        assertThat(H2.isLockConflict(error("HYT00", 50200))).isTrue();
    }

    @Test
    void uniqueViolationsAndConcurrentCreates() {
        assertThat(POSTGRES.isUniqueViolation(error("23505", 0))).isTrue();
        assertThat(MYSQL.isUniqueViolation(error("23000", 1062))).isTrue();
        assertThat(H2.isUniqueViolation(error("23505", 23505))).isTrue();
        assertThat(POSTGRES.isUniqueViolation(error("42P07", 0))).isFalse();
        for (String state : new String[] {"42P06", "42P07", "42710"}) {
            assertThat(POSTGRES.isConcurrentCreate(error(state, 0))).as(state).isTrue();
            assertThat(MYSQL.isConcurrentCreate(error(state, 0))).as(state).isFalse();
        }
        assertThat(POSTGRES.isConcurrentCreate(error("42P01", 0))).isFalse();
    }

    @Test
    void theLeaseClockIsTheDatabasesOwnAndNotTheTransactionsStartOnPostgres() {
        assertThat(POSTGRES.clockNow()).isEqualTo("clock_timestamp()").isNotEqualTo(POSTGRES.now());
        assertThat(MYSQL.clockNowPlus(Duration.ofMillis(1500)))
                .isEqualTo("date_add(utc_timestamp(3), interval 1500000 microsecond)");
        assertThat(MYSQL.fromNoTable()).isEqualTo(" from dual");
        assertThat(POSTGRES.fromNoTable()).isEmpty();
        assertThat(MYSQL.createLeaseTable(new TableName("app", "gorp_migrations_lock")))
                .singleElement()
                .asString()
                .startsWith("create table if not exists `app`.`gorp_migrations_lock`")
                .contains("expires_at datetime(3) not null")
                .endsWith(" engine=InnoDB");
    }

    @Test
    void aMissingFunctionIsPostgresUndefinedFunction() {
        // what a server without hashtextextended (before PostgreSQL 11, a look-alike) answers the
        // catalog digest: the run then reads the rows
        assertThat(POSTGRES.isMissingFunction(error("42883", 0))).isTrue();
        assertThat(POSTGRES.isMissingFunction(error("42P01", 0))).isFalse();
        assertThat(MYSQL.isMissingFunction(error("42000", 1305))).isFalse();
    }
}
