package org.fencecheck.tlc;

import java.util.List;

/**
 * One message of TLC's {@code -tool} output.
 *
 * @param code     TLC's message code (2110 invariant violated, 2217 trace state, ...)
 * @param severity 0 info, 1 error, 2 tlc bug, 3 warning, 4 state
 * @param lines    the body, without the framing lines and without leading or trailing blank lines
 * @param nested   messages that opened and closed inside this one
 */
public record ToolMessage(int code, int severity, List<String> lines, List<ToolMessage> nested) {
    public ToolMessage {
        lines = List.copyOf(lines);
        nested = List.copyOf(nested);
    }

    /** The body as one string, lines joined by newlines. */
    public String body() {
        return String.join("\n", lines);
    }

    /** The first non-blank line of the body, or "". */
    public String firstLine() {
        return lines.stream().map(String::strip).filter(l -> !l.isEmpty()).findFirst().orElse("");
    }
}
