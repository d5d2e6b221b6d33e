package dev.dbconn.jpa;

import org.springframework.data.jpa.repository.JpaRepository;

/** The repository of authors. */
public interface Authors extends JpaRepository<Author, Long> {

}
