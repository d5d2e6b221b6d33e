/**
 * The DataSource wrapper, units of work and the JDBC handles that carry out the connection lifecycle.
 */
package dev.dbconn.jdbc;
