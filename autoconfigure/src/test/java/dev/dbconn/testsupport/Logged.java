package dev.dbconn.testsupport;

import java.util.List;

import org.springframework.boot.test.system.CapturedOutput;

/**
 * The lines of captured output that a logger wrote at one level and that hold a text, so that a test
 * of a warning fails when the message is logged at another level, whatever levels are enabled.
 */
public final class Logged {

	private Logged() {
	}

	/**
	 * @param output what the test captured
	 * @param level the level as the log line shows it, such as {@code WARN}
	 * @param text what the line must hold
	 * @return the lines logged at that level that hold the text, in order
	 */
	public static List<String> at(CapturedOutput output, String level, String text) {
		String marker = " " + level + " ";
		return output.getAll().lines().filter((line) -> line.contains(marker) && line.contains(text)).toList();
	}

}
