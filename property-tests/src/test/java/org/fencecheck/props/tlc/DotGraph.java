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

/**
 * The reachable state graph TLC writes with {@code -dump dot,actionlabels}: the states (each variable's TLA+
 * text) and the transitions labelled with the action's name. The initial state is the first node written.
 */
public final class DotGraph {

    /** A transition. */
    public record Edge(long from, long to, String action) {
    }

    private static final Pattern NODE = Pattern.compile("^(-?\\d+) \\[label=\"(.*)\"(,style = filled)?\\];?$");
    private static final Pattern EDGE = Pattern.compile("^(-?\\d+) -> (-?\\d+) \\[label=\"([A-Za-z0-9_]+)\"");

    private final Map<Long, Map<String, String>> nodes = new LinkedHashMap<>();
    private final List<Edge> edges = new ArrayList<>();
    private final List<Long> initial = new ArrayList<>();

    public static DotGraph read(Path file) throws IOException {
        DotGraph g = new DotGraph();
        try (BufferedReader r = Files.newBufferedReader(file)) {
            String line;
            while ((line = r.readLine()) != null) {
                Matcher e = EDGE.matcher(line);
                if (e.find()) {
                    g.edges.add(new Edge(Long.parseLong(e.group(1)), Long.parseLong(e.group(2)), e.group(3)));
                    continue;
                }
                Matcher n = NODE.matcher(line);
                if (n.matches()) {
                    long id = Long.parseLong(n.group(1));
                    if (!g.nodes.containsKey(id)) {
                        g.nodes.put(id, vars(unescape(n.group(2))));
                        if (n.group(3) != null) {
                            g.initial.add(id);
                        }
                    }
                }
            }
        }
        return g;
    }

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

    /** Splits "/\ name = value" blocks. */
    static Map<String, String> vars(String label) {
        Map<String, String> out = new LinkedHashMap<>();
        String name = null;
        StringBuilder val = new StringBuilder();
        for (String line : label.split("\n")) {
            if (line.startsWith("/\\ ")) {
                if (name != null) {
                    out.put(name, val.toString().strip());
                }
                int eq = line.indexOf(" = ");
                name = line.substring(3, eq).strip();
                val = new StringBuilder(line.substring(eq + 3));
            } else {
                val.append(' ').append(line.strip());
            }
        }
        if (name != null) {
            out.put(name, val.toString().strip());
        }
        return out;
    }

    public Map<Long, Map<String, String>> nodes() {
        return nodes;
    }

    public List<Edge> edges() {
        return edges;
    }

    public List<Long> initial() {
        return initial.isEmpty() ? List.of(nodes.keySet().iterator().next()) : initial;
    }
}
