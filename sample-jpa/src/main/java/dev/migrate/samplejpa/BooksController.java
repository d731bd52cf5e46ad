package dev.migrate.samplejpa;

import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /books}. */
@RestController
class BooksController {

    private final BookRepository books;

    BooksController(BookRepository books) {
        this.books = books;
    }

    @GetMapping("/books")
    List<Book> all() {
        return books.findAll();
    }
}
