package dev.migrate.internal.run;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The host part of the one line that names the database never carries a credential. */
class DatabaseDescriptionTest {

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "jdbc:postgresql://db.example:5432/app?user=app&password=secret | db.example:5432",
                "jdbc:postgresql://10.0.0.1,10.0.0.2/app?password=secret | 10.0.0.1,10.0.0.2",
                "jdbc:mysql://app:secret@db:3306/app | db:3306",
                "jdbc:mariadb://db/app;password=secret | db",
                "jdbc:sqlserver://db:1433;databaseName=app;password=secret | db:1433",
                "jdbc:h2:mem:test;PASSWORD=secret | h2:mem:test",
                "jdbc:mysql://(host=db,port=3306,user=app,password=secret)/app | db:3306",
                "jdbc:mysql://(host=a,port=1,password=secret),(host=b,port=2,password=secret)/app | a:1,b:2",
                "jdbc:mariadb://address=(host=db)(port=3306)(password=secret)/app | db:3306",
                "jdbc:mysql://address=(host=db)(password=secret)/app | db",
                "jdbc:mysql://(password=secret)/app | ?",
            })
    void hostLeavesOutUserInformationAndParameters(String url, String host) {
        assertThat(DatabaseDescription.host(url)).isEqualTo(host).doesNotContain("secret");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            nullValues = "null",
            value = {
                "jdbc:postgresql://db.example:5432/app?user=app&password=secret | app",
                "jdbc:postgresql://10.0.0.1,10.0.0.2/orders | orders",
                "jdbc:postgresql:app | app",
                "jdbc:postgresql://db/my%20db | my db",
                "jdbc:postgresql://db/ | null",
                "jdbc:postgresql://db | null",
                "jdbc:postgresql://db?password=secret | null",
                "jdbc:postgresql://db/%zz | null",
                "jdbc:mysql://db:3306/app | null",
            })
    void thePostgresDatabaseComesFromTheUrlWhereItIsNamed(String url, String database) {
        assertThat(DatabaseDescription.postgresDatabase(url)).isEqualTo(database);
    }
}
