package dev.migrate.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/** What the samples' jar tests need to talk to a service they started: a port, and a GET. */
public final class LocalHttp {

    private static final HttpClient CLIENT =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private LocalHttp() {}

    /** A port nothing listens on right now, for a service about to start. */
    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** The answer to a GET of {@code url}, or null while nothing answers there (not listening yet, or gone). */
    public static @Nullable HttpResponse<String> get(String url, Duration timeout) throws InterruptedException {
        try {
            return CLIENT.send(
                    HttpRequest.newBuilder(URI.create(url)).timeout(timeout).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return null;
        }
    }
}
