/**
 * What dbconn needs from each JDBC driver beyond the JDBC API (transaction state, session reset,
 * backend id, encodings, server limits): PostgreSQL, MariaDB Connector/J, MySQL Connector/J and a
 * generic fallback. Internal: not API, may change in any release.
 */
package dev.dbconn.jdbc.driver;
