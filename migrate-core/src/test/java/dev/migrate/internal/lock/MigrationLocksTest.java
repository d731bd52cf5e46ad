package dev.migrate.internal.lock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrate.LockInfo;
import dev.migrate.LockType;
import dev.migrate.MigrationConfigurationException;
import dev.migrate.Migrator;
import dev.migrate.internal.dialect.DatabaseKind;
import dev.migrate.testing.TestDatabase;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MigrationLocksTest {

    @ParameterizedTest
    @CsvSource({
        "AUTO, POSTGRESQL, POSTGRES_ADVISORY",
        "AUTO, MYSQL, MYSQL_NAMED",
        "AUTO, H2, TABLE_LEASE",
        "TABLE_LEASE, POSTGRESQL, TABLE_LEASE",
        "NONE, MYSQL, NONE",
    })
    void autoPicksTheKindFromTheDatabase(LockType configured, DatabaseKind database, LockType expected) {
        assertThat(MigrationLocks.resolve(configured, database)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "PostgreSQL 15.20 (Debian 15.20-0+deb12u1) on x86_64-pc-linux-gnu, compiled by gcc 12.2.0, 64-bit"
                        + " | POSTGRES_ADVISORY",
                "CockroachDB CCL v23.1.11 (x86_64-pc-linux-gnu, built 2023/09/27 01:53:43, go1.19.10) | TABLE_LEASE",
                "CockroachDB OSS v21.2.0 (x86_64-unknown-linux-gnu, built 2021/11/15) | TABLE_LEASE",
                "PostgreSQL 11.2-YB-2.20.1.0-b0 on x86_64-pc-linux-gnu, compiled by clang 16.0.6, 64-bit"
                        + " | TABLE_LEASE",
                "PostgreSQL 16.1 on aarch64-unknown-linux-gnu, compiled by aarch64-unknown-linux-gnu-gcc (GCC) 9.5.0,"
                        + " 64-bit | POSTGRES_ADVISORY",
            })
    void autoOnPostgresTakesTheTableLeaseWhereVersionNamesALookAlikeWithoutAdvisoryLocks(
            String version, LockType expected) {
        assertThat(MigrationLocks.resolve(LockType.AUTO, DatabaseKind.POSTGRESQL, version))
                .isEqualTo(expected);
        assertThat(MigrationLocks.resolve(LockType.POSTGRES_ADVISORY, DatabaseKind.POSTGRESQL, version))
                .as("an explicit kind stays as set (create() refuses it on a look-alike)")
                .isEqualTo(LockType.POSTGRES_ADVISORY);
    }

    @Test
    void lookAlikesAreNamedForTheMessage() {
        assertThat(PostgresLookAlikes.withoutAdvisoryLocks("CockroachDB CCL v23.1.11 (x86_64)"))
                .isEqualTo("CockroachDB");
        assertThat(PostgresLookAlikes.withoutAdvisoryLocks("PostgreSQL 11.2-YB-2.18.0.0-b0 on x86_64"))
                .isEqualTo("YugabyteDB");
        assertThat(PostgresLookAlikes.withoutAdvisoryLocks("PostgreSQL 17.2 on x86_64-pc-linux-gnu"))
                .isNull();
    }

    @Test
    void aKindThatDoesNotFitTheDatabaseIsAConfigurationError() throws Exception {
        try (TestDatabase db = TestDatabase.h2("misfit");
                Connection connection = db.connect()) {
            for (LockType type : new LockType[] {LockType.POSTGRES_ADVISORY, LockType.MYSQL_NAMED}) {
                assertThatThrownBy(() -> LockTesting.lock(db, connection, LockTesting.settings(type, Duration.ZERO)))
                        .isInstanceOf(MigrationConfigurationException.class)
                        .hasMessageContaining("lock type " + type)
                        .hasMessageContaining("H2")
                        .hasMessageContaining("table-lease");
            }
            assertThat(LockTesting.lock(db, connection, LockTesting.settings(LockType.NONE, Duration.ZERO)))
                    .isSameAs(NoLock.INSTANCE);
        }
    }

    @Test
    void aKeyForAKindWithoutKeysIsAConfigurationError() throws Exception {
        try (TestDatabase db = TestDatabase.h2("keyed");
                Connection connection = db.connect()) {
            LockSettings settings =
                    new LockSettings(LockType.AUTO, 42L, Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ZERO);
            assertThatThrownBy(() -> LockTesting.lock(db, connection, settings))
                    .isInstanceOf(MigrationConfigurationException.class)
                    .hasMessageContaining("a lock key is set")
                    .hasMessageContaining("table-lease (chosen for H2)");
        }
    }

    @Test
    void theAdvisoryKeyUsesAConfiguredSchemaAsPostgresFoldsIt() {
        try (TestDatabase db = TestDatabase.postgres("keyschema")) {
            LockInfo lock = Migrator.builder(db.dataSource())
                    .source(List::of)
                    .schema("Billing")
                    .build()
                    .lockInfo();
            assertThat(lock.key())
                    .isEqualTo(Long.toString(LockKeys.advisoryKey(db.name(), "billing", "gorp_migrations")));
        }
    }

    @Test
    void theAdvisoryKeyFormulaIsStable() {
        // The documented example; a change here breaks every service that computed it.
        assertThat(LockKeys.advisoryKey("app", "public", "gorp_migrations")).isEqualTo(6105318732906150509L);
    }

    @Test
    void mysqlLockNamesStayWithin64Characters() {
        assertThat(LockKeys.mysqlLockName("app", "gorp_migrations")).isEqualTo("migrate:app.gorp_migrations");
        String longName = LockKeys.mysqlLockName("a".repeat(40), "b".repeat(40));
        assertThat(longName).hasSize(64).startsWith("migrate:").matches("migrate:[0-9a-f]{56}");
        assertThat(LockKeys.mysqlLockName("a".repeat(40), "b".repeat(41))).isNotEqualTo(longName);
    }

    @Test
    void jitterStaysWithinAQuarterEitherSide() {
        for (int i = 0; i < 1000; i++) {
            assertThat(LockPoller.jitter(1_000_000)).isBetween(750_000L, 1_250_000L);
        }
    }
}
