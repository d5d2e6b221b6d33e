package dev.dbconn.slices;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;

/**
 * The application the slice tests find: no component scanning, each test imports what it needs;
 * its package is where JPA finds {@link SliceNote}.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class SliceApplication {

}
