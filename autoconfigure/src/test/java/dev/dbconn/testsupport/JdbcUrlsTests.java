package dev.dbconn.testsupport;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class JdbcUrlsTests {

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			jdbc:postgresql://127.0.0.1:5432/test                 | prepareThreshold=1 | jdbc:postgresql://127.0.0.1:5432/test?prepareThreshold=1
			jdbc:postgresql://localhost:32771/test?loggerLevel=OFF | prepareThreshold=1 | jdbc:postgresql://localhost:32771/test?loggerLevel=OFF&prepareThreshold=1
			jdbc:mariadb://127.0.0.1:3306/test                    | a=1&b=2            | jdbc:mariadb://127.0.0.1:3306/test?a=1&b=2
			jdbc:mariadb://127.0.0.1:3306/test?useSSL=false       | sessionVariables=wait_timeout=5 | jdbc:mariadb://127.0.0.1:3306/test?useSSL=false&sessionVariables=wait_timeout=5
			jdbc:mysql://127.0.0.1:3306/test                      | useServerPrepStmts=true | jdbc:mysql://127.0.0.1:3306/test?useServerPrepStmts=true
			jdbc:mysql://localhost:32772/test?useSSL=false&allowPublicKeyRetrieval=true | paranoid=true | jdbc:mysql://localhost:32772/test?useSSL=false&allowPublicKeyRetrieval=true&paranoid=true
			jdbc:mysql://127.0.0.1/test?                          | a=1                | jdbc:mysql://127.0.0.1/test?a=1
			jdbc:mysql://127.0.0.1/test?x=1&                      | a=1                | jdbc:mysql://127.0.0.1/test?x=1&a=1
			jdbc:postgresql:test                                  | a=1                | jdbc:postgresql:test?a=1
			jdbc:mysql://[::1]:3306/test                          | a=1                | jdbc:mysql://[::1]:3306/test?a=1
			""")
	void appendsAfterWhatTheUrlAlreadyHas(String url, String parameters, String expected) {
		assertThat(JdbcUrls.withParameters(url, parameters)).isEqualTo(expected);
	}

	@Test
	void parametersCanBeAddedTwice() {
		String url = JdbcUrls.withParameters(JdbcUrls.withParameters("jdbc:mariadb://h/db", "a=1"), "b=2");
		assertThat(url).isEqualTo("jdbc:mariadb://h/db?a=1&b=2");
	}

	@ParameterizedTest
	@ValueSource(strings = { "", " ", "?a=1", "&a=1" })
	void rejectsWhatWouldLeaveAnEmptyParameter(String parameters) {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> JdbcUrls.withParameters("jdbc:mysql://h/db", parameters));
	}

}
