package org.fencecheck.mutation;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Generates the mutants of a TLA+ module mechanically, line by line, inside the definitions of the actions it is
 * told about. Only single-line conjuncts are mutated (a conjunct continued on the next, deeper-indented line is
 * left alone), so every mutant is one line and parses whenever the original does, except where TLC finds it
 * ill-typed: such a mutant is classified invalid by the run, never counted.
 *
 * <p>Operators: {@link SpecMutant.Operator}. A guard is a conjunct without a prime and without the module's
 * frame helpers ({@code UNCHANGED}, and the names in {@code frameHelpers}: those write state through an
 * operator); a write is a conjunct {@code v' = e} for a variable {@code v}.
 */
public final class SpecMutator {

    private static final Pattern DEF = Pattern.compile("^([A-Z][A-Za-z0-9]*)(\\([^)]*\\))? ==.*");
    private static final Pattern CONJ = Pattern.compile("^(\\s*)/\\\\ (.*)$");
    private static final Pattern WRITE = Pattern.compile("^([a-z][A-Za-z0-9]*)' = .*");
    private static final Pattern FLIP = Pattern.compile("(!\\.[a-z]+ = )(TRUE|FALSE)");

    private final Set<String> actions;
    private final Set<String> frameHelpers;
    private final Set<String> instrumentation;
    private final java.util.Map<String, String> lockActions;

    /**
     * @param actions         the operator definitions to mutate (the spec's actions)
     * @param frameHelpers    operators that write state (e.g. {@code SetF}, {@code Step}): conjuncts calling them
     *                        are not guards
     * @param instrumentation variables that are the checker's, not the kernel's (history variables, the trace
     *                        label, the bound on calls): their writes are not mutated, because skipping one
     *                        mutates the property or the bound, not the C code
     */
    public SpecMutator(Set<String> actions, Set<String> frameHelpers, Set<String> instrumentation) {
        this(actions, frameHelpers, instrumentation, java.util.Map.of());
    }

    /**
     * @param lockActions the lock actions and the set of pcs each serves, e.g. {@code SpinLock -> AcquirePcs}: the
     *                    spec's locks are taken by one generic action at every pc of the set, so dropping the lock
     *                    step of one function means making that action leave {@code owner} alone at one pc
     */
    public SpecMutator(Set<String> actions, Set<String> frameHelpers, Set<String> instrumentation,
                       java.util.Map<String, String> lockActions) {
        this.actions = Set.copyOf(actions);
        this.frameHelpers = Set.copyOf(frameHelpers);
        this.instrumentation = Set.copyOf(instrumentation);
        this.lockActions = java.util.Map.copyOf(lockActions);
    }

    /** A mutator without instrumentation variables. */
    public SpecMutator(Set<String> actions, Set<String> frameHelpers) {
        this(actions, frameHelpers, Set.of());
    }

    /** The mutants of {@code lines}, in line order. */
    public List<SpecMutant> mutants(List<String> lines) {
        List<SpecMutant> out = new ArrayList<>();
        String current = null;
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i);
            String head = "";
            String rest = l;
            if (l.isBlank() || !l.startsWith(" ")) {
                // a definition's body is indented and ends at the next blank or top-level line; its first
                // conjunct may stand on the definition's own line: Lock(p) == /\ guard
                Matcher d = DEF.matcher(l);
                current = d.matches() && actions.contains(d.group(1)) ? d.group(1) : null;
                int eq = l.indexOf("== /\\ ");
                if (current == null || eq < 0) {
                    continue;
                }
                head = l.substring(0, eq + 3);
                rest = " ".repeat(eq + 3) + l.substring(eq + 3);
            }
            if (current == null) {
                continue;
            }
            Matcher c = CONJ.matcher(rest);
            if (!c.matches() || continued(lines, i, c.group(1).length())) {
                continue;
            }
            String indent = head.isEmpty() ? c.group(1) : head;
            String body = c.group(2).strip();
            int n = i + 1;
            if (isGuard(body) && !namesAny(body, instrumentation)) {
                out.add(mutant(SpecMutant.Operator.DROP_GUARD, current, n, l, indent + "/\\ TRUE"));
            }
            Matcher w = WRITE.matcher(body);
            if (w.matches() && !instrumentation.contains(w.group(1))) {
                out.add(mutant(SpecMutant.Operator.SKIP_WRITE, current, n, l,
                        indent + "/\\ UNCHANGED " + w.group(1)));
            }
            Matcher f = FLIP.matcher(l);
            while (f.find()) {
                String flipped = f.group(2).equals("TRUE") ? "FALSE" : "TRUE";
                String r = l.substring(0, f.start()) + f.group(1) + flipped + l.substring(f.end());
                out.add(new SpecMutant(SpecMutant.Operator.FLIP_RETURN.spelling() + ":" + current + ":" + n + ":"
                        + f.start(), SpecMutant.Operator.FLIP_RETURN, current, n, l, r));
            }
        }
        lockMutants(lines, out);
        return out;
    }

    private static final Pattern OWNER_WRITE = Pattern.compile("^(\\s*)/\\\\ owner' = (.*)$");
    private static final Pattern STRING = Pattern.compile("\"([a-z_0-9]+)\"");

    /**
     * drop_lock / drop_unlock: for each lock action and each pc of its set, the action's {@code owner'} write
     * becomes {@code IF fm.pc = "pc" THEN owner ELSE ...}, one mutant per pc.
     */
    private void lockMutants(List<String> lines, List<SpecMutant> out) {
        for (var e : new java.util.TreeMap<>(lockActions).entrySet()) {
            List<String> pcs = setMembers(lines, e.getValue());
            String current = null;
            for (int i = 0; i < lines.size(); i++) {
                String l = lines.get(i);
                if (!l.isBlank() && !l.startsWith(" ")) {
                    Matcher d = DEF.matcher(l);
                    current = d.matches() ? d.group(1) : null;
                    continue;
                }
                Matcher w = OWNER_WRITE.matcher(l);
                if (!e.getKey().equals(current) || !w.matches()) {
                    continue;
                }
                SpecMutant.Operator op = e.getValue().startsWith("Acquire") ? SpecMutant.Operator.DROP_LOCK
                        : SpecMutant.Operator.DROP_UNLOCK;
                for (String pc : pcs) {
                    String action = current + "@" + pc;
                    out.add(new SpecMutant(op.spelling() + ":" + action + ":" + (i + 1), op, action, i + 1, l,
                            w.group(1) + "/\\ owner' = IF fm.pc = \"" + pc + "\" THEN owner ELSE " + w.group(2)));
                }
            }
        }
    }

    /** The string members of a set defined at the top level, possibly over several lines. */
    static List<String> setMembers(List<String> lines, String name) {
        List<String> out = new ArrayList<>();
        boolean in = false;
        for (String l : lines) {
            if (l.startsWith(name + " ==")) {
                in = true;
            } else if (in && !l.startsWith(" ")) {
                break;
            }
            if (in) {
                Matcher m = STRING.matcher(l);
                while (m.find()) {
                    out.add(m.group(1));
                }
            }
        }
        return out;
    }

    /** Whether the conjunct on line i goes on on the next line (deeper indented, not a new conjunct). */
    private static boolean continued(List<String> lines, int i, int indent) {
        if (i + 1 >= lines.size()) {
            return false;
        }
        String next = lines.get(i + 1);
        int k = 0;
        while (k < next.length() && next.charAt(k) == ' ') {
            k++;
        }
        return !next.isBlank() && k > indent + 2;
    }

    /**
     * Whether a conjunct reads one of the variables: a guard on the checker's instrumentation is the model's
     * bound ({@code calls < MaxCalls}) or a property's history, not a test the C code makes; dropping the bound
     * unbounds the model.
     */
    private static boolean namesAny(String body, Set<String> vars) {
        for (String v : vars) {
            if (Pattern.compile("(?<![A-Za-z0-9_!.])" + Pattern.quote(v) + "(?![A-Za-z0-9_])").matcher(body).find()) {
                return true;
            }
        }
        return false;
    }

    private boolean isGuard(String body) {
        // a conjunct naming Mutation switches a kept broken variant on: it is TRUE in every correct model, so
        // dropping it is equivalent there by construction
        if (body.contains("Mutation") || body.contains("'") || body.startsWith("UNCHANGED")
                || body.startsWith("LET") || body.startsWith("IF") || body.startsWith("\\E") || body.startsWith("CASE")) {
            return false;
        }
        for (String h : frameHelpers) {
            if (body.startsWith(h + "(") || body.contains(" " + h + "(")) {
                return false;
            }
        }
        return true;
    }

    private static SpecMutant mutant(SpecMutant.Operator op, String action, int line, String original,
                                     String replacement) {
        return new SpecMutant(op.spelling() + ":" + action + ":" + line, op, action, line, original, replacement);
    }
}
