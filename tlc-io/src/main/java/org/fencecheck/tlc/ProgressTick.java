package org.fencecheck.tlc;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * TLC's periodic progress report (message 2200).
 *
 * @param generated states generated so far
 * @param distinct  distinct states found so far
 * @param queue     states left on the queue
 */
public record ProgressTick(long generated, long distinct, long queue) {

    private static final Pattern PROGRESS = Pattern.compile(
            ": ([\\d,]+) states generated.*?, ([\\d,]+) distinct states found.*?, ([\\d,]+) states left on queue");

    /** Parses the body of a 2200 message; null when it does not have the expected shape. */
    public static ProgressTick parse(String body) {
        Matcher m = PROGRESS.matcher(body);
        if (!m.find()) {
            return null;
        }
        return new ProgressTick(number(m.group(1)), number(m.group(2)), number(m.group(3)));
    }

    private static long number(String s) {
        return Long.parseLong(s.replace(",", ""));
    }
}
