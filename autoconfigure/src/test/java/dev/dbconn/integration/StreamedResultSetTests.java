package dev.dbconn.integration;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.zaxxer.hikari.HikariDataSource;
import dev.dbconn.jdbc.LifecycleDataSource;
import dev.dbconn.jdbc.UnitOfWork;
import dev.dbconn.lifecycle.ConnMaxAge;
import dev.dbconn.lifecycle.LifecyclePolicy;
import dev.dbconn.testsupport.ServerSide;
import dev.dbconn.testsupport.Setup;
import dev.dbconn.testsupport.SetupSource;
import dev.dbconn.testsupport.TestDatabase.Kind;
import org.junit.jupiter.params.ParameterizedTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A query run for each row of a result set read as a stream, within one unit of work: MySQL
 * Connector/J refuses any statement beside an open stream, so there the inner call gets a connection
 * of its own, as it would from the pool alone; the other drivers take it on the unit's connection.
 */
class StreamedResultSetTests {

	private static final int ROWS = 50;

	private static final String NUMBERS = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < "
			+ ROWS + ") SELECT i FROM n";

	@ParameterizedTest
	@SetupSource
	void aQueryPerRowOfAStreamedResultSetRuns(Setup setup) throws Exception {
		ServerSide server = setup.database().serverSide();
		boolean connectorJ = setup.database().kind() == Kind.MYSQL;
		try (HikariDataSource pool = setup.pool(2)) {
			LifecycleDataSource dataSource = new LifecycleDataSource(pool, "streamed",
					new LifecyclePolicy(ConnMaxAge.UNLIMITED, false, Duration.ofSeconds(5)));
			List<Long> inner = new ArrayList<>();
			List<Integer> rows = new ArrayList<>();
			long outer;
			try (UnitOfWork.Scope scope = UnitOfWork.begin(); Connection connection = dataSource.getConnection()) {
				outer = server.backendId(connection);
				try (Statement statement = connection.createStatement()) {
					// Connector/J streams at Integer.MIN_VALUE only; the others fetch a few rows at a time
					statement.setFetchSize(connectorJ ? Integer.MIN_VALUE : 5);
					try (ResultSet result = statement.executeQuery(NUMBERS)) {
						while (result.next()) {
							rows.add(result.getInt(1));
							if (rows.size() % 10 == 1) {
								try (Connection lookup = dataSource.getConnection()) {
									inner.add(server.backendId(lookup));
								}
							}
						}
					}
				}
				if (!setup.poolAutoCommit()) {
					connection.commit();
				}
			}
			assertThat(rows).hasSize(ROWS).startsWith(1).endsWith(ROWS);
			assertThat(inner).hasSize(5);
			if (connectorJ) {
				assertThat(inner).as("backends of the inner queries, beside the stream on %d", outer).doesNotContain(outer);
			}
			else if (setup.poolAutoCommit()) {
				assertThat(inner).as("backends of the inner queries: the unit's one connection").containsOnly(outer);
			}
		}
	}

}
