package dev.dbconn.jdbc;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import com.zaxxer.hikari.HikariDataSource;
import dev.dbconn.lifecycle.ConnMaxAge;
import dev.dbconn.lifecycle.LifecyclePolicy;
import dev.dbconn.testsupport.TestDatabase.Kind;
import dev.dbconn.testsupport.TestDatabases;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * What an application obtains through a handle (statements, result sets, metadata) dies with the
 * handle, as a pool's proxies do: once the handle is closed the physical connection may serve
 * another unit of work, which must never see statements from this one.
 */
class HandleTests {

	@ParameterizedTest
	@EnumSource(Kind.class)
	void statementsResultSetsAndMetadataRefuseEveryCallOnceTheirHandleIsClosed(Kind kind) throws SQLException {
		try (HikariDataSource pool = TestDatabases.get(kind).pool(1)) {
			LifecycleDataSource dataSource = new LifecycleDataSource(pool, "handles",
					new LifecyclePolicy(ConnMaxAge.UNLIMITED, false, Duration.ofSeconds(5)));
			Statement statement;
			PreparedStatement prepared;
			ResultSet resultSet;
			DatabaseMetaData metaData;
			long backend;
			try (UnitOfWork.Scope scope = UnitOfWork.begin()) {
				Connection connection = dataSource.getConnection();
				backend = TestDatabases.get(kind).serverSide().backendId(connection);
				statement = connection.createStatement();
				prepared = connection.prepareStatement("select 1");
				resultSet = statement.executeQuery("select 1");
				metaData = connection.getMetaData();
				assertThat(statement.getConnection()).isSameAs(connection);
				assertThat(metaData.getConnection()).isSameAs(connection);
				assertThat(resultSet.getStatement()).isSameAs(statement);
				connection.close();
				assertThat(statement.isClosed()).isTrue();
				assertClosed(() -> statement.executeQuery("select 1"));
				assertClosed(prepared::executeQuery);
				assertClosed(resultSet::next);
				assertClosed(() -> metaData.getTables(null, null, "%", null));
			}
			// the next unit gets the same physical connection; nothing of the last one reaches it
			try (UnitOfWork.Scope scope = UnitOfWork.begin(); Connection next = dataSource.getConnection()) {
				assertThat(TestDatabases.get(kind).serverSide().backendId(next)).isEqualTo(backend);
				assertClosed(() -> statement.execute("select 1"));
				assertClosed(() -> metaData.getColumns(null, null, "%", "%"));
			}
		}
	}

	private static void assertClosed(SqlCall call) {
		assertThatExceptionOfType(SQLException.class).isThrownBy(call::run).withMessageContaining("closed");
	}


	@FunctionalInterface
	interface SqlCall {

		void run() throws SQLException;

	}

}
