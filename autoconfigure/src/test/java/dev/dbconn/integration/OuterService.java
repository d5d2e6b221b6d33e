package dev.dbconn.integration;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Writes a row in its transaction, has {@link InnerService} write one in a new transaction, then fails.
 */
@Service
class OuterService {

	private final JdbcTemplate jdbcTemplate;

	private final InnerService innerService;

	OuterService(JdbcTemplate jdbcTemplate, InnerService innerService) {
		this.jdbcTemplate = jdbcTemplate;
		this.innerService = innerService;
	}

	@Transactional
	public void insert(int id) {
		this.jdbcTemplate.update("insert into " + LifecycleTestApplication.TABLE + " (id, label) values (?, 'outer')",
				id);
	}

	/**
	 * Write the outer row and have the inner one written in a new transaction, in the order given,
	 * then fail. Inner first, the outer transaction has begun on its connection (auto-commit off)
	 * with no statement run yet when the inner one asks for a connection.
	 */
	@Transactional
	public void insertBothThenFail(int outerId, int innerId, boolean innerFirst) {
		if (innerFirst) {
			this.innerService.insert(innerId);
		}
		this.jdbcTemplate.update("insert into " + LifecycleTestApplication.TABLE + " (id, label) values (?, 'outer')",
				outerId);
		if (!innerFirst) {
			this.innerService.insert(innerId);
		}
		throw new IllegalStateException("roll back the outer transaction");
	}

}
