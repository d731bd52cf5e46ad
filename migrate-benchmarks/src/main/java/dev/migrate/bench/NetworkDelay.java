package dev.migrate.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The network between a pod and its database, on loopback: a TCP relay in front of the local
 * PostgreSQL that holds every chunk of bytes for half a round trip in each direction, in order.
 * A tool connected through it pays the round trip on every exchange with the server, as it would
 * across a network; the server and the tool do the same work as on loopback. Loopback's own round
 * trip (a few tens of microseconds here) and the relay's hand-over stay on top of the added delay:
 * {@link #measuredRoundTripMillis} reports what a {@code select 1} actually takes through it.
 *
 * <p>There is no kernel-level way here ({@code tc qdisc … netem} is not available in this
 * machine's kernel), hence a relay. It copies bytes and wakes a thread per chunk, a few
 * microseconds of CPU per exchange: each tool pays that per round trip, as it pays its network
 * stack per packet in production.
 */
final class NetworkDelay implements AutoCloseable {

    private static final int CHUNK = 64 * 1024;

    private final ServerSocket listener;
    private final InetSocketAddress server;
    private final long oneWayNanos;
    private final Thread acceptor;
    private final List<Socket> sockets = new ArrayList<>();

    private NetworkDelay(ServerSocket listener, InetSocketAddress server, Duration roundTrip) {
        this.listener = listener;
        this.server = server;
        this.oneWayNanos = roundTrip.toNanos() / 2;
        this.acceptor = new Thread(this::accept, "network-delay-accept");
        this.acceptor.setDaemon(true);
    }

    /** A relay to {@code host:port} that adds {@code roundTrip} to every exchange. */
    static NetworkDelay start(String host, int port, Duration roundTrip) throws IOException {
        if (roundTrip.isNegative() || roundTrip.isZero()) {
            throw new IllegalArgumentException("the round trip to add must be positive, not " + roundTrip);
        }
        ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        NetworkDelay delay = new NetworkDelay(listener, new InetSocketAddress(host, port), roundTrip);
        delay.acceptor.start();
        return delay;
    }

    /** {@code url} (a {@code jdbc:postgresql://host:port/…} URL) through this relay. */
    String url(String url) {
        String direct = "//" + server.getHostString() + ":" + server.getPort() + "/";
        int at = url.indexOf(direct);
        if (at < 0) {
            throw new IllegalArgumentException(url + " does not name " + direct);
        }
        return url.substring(0, at) + "//127.0.0.1:" + listener.getLocalPort() + "/"
                + url.substring(at + direct.length());
    }

    /**
     * What a {@code select 1} takes through the relay on one connection to {@code url} (a URL not
     * yet through it), min / median / max of {@code count} after 20 not counted, in milliseconds.
     */
    Stats measuredRoundTripMillis(String url, int count) throws SQLException {
        return selectOneMillis(url(url), count);
    }

    /** The same, straight to the server: loopback's own round trip. */
    static Stats selectOneMillis(String url, int count) throws SQLException {
        List<Double> millis = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(url);
                Statement statement = connection.createStatement()) {
            for (int i = 0; i < 20 + count; i++) {
                long start = System.nanoTime();
                statement.execute("select 1");
                if (i >= 20) {
                    millis.add((System.nanoTime() - start) / 1e6);
                }
            }
        }
        return new Stats(millis);
    }

    private void accept() {
        while (!listener.isClosed()) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException closed) {
                return;
            }
            Socket upstream = new Socket();
            try {
                upstream.connect(server);
                client.setTcpNoDelay(true);
                upstream.setTcpNoDelay(true);
                List<Socket> pair = List.of(client, upstream);
                synchronized (sockets) {
                    sockets.addAll(pair);
                }
                AtomicInteger directions = new AtomicInteger(2);
                relay(client, upstream, "to-server", pair, directions);
                relay(upstream, client, "to-client", pair, directions);
            } catch (IOException e) {
                closeQuietly(client);
                closeQuietly(upstream);
            }
        }
    }

    /**
     * One direction: a reader that stamps each chunk with the time it may leave, and a writer that
     * sends it then. The delay is the same for every chunk, so the queue stays in sending order.
     * The end of one side's stream is passed on as the end of the other's output; once both
     * directions ended (or either failed) both sockets are closed.
     */
    private void relay(Socket from, Socket to, String direction, List<Socket> pair, AtomicInteger directions)
            throws IOException {
        BlockingQueue<Chunk> queue = new LinkedBlockingQueue<>();
        InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream();
        Thread reader = new Thread(
                () -> {
                    byte[] buffer = new byte[CHUNK];
                    try {
                        int read;
                        while ((read = in.read(buffer)) >= 0) {
                            queue.add(new Chunk(System.nanoTime() + oneWayNanos, Arrays.copyOf(buffer, read)));
                        }
                    } catch (IOException ended) {
                        // the socket was closed: what was read still goes out, then the end
                    }
                    queue.add(Chunk.END);
                },
                "network-delay-" + direction + "-read");
        Thread writer = new Thread(
                () -> {
                    try {
                        for (Chunk chunk = queue.take(); chunk != Chunk.END; chunk = queue.take()) {
                            for (long wait = chunk.due() - System.nanoTime();
                                    wait > 0;
                                    wait = chunk.due() - System.nanoTime()) {
                                LockSupport.parkNanos(wait);
                            }
                            out.write(chunk.bytes());
                            out.flush();
                        }
                        to.shutdownOutput();
                        if (directions.decrementAndGet() == 0) {
                            closePair(pair);
                        }
                    } catch (IOException | InterruptedException e) {
                        closePair(pair);
                    }
                },
                "network-delay-" + direction + "-write");
        reader.setDaemon(true);
        writer.setDaemon(true);
        reader.start();
        writer.start();
    }

    @Override
    public void close() throws IOException {
        listener.close();
        synchronized (sockets) {
            sockets.forEach(NetworkDelay::closeQuietly);
            sockets.clear();
        }
    }

    private void closePair(List<Socket> pair) {
        pair.forEach(NetworkDelay::closeQuietly);
        synchronized (sockets) {
            sockets.removeAll(pair);
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException alreadyGone) {
            // nothing more to send or receive on it either way
        }
    }

    /** Bytes read in one go and the time they may be sent on. */
    private record Chunk(long due, byte[] bytes) {
        static final Chunk END = new Chunk(0, new byte[0]);
    }
}
