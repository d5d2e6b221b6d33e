package dev.dbconn.sample;

import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Records visits in the {@code visit} table.
 */
@Service
public class VisitService {

	private final JdbcTemplate jdbcTemplate;

	public VisitService(JdbcTemplate jdbcTemplate) {
		this.jdbcTemplate = jdbcTemplate;
	}

	/**
	 * Record one visit.
	 * @return the number of visits, the new one included
	 */
	@Transactional
	public long record() {
		// The id is made here because H2, PostgreSQL and MariaDB share no auto-increment syntax.
		this.jdbcTemplate.update("INSERT INTO visit (id) VALUES (?)", UUID.randomUUID().toString());
		return count();
	}

	/**
	 * Count the visits recorded so far.
	 * @return the number of visits
	 */
	public long count() {
		Long count = this.jdbcTemplate.queryForObject("SELECT COUNT(*) FROM visit", Long.class);
		return (count != null) ? count : 0;
	}

}
