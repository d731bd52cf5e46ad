package dev.migrate.boot;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.beans.factory.annotation.Qualifier;

/**
 * Marks the {@link javax.sql.DataSource} migrations run on, when it is not the application's own
 * (for instance a migration user allowed to change the schema). It wins over {@code migrate.url}
 * and over the application's DataSource. If it is the only DataSource bean, mark it
 * {@code @Primary} too or define the application's DataSource yourself.
 */
@Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Qualifier
public @interface MigrateDataSource {}
