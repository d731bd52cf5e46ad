package dev.migrate.sampleworker;

import com.rabbitmq.client.ConnectionFactory;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * An AMQP 0-9-1 broker the tests publish to and the worker listens on: where it is, how to log in,
 * and how it was found (for messages). {@link BrokerFinder} finds one per test JVM.
 */
record RabbitBroker(String host, int port, String username, String password, String virtualHost, String foundBy) {

    /** The broker the tests of this JVM use; see {@link BrokerFinder} for the order. */
    static RabbitBroker get() {
        return BrokerFinder.broker();
    }

    ConnectionFactory connectionFactory() {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(host);
        factory.setPort(port);
        factory.setUsername(username);
        factory.setPassword(password);
        factory.setVirtualHost(virtualHost);
        factory.setConnectionTimeout(5_000);
        return factory;
    }

    /** The sample jar's settings that point it at this broker. */
    List<String> springArguments() {
        return List.of(
                "--spring.rabbitmq.host=" + host,
                "--spring.rabbitmq.port=" + port,
                "--spring.rabbitmq.username=" + username,
                "--spring.rabbitmq.password=" + password,
                "--spring.rabbitmq.virtual-host=" + virtualHost);
    }

    /** Where it is as an AMQP URI ({@code /} is {@code %2F}), without the credentials. */
    String address() {
        return "amqp://" + host + ":" + port + "/" + URLEncoder.encode(virtualHost, StandardCharsets.UTF_8);
    }
}
