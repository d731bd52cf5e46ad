package dev.migrate.sampleworker;

import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import org.jspecify.annotations.Nullable;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.rabbitmq.RabbitMQContainer;

/**
 * Finds (once per JVM) the AMQP 0-9-1 broker, in the order {@code dev.migrate.testing.ServerFinder}
 * finds databases: the URL in {@code MIGRATE_TEST_RABBITMQ_URL}, RabbitMQ in Testcontainers where
 * Docker is available, RabbitMQ on 127.0.0.1:5672 (guest/guest) unless {@code
 * migrate.test.local-servers} / {@code MIGRATE_TEST_LOCAL_SERVERS} is {@code false}, and last an
 * embedded Apache Qpid Broker-J ({@link EmbeddedQpid}).
 */
final class BrokerFinder {

    private static final String URL = "MIGRATE_TEST_RABBITMQ_URL";
    private static final String LOCAL_SERVERS = "migrate.test.local-servers";

    private static @Nullable RabbitBroker broker;

    private BrokerFinder() {}

    static synchronized RabbitBroker broker() {
        if (broker == null) {
            RabbitBroker found = find();
            System.err.println("[tests] RabbitMQ: " + found.foundBy() + " (" + found.address() + ")");
            broker = found;
        }
        return broker;
    }

    private static RabbitBroker find() {
        RabbitBroker explicit = fromEnvironment();
        if (explicit != null) {
            return explicit;
        }
        if (dockerAvailable()) {
            RabbitMQContainer container = new RabbitMQContainer("rabbitmq:4-management-alpine");
            container.start();
            return new RabbitBroker(
                    container.getHost(),
                    container.getAmqpPort(),
                    container.getAdminUsername(),
                    container.getAdminPassword(),
                    "/",
                    "Testcontainers");
        }
        RabbitBroker local = new RabbitBroker("127.0.0.1", 5672, "guest", "guest", "/", "local server 127.0.0.1:5672");
        if (localServers() && reachable(local)) {
            return local;
        }
        try {
            return EmbeddedQpid.start();
        } catch (Exception | LinkageError e) {
            throw new IllegalStateException(
                    "No AMQP broker for the tests: set " + URL + " to amqp://user:password@host:port/vhost,"
                            + " start Docker, or run RabbitMQ on 127.0.0.1:5672 with the user guest/guest (Debian:"
                            + " apt-get install rabbitmq-server && service rabbitmq-server start; bash .ci/run"
                            + " starts it); the embedded Qpid Broker-J failed too: " + e,
                    e);
        }
    }

    private static @Nullable RabbitBroker fromEnvironment() {
        String url = System.getenv(URL);
        if (url == null || url.isBlank()) {
            return null;
        }
        ConnectionFactory factory = new ConnectionFactory();
        try {
            factory.setUri(url);
        } catch (Exception e) {
            throw new IllegalStateException(
                    URL + " is not an amqp://user:password@host:port/vhost URL (" + e.getMessage() + ")", e);
        }
        RabbitBroker broker = new RabbitBroker(
                factory.getHost(),
                factory.getPort(),
                factory.getUsername(),
                factory.getPassword(),
                factory.getVirtualHost(),
                URL);
        if (!reachable(broker)) {
            throw new IllegalStateException(
                    URL + " points at " + broker.address() + " but no connection could be made");
        }
        return broker;
    }

    private static boolean reachable(RabbitBroker broker) {
        try (Connection ignored = broker.connectionFactory().newConnection("broker-finder")) {
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    private static boolean localServers() {
        String value = System.getProperty(LOCAL_SERVERS, System.getenv("MIGRATE_TEST_LOCAL_SERVERS"));
        return !"false".equalsIgnoreCase(value);
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (Throwable e) {
            return false;
        }
    }
}
