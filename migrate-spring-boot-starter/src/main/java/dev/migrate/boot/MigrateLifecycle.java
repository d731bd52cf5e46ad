package dev.migrate.boot;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.LivenessState;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;

/**
 * Migrates in runner mode while the context starts its lifecycle beans: in the phase right after
 * the web server (and a management server on a port of its own) started, before every other
 * lifecycle bean (message listener containers of RabbitMQ, Kafka and JMS, task schedulers, Quartz)
 * and before {@code @Scheduled} tasks, which are scheduled once every lifecycle bean started. So
 * the service's own work never meets the old schema, and a failed migration stops start-up before
 * any of it began.
 *
 * <p>Liveness is reported CORRECT as the migration starts (the process is healthy, however long
 * the migration takes) and readiness stays REFUSING_TRAFFIC until the application is ready, so
 * Kubernetes neither kills the pod nor routes requests to it meanwhile.
 *
 * <p>A lifecycle bean of the application that starts in an earlier phase than this one (before the
 * web server) would start before the migration: when there is one, the migration runs once every
 * bean was created and before any lifecycle bean starts, and the choice is logged.
 */
final class MigrateLifecycle implements SmartLifecycle, SmartInitializingSingleton {

    /**
     * Spring Boot starts the web server in phase {@code SmartLifecycle.DEFAULT_PHASE - 2048}
     * ({@code WebServerApplicationContext.START_STOP_LIFECYCLE_PHASE}) and a management server on
     * a port of its own in phase {@code DEFAULT_PHASE - 1536} ({@code
     * ChildManagementContextInitializer}); listener containers start in phases near {@code
     * DEFAULT_PHASE} (RabbitMQ and JMS in it, Kafka 100 below). Literals, since those modules may
     * be absent.
     */
    static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 1536 + 16;

    /** See {@link #isInfrastructure}. */
    private static final Set<String> HARMLESS_EARLY_TYPES = Set.of(
            "org.springframework.scheduling.concurrent.ExecutorConfigurationSupport",
            "org.springframework.amqp.rabbit.connection.AbstractConnectionFactory");

    private final MigrateStartup startup;
    private final ConfigurableListableBeanFactory beans;
    private final ApplicationEventPublisher events;
    private volatile boolean running;

    MigrateLifecycle(MigrateStartup startup, ConfigurableListableBeanFactory beans, ApplicationEventPublisher events) {
        this.startup = startup;
        this.beans = beans;
        this.events = events;
    }

    @Override
    public void afterSingletonsInstantiated() {
        startup.beforeLifecycleStart(earlierLifecycleBeans());
    }

    @Override
    public void start() {
        running = true;
        if (startup.migratesAfterWebServerStart()) {
            AvailabilityChangeEvent.publish(events, this, LivenessState.CORRECT);
            startup.afterWebServerStart();
        }
    }

    @Override
    public void stop() {
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    /**
     * The application's lifecycle beans that start before this one, by name with their phase;
     * {@linkplain #isInfrastructure infrastructure} is left out.
     */
    private Map<String, Integer> earlierLifecycleBeans() {
        Map<String, Integer> earlier = new TreeMap<>();
        for (String name : beans.getBeanNamesForType(SmartLifecycle.class, false, false)) {
            if (!beans.containsSingleton(name)) {
                continue; // not created yet (lazy): nothing known of it without creating it here
            }
            Object bean = beans.getSingleton(name);
            if (bean instanceof SmartLifecycle lifecycle
                    && bean != this
                    && lifecycle.isAutoStartup()
                    && lifecycle.getPhase() < PHASE
                    && !isInfrastructure(bean.getClass())) {
                earlier.put(name, lifecycle.getPhase());
            }
        }
        return earlier;
    }

    /**
     * Lifecycle beans in an early phase whose start does no work of the service: Spring Boot's own
     * (the web servers the probes need), executors and task schedulers (starting one runs no task:
     * {@code @Scheduled} tasks are scheduled after every lifecycle bean started), and RabbitMQ's
     * connection factories (listener containers open connections when they start). Any other
     * early bean may use the database, so the migration goes before it.
     */
    static boolean isInfrastructure(Class<?> type) {
        if (type.getName().startsWith("org.springframework.boot.")) {
            return true;
        }
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            if (HARMLESS_EARLY_TYPES.contains(c.getName())) {
                return true;
            }
        }
        return false;
    }
}
