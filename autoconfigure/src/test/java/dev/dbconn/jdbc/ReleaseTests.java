package dev.dbconn.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import dev.dbconn.lifecycle.ConnMaxAge;
import dev.dbconn.lifecycle.LifecyclePolicy;
import dev.dbconn.testsupport.InterceptedConnections;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Whatever is thrown while a unit of work settles its connections, every one of them goes back to
 * its pool or is closed, exactly once: the pool never loses a slot.
 */
class ReleaseTests {

	private static final LifecyclePolicy KEEP = new LifecyclePolicy(ConnMaxAge.UNLIMITED, false, Duration.ofSeconds(5));

	@Test
	void anErrorWhileSettlingOneConnectionLosesNoPoolSlotAndTheOtherConnectionsAreSettled() throws SQLException {
		AtomicBoolean failing = new AtomicBoolean();
		try (HikariDataSource first = h2Pool(); HikariDataSource second = h2Pool()) {
			LifecycleDataSource failingDataSource = new LifecycleDataSource(failingOnAutoCommit(first, failing),
					"failing", KEEP);
			LifecycleDataSource other = new LifecycleDataSource(second, "other", KEEP);
			UnitOfWork.Scope scope = UnitOfWork.begin();
			failingDataSource.getConnection().close();
			other.getConnection().close();
			failing.set(true);
			assertThatExceptionOfType(NoSuchMethodError.class).isThrownBy(scope::close);
			assertThat(UnitOfWork.isActive()).isFalse();
			assertThat(first.getHikariPoolMXBean().getActiveConnections()).as("failing pool: lent out").isZero();
			assertThat(second.getHikariPoolMXBean().getActiveConnections()).as("other pool: lent out").isZero();
			assertThat(failingDataSource.getStatistics().closed(dev.dbconn.lifecycle.CloseReason.ERROR))
				.as("closed once, as broken").isEqualTo(1);
			failing.set(false);
			// both pools still serve
			try (UnitOfWork.Scope next = UnitOfWork.begin()) {
				assertThat(failingDataSource.getConnection().isValid(1)).isTrue();
				assertThat(other.getConnection().isValid(1)).isTrue();
			}
		}
	}

	/**
	 * An Error while a handle is settled, before its transaction state is known: the unit may be
	 * inside a transaction begun in SQL, so it is not gone on with on another connection unawares.
	 */
	@Test
	void anErrorBeforeTheTransactionStateIsKnownFailsTheUnitsNextConnectionOnce() throws SQLException {
		AtomicBoolean failing = new AtomicBoolean();
		try (HikariDataSource pool = h2Pool()) {
			LifecycleDataSource dataSource = new LifecycleDataSource(failingOnAutoCommit(pool, failing), "failing", KEEP);
			try (UnitOfWork.Scope scope = UnitOfWork.begin()) {
				Connection connection = dataSource.getConnection();
				failing.set(true);
				assertThatExceptionOfType(NoSuchMethodError.class).isThrownBy(connection::close);
				failing.set(false);
				assertThatExceptionOfType(SQLException.class).isThrownBy(dataSource::getConnection)
					.satisfies((ex) -> assertThat(ex.getSQLState()).isEqualTo("08006"));
			}
			assertThat(pool.getHikariPoolMXBean().getActiveConnections()).as("lent out").isZero();
			try (UnitOfWork.Scope next = UnitOfWork.begin()) {
				assertThat(dataSource.getConnection().isValid(1)).as("the next unit is served").isTrue();
			}
		}
	}

	private static HikariDataSource h2Pool() {
		HikariDataSource pool = new HikariDataSource();
		pool.setJdbcUrl("jdbc:h2:mem:" + java.util.UUID.randomUUID());
		pool.setMaximumPoolSize(1);
		return pool;
	}

	/**
	 * A pool whose connections throw an {@link Error}, as a driver-internal call missing at run time
	 * would, from {@code getAutoCommit()} while {@code failing} is set.
	 */
	private static DataSource failingOnAutoCommit(DataSource pool, AtomicBoolean failing) {
		return InterceptedConnections.of(pool, (method) -> {
			if (method.getName().equals("getAutoCommit") && failing.get()) {
				throw new NoSuchMethodError("driver-internal method");
			}
		});
	}

}
