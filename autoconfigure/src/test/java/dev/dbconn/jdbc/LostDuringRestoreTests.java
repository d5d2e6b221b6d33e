package dev.dbconn.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;

import com.zaxxer.hikari.HikariDataSource;
import dev.dbconn.lifecycle.ConnMaxAge;
import dev.dbconn.lifecycle.LifecyclePolicy;
import dev.dbconn.testsupport.Logged;
import dev.dbconn.testsupport.ServerSide;
import dev.dbconn.testsupport.TestDatabase;
import dev.dbconn.testsupport.TestDatabases;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A connection whose backend dies before its handle's changes are put back: it is replaced, as any
 * lost connection is, and no WARN says a restore failed (that WARN, said once per DataSource, is kept
 * for restores that fail on a connection that answers). The backends are killed and read on the
 * server.
 */
@ExtendWith(OutputCaptureExtension.class)
class LostDuringRestoreTests {

	private static final LifecyclePolicy KEEP = new LifecyclePolicy(ConnMaxAge.UNLIMITED, false, Duration.ofSeconds(5));

	@ParameterizedTest
	@EnumSource(value = TestDatabase.Kind.class, names = { "POSTGRESQL", "MARIADB" })
	void aBackendKilledBeforeTheRestoreIsReplacedWithoutAWarning(TestDatabase.Kind kind, CapturedOutput output)
			throws SQLException {
		TestDatabase database = TestDatabases.get(kind);
		ServerSide server = database.serverSide();
		try (HikariDataSource pool = database.pool(1)) {
			LifecycleDataSource dataSource = new LifecycleDataSource(pool, "lost", KEEP);
			try (UnitOfWork.Scope scope = UnitOfWork.begin()) {
				long killed;
				try (Connection connection = dataSource.getConnection()) {
					int isolation = connection.getTransactionIsolation();
					connection.setTransactionIsolation((isolation == Connection.TRANSACTION_SERIALIZABLE)
							? Connection.TRANSACTION_READ_COMMITTED : Connection.TRANSACTION_SERIALIZABLE);
					killed = server.backendId(connection);
					server.killBackend(killed);
					// closing puts the isolation back: a round trip to the dead backend
				}
				try (Connection connection = dataSource.getConnection()) {
					assertThat(server.backendId(connection)).as("backend of the next handle").isNotEqualTo(killed);
				}
			}
		}
		assertThat(Logged.at(output, "WARN", "Failed to restore the session")).as("restore failures at WARN").isEmpty();
	}

}
