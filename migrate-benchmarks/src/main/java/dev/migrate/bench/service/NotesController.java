package dev.migrate.bench.service;

import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The service's one endpoint: a few rows of the first benchmark table. Never called by W7. */
@RestController
class NotesController {

    private final JdbcTemplate jdbc;

    NotesController(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @GetMapping("/notes")
    List<Map<String, Object>> notes() {
        return jdbc.queryForList("select id, name from bench_t0001 order by id limit 10");
    }
}
