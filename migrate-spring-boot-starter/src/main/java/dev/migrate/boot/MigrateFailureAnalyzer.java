package dev.migrate.boot;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns a failed start-up migration into Spring Boot's "APPLICATION FAILED TO START" report: what
 * failed (file, line, database message) and what a person can do about it, without a stack
 * trace in the way ({@link FailureAdvice}, in the {@code migrate.*} properties' words).
 */
final class MigrateFailureAnalyzer extends AbstractFailureAnalyzer<MigrateStartupException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, MigrateStartupException failure) {
        return new FailureAnalysis(failure.getMessage(), FailureAdvice.forFailure(failure.getCause()), failure);
    }
}
