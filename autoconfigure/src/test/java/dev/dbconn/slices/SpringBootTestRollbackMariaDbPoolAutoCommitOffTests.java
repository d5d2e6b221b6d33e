package dev.dbconn.slices;

import org.springframework.test.context.TestPropertySource;

/** {@link SpringBootTestRollbackCase} on MariaDB with the pool's auto-commit off. */
@TestPropertySource(properties = { "it.kind=MARIADB", "spring.datasource.hikari.auto-commit=false" })
class SpringBootTestRollbackMariaDbPoolAutoCommitOffTests extends SpringBootTestRollbackCase {

}
