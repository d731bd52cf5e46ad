package dev.migrate.boot;

import java.util.Locale;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.logging.LoggingApplicationListener;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ApplicationListener;
import org.springframework.core.Ordered;

/**
 * Hands {@code migrate.mode=exit} with {@code migrate.exit-before-context=true} to {@link
 * ExitBeforeContext} once the environment is prepared: after the config files, the profiles and
 * {@link MigrateExitModeEnvironmentPostProcessor} (Spring Boot's environment post-processors run
 * first) and after {@link LoggingApplicationListener} applied {@code logging.*}, before the banner
 * and before the application context is created. Every other start binds {@code migrate.mode}
 * here and goes on.
 */
final class ExitBeforeContextListener implements ApplicationListener<ApplicationEnvironmentPreparedEvent>, Ordered {

    @Override
    public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
        Binder binder = Binder.get(event.getEnvironment());
        boolean exitMode = binder.bind("migrate.mode", String.class)
                .map(mode -> mode.trim().toLowerCase(Locale.ROOT).equals("exit"))
                .orElse(false);
        // outside exit mode a true value is refused, naming it, when the context binds migrate.*
        // migrate.enabled=false: the context starts as it always does, migrating nothing
        if (exitMode
                && binder.bind("migrate.exit-before-context", Boolean.class).orElse(false)
                && binder.bind("migrate.enabled", Boolean.class).orElse(true)) {
            ExitBeforeContext.run(event.getEnvironment(), System::exit);
        }
    }

    @Override
    public int getOrder() {
        return LoggingApplicationListener.DEFAULT_ORDER + 1;
    }
}
