package dev.dbconn.jdbc.pool;

import com.zaxxer.hikari.util.IsolationLevel;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The isolation setting is read as the pool reads it, drivers' own levels included (SQL Server's
 * snapshot isolation, DB2's cursor stability): dbconn sets new and reset connections to the level
 * the pool itself sets.
 */
class HikariPoolSupportTests {

	@ParameterizedTest
	@EnumSource(IsolationLevel.class)
	void everyIsolationNameThePoolTakesIsReadAsThePoolReadsIt(IsolationLevel level) {
		assertThat(HikariPoolSupport.isolationLevel(level.name())).isEqualTo(level.getLevelId());
		assertThat(HikariPoolSupport.isolationLevel(String.valueOf(level.getLevelId()))).isEqualTo(level.getLevelId());
	}

}
