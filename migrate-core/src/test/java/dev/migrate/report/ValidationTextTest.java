package dev.migrate.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrate.ValidationReport;
import java.util.List;
import org.junit.jupiter.api.Test;

class ValidationTextTest {

    @Test
    void allIsWell() {
        assertThat(ValidationText.of(new ValidationReport(List.of(), List.of(), List.of()), "repair", "x"))
                .isEqualTo("migrate: valid: no edited files, no unknown ids, no failed migrations\n");
    }

    @Test
    void eachProblemInTheFrontEndsWords() {
        ValidationReport report = new ValidationReport(List.of("1_a.sql"), List.of("2_b.sql"), List.of("3_c.sql"));

        assertThat(ValidationText.of(report, "migrate.command=repair", "migrate.ignore-unknown"))
                .isEqualTo("edited:  1_a.sql changed after it was applied (restore it, or run migrate.command=repair)\n"
                        + "unknown: 2_b.sql is applied but not among the migrations (restore it, or set"
                        + " migrate.ignore-unknown)\n"
                        + "failed:  3_c.sql failed part-way or was interrupted (check the database, then run"
                        + " migrate.command=repair)\n");
        assertThat(ValidationText.problems(report, 2)).isEqualTo("migrate: validate found 3 problem(s); exit code 2");
    }
}
