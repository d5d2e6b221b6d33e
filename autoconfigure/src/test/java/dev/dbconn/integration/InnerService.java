package dev.dbconn.integration;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Writes a row in a transaction of its own.
 */
@Service
class InnerService {

	private final JdbcTemplate jdbcTemplate;

	InnerService(JdbcTemplate jdbcTemplate) {
		this.jdbcTemplate = jdbcTemplate;
	}

	@Transactional(propagation = Propagation.REQUIRES_NEW)
	public void insert(int id) {
		this.jdbcTemplate.update("insert into " + LifecycleTestApplication.TABLE + " (id, label) values (?, 'inner')",
				id);
	}

}
