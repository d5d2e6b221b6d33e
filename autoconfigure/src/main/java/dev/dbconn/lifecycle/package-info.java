/**
 * Django's connection lifecycle rules (max age, health checks, errors), free of Spring and JDBC wrapping.
 */
package dev.dbconn.lifecycle;
