package dev.dbconn.datajdbc;

import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

/** A row of the test's table; its name comes from {@link DataJdbcApplication#TABLE}. */
@Table
public class Note {

	@Id
	Long id;

	String text;

	Note() {
	}

	Note(String text) {
		this.text = text;
	}

}
