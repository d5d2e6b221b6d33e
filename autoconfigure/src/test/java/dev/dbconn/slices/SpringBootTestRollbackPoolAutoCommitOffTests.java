package dev.dbconn.slices;

import org.springframework.test.context.TestPropertySource;

/** {@link SpringBootTestRollbackCase} on PostgreSQL with the pool's auto-commit off: the test's transaction starts on a connection whose auto-commit is already off. */
@TestPropertySource(properties = { "it.kind=POSTGRESQL", "spring.datasource.hikari.auto-commit=false" })
class SpringBootTestRollbackPoolAutoCommitOffTests extends SpringBootTestRollbackCase {

}
