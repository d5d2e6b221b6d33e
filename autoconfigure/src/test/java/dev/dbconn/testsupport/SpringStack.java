package dev.dbconn.testsupport;

/**
 * The parts of the Spring stack on the test class path that only their own tests use: Spring
 * Security and Spring Session. Every other test application leaves their auto-configuration out,
 * so that it runs as it would without them (no login in front of its endpoints, no session filter).
 */
public final class SpringStack {

	/** The property that leaves them out of an application. */
	public static final String LEFT_OUT = "spring.autoconfigure.exclude="
			+ "org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration,"
			+ "org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration,"
			+ "org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterAutoConfiguration,"
			+ "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration,"
			+ "org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration,"
			+ "org.springframework.boot.session.autoconfigure.SessionAutoConfiguration,"
			+ "org.springframework.boot.session.autoconfigure.SessionsEndpointAutoConfiguration,"
			+ "org.springframework.boot.session.jdbc.autoconfigure.JdbcSessionAutoConfiguration";

	private SpringStack() {
	}

}
