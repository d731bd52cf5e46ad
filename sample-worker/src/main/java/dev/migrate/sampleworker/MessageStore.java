package dev.migrate.sampleworker;

import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Stores every message of the queue {@code worker.queue} in the table {@code messages}. */
@Component
class MessageStore {

    private final JdbcTemplate jdbc;

    MessageStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @RabbitListener(queues = "${worker.queue}")
    void store(String body) {
        jdbc.update("insert into messages (body) values (?)", body);
    }
}
