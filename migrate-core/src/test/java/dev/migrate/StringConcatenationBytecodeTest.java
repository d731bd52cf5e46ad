package dev.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrate.internal.dialect.Dialects;
import dev.migrate.internal.history.HistoryRepository;
import dev.migrate.internal.run.MigrationRunner;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The build compiles string concatenation to plain code ({@code -XDstringConcat=inline} in the
 * parent pom), not to {@code invokedynamic} call sites that are linked the first time each runs:
 * linking them adds about a fifth to a fresh JVM's first migrate call (docs/benchmarks.md, "Plain
 * code unless measured").
 */
class StringConcatenationBytecodeTest {

    @ParameterizedTest
    @ValueSource(classes = {MigrationRunner.class, HistoryRepository.class, Dialects.class})
    void concatenationIsNotLinkedAtRunTime(Class<?> type) throws IOException {
        String resource = type.getSimpleName() + ".class";
        try (InputStream in = type.getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            String bytes = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            assertThat(bytes).as(resource + " bootstraps").doesNotContain("makeConcatWithConstants");
        }
    }
}
