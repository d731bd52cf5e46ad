package dev.migrate.internal.lock;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Who takes a lock: a random token per acquisition (the identity), plus host and pid for people
 * to read. A restarted pod reuses its hostname, so the hostname alone never identifies an owner.
 */
public record LockOwner(String token, String host, long pid) {

    /** A fresh owner for this process with a new random token. */
    public static LockOwner create() {
        byte[] bytes = new byte[12];
        ThisProcess.RANDOM.nextBytes(bytes);
        return new LockOwner(HexFormat.of().formatHex(bytes), ThisProcess.HOST, ThisProcess.PID);
    }

    /** {@code host/pid} of this process, as {@link #describe()} gives it for an owner. */
    public static String thisProcess() {
        return ThisProcess.HOST + "/" + ThisProcess.PID;
    }

    /** {@code host/pid}, the short form people read in logs and in the side table. */
    public String describe() {
        return host + "/" + pid;
    }

    /** Looked up once per process, on first use (a host name lookup can be slow). */
    private static final class ThisProcess {
        private static final SecureRandom RANDOM = new SecureRandom();
        private static final String HOST = localHost();
        private static final long PID = ProcessHandle.current().pid();
    }

    private static String localHost() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return ManagementFactory.getRuntimeMXBean().getName();
        }
    }
}
