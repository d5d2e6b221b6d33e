package dev.dbconn.benchmark.load;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.datasource.ConnectionHolder;
import org.springframework.jdbc.datasource.LazyConnectionDataSourceProxy;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Django's default without a pool, for comparison ({@code CONN_MAX_AGE = 0}): one new physical
 * connection per request, opened when the request first uses the database and closed when the
 * request ends. The script runs it with {@code db.enabled=false} and
 * {@code spring.datasource.type=org.springframework.jdbc.datasource.SimpleDriverDataSource}, so that
 * every physical connection comes straight from the driver.
 * <p>
 * The filter binds a lazily opened connection to the request's thread the way Spring binds a
 * transaction's connection, so both of the endpoint's {@code JdbcTemplate} calls use it.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "load.connection-per-request", havingValue = "true")
class ConnectionPerRequest {

	@Bean
	OncePerRequestFilter connectionPerRequestFilter(DataSource dataSource) {
		LazyConnectionDataSourceProxy lazy = new LazyConnectionDataSourceProxy(dataSource);
		// Known up front, so that the proxy does not open a connection to find them out.
		lazy.setDefaultAutoCommit(true);
		lazy.setDefaultTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
		return new BindingFilter(dataSource, lazy);
	}

	@Order(Ordered.HIGHEST_PRECEDENCE)
	static final class BindingFilter extends OncePerRequestFilter {

		private final DataSource dataSource;

		private final LazyConnectionDataSourceProxy lazy;

		BindingFilter(DataSource dataSource, LazyConnectionDataSourceProxy lazy) {
			this.dataSource = dataSource;
			this.lazy = lazy;
		}

		@Override
		protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
				throws ServletException, IOException {
			try (Connection connection = this.lazy.getConnection()) {
				TransactionSynchronizationManager.bindResource(this.dataSource, new ConnectionHolder(connection));
				try {
					chain.doFilter(request, response);
				}
				finally {
					TransactionSynchronizationManager.unbindResource(this.dataSource);
				}
			}
			catch (SQLException ex) {
				throw new ServletException(ex);
			}
		}

	}

}
