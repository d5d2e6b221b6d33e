package dev.dbconn.integration;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import dev.dbconn.testsupport.PgBouncer.PoolMode;
import dev.dbconn.testsupport.TestDatabase;
import dev.dbconn.testsupport.TestDatabases;
import dev.dbconn.testsupport.Setup;
import dev.dbconn.testsupport.SetupSource;
import dev.dbconn.testsupport.TestDatabase.Kind;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each start-up finding, provoked by a real setting of the pool, the servlet container or the
 * database session, logged once and listed by the endpoint.
 */
@ExtendWith(OutputCaptureExtension.class)
class StartupFindingsTests {

	private static final String EXPOSED = "management.endpoints.web.exposure.include=dbconnections";

	@ParameterizedTest
	@SetupSource(withPoolAutoCommitOff = false)
	void aPoolLargerThanTheServerAcceptsIsReported(Setup setup, CapturedOutput output) throws Exception {
		int serverConnections = serverConnections(setup.database());
		int pool = serverConnections + 10;
		try (RunningApp app = RunningApp.start(setup, EXPOSED, "spring.datasource.hikari.maximum-pool-size=" + pool,
				"spring.datasource.hikari.minimum-idle=1")) {
			String message = "The pool may open " + pool + " connections, but the database server accepts only "
					+ serverConnections;
			assertFound(app, output, message, "max_connections");
		}
	}

	/**
	 * Behind PgBouncer the pool's connections are PgBouncer's clients: the finding says so, with
	 * what to set for transaction pooling, and the pool is not held against the server's
	 * max_connections. Connected directly, neither happens the other way round.
	 */
	@ParameterizedTest
	@SetupSource(kinds = Kind.POSTGRESQL, withPoolAutoCommitOff = false,
			pgBouncer = { PoolMode.SESSION, PoolMode.TRANSACTION })
	void aPoolerBetweenTheApplicationAndTheServerIsReported(Setup setup, CapturedOutput output) throws Exception {
		int serverConnections = serverConnections(TestDatabases.postgres());
		int pool = serverConnections + 10;
		String pooler = "Connections reach PostgreSQL through a connection pooler such as PgBouncer";
		String tooLarge = "The pool may open " + pool + " connections, but the database server accepts only";
		try (RunningApp app = RunningApp.start(setup, EXPOSED, "spring.datasource.hikari.maximum-pool-size=" + pool,
				"spring.datasource.hikari.minimum-idle=1")) {
			if (setup.pgBouncer() != null) {
				assertFound(app, output, pooler, "set db.session-reset=never, add prepareThreshold=0");
				assertThat(output).doesNotContain(tooLarge);
			}
			else {
				assertFound(app, output, tooLarge, "max_connections");
				assertThat(output).doesNotContain(pooler);
			}
		}
	}

	@ParameterizedTest
	@SetupSource(withPoolAutoCommitOff = false)
	void aServerIdleTimeoutShorterThanConnMaxAgeIsReported(Setup setup, CapturedOutput output) throws Exception {
		// set for this application's sessions only, through the JDBC URL
		TestDatabase database = setup.database()
			.withParameters((setup.kind() == Kind.POSTGRESQL) ? "options=-c%20idle_session_timeout%3D5000"
					: "sessionVariables=wait_timeout=5");
		String setting = (setup.kind() == Kind.POSTGRESQL) ? "idle_session_timeout" : "wait_timeout";
		try (RunningApp app = RunningApp.start(setup, database, EXPOSED, "db.conn-max-age=10m")) {
			assertFound(app, output, "closes connections idle for 5s (" + setting + ")", "below 5s");
		}
	}

	@ParameterizedTest
	@SetupSource(kinds = Kind.POSTGRESQL)
	void anIdleInTransactionTimeoutShorterThanTheLongestRequestIsReported(Setup setup, CapturedOutput output)
			throws Exception {
		TestDatabase database = setup.database()
			.withParameters("options=-c%20idle_in_transaction_session_timeout%3D5000");
		try (RunningApp app = RunningApp.start(setup, database, EXPOSED)) {
			assertFound(app, output, "left idle inside a transaction for 5s (idle_in_transaction_session_timeout)",
					"above 30s");
		}
	}

	@ParameterizedTest
	@SetupSource(withPoolAutoCommitOff = false)
	void aShorterHikariMaxLifetimeIsReported(Setup setup, CapturedOutput output) throws Exception {
		try (RunningApp app = RunningApp.start(setup, EXPOSED, "db.conn-max-age=unlimited",
				"spring.datasource.hikari.max-lifetime=60000")) {
			assertFound(app, output, "HikariCP's maxLifetime (60s) is shorter than db.conn-max-age (unlimited): the "
					+ "shorter one wins", "db.conn-max-age to at most 60s");
		}
	}

	@ParameterizedTest
	@SetupSource(withPoolAutoCommitOff = false)
	void aLeakDetectionThresholdShorterThanTheLongestRequestIsReported(Setup setup, CapturedOutput output)
			throws Exception {
		try (RunningApp app = RunningApp.start(setup, EXPOSED, "spring.datasource.hikari.leak-detection-threshold=2000",
				"spring.mvc.async.request-timeout=20s")) {
			assertFound(app, output, "leakDetectionThreshold (2s) is shorter than the longest expected request (20s)",
					"leak-detection-threshold above 20s");
		}
	}

	@ParameterizedTest
	@SetupSource(withPoolAutoCommitOff = false)
	void aPoolLargerThanTheWorkerThreadsIsReported(Setup setup, CapturedOutput output) throws Exception {
		try (RunningApp app = RunningApp.start(setup, EXPOSED, "server.tomcat.threads.max=4",
				"spring.datasource.hikari.maximum-pool-size=8")) {
			assertFound(app, output, "runs at most 4 requests at once", "maximum-pool-size to 4");
		}
	}

	@ParameterizedTest
	@SetupSource(withPoolAutoCommitOff = false)
	void theEffectiveLifecycleIsLoggedOnceAtStartUp(Setup setup, CapturedOutput output) throws Exception {
		try (RunningApp app = RunningApp.start(setup, "db.conn-max-age=10m", "db.conn-health-checks=true")) {
			assertThat(output).containsOnlyOnce("DataSource 'dataSource': conn-max-age 600s, health checks on");
		}
	}

	private static void assertFound(RunningApp app, CapturedOutput output, String message, String fix) {
		assertThat(output).containsOnlyOnce(message);
		boolean listed = false;
		for (JsonNode finding : app.getJson("/actuator/dbconnections/dataSource").get("findings")) {
			if (finding.get("message").asString().contains(message)) {
				assertThat(finding.get("fix").asString()).contains(fix);
				listed = true;
			}
		}
		assertThat(listed).as("finding listed by the endpoint: " + message).isTrue();
	}

	private static int serverConnections(TestDatabase database) throws Exception {
		String sql = (database.kind() == Kind.POSTGRESQL)
				? "select current_setting('max_connections')::int - current_setting('superuser_reserved_connections')::int"
						+ " - coalesce(current_setting('reserved_connections', true)::int, 0)"
				: "select @@max_connections";
		try (Connection connection = database.open(); Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery(sql)) {
			result.next();
			return result.getInt(1);
		}
	}

}
