package org.fencecheck.tlc;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/*
 * SANY prints its errors outside the -tool framing, in three shapes:
 *   ***Parse Error***  /  Was expecting "..."  /  Encountered "1" at line 5, column 20 and token "+"
 *       ... Could not parse module Syn from file Syn.tla
 *   line 11, col 18 to line 11, col 18 of module Mutex  /  <blank>  /  Could not find declaration ...
 *   Cannot find source file for module Nope.
 */

/**
 * One line out of SANY's parse or semantic error output.
 *
 * @param module the module the error points at, or null if SANY did not say
 * @param text   the error, one line
 */
public record ParseErrorSummary(String module, String text) {

    private static final Pattern LOCATION =
            Pattern.compile("^line (\\d+), col (\\d+) to line \\d+, col \\d+ of module (\\w+)\\s*$");
    private static final Pattern COULD_NOT_PARSE = Pattern.compile("Could not parse module (\\w+)");
    private static final Pattern IN_MODULE = Pattern.compile("^In module (\\w+)\\s*$");
    private static final Pattern NO_SOURCE = Pattern.compile("Cannot find source file for module (\\w+)");

    /** Summarises SANY's untagged output lines. */
    public static ParseErrorSummary of(List<String> untagged) {
        String module = null;
        for (String l : untagged) {
            Matcher m = COULD_NOT_PARSE.matcher(l);
            Matcher in = IN_MODULE.matcher(l.strip());
            if (m.find()) {
                module = m.group(1);
            } else if (module == null && in.matches()) {
                module = in.group(1);
            }
        }
        for (int i = 0; i < untagged.size(); i++) {
            String l = untagged.get(i).strip();
            if (l.startsWith("Encountered ")) {
                String expecting = i > 0 && untagged.get(i - 1).strip().startsWith("Was expecting")
                        ? "; " + untagged.get(i - 1).strip() : "";
                return new ParseErrorSummary(module, "parse error: " + l + expecting);
            }
            Matcher loc = LOCATION.matcher(l);
            if (loc.matches()) {
                String what = nextNonBlank(untagged, i + 1);
                return new ParseErrorSummary(loc.group(3),
                        "semantic error at line " + loc.group(1) + ", col " + loc.group(2) + ": " + what);
            }
            Matcher none = NO_SOURCE.matcher(l);
            if (none.find()) {
                return new ParseErrorSummary(none.group(1), l);
            }
        }
        return new ParseErrorSummary(module, "parsing or semantic analysis failed");
    }

    private static String nextNonBlank(List<String> lines, int from) {
        for (int i = from; i < lines.size(); i++) {
            if (!lines.get(i).isBlank()) {
                return lines.get(i).strip();
            }
        }
        return "";
    }
}
