package dev.dbconn.autoconfigure;

import java.sql.SQLException;
import java.util.Collection;

import javax.sql.DataSource;

import org.springframework.util.ClassUtils;

/**
 * Commons DBCP2's pools over a {@code ConnectionPoolDataSource} ({@code SharedPoolDataSource},
 * {@code PerUserPoolDataSource}) take a connection back when its handle closes and never learn that
 * the driver's connection beneath it was closed: the driver adapter reports no error for it, and the
 * pool's ways to drop one are its own. A connection dbconn closes (past its age, under
 * {@code conn-max-age: 0}, after an error) would be lent again dead, and every later checkout would
 * fail, unless the pool tests connections when it lends or takes them back. Such a pool is left
 * without the lifecycle; touched only when DBCP2 is on the class path.
 */
final class UntestedDbcp2Pools {

	private static final boolean PRESENT = ClassUtils.isPresent(
			"org.apache.commons.dbcp2.datasources.InstanceKeyDataSource", UntestedDbcp2Pools.class.getClassLoader());

	private UntestedDbcp2Pools() {
	}

	/**
	 * Such a pool that tests its connections neither on borrow nor on return, found as the DataSource
	 * itself or behind its wrappers ({@code unwrap}), or {@code null}.
	 */
	static DataSource untested(DataSource dataSource) {
		return PRESENT ? Check.untested(dataSource) : null;
	}

	/**
	 * @param beanName the bean that is the pool or leads to it
	 * @param itself whether the bean is the pool
	 */
	static String warning(String beanName, DataSource pool, boolean itself) {
		return "DataSource '" + beanName + "' " + (itself ? "is" : "leads to") + " a Commons DBCP2 "
				+ pool.getClass().getSimpleName() + " that tests its connections neither on borrow nor on return: "
				+ "it would lend again a connection dbconn closes, so dbconn leaves it alone (no conn-max-age, "
				+ "health checks or session reset). Set its defaultTestOnBorrow (or defaultTestOnReturn) to true "
				+ "to give it the lifecycle.";
	}

	/**
	 * What a WARN that advises declaring DataSources as beans adds when one of them is such a pool,
	 * which would be left alone as a bean too: an empty string otherwise.
	 */
	static String advice(Collection<DataSource> dataSources) {
		return dataSources.stream().anyMatch((dataSource) -> untested(dataSource) != null)
				? " A Commons DBCP2 pool over a ConnectionPoolDataSource among them also needs its defaultTestOnBorrow "
						+ "(or defaultTestOnReturn) set to true."
				: "";
	}

	private static final class Check {

		static DataSource untested(DataSource dataSource) {
			org.apache.commons.dbcp2.datasources.InstanceKeyDataSource pool;
			try {
				if (!dataSource.isWrapperFor(org.apache.commons.dbcp2.datasources.InstanceKeyDataSource.class)) {
					return null;
				}
				pool = dataSource.unwrap(org.apache.commons.dbcp2.datasources.InstanceKeyDataSource.class);
			}
			catch (SQLException | RuntimeException ex) {
				return null;
			}
			return (pool.getDefaultTestOnBorrow() || pool.getDefaultTestOnReturn()) ? null : pool;
		}

	}

}
