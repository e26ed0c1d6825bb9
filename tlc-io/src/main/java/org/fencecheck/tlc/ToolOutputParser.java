package org.fencecheck.tlc;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/*
 * TLC -tool framing: a message opens with "@!@!@STARTMSG <code>:<severity> @!@!@" and closes with
 * "@!@!@ENDMSG <code> @!@!@", each normally on a line of its own. Messages can nest, and a nested START can
 * follow text on the same line (TLC prints "...ConfigFileException\n: @!@!@STARTMSG 5001:0 @!@!@"), so the
 * parser scans for markers anywhere in a line and keeps a stack of open messages. Text outside every message
 * (SANY's parse errors, Java's stderr) is kept as untagged lines.
 */

/** Splits TLC's {@code -tool} output, fed line by line, into {@link ToolMessage}s as they complete. */
public final class ToolOutputParser {

    private static final Pattern MARKER =
            Pattern.compile("@!@!@STARTMSG (\\d+):(\\d+) @!@!@|@!@!@ENDMSG (\\d+) @!@!@");

    private final Consumer<ToolMessage> sink;
    private final Deque<Open> open = new ArrayDeque<>();
    private final List<String> untagged = new ArrayList<>();

    /** A parser that hands every completed message to {@code sink}, inner messages before outer ones. */
    public ToolOutputParser(Consumer<ToolMessage> sink) {
        this.sink = sink;
    }

    /** Feeds one line of output (without its line terminator). */
    public void line(String line) {
        Matcher m = MARKER.matcher(line);
        int from = 0;
        boolean anyMarker = false;
        while (m.find()) {
            anyMarker = true;
            fragment(line.substring(from, m.start()));
            if (m.group(1) != null) {
                open.push(new Open(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))));
            } else {
                close(Integer.parseInt(m.group(3)));
            }
            from = m.end();
        }
        if (anyMarker) {
            fragment(line.substring(from));
        } else {
            append(line);
        }
    }

    /** Closes messages TLC left open (a killed process) and hands them on. */
    public void finish() {
        while (!open.isEmpty()) {
            Open o = open.pop();
            sink.accept(o.toMessage());
        }
    }

    /** Lines printed outside any message, in order. */
    public List<String> untagged() {
        return List.copyOf(untagged);
    }

    private void fragment(String s) {
        if (!s.isBlank()) {
            append(s.stripTrailing());
        }
    }

    private void append(String s) {
        if (open.isEmpty()) {
            untagged.add(s);
        } else {
            open.peek().lines.add(s);
        }
    }

    private void close(int code) {
        while (!open.isEmpty()) {
            Open o = open.pop();
            ToolMessage message = o.toMessage();
            if (!open.isEmpty()) {
                open.peek().nested.add(message);
            }
            sink.accept(message);
            if (o.code == code) {
                return;
            }
        }
    }

    private static final class Open {
        final int code;
        final int severity;
        final List<String> lines = new ArrayList<>();
        final List<ToolMessage> nested = new ArrayList<>();

        Open(int code, int severity) {
            this.code = code;
            this.severity = severity;
        }

        ToolMessage toMessage() {
            int end = lines.size();
            while (end > 0 && lines.get(end - 1).isBlank()) {
                end--;
            }
            int start = 0;
            while (start < end && lines.get(start).isBlank()) {
                start++;
            }
            return new ToolMessage(code, severity, lines.subList(start, end), nested);
        }
    }
}
