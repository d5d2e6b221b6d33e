package dev.dbconn.slices;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;

/** The entity of the {@code @DataJpaTest} slice. */
@Entity
public class SliceNote {

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	Long id;

	String text;

	SliceNote() {
	}

	SliceNote(String text) {
		this.text = text;
	}

}
