package org.fencecheck.props.util;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.fencecheck.props.sched.SpecConfig;

/**
 * The parts of a TLC configuration file the tests need: the CONSTANTS (to run the implementation at the same
 * bounds), the INVARIANT(S) and PROPERTY/PROPERTIES names, and whether deadlock is checked.
 *
 * @param file       the file
 * @param constants  name -> value text ({@code <-} substitutions included, e.g. {@code CPUs -> MCCPUs2})
 * @param invariants the invariant names, in order
 * @param properties the temporal property names, in order
 * @param deadlock   whether TLC checks deadlock (no {@code CHECK_DEADLOCK FALSE})
 */
public record Cfg(Path file, Map<String, String> constants, List<String> invariants, List<String> properties,
                  boolean deadlock) {

    private static final Set<String> SECTIONS = Set.of("CONSTANT", "CONSTANTS", "INIT", "NEXT", "SPECIFICATION",
            "INVARIANT", "INVARIANTS", "PROPERTY", "PROPERTIES", "VIEW", "SYMMETRY", "CONSTRAINT", "CONSTRAINTS",
            "ACTION_CONSTRAINT", "ACTION_CONSTRAINTS", "CHECK_DEADLOCK", "POSTCONDITION", "ALIAS");

    public static Cfg read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file, e);
        }
        text = text.replaceAll("(?s)\\(\\*.*?\\*\\)", " ").replaceAll("\\\\\\*[^\\n]*", " ");
        Map<String, String> consts = new LinkedHashMap<>();
        List<String> inv = new ArrayList<>();
        List<String> props = new ArrayList<>();
        boolean deadlock = true;
        String section = "";
        List<String> tokens = new ArrayList<>();
        Matcher m = Pattern.compile("\"[^\"]*\"|<-|[A-Za-z_][A-Za-z0-9_]*|[0-9]+|\\S").matcher(text);
        while (m.find()) {
            tokens.add(m.group());
        }
        for (int k = 0; k < tokens.size(); k++) {
            String t = tokens.get(k);
            if (SECTIONS.contains(t)) {
                section = t;
                if (t.equals("CHECK_DEADLOCK") && k + 1 < tokens.size()) {
                    deadlock = !tokens.get(++k).equals("FALSE");
                }
                continue;
            }
            switch (section) {
                case "CONSTANT", "CONSTANTS" -> {
                    if (k + 1 < tokens.size() && (tokens.get(k + 1).equals("=") || tokens.get(k + 1).equals("<-"))) {
                        k += 2;
                        StringBuilder v = new StringBuilder(tokens.get(k));
                        if (tokens.get(k).equals("{")) {
                            while (!tokens.get(k).equals("}")) {
                                v.append(' ').append(tokens.get(++k));
                            }
                        }
                        consts.put(t, v.toString());
                    }
                }
                case "INVARIANT", "INVARIANTS" -> inv.add(t);
                case "PROPERTY", "PROPERTIES" -> props.add(t);
                default -> {
                }
            }
        }
        return new Cfg(file, consts, inv, props, deadlock);
    }

    /** Every property TLC checks with this cfg, as the gate names them (Deadlock included when checked). */
    public List<String> checked() {
        List<String> out = new ArrayList<>(invariants);
        out.addAll(properties);
        if (deadlock) {
            out.add("Deadlock");
        }
        return out;
    }

    /** The spec constants as a {@link SpecConfig}. */
    public SpecConfig specConfig() {
        String cpus = constants.getOrDefault("CPUs", "MCCPUs2");
        int nCpus = cpus.equals("MCCPUs3") ? 3 : cpus.startsWith("{") ? set(cpus).size() : 2;
        return new SpecConfig(nCpus, Integer.parseInt(constants.get("NumFences")), new ArrayList<>(set(
                constants.get("Cbs"))), unquote(constants.get("Design")), unquote(constants.get("DriverLock")),
                Boolean.parseBoolean(constants.getOrDefault("SignaledOp", "FALSE").toLowerCase()),
                set(constants.get("Ops")), Integer.parseInt(constants.get("MaxCalls")),
                Boolean.parseBoolean(constants.getOrDefault("WaitTimeouts", "FALSE").toLowerCase()),
                unquote(constants.getOrDefault("Mutation", "\"none\"")));
    }

    private static String unquote(String s) {
        return s.startsWith("\"") ? s.substring(1, s.length() - 1) : s;
    }

    private static Set<String> set(String s) {
        Set<String> out = new LinkedHashSet<>();
        for (String part : s.replace("{", "").replace("}", "").split("[,\\s]+")) {
            if (!part.isBlank()) {
                out.add(unquote(part.strip()));
            }
        }
        return out;
    }
}
