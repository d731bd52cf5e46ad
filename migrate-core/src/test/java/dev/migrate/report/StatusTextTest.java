package dev.migrate.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrate.LockHolder;
import dev.migrate.LockInfo;
import dev.migrate.LockType;
import dev.migrate.MigrationInfo;
import dev.migrate.MigrationState;
import dev.migrate.StatusReport;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StatusTextTest {

    @Test
    void aTableWithTheCountsTheLockAndEachFailure() {
        StatusReport status = new StatusReport(
                List.of(
                        MigrationInfo.applied(
                                "1_create_users",
                                Instant.parse("2026-01-02T03:04:05Z"),
                                "c1",
                                Duration.ofMillis(42),
                                "me"),
                        MigrationInfo.marked("2_add_email", MigrationState.FAILED, "c2", "me", "line 3: boom"),
                        MigrationInfo.marked("3_index", MigrationState.INTERRUPTED, "c3", "me", "line 1: killed"),
                        MigrationInfo.pending("4_pending_one", "c4")),
                new LockInfo(LockType.POSTGRES_ADVISORY, "42", new LockHolder("pid 7 on host a", Map.of())));

        assertThat(StatusText.of(status))
                .isEqualTo("+----------------+-------------------------+-------+-------------+\n"
                        + "| MIGRATION      | APPLIED                 | TOOK  | STATE       |\n"
                        + "+----------------+-------------------------+-------+-------------+\n"
                        + "| 1_create_users | 2026-01-02 03:04:05 UTC | 42 ms | applied     |\n"
                        + "| 2_add_email    | no                      |       | failed      |\n"
                        + "| 3_index        | no                      |       | interrupted |\n"
                        + "| 4_pending_one  | no                      |       | pending     |\n"
                        + "+----------------+-------------------------+-------+-------------+\n"
                        + "1 applied, 1 pending, 1 failed, 0 unknown, 0 future. Lock postgres-advisory 42: held by"
                        + " pid 7 on host a\n"
                        + "failed: 2_add_email: line 3: boom\n"
                        + "interrupted: 3_index: line 1: killed\n");
    }

    @Test
    void aFreeLockAndNoMigrations() {
        StatusReport status = new StatusReport(List.of(), new LockInfo(LockType.TABLE_LEASE, "migrate", null));

        assertThat(StatusText.of(status))
                .isEqualTo("+-----------+---------+------+-------+\n"
                        + "| MIGRATION | APPLIED | TOOK | STATE |\n"
                        + "+-----------+---------+------+-------+\n"
                        + "+-----------+---------+------+-------+\n"
                        + "0 applied, 0 pending, 0 failed, 0 unknown, 0 future. Lock table-lease migrate: free\n");
    }
}
