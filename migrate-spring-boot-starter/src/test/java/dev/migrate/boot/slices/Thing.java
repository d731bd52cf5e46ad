package dev.migrate.boot.slices;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** The test migrations' {@code things} table as a JPA entity. */
@Entity
@Table(name = "things")
public class Thing {

    @Id
    private Integer id;

    @Column(nullable = false, length = 100)
    private String name;

    protected Thing() {}

    public Integer getId() {
        return id;
    }

    public String getName() {
        return name;
    }
}
