package dev.dbconn.integration;

import java.io.IOException;
import java.sql.SQLException;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;

/**
 * A filter that uses the database before the handler runs, as Spring Security's would.
 */
class QueryingFilter implements Filter {

	static final String BACKEND_ATTRIBUTE = "filterBackend";

	static final String ACTIVE_ATTRIBUTE = "activeAfterFilter";

	private final BackendQueries queries;

	private final DataSource dataSource;

	QueryingFilter(BackendQueries queries, DataSource dataSource) {
		this.queries = queries;
		this.dataSource = dataSource;
	}

	@Override
	public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
			throws IOException, ServletException {
		request.setAttribute(BACKEND_ATTRIBUTE, this.queries.backend());
		try {
			// seen by the pool, not by dbconn: is the connection still held once the filter's query is done?
			request.setAttribute(ACTIVE_ATTRIBUTE,
					this.dataSource.unwrap(HikariDataSource.class).getHikariPoolMXBean().getActiveConnections());
		}
		catch (SQLException ex) {
			throw new ServletException(ex);
		}
		chain.doFilter(request, response);
	}

}
