package dev.dbconn.jdbc;

import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

import org.springframework.util.ClassUtils;

/**
 * Closes a borrowed connection physically and takes it out of its pool.
 */
@FunctionalInterface
interface PhysicalCloser {

	/** For any pool: close the driver's connection, then hand the dead one back for the pool to drop. */
	PhysicalCloser GENERIC = (pooled, raw) -> {
		try {
			if (raw != pooled) {
				raw.close();
			}
		}
		finally {
			pooled.close();
		}
	};

	/**
	 * Close the physical connection behind {@code pooled}; {@code pooled} must not be used afterwards.
	 */
	void close(Connection pooled, Connection raw) throws SQLException;

	static PhysicalCloser forTarget(DataSource target) throws SQLException {
		if (ClassUtils.isPresent(HikariCloser.HIKARI_DATA_SOURCE, PhysicalCloser.class.getClassLoader())) {
			PhysicalCloser hikari = HikariCloser.forTarget(target);
			if (hikari != null) {
				return hikari;
			}
		}
		return GENERIC;
	}

}
