package dev.migrate.sampleworker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.apache.qpid.server.SystemLauncher;
import org.apache.qpid.server.SystemLauncherListener;
import org.apache.qpid.server.model.Broker;
import org.apache.qpid.server.model.Port;
import org.apache.qpid.server.model.SystemConfig;
import org.apache.qpid.server.model.port.AmqpPort;

/**
 * Apache Qpid Broker-J in this JVM, for machines without RabbitMQ: AMQP 0-8 to 0-9-1 on a free
 * port of 127.0.0.1, everything in memory, the user guest/guest and one virtual host that the
 * names {@code /} and {@code default} reach. It stops with the JVM.
 */
final class EmbeddedQpid {

    /**
     * PLAIN is the mechanism AMQP 0-9-1 clients (RabbitMQ's Java client, Spring AMQP) use; Qpid offers
     * it only over TLS unless {@code secureOnlyMechanisms} is emptied.
     */
    private static final String CONFIG = """
            {
              "name": "migrate-tests",
              "modelVersion": "8.0",
              "authenticationproviders": [ {
                "name": "plain",
                "type": "Plain",
                "secureOnlyMechanisms": [],
                "users": [ { "name": "guest", "type": "managed", "password": "guest" } ]
              } ],
              "ports": [ {
                "name": "AMQP",
                "port": 0,
                "bindingAddress": "127.0.0.1",
                "protocols": [ "AMQP_0_8", "AMQP_0_9", "AMQP_0_9_1" ],
                "authenticationProvider": "plain",
                "virtualhostaliases": [
                  { "name": "nameAlias", "type": "nameAlias" },
                  { "name": "defaultAlias", "type": "defaultAlias" }
                ]
              } ],
              "virtualhostnodes": [ {
                "name": "default",
                "type": "Memory",
                "defaultVirtualHostNode": "true",
                "virtualHostInitialConfiguration": "{\\"type\\": \\"Memory\\"}"
              } ]
            }
            """;

    private EmbeddedQpid() {}

    static RabbitBroker start() throws Exception {
        Path work = Files.createTempDirectory("qpid-broker");
        Path config = Files.writeString(work.resolve("initial-config.json"), CONFIG);
        AtomicReference<SystemConfig<?>> system = new AtomicReference<>();
        SystemLauncher launcher = new SystemLauncher(new SystemLauncherListener.DefaultSystemLauncherListener() {
            @Override
            public void onContainerResolve(SystemConfig<?> systemConfig) {
                system.set(systemConfig);
            }
        });
        launcher.startup(Map.of(
                "type",
                "Memory",
                SystemConfig.INITIAL_CONFIGURATION_LOCATION,
                config.toUri().toString(),
                SystemConfig.STARTUP_LOGGED_TO_SYSTEM_OUT,
                false,
                "context",
                Map.of(SystemConfig.QPID_WORK_DIR, work.toString())));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            launcher.shutdown();
            delete(work);
        }));
        Broker<?> broker = system.get().getContainer(Broker.class);
        int port = broker.getChildren(Port.class).stream()
                .filter(AmqpPort.class::isInstance)
                .mapToInt(Port::getBoundPort)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("the embedded Qpid broker has no AMQP port"));
        return new RabbitBroker(
                "127.0.0.1",
                port,
                "guest",
                "guest",
                "/",
                "embedded Apache Qpid Broker-J " + broker.getProductVersion());
    }

    private static void delete(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // the JVM is ending
        }
    }
}
