package dev.dbconn.jdbc;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.zaxxer.hikari.HikariDataSource;
import dev.dbconn.lifecycle.ConnMaxAge;
import dev.dbconn.lifecycle.EncodingCheck;
import dev.dbconn.lifecycle.LifecyclePolicy;
import dev.dbconn.lifecycle.SessionPolicy;
import dev.dbconn.lifecycle.SessionReset;
import dev.dbconn.testsupport.Logged;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A database dbconn knows no session reset for (H2, through the generic driver support): a kept
 * connection is handed on with its session as it is, and one warning per DataSource says what to
 * set; {@code db.session-reset-sql} is run instead, and then nothing is said.
 */
@ExtendWith(OutputCaptureExtension.class)
class NoKnownSessionResetTests {

	private static final String WARNING = "DataSource 'other': no session reset is known for this database; "
			+ "set db.session-reset-sql, or db.session-reset=never to silence this warning";

	private static final LifecyclePolicy KEEP = new LifecyclePolicy(ConnMaxAge.UNLIMITED, false, Duration.ofSeconds(5));

	@Test
	void theSessionIsHandedOnAsItIsAndAWarningSaysSoOncePerDataSource(CapturedOutput output) throws SQLException {
		assertThat(variableSeenByTheNextUnits(List.of(), SessionReset.ALWAYS)).containsExactly("7", "7");
		assertThat(output).containsOnlyOnce(WARNING);
		assertThat(Logged.at(output, "WARN", WARNING)).as("logged at WARN").hasSize(1);
	}

	@Test
	void sessionResetSqlIsRunInstead(CapturedOutput output) throws SQLException {
		assertThat(variableSeenByTheNextUnits(List.of("SET @dbconn_var = NULL"), SessionReset.ALWAYS))
			.containsExactly(null, null);
		assertThat(output).doesNotContain("no session reset is known");
	}

	@Test
	void neverResettingSaysNothing(CapturedOutput output) throws SQLException {
		assertThat(variableSeenByTheNextUnits(List.of(), SessionReset.NEVER)).containsExactly("7", "7");
		assertThat(output).doesNotContain("no session reset is known");
	}

	/**
	 * Set a user variable in one unit of work, then read it in two more, each on the same session.
	 */
	private static List<String> variableSeenByTheNextUnits(List<String> resetSql, SessionReset reset)
			throws SQLException {
		try (HikariDataSource pool = new HikariDataSource()) {
			pool.setJdbcUrl("jdbc:h2:mem:" + UUID.randomUUID());
			pool.setMaximumPoolSize(1);
			LifecycleDataSource dataSource = new LifecycleDataSource(pool, "other", KEEP,
					new SessionPolicy(reset, resetSql, List.of(), EncodingCheck.WARN));
			String session = inUnit(dataSource, "SET @dbconn_var = 7")[0];
			List<String> seen = new ArrayList<>();
			for (int i = 0; i < 2; i++) {
				String[] read = inUnit(dataSource, "SELECT @dbconn_var");
				assertThat(read[0]).as("session of unit %d", i + 2).isEqualTo(session);
				seen.add(read[1]);
			}
			return seen;
		}
	}

	/** Run a statement in a unit of work of its own; answers the session id and what a query read. */
	private static String[] inUnit(LifecycleDataSource dataSource, String sql) throws SQLException {
		try (UnitOfWork.Scope scope = UnitOfWork.begin(); Connection connection = dataSource.getConnection();
				Statement statement = connection.createStatement()) {
			String session;
			try (ResultSet result = statement.executeQuery("SELECT SESSION_ID()")) {
				result.next();
				session = result.getString(1);
			}
			if (!statement.execute(sql)) {
				return new String[] { session, null };
			}
			try (ResultSet result = statement.getResultSet()) {
				result.next();
				return new String[] { session, result.getString(1) };
			}
		}
	}

}
