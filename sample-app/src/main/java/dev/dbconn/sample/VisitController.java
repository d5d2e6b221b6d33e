package dev.dbconn.sample;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Endpoints that write and read through the same request-scoped connection, inside and outside a
 * transaction.
 */
@RestController
@RequestMapping("/visits")
public class VisitController {

	private final VisitService visits;

	public VisitController(VisitService visits) {
		this.visits = visits;
	}

	/**
	 * Record a visit.
	 * @return the number of visits, the new one included
	 */
	@PostMapping
	public VisitCount record() {
		return new VisitCount(this.visits.record());
	}

	/**
	 * Count the visits.
	 * @return the number of visits
	 */
	@GetMapping
	public VisitCount count() {
		return new VisitCount(this.visits.count());
	}

	/**
	 * The number of recorded visits.
	 *
	 * @param visits the number of visits
	 */
	public record VisitCount(long visits) {
	}

}
