/**
 * Process-level benchmarks of migrate against Flyway and Liquibase on one local PostgreSQL.
 *
 * <p>{@link dev.migrate.bench.BenchmarkMain} runs the workloads of issue 5 (cold apply, no-op
 * boot, concurrent start, one large migration, a killed lock holder) for each tool with the same
 * generated SQL, and writes min/median/max and migrate/peer ratios as Markdown.
 */
@NullMarked
package dev.migrate.bench;

import org.jspecify.annotations.NullMarked;
