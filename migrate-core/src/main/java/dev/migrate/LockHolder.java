package dev.migrate;

import java.util.Map;

/**
 * Who holds a lock right now, as the database tells it: for PostgreSQL the backend's pid,
 * application_name, client address, state and since when; for a lease the owner and its expiry.
 *
 * @param description one line for logs and errors
 * @param details the same facts as name/value pairs, for the Actuator endpoint
 */
public record LockHolder(String description, Map<String, String> details) {

    public LockHolder {
        details = Map.copyOf(details);
    }

    @Override
    public String toString() {
        return description;
    }
}
