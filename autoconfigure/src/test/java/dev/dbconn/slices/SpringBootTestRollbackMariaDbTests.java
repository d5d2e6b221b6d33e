package dev.dbconn.slices;

import org.springframework.test.context.TestPropertySource;

/** {@link SpringBootTestRollbackCase} on MariaDB, the pool in auto-commit mode. */
@TestPropertySource(properties = "it.kind=MARIADB")
class SpringBootTestRollbackMariaDbTests extends SpringBootTestRollbackCase {

}
