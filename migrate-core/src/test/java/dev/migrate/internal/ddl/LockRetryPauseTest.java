package dev.migrate.internal.ddl;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LockRetryPauseTest {

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
        assertThat(LockRetry.pauseMillis(Duration.ofMillis(lockTimeoutMillis), done, jitter))
                .isEqualTo(pause);
    }
}
