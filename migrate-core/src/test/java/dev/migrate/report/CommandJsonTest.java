package dev.migrate.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrate.Direction;
import dev.migrate.LockHolder;
import dev.migrate.LockInfo;
import dev.migrate.LockType;
import dev.migrate.MigrationInfo;
import dev.migrate.MigrationPlan;
import dev.migrate.StatusReport;
import dev.migrate.ValidationReport;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CommandJsonTest {

    @Test
    void statusDocument() {
        StatusReport status = new StatusReport(
                List.of(
                        MigrationInfo.applied(
                                "1_a", Instant.parse("2026-01-02T03:04:05Z"), "c1", Duration.ofMillis(7), "me"),
                        MigrationInfo.pending("2_b", "c2")),
                new LockInfo(LockType.MYSQL_NAMED, "migrate", new LockHolder("connection 9", Map.of("id", "9"))));
        Map<String, Map<String, Object>> migrators = new LinkedHashMap<>();
        migrators.put("migrator", CommandJson.status(status));

        assertThat(CommandJson.document("status", false, 0, migrators)).isEqualTo("""
                        {
                          "schemaVersion": 1,
                          "command": "status",
                          "dryRun": false,
                          "exitCode": 0,
                          "migrators": {
                            "migrator": {
                              "migrations": [
                                {
                                  "id": "1_a",
                                  "state": "applied",
                                  "appliedAt": "2026-01-02T03:04:05Z",
                                  "executionMillis": 7,
                                  "checksum": "c1",
                                  "appliedBy": "me",
                                  "failure": null
                                },
                                {
                                  "id": "2_b",
                                  "state": "pending",
                                  "appliedAt": null,
                                  "executionMillis": null,
                                  "checksum": "c2",
                                  "appliedBy": null,
                                  "failure": null
                                }
                              ],
                              "applied": 1,
                              "pending": 1,
                              "failed": 0,
                              "interrupted": 0,
                              "running": 0,
                              "unknown": 0,
                              "future": 0,
                              "lock": {
                                "type": "mysql-named",
                                "key": "migrate",
                                "holder": {
                                  "description": "connection 9",
                                  "details": {
                                    "id": "9"
                                  }
                                }
                              }
                            }
                          }
                        }
                        """);
    }

    @Test
    void planIsADryRunAndStringsAreEscaped() {
        MigrationPlan plan = new MigrationPlan(List.of(new MigrationPlan.Step(
                "1_a", Direction.UP, false, List.of(new MigrationPlan.Statement(3, "SELECT '\"x\"\\\n\t\u0001'")))));
        Map<String, Object> part = CommandJson.plan(plan);
        part.put("error", "migrate: none");

        assertThat(CommandJson.document("plan", false, 1, Map.of("m", part))).isEqualTo("""
                        {
                          "schemaVersion": 1,
                          "command": "plan",
                          "dryRun": true,
                          "exitCode": 1,
                          "migrators": {
                            "m": {
                              "steps": [
                                {
                                  "id": "1_a",
                                  "direction": "up",
                                  "transactional": false,
                                  "statements": [
                                    {
                                      "line": 3,
                                      "sql": "SELECT '\\"x\\"\\\\\\n\\t\\u0001'"
                                    }
                                  ]
                                }
                              ],
                              "error": "migrate: none"
                            }
                          }
                        }
                        """);
    }

    @Test
    void validationAndEmptyLists() {
        Map<String, Object> part =
                CommandJson.validation(new ValidationReport(List.of(), List.of("9_gone"), List.of()));

        assertThat(CommandJson.document("validate", false, 2, Map.of("migrator", part)))
                .isEqualTo("""
                        {
                          "schemaVersion": 1,
                          "command": "validate",
                          "dryRun": false,
                          "exitCode": 2,
                          "migrators": {
                            "migrator": {
                              "valid": false,
                              "edited": [],
                              "unknown": [
                                "9_gone"
                              ],
                              "failed": []
                            }
                          }
                        }
                        """);
    }
}
