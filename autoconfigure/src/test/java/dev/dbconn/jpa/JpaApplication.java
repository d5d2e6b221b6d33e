package dev.dbconn.jpa;

import dev.dbconn.testsupport.TestDatabase.Kind;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A Spring Data JPA application: a repository, a {@code @Transactional} service, lazy loading in the
 * view where open-in-view allows it, and a {@code JdbcTemplate} query outside any transaction, each
 * telling which backend served it.
 */
@SpringBootApplication
public class JpaApplication {

	/** What a request saw. */
	record Seen(long service, long jdbc, int books) {
	}

	@Service
	static class Library {

		@PersistenceContext
		private EntityManager entityManager;

		private final String backendSql;

		Library(@Value("${it.database-kind}") Kind kind) {
			this.backendSql = backendSql(kind);
		}

		/** Write an author with two books; the backend that served the transaction. */
		@Transactional
		long[] write() {
			Author author = new Author();
			author.name = "author";
			this.entityManager.persist(author);
			for (int i = 0; i < 2; i++) {
				Book book = new Book();
				book.title = "book " + i;
				book.author = author;
				this.entityManager.persist(book);
			}
			this.entityManager.flush();
			// the view loads the author anew, its books lazily
			this.entityManager.clear();
			long backend = ((Number) this.entityManager.createNativeQuery(this.backendSql).getSingleResult())
				.longValue();
			return new long[] { author.id, backend };
		}

		@Transactional(readOnly = true)
		int countBooks(long authorId) {
			return this.entityManager.find(Author.class, authorId).books.size();
		}

	}

	@RestController
	static class LibraryController {

		private final Library library;

		private final Authors authors;

		private final JdbcTemplate jdbcTemplate;

		private final String backendSql;

		private final boolean openInView;

		LibraryController(Library library, Authors authors, JdbcTemplate jdbcTemplate,
				@Value("${it.database-kind}") Kind kind, @Value("${spring.jpa.open-in-view}") boolean openInView) {
			this.library = library;
			this.authors = authors;
			this.jdbcTemplate = jdbcTemplate;
			this.backendSql = backendSql(kind);
			this.openInView = openInView;
		}

		@GetMapping("/library")
		Seen library() {
			long[] written = this.library.write();
			Author author = this.authors.findById(written[0]).orElseThrow();
			// in the view: lazy loading needs the session open-in-view keeps, without it a transaction
			int books = this.openInView ? author.books.size() : this.library.countBooks(written[0]);
			long jdbc = this.jdbcTemplate.queryForObject(this.backendSql, Long.class);
			return new Seen(written[1], jdbc, books);
		}

	}

	static String backendSql(Kind kind) {
		return (kind == Kind.POSTGRESQL) ? "select pg_backend_pid()" : "select connection_id()";
	}

}
