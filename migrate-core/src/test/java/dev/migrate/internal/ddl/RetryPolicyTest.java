package dev.migrate.internal.ddl;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RetryPolicyTest {

    @ParameterizedTest
    @CsvSource({
        // lock timeout ms, retries done, jitter, pause ms
        "1000, 0, 1.0, 1000",
        "1000, 1, 1.0, 2000",
        "1000, 2, 1.0, 4000",
        "1000, 3, 1.0, 8000",
        "1000, 4, 1.0, 10000",
        "1000, 40, 1.0, 10000",
        "1000, 0, 0.75, 750",
        "1000, 4, 1.25, 12500",
        "20, 0, 1.0, 100",
        "300, 2, 1.0, 1200"
    })
    void startsAtTheLockTimeoutDoublesAndIsCapped(long lockTimeoutMillis, int done, double jitter, long pause) {
        assertThat(RetryPolicy.pauseMillis(Duration.ofMillis(lockTimeoutMillis), done, jitter))
                .isEqualTo(pause);
    }

    /** A shift of 54 or more overflows a long (and Java shifts by {@code done % 64}): the doubling stops early. */
    @ParameterizedTest
    @CsvSource({
        // lock timeout ms, retries done
        "1000, 54",
        "1000, 63",
        "1000, 64",
        "1000, 100",
        "1000, 2147483647",
        "100, 60",
        // a lock timeout of about 9,000 years: still one pause of at most the cap
        "281474976710656, 16",
        "281474976710656, 54",
    })
    void neverOverflowsHoweverManyRetriesCame(long lockTimeoutMillis, int done) {
        for (double jitter : new double[] {0.75, 1.0, 1.25}) {
            assertThat(RetryPolicy.pauseMillis(Duration.ofMillis(lockTimeoutMillis), done, jitter))
                    .as("pause before retry %d, jitter %s", done + 1L, jitter)
                    .isPositive()
                    .isLessThanOrEqualTo((long) (RetryPolicy.MAX_PAUSE_SECONDS * 1000 * jitter));
        }
    }
}
