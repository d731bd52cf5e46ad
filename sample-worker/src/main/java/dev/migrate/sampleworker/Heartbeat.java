package dev.migrate.sampleworker;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Records a heartbeat in the table {@code heartbeats} every 200 ms. */
@Component
class Heartbeat {

    private final JdbcTemplate jdbc;

    Heartbeat(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Scheduled(fixedDelay = 200)
    void beat() {
        jdbc.update("insert into heartbeats (beat_at) values (current_timestamp)");
    }
}
