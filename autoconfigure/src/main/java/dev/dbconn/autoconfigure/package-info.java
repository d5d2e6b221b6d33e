/**
 * Spring Boot auto-configuration and configuration properties for dbconn.
 */
package dev.dbconn.autoconfigure;
