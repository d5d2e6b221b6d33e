package dev.dbconn.slices;

import org.springframework.test.context.TestPropertySource;

/** {@link SpringBootTestRollbackCase} on PostgreSQL, the pool in auto-commit mode. */
@TestPropertySource(properties = "it.kind=POSTGRESQL")
class SpringBootTestRollbackTests extends SpringBootTestRollbackCase {

}
