package dev.dbconn.spring;

import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.IMetricsTracker;
import dev.dbconn.testsupport.InterceptedConnections;
import dev.dbconn.testsupport.TestDatabase.Kind;
import jakarta.servlet.http.HttpSession;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.provisioning.JdbcUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * An application with Spring Security looking its users up over JDBC (HTTP basic, on every request)
 * and Spring Session JDBC keeping its sessions, both as Boot configures them, on a pool whose
 * statements on the test's tables are noted in a {@link StatementLog}.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(SecuritySessionApplication.VisitController.class)
class SecuritySessionApplication {

	@Bean
	StatementLog statementLog(@Value("${it.tables}") String tables, @Value("${it.database-kind}") Kind kind) {
		return new StatementLog(tables, kind);
	}

	@Bean
	WatchedPool watchedPool(DataSourceProperties properties, Environment environment, StatementLog log) {
		HikariDataSource pool = properties.initializeDataSourceBuilder().type(HikariDataSource.class).build();
		Binder.get(environment).bind("spring.datasource.hikari", Bindable.ofInstance(pool));
		AtomicInteger loans = new AtomicInteger();
		pool.setMetricsTrackerFactory((name, stats) -> new IMetricsTracker() {

			@Override
			public void recordConnectionAcquiredNanos(long elapsedAcquiredNanos) {
				loans.incrementAndGet();
			}

		});
		return new WatchedPool(pool, InterceptedConnections.watching(pool, log::beforeCall), loans);
	}

	@Bean
	DataSource dataSource(WatchedPool watchedPool) {
		return watchedPool.dataSource();
	}

	@Bean
	SecurityFilterChain securityFilterChain(HttpSecurity http) throws Exception {
		return http.authorizeHttpRequests((requests) -> requests.anyRequest().authenticated())
			.httpBasic(Customizer.withDefaults())
			.build();
	}

	@Bean
	JdbcUserDetailsManager userDetailsManager(DataSource dataSource, @Value("${it.tables}") String tables) {
		JdbcUserDetailsManager users = new JdbcUserDetailsManager(dataSource);
		users.setUsersByUsernameQuery("select username, password, enabled from " + tables + "_users where username = ?");
		users.setAuthoritiesByUsernameQuery(
				"select username, authority from " + tables + "_authorities where username = ?");
		return users;
	}

	/**
	 * The pool, not a bean of its own so that the application has one DataSource; the DataSource over
	 * it that tells the log; how many times the pool has lent a connection out.
	 */
	record WatchedPool(HikariDataSource pool, DataSource dataSource, AtomicInteger loans) implements AutoCloseable {

		@Override
		public void close() {
			this.pool.close();
		}

	}

	@RestController
	static class VisitController {

		private final JdbcTemplate jdbcTemplate;

		private final String tables;

		VisitController(JdbcTemplate jdbcTemplate, @Value("${it.tables}") String tables) {
			this.jdbcTemplate = jdbcTemplate;
			this.tables = tables;
		}

		/** Count the visit in the session and read the users table. */
		@GetMapping("/visit")
		String visit(HttpSession session) {
			int visits = (session.getAttribute("visits") instanceof Integer before) ? before + 1 : 1;
			session.setAttribute("visits", visits);
			// a prepared statement: the log sees the SQL of those
			Long users = this.jdbcTemplate.queryForObject(
					"select count(*) from " + this.tables + "_users where enabled = ?", Long.class, true);
			return visits + " " + users;
		}

	}

}
