package dev.migrate.samplejpa;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.jspecify.annotations.Nullable;

/** A book; its table comes from the migrations, and Hibernate validates it at start-up. */
@Entity
@Table(name = "books")
public class Book {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private @Nullable Long id;

    @Column(nullable = false, length = 200)
    private String title = "";

    /** Added by the second migration: a database one migration behind lacks it. */
    @Column(name = "published_year")
    private @Nullable Integer publishedYear;

    protected Book() {}

    Book(String title, @Nullable Integer publishedYear) {
        this.title = title;
        this.publishedYear = publishedYear;
    }

    public @Nullable Long getId() {
        return id;
    }

    public String getTitle() {
        return title;
    }

    public @Nullable Integer getPublishedYear() {
        return publishedYear;
    }
}
