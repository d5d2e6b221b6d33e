package dev.dbconn.slices;

import org.springframework.data.jpa.repository.JpaRepository;

/** The repository of the {@code @DataJpaTest} slice. */
public interface SliceNotes extends JpaRepository<SliceNote, Long> {

}
