package dev.migrate.internal.dialect;

import java.time.Duration;

/**
 * Per-session settings of the run's pinned connection.
 *
 * @param applicationName shown in {@code pg_stat_activity}, so a person sees who holds the lock
 * @param connectionCheckInterval how soon the server should notice a vanished client (PostgreSQL:
 *     {@code client_connection_check_interval} and TCP keepalive idle/interval); zero leaves the
 *     server's settings alone
 */
public record SessionSettings(String applicationName, Duration connectionCheckInterval) {}
