package dev.dbconn.jdbc;

import java.time.Duration;
import java.time.Instant;

/**
 * One physical connection of a {@link LifecycleDataSource}, as it was when asked.
 *
 * @param id identifier dbconn gives the connection
 * @param backendId the server's id for the session (PostgreSQL backend pid, MariaDB connection id),
 * or {@code null} when the driver does not say
 * @param age time since dbconn first saw it
 * @param inUse whether a unit of work holds it
 * @param unitsServed units of work it has served
 * @param lastHealthCheckAt when it was last health-checked, or {@code null}
 * @param lastHealthCheckPassed whether that check passed, or {@code null}
 */
public record ConnectionSnapshot(long id, Long backendId, Duration age, boolean inUse, long unitsServed, Instant lastHealthCheckAt,
		Boolean lastHealthCheckPassed) {

}
