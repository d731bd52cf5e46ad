package dev.migrate.sample;

import java.net.URI;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /notes}, {@code GET /notes/{id}}, {@code POST /notes} over the migrated table. */
@RestController
@RequestMapping("/notes")
class NotesController {

    private final JdbcTemplate jdbc;

    NotesController(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** A note as the API shows it. */
    record Note(long id, String text, Instant createdAt) {}

    /** What a client sends to create a note. */
    record NewNote(String text) {}

    @GetMapping
    List<Note> all() {
        return jdbc.query("select id, text, created_at from notes order by id", NotesController::note);
    }

    @GetMapping("/{id}")
    ResponseEntity<Note> one(@PathVariable long id) {
        return jdbc.query("select id, text, created_at from notes where id = ?", NotesController::note, id).stream()
                .findFirst()
                .map(ResponseEntity::ok)
                .orElseGet(() -> ResponseEntity.notFound().build());
    }

    @PostMapping
    ResponseEntity<Note> create(@RequestBody NewNote note) {
        if (note.text() == null || note.text().isBlank()) {
            return ResponseEntity.badRequest().build();
        }
        Note created = jdbc.queryForObject(
                "insert into notes (text) values (?) returning id, text, created_at",
                NotesController::note,
                note.text());
        return ResponseEntity.created(URI.create("/notes/" + created.id())).body(created);
    }

    private static Note note(ResultSet row, int index) throws SQLException {
        return new Note(
                row.getLong("id"),
                row.getString("text"),
                row.getTimestamp("created_at").toInstant());
    }
}
