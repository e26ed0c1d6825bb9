package org.fencecheck.props.tlc;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.fencecheck.tlc.Value;
import org.fencecheck.tlc.ValueParser;

/**
 * The reachable state graph TLC writes with {@code -dump dot,actionlabels}: the states (each variable parsed by
 * tlc-io's value parser) and the transitions labelled with the action's name; initial states are filled nodes.
 */
public final class DotGraph {

    /** A transition. */
    public record Edge(long from, long to, String action) {
    }

    private static final Pattern NODE = Pattern.compile("^(-?\\d+) \\[label=\"(.*)\"(,style = filled)?\\];?$");
    private static final Pattern EDGE = Pattern.compile("^(-?\\d+) -> (-?\\d+) \\[label=\"([A-Za-z0-9_]+)\"");

    private final Map<Long, String> labels = new LinkedHashMap<>();
    private final Map<Long, Map<String, Value>> parsed = new java.util.HashMap<>();
    private final List<Edge> edges = new ArrayList<>();
    private final List<Long> initial = new ArrayList<>();

    public static DotGraph read(Path file) throws IOException {
        DotGraph g = new DotGraph();
        try (BufferedReader r = Files.newBufferedReader(file)) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                Matcher e = EDGE.matcher(line);
                Matcher n = NODE.matcher(line);
                if (e.find()) {
                    g.edges.add(new Edge(Long.parseLong(e.group(1)), Long.parseLong(e.group(2)), e.group(3)));
                } else if (n.matches() && g.labels.putIfAbsent(Long.parseLong(n.group(1)), n.group(2)) == null
                        && n.group(3) != null) {
                    g.initial.add(Long.parseLong(n.group(1)));
                }
            }
        }
        if (g.labels.isEmpty()) {
            throw new IOException(file + ": no state in TLC's dot graph");
        }
        return g;
    }

    /** The variables of a state. */
    public Map<String, Value> state(long id) {
        return parsed.computeIfAbsent(id, k -> vars(unescape(labels.get(k))));
    }

    /** dot's escapes: a backslash makes the next character literal, {@code \n} is a newline. */
    static String unescape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char d = s.charAt(++i);
                b.append(d == 'n' ? '\n' : d);
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    /** Splits {@code /\ name = value} lines. */
    static Map<String, Value> vars(String label) {
        Map<String, Value> out = new LinkedHashMap<>();
        for (String part : ("\n" + label).split("\n/\\\\ ")) {
            int eq = part.indexOf(" = ");
            if (eq > 0) {
                out.put(part.substring(0, eq).strip(), ValueParser.parse(part.substring(eq + 3).strip()));
            }
        }
        return out;
    }

    public int size() {
        return labels.size();
    }

    public List<Edge> edges() {
        return edges;
    }

    public List<Long> initial() {
        return initial.isEmpty() ? List.of(labels.keySet().iterator().next()) : initial;
    }
}
