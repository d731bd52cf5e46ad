package dev.migrate.cli;

/** What {@code --help} prints. */
final class Usage {

    static final String TEXT = """
            Usage: java -jar migrate-cli.jar [COMMAND] [--SETTING=VALUE ...]

            Commands (default up; or MIGRATE_COMMAND):
              up        apply pending migrations (--limit N, --target FILE, --dry-run)
              down      undo the newest applied one (--limit N: that many, 0: all; --target FILE)
              redo      undo and apply the newest applied one again
              status    the table of migrations (--output=json for scripts)
              validate  edited files, unknown ids, failed migrations: exit code 2 on a problem
              repair    clear failed migrations, accept edited checksums
              skip      record pending migrations as applied without running them
              plan      what up would run, changing nothing
              new NAME  write yyyyMMddHHmmss-NAME.sql into the first filesystem: location

            Settings, as arguments or environment variables (arguments win):
              --url                        MIGRATE_URL, else SPRING_DATASOURCE_URL (JDBC URL)
              --user                       MIGRATE_USER, else SPRING_DATASOURCE_USERNAME
              --password                   MIGRATE_PASSWORD, else SPRING_DATASOURCE_PASSWORD
              --locations                  MIGRATE_LOCATIONS (default filesystem:db/migrations)
              --table                      MIGRATE_TABLE (default gorp_migrations)
              --schema                     MIGRATE_SCHEMA
              --limit                      MIGRATE_LIMIT
              --target                     MIGRATE_TARGET
              --dry-run                    MIGRATE_DRY_RUN
              --output                     MIGRATE_OUTPUT (text or json)
              --new-name                   MIGRATE_NEW_NAME
              --ignore-unknown             MIGRATE_IGNORE_UNKNOWN
              --validate-checksums         MIGRATE_VALIDATE_CHECKSUMS
              --retry-failed               MIGRATE_RETRY_FAILED
              --application-name           MIGRATE_APPLICATION_NAME
              --connect-retries            MIGRATE_CONNECT_RETRIES
              --connect-retries-interval   MIGRATE_CONNECT_RETRIES_INTERVAL
              --lock.type                  MIGRATE_LOCK_TYPE
              --lock.key                   MIGRATE_LOCK_KEY
              --lock.timeout               MIGRATE_LOCK_TIMEOUT
              --lock.lease-time            MIGRATE_LOCK_LEASE_TIME
              --lock.connection-check-interval  MIGRATE_LOCK_CONNECTION_CHECK_INTERVAL
              --ddl.lock-timeout           MIGRATE_DDL_LOCK_TIMEOUT
              --ddl.retry-budget           MIGRATE_DDL_RETRY_BUDGET
              --ddl.lint                   MIGRATE_DDL_LINT
              --enabled                    MIGRATE_ENABLED (false: do nothing, exit 0)
            Durations: 30s, 500ms, 10m, PT10M, or a number of seconds.
            Log level: LOGGING_LEVEL_DEV_MIGRATE=debug|info|warn|error|off (default info, on stderr).

            Exit codes: 0 done, 1 failed or a wrong setting (reason on stderr), 2 validate found a problem.
            More: docs/cli.md
            """;

    private Usage() {}
}
