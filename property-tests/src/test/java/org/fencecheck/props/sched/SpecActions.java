package org.fencecheck.props.sched;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.fencecheck.driver.DriverTimeline;
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

    /*
     * impl announces its steps with the spec's action names (Action.specAction()); its interrupt handler differs
     * from the spec's granularity in three places, adapted here (README: requested impl change):
     *  - it picks the next passed fence before it announces IRQ_NEXT_FENCE, so that decision is part of the move
     *    before (the announced step only acts on it);
     *  - the spec's IrqUnlockExit is impl's release of drv->lock in the handler, followed by IRQ_EXIT;
     *  - IRQ_EXIT is folded into the handler's last step (IrqUnlockExit, or IrqNextFence without a driver lock).
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

    /** The spec action impl's step is, or null when it is none. */
    static String label(Step st) {
        if (st.action() == Action.LOCK_RELEASE && st.fn().equals(DriverTimeline.IRQ_HANDLER)) {
            return "IrqUnlockExit";
        }
        return st.action() == Action.IRQ_EXIT ? null : st.action().specAction();
    }

    /**
     * Whether an announced step belongs to the move before it: "" when it is a step the spec folds into the
     * previous one (impl names no spec action for it), the spec action it adds to that move, or null when it is
     * a move of its own.
     */
    static String folded(Step st) {
        String a = label(st);
        if (st.action() == Action.IRQ_NEXT_FENCE && HANDLER_DECIDES_BEFORE_ANNOUNCING) {
            return a;
        }
        if (a == null) {
            return st.action() == Action.LOCK_CONTENDED ? null : "";
        }
        return ALL.contains(a) ? null : "";
    }
}
