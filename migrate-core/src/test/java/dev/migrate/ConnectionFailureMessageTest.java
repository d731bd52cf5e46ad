package dev.migrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.migrate.testing.LogCapture;
import dev.migrate.testing.MigrationFolder;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * A connection that cannot be opened fails the run with the driver's message, which may quote the
 * URL ("No suitable driver found for …"): the error, its causes and the log never show the
 * password in it. No database is needed: no driver accepts these URLs.
 */
class ConnectionFailureMessageTest {

    private static final String SECRET = "Sup3r-Secret-Pa55word";

    @TempDir
    Path temp;

    @ParameterizedTest
    @ValueSource(
            strings = {
                "jdbc:nosuchdb://(host=db,port=3306,user=app,password=" + SECRET + ")/app",
                "jdbc:nosuchdb://address=(host=db)(port=3306)(password=" + SECRET + ")/app",
                "jdbc:nosuchdb://db/app?user=app&password=" + SECRET + "&ssl=true",
                "jdbc:nosuchdb://app:" + SECRET + "@db/app",
            })
    void aDriversMessageQuotingTheUrlShowsNoPassword(String url) {
        MigrationFolder folder = new MigrationFolder(temp.resolve("migrations"));
        folder.add("1_a.sql", "select 1;", "select 1;");
        Migrator migrator = Migrator.builder(new DriverManagerDataSource(url))
                .locations(folder.location())
                .build();

        Throwable failure;
        try (LogCapture logs = new LogCapture()) {
            failure = catchThrowable(migrator::up);
            assertThat(logs.text()).doesNotContain(SECRET);
        }

        assertThat(failure)
                .isInstanceOf(MigrationDatabaseException.class)
                .hasMessageContaining("No suitable driver")
                .hasMessageContaining("jdbc:nosuchdb://");
        StringWriter trace = new StringWriter();
        failure.printStackTrace(new PrintWriter(trace));
        assertThat(trace.toString()).doesNotContain(SECRET);
    }
}
