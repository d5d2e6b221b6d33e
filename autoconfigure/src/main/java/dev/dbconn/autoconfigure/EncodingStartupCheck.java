package dev.dbconn.autoconfigure;

import java.sql.SQLException;

import dev.dbconn.jdbc.EncodingMismatchException;
import dev.dbconn.jdbc.LifecycleDataSource;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * Checks the encodings of every dbconn DataSource once the application context is ready, so that a
 * mismatch is reported at start-up, and with {@code db.encoding-check=fail} stops it.
 */
final class EncodingStartupCheck implements SmartInitializingSingleton {

	private static final Log logger = LogFactory.getLog(EncodingStartupCheck.class);

	private final ListableBeanFactory beanFactory;

	EncodingStartupCheck(ListableBeanFactory beanFactory) {
		this.beanFactory = beanFactory;
	}

	@Override
	public void afterSingletonsInstantiated() {
		this.beanFactory.getBeansOfType(LifecycleDataSource.class, false, false).values().forEach((dataSource) -> {
			try {
				dataSource.checkEncoding();
			}
			catch (EncodingMismatchException ex) {
				throw new IllegalStateException(ex.getMessage() + " Set db.encoding-check=warn to start anyway.", ex);
			}
			catch (SQLException | RuntimeException ex) {
				logger.warn("Could not check the encoding of DataSource '" + dataSource.getName()
						+ "' at start-up; it is checked at its first connection instead: " + ex.getMessage());
			}
		});
	}

}
