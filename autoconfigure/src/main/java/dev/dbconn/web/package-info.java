/**
 * Servlet and Spring MVC hooks that make each request a unit of work.
 */
package dev.dbconn.web;
