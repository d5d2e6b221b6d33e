package dev.dbconn.testsupport;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The parts of the Spring stack on the test class path that only their own tests use: Spring
 * Security, Spring Session, JPA, Spring Data JDBC and Flyway. Every other test application leaves
 * their auto-configuration out, so that it runs as it would without them (no login in front of its
 * endpoints, no session filter, no entity manager held open through a request, no repositories, no
 * migrations).
 */
public final class SpringStack {

	/** Spring Security's auto-configuration. */
	public static final List<String> SECURITY = List.of(
			"org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration",
			"org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration",
			"org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterAutoConfiguration",
			"org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
			"org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration");

	/** Spring Session's auto-configuration. */
	public static final List<String> SESSION = List.of(
			"org.springframework.boot.session.autoconfigure.SessionAutoConfiguration",
			"org.springframework.boot.session.autoconfigure.SessionsEndpointAutoConfiguration",
			"org.springframework.boot.session.jdbc.autoconfigure.JdbcSessionAutoConfiguration");

	/** JPA's and Spring Data's auto-configuration. */
	public static final List<String> JPA = List.of(
			"org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration",
			"org.springframework.boot.hibernate.autoconfigure.metrics.HibernateMetricsAutoConfiguration",
			"org.springframework.boot.data.jpa.autoconfigure.DataJpaRepositoriesAutoConfiguration",
			"org.springframework.boot.data.autoconfigure.web.DataWebAutoConfiguration");

	/** Spring Data JDBC's auto-configuration (its dialect is looked up on a connection at start-up). */
	public static final List<String> DATA_JDBC = List.of(
			"org.springframework.boot.data.jdbc.autoconfigure.DataJdbcRepositoriesAutoConfiguration");

	/** Flyway's auto-configuration. */
	public static final List<String> FLYWAY = List.of(
			"org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration",
			"org.springframework.boot.flyway.autoconfigure.FlywayEndpointAutoConfiguration");

	/** The property that leaves all of them out of an application. */
	public static final String LEFT_OUT = leaveOut(SECURITY, SESSION, JPA, DATA_JDBC, FLYWAY);

	private SpringStack() {
	}

	/**
	 * The property that leaves some of them out of an application.
	 * @param parts the auto-configuration classes to leave out
	 * @return the property, {@code name=value}
	 */
	@SafeVarargs
	public static String leaveOut(List<String>... parts) {
		return "spring.autoconfigure.exclude="
				+ Stream.of(parts).flatMap(List::stream).collect(Collectors.joining(","));
	}

}
