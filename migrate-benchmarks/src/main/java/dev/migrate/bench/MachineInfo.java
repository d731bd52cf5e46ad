package dev.migrate.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;

/** The machine, JVM and server a run measured on, and how busy the machine was. */
final class MachineInfo {

    private MachineInfo() {}

    /** Markdown lines describing this machine, the JVM and the PostgreSQL server. */
    static String describe(PostgresServer server) throws SQLException {
        return "- CPUs (nproc): " + Runtime.getRuntime().availableProcessors() + "\n"
                + "- memory: " + memory() + "\n"
                + "- Java: " + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version")
                + " (" + System.getProperty("java.vm.vendor") + ")\n"
                + "- PostgreSQL: " + server.version() + " (loopback, trust authentication)\n"
                + "- tools: " + toolVersions() + "\n";
    }

    private static String toolVersions() {
        StringBuilder out = new StringBuilder();
        for (Tool tool : Tool.values()) {
            if (!out.isEmpty()) {
                out.append("; ");
            }
            out.append(tool.label()).append(' ').append(tool.version());
        }
        return out.append("; PostgreSQL JDBC ")
                .append(org.postgresql.util.DriverInfo.DRIVER_VERSION)
                .append("; HikariCP (pool of at most 4)")
                .toString();
    }

    private static String memory() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    long kb = Long.parseLong(line.replaceAll("[^0-9]", ""));
                    return (kb / 1024 / 1024) + " GiB";
                }
            }
        } catch (IOException | NumberFormatException e) {
            // fall through
        }
        return "unknown";
    }

    /** The 1, 5 and 15 minute load averages, to show how busy the shared machine was. */
    static String loadAverage() {
        try {
            List<String> parts =
                    List.of(Files.readString(Path.of("/proc/loadavg")).split(" "));
            return parts.get(0) + " / " + parts.get(1) + " / " + parts.get(2);
        } catch (IOException e) {
            return "unknown";
        }
    }
}
