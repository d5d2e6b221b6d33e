package dev.dbconn.datajdbc;

import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.CrudRepository;

/** A Spring Data JDBC repository of notes that can also tell which backend ran its query. */
public interface Notes extends CrudRepository<Note, Long> {

	/** The PostgreSQL backend that ran this query. */
	@Query("select pg_backend_pid()")
	long postgresqlBackend();

	/** The MariaDB or MySQL connection that ran this query. */
	@Query("select connection_id()")
	long mariadbBackend();

}
