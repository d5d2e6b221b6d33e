package dev.dbconn.autoconfigure;

import javax.sql.DataSource;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.context.annotation.Conditional;

/**
 * In a reactive application dbconn stays out of the way, as Django advises for ASGI: a reactive
 * request hops between threads, so there is no request lifecycle to hold a connection for. Says so
 * once at start-up.
 */
@AutoConfiguration(afterName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
@ConditionalOnWebApplication(type = Type.REACTIVE)
@Conditional(DbConnEnabledCondition.class)
@ConditionalOnBean(DataSource.class)
public final class DbConnReactiveAutoConfiguration {

	private static final Log logger = LogFactory.getLog(DbConnReactiveAutoConfiguration.class);

	DbConnReactiveAutoConfiguration() {
		logger.info("dbconn is inactive: a reactive application has no request lifecycle to keep connections "
				+ "for. Rely on the connection pool alone, or set db.enabled=false to silence this message.");
	}

}
