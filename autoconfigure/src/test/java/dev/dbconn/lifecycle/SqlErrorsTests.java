package dev.dbconn.lifecycle;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;

import dev.dbconn.lifecycle.SqlErrors.Kind;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SqlErrorsTests {

	@Test
	void dataAndIntegrityErrorsSayNothingAboutTheConnection() {
		assertThat(SqlErrors.classify(new SQLException("division by zero", "22012"))).isEqualTo(Kind.DATA);
		assertThat(SqlErrors.classify(new SQLException("duplicate key", "23505"))).isEqualTo(Kind.DATA);
	}

	@Test
	void connectionLossIsRecognisedBySqlStateVendorCodeAndType() {
		assertThat(SqlErrors.classify(new SQLException("I/O error", "08006"))).isEqualTo(Kind.CONNECTION_LOST);
		assertThat(SqlErrors.classify(new SQLException("terminating connection", "57P01")))
			.isEqualTo(Kind.CONNECTION_LOST);
		assertThat(SqlErrors.classify(new SQLException("Connection was killed", "70100", 1927)))
			.isEqualTo(Kind.CONNECTION_LOST);
		assertThat(SqlErrors.classify(new SQLNonTransientConnectionException("socket closed")))
			.isEqualTo(Kind.CONNECTION_LOST);
	}

	@Test
	void otherErrorsMeanTheConnectionMustBeChecked() {
		assertThat(SqlErrors.classify(new SQLException("syntax error", "42601"))).isEqualTo(Kind.OTHER);
		assertThat(SqlErrors.classify(new SQLException("no state"))).isEqualTo(Kind.OTHER);
	}

	@Test
	void looksAlongTheChainOfNextExceptions() {
		SQLException batch = new SQLException("batch failed", "22001");
		batch.setNextException(new SQLException("connection reset", "08006"));
		assertThat(SqlErrors.classify(batch)).isEqualTo(Kind.CONNECTION_LOST);
		SQLException mixed = new SQLException("batch failed", "23505");
		mixed.setNextException(new SQLException("syntax", "42601"));
		assertThat(SqlErrors.classify(mixed)).isEqualTo(Kind.OTHER);
	}

}
