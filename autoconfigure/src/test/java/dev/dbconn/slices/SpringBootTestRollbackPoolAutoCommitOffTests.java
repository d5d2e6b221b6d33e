package dev.dbconn.slices;

import org.springframework.test.context.TestPropertySource;

/**
 * {@link SpringBootTestRollbackTests} with the pool's auto-commit off
 * ({@code spring.datasource.hikari.auto-commit=false}): the test's transaction starts on a
 * connection whose auto-commit is already off, and its rollback still undoes the test's and the
 * request's rows.
 */
@TestPropertySource(properties = "spring.datasource.hikari.auto-commit=false")
class SpringBootTestRollbackPoolAutoCommitOffTests extends SpringBootTestRollbackTests {

}
