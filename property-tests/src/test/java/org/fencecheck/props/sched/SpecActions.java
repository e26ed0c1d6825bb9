package org.fencecheck.props.sched;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.fencecheck.props.VerdictMatrix;
import org.fencecheck.sim.Action;
import org.fencecheck.sim.Step;

/**
 * The actions of spec/DmaFence.tla, read from the spec itself (the disjuncts of {@code Next} and
 * {@code CpuStep}), and which of impl's announced steps are folded into the move before them.
 */
public final class SpecActions {

    /** Every action of the spec's next-state relation ({@code Finished}, the final stutter, excluded). */
    public static final Set<String> ALL = read(VerdictMatrix.specDir().resolve("DmaFence.tla"));

    /**
     * impl's interrupt handler picks the next passed fence before it announces IRQ_NEXT_FENCE, so that decision
     * is part of the move before (README, finding 1); the announced step itself only acts on it.
     */
    static final boolean HANDLER_DECIDES_BEFORE_ANNOUNCING = true;

    private SpecActions() {
    }

    /** The action names of {@code Next} and {@code CpuStep} in a DmaFence.tla text. */
    static Set<String> read(Path spec) {
        String text;
        try {
            text = Files.readString(spec);
        } catch (IOException e) {
            throw new IllegalStateException(spec + ": cannot read (" + e.getMessage() + ")", e);
        }
        Set<String> out = new LinkedHashSet<>();
        for (String def : new String[] {"CpuStep(c)", "Next"}) {
            int at = text.indexOf("\n" + def + " ==");
            if (at < 0) {
                throw new IllegalStateException(spec + ": no definition of " + def);
            }
            int end = text.indexOf("\n\n", at + 1);
            Matcher m = Pattern.compile("\\\\/\\s*(?:\\\\E [^:]+:\\s*)?([A-Z][A-Za-z]*)").matcher(
                    text.substring(at, end < 0 ? text.length() : end).replace("\\/", "\n\\/"));
            while (m.find()) {
                out.add(m.group(1));
            }
        }
        out.remove("CpuStep");
        out.remove("Finished");
        if (out.size() < 3) {
            throw new IllegalStateException(spec + ": found only the actions " + out + " in Next/CpuStep");
        }
        return Set.copyOf(out);
    }

    /**
     * Whether an announced step belongs to the move before it: "" when it is a step the spec folds into the
     * previous one (impl names no spec action for it), the spec action it adds to that move, or null when it is
     * a move of its own.
     */
    static String folded(Step st) {
        String a = st.action().specAction();
        if (st.action() == Action.IRQ_NEXT_FENCE && HANDLER_DECIDES_BEFORE_ANNOUNCING) {
            return a;
        }
        if (a == null) {
            return st.action() == Action.LOCK_CONTENDED ? null : "";
        }
        return ALL.contains(a) ? null : "";
    }
}
