/**
 * Actuator endpoint and Micrometer meters that show what dbconn does with connections.
 */
package dev.dbconn.actuate;
