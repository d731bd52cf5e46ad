package dev.migrate.internal.dialect;

/** The table lease's lock table, the same columns on every database, its time type per database. */
final class LeaseTable {

    private LeaseTable() {}

    /**
     * {@code create table if not exists}, with the dialect's timestamp type and table options.
     *
     * @param timestampType the column type {@link Dialect#clockNow()} is stored in
     * @param options what follows the column list (MySQL's storage engine), or empty
     */
    static String create(Dialect dialect, TableName table, String timestampType, String options) {
        return "create table if not exists " + dialect.qualify(table)
                + " (lock_name varchar(255) not null primary key, owner_token varchar(64) not null,"
                + " owner_host varchar(255) not null, owner_pid bigint not null, acquired_at " + timestampType
                + " not null, expires_at " + timestampType + " not null)" + options;
    }
}
