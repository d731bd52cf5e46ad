package dev.migrate.boot;

import dev.migrate.Migrator;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.NoneNestedConditions;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;

/**
 * When migrate switches itself off because there is neither a DataSource nor {@code migrate.url},
 * it says so once at INFO instead of doing nothing silently.
 */
@AutoConfiguration(afterName = BootLine.DATA_SOURCE_AUTO_CONFIGURATION, after = MigrateAutoConfiguration.class)
@ConditionalOnClass(Migrator.class)
@ConditionalOnProperty(prefix = "migrate", name = "enabled", matchIfMissing = true)
@Conditional(MigrateWithoutDataSourceAutoConfiguration.NoDataSource.class)
public final class MigrateWithoutDataSourceAutoConfiguration {

    @Bean
    NoDataSourceNotice migrateNoDataSourceNotice() {
        return new NoDataSourceNotice();
    }

    /** Logs the notice once, when the context creates it. */
    static final class NoDataSourceNotice implements InitializingBean {

        private static final Log log = LogFactory.getLog(MigrateAutoConfiguration.class);

        static final String MESSAGE = "migrate: no DataSource and no migrate.url, so nothing is migrated. Set"
                + " spring.datasource.url (with a JDBC driver on the classpath) or migrate.url; set"
                + " migrate.enabled=false to switch migrate off without this message";

        @Override
        public void afterPropertiesSet() {
            log.info(MESSAGE);
        }
    }

    /** Neither a DataSource bean nor {@code migrate.url}. */
    static final class NoDataSource extends NoneNestedConditions {

        NoDataSource() {
            super(ConfigurationPhase.REGISTER_BEAN);
        }

        @ConditionalOnBean(javax.sql.DataSource.class)
        static final class DataSourceBean {}

        @ConditionalOnProperty(prefix = "migrate", name = "url")
        static final class MigrateUrl {}

        @Conditional(MigrateAutoConfiguration.MigratorsEntries.class)
        static final class MigratorsEntry {}
    }
}
