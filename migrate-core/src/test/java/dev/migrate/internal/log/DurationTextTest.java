package dev.migrate.internal.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DurationTextTest {

    @ParameterizedTest(name = "{0} ms -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            0       | 0 ms
            300     | 300 ms
            999     | 999 ms
            1000    | 1.0 s
            2549    | 2.5 s
            9999    | 10.0 s
            10000   | 10 s
            600000  | 600 s
            """)
    void millisUnderASecondTenthsUnderTenSecondsThenWholeSeconds(long millis, String text) {
        assertThat(DurationText.of(Duration.ofMillis(millis))).isEqualTo(text);
    }
}
