package org.fencecheck.fence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.fencecheck.sim.Action;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One set of names for the broken variants: the {@code Mutation} values of the spec's ASSUME lines (and the
 * broken driver profiles, spec/DmaFence.tla's {@code DriverMutations}) are exactly impl's {@link Mutation} names
 * (each in the module {@link Mutation#specModule()} says), except the names listed
 * with a reason in spec/mutations-unmatched.tsv; and every {@link Action#specAction()} is an action that
 * spec/DmaFence.tla defines.
 */
public class MutationNamesTest {

    static final Path SPEC = Path.of(System.getProperty("fencecheck.spec.dir", "../spec"));

    /**
     * The strings of the {@code ASSUME Mutation \in {...}} set of a spec module, without "none" (also read by
     * the containers' {@code ContainerMutationNamesTest}).
     */
    public static Set<String> assumedMutations(Path tla) {
        String text = read(tla);
        Matcher m = Pattern.compile("ASSUME\\s+Mutation\\s+\\\\in\\s+\\{([^}]*)\\}").matcher(text);
        if (!m.find()) {
            throw new IllegalStateException(tla + ": no line 'ASSUME Mutation \\in {...}'");
        }
        Set<String> names = new TreeSet<>();
        Matcher q = Pattern.compile("\"([^\"]*)\"").matcher(m.group(1));
        while (q.find()) {
            names.add(q.group(1));
        }
        names.remove("none");
        return names;
    }

    /**
     * The broken driver profiles: the strings of spec/DmaFence.tla's {@code DriverMutations == {...}}, which the
     * core's ASSUME adds to its own set and DmaFenceDrivers.tla applies.
     */
    static Set<String> driverMutations(Path tla) {
        Matcher m = Pattern.compile("DriverMutations\\s*==\\s*\\{([^}]*)\\}").matcher(read(tla));
        if (!m.find()) {
            throw new IllegalStateException(tla + ": no line 'DriverMutations == {...}'");
        }
        Set<String> names = new TreeSet<>();
        Matcher q = Pattern.compile("\"([^\"]*)\"").matcher(m.group(1));
        while (q.find()) {
            names.add(q.group(1));
        }
        return names;
    }

    /** One row of mutations-unmatched.tsv. */
    record Unmatched(String name, String side, String reason) {
    }

    /**
     * Reads mutations-unmatched.tsv: {@code name<TAB>side<TAB>reason}, side {@code spec} (the behaviour exists
     * only in the spec; impl keeps the name) or {@code impl} (the name exists only in impl); # starts a comment.
     *
     * @throws IllegalArgumentException naming the file, the line and the problem
     */
    static Map<String, Unmatched> readUnmatched(Path tsv) {
        Map<String, Unmatched> rows = new TreeMap<>();
        List<String> lines = Arrays.asList(read(tsv).split("\n", -1));
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\t", -1);
            String where = tsv + ":" + (i + 1) + ": ";
            if (f.length != 3 || f[0].isBlank() || f[2].isBlank()) {
                throw new IllegalArgumentException(where + "expected 'name<TAB>side<TAB>reason', got '" + line + "'");
            }
            if (!f[1].equals("spec") && !f[1].equals("impl")) {
                throw new IllegalArgumentException(where + "side must be 'spec' or 'impl', got '" + f[1] + "'");
            }
            if (rows.put(f[0], new Unmatched(f[0], f[1], f[2])) != null) {
                throw new IllegalArgumentException(where + "'" + f[0] + "' listed twice");
            }
        }
        return rows;
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + p.toAbsolutePath(), e);
        }
    }

    @Test
    void specAndImplNameTheSameMutations() {
        Map<String, Unmatched> unmatched = readUnmatched(SPEC.resolve("mutations-unmatched.tsv"));
        Set<String> allSpec = new TreeSet<>();
        for (String module : List.of("DmaFence", "DmaFenceLifetime", "DmaFenceDrivers")) {
            Set<String> spec = module.equals("DmaFenceDrivers") ? driverMutations(SPEC.resolve("DmaFence.tla"))
                    : assumedMutations(SPEC.resolve(module + ".tla"));
            allSpec.addAll(spec);
            Set<String> impl = Arrays.stream(Mutation.values()).filter(m -> m.specModule().equals(module))
                    .map(Mutation::specName).collect(Collectors.toCollection(TreeSet::new));
            impl.removeIf(n -> unmatched.containsKey(n) && unmatched.get(n).side().equals("impl"));
            assertEquals(spec, impl, "Mutation names of spec/" + module + ".tla vs impl's Mutation (minus the"
                    + " impl-only names of mutations-unmatched.tsv)");
        }
        // Each row names a Mutation constant (ofSpecName throws otherwise) on the side it claims.
        for (Unmatched u : unmatched.values()) {
            Mutation.ofSpecName(u.name());
            assertEquals(u.side().equals("spec"), allSpec.contains(u.name()),
                    "mutations-unmatched.tsv: " + u.name() + " (side " + u.side() + ") vs the spec's ASSUME sets");
        }
    }

    @Test
    void everyStepNamesASpecAction() {
        String spec = read(SPEC.resolve("DmaFence.tla"));
        List<String> missing = new ArrayList<>();
        for (Action a : Action.values()) {
            String name = a.specAction();
            if (name != null && !Pattern.compile("(?m)^" + name + "(\\(|\\s*==)").matcher(spec).find()) {
                missing.add(a + " -> " + name);
            }
        }
        assertEquals(List.of(), missing, "Action.specAction() names no action of spec/DmaFence.tla");
    }

    @Test
    void ofSpecNameRoundTripsAndRejectsUnknownNames() {
        for (Mutation m : Mutation.values()) {
            assertEquals(m, Mutation.ofSpecName(m.specName()));
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Mutation.ofSpecName("signal_twice"));
        assertTrue(e.getMessage().startsWith("unknown mutation 'signal_twice' (known: none, signal_no_splice,"),
                e.getMessage());
    }

    @Test
    void malformedUnmatchedFileIsRejectedWithFileAndLine(@TempDir Path dir) throws IOException {
        Path tsv = dir.resolve("mutations-unmatched.tsv");
        Files.writeString(tsv, "# header\nno_arm\tboth\tsome reason\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> readUnmatched(tsv));
        assertEquals(tsv + ":2: side must be 'spec' or 'impl', got 'both'", e.getMessage());
        Files.writeString(tsv, "no_arm\tspec\n");
        e = assertThrows(IllegalArgumentException.class, () -> readUnmatched(tsv));
        assertTrue(e.getMessage().startsWith(tsv + ":1: expected 'name<TAB>side<TAB>reason'"), e.getMessage());
    }

    @Test
    void missingAssumeLineIsNamed(@TempDir Path dir) throws IOException {
        Path tla = dir.resolve("X.tla");
        Files.writeString(tla, "---- MODULE X ----\nCONSTANT Mutation\n====\n");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> assumedMutations(tla));
        assertEquals(tla + ": no line 'ASSUME Mutation \\in {...}'", e.getMessage());
    }
}
