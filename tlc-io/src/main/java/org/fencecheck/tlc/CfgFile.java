package org.fencecheck.tlc;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A TLC cfg file, split into what the refutation changes and what it keeps.
 *
 * @param path          where it was read from
 * @param invariants    the names after INVARIANT(S), in order
 * @param properties    the names after PROPERTY/PROPERTIES, in order
 * @param checkDeadlock false only when the cfg says {@code CHECK_DEADLOCK FALSE}
 * @param kept          every other section (CONSTANTS, SPECIFICATION, INIT, NEXT, ...), comments removed
 * @param constants     the CONSTANT(S) assignments {@code name = value}, name to value text (whitespace
 *                      collapsed), in file order
 * @param substitutions the CONSTANT(S) substitutions {@code name <- Op}, name to operator name, in file order
 */
public record CfgFile(Path path, List<String> invariants, List<String> properties, boolean checkDeadlock,
                      String kept, Map<String, String> constants, Map<String, String> substitutions) {

    /** The pseudo-property standing for TLC's deadlock check. */
    public static final String DEADLOCK = "Deadlock";

    public CfgFile {
        invariants = List.copyOf(invariants);
        properties = List.copyOf(properties);
        constants = Collections.unmodifiableMap(new LinkedHashMap<>(constants));
        substitutions = Collections.unmodifiableMap(new LinkedHashMap<>(substitutions));
    }

    /**
     * The value of constant {@code name} as a TLC value ({@code "legacy"}, {@code 2}, {@code FALSE},
     * {@code {"cb1", "cb2"}}), empty when the cfg does not assign it; a model value {@code c1 = c1} reads as the
     * model value.
     */
    public Optional<Value> constant(String name) {
        String text = constants.get(name);
        return text == null ? Optional.empty() : Optional.of(ValueParser.parseLenient(text));
    }

    /** Every property the cfg makes TLC check, {@link #DEADLOCK} last when deadlock checking is on. */
    public List<String> checkedNames() {
        List<String> names = new ArrayList<>(invariants);
        names.addAll(properties);
        if (checkDeadlock) {
            names.add(DEADLOCK);
        }
        return names;
    }

    /** The text of a cfg that keeps this one's other sections but checks only the given names. */
    public String derive(List<String> invariants, List<String> properties, boolean checkDeadlock) {
        StringBuilder sb = new StringBuilder(kept.strip()).append("\n\n");
        section(sb, "INVARIANT", invariants);
        section(sb, "PROPERTY", properties);
        sb.append("CHECK_DEADLOCK ").append(checkDeadlock ? "TRUE" : "FALSE").append('\n');
        return sb.toString();
    }

    private static void section(StringBuilder sb, String keyword, List<String> names) {
        if (names.isEmpty()) {
            return;
        }
        sb.append(keyword).append('\n');
        names.forEach(n -> sb.append("    ").append(n).append('\n'));
    }
}
