package org.fencecheck.props.tlc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.fencecheck.props.model.Abs;
import org.fencecheck.props.model.Invariants;
import org.fencecheck.props.model.SpecConfig;
import org.fencecheck.props.model.SpecState;
import org.fencecheck.props.sut.Sut;

/**
 * The second stage of the implementation's verdict for a property the spec violates: TLC is asked for its
 * shortest counterexample (the model's cfg, only that invariant), and the counterexample is replayed step by
 * step on the implementation ({@link Replay#replaySteps}), comparing the abstract state after every step; the
 * property counts as violated by the implementation only if the replay conforms and the implementation's state
 * at the end violates the invariant.
 */
public final class TlcCounterexample {

    /**
     * What happened.
     *
     * @param reproduced the implementation reached a state violating the invariant along TLC's counterexample
     * @param text       TLC's counterexample as replayed, or why it was not reproduced
     * @param seconds    TLC's time
     */
    public record Found(boolean reproduced, String text, double seconds) {
    }

    private TlcCounterexample() {
    }

    /** A cfg with the same constants, specification, view and symmetry, checking only {@code invariant}. */
    static String derivedCfg(String cfg, String invariant) {
        StringBuilder b = new StringBuilder();
        boolean skipping = false;
        for (String line : cfg.split("\n")) {
            String t = line.strip();
            String word = t.split("\\s+")[0];
            boolean keyword = word.matches("[A-Z_]+") && !t.startsWith("\\*");
            if (keyword) {
                skipping = word.startsWith("INVARIANT") || word.startsWith("PROPERT") || word.equals("CHECK_DEADLOCK");
            }
            if (!skipping) {
                b.append(line).append('\n');
            }
        }
        return b.append("CHECK_DEADLOCK FALSE\nINVARIANT\n    ").append(invariant).append('\n').toString();
    }

    /** The states of the first error trace in TLC's -tool output: [action, variables]. */
    static List<Map.Entry<String, Map<String, String>>> trace(String out) {
        List<Map.Entry<String, Map<String, String>>> states = new ArrayList<>();
        String start = "@!@!@STARTMSG 2217:";
        int i = 0;
        while ((i = out.indexOf(start, i)) >= 0) {
            int body = out.indexOf('\n', i) + 1;
            int end = out.indexOf("@!@!@ENDMSG 2217", body);
            String block = out.substring(body, end);
            int nl = block.indexOf('\n');
            String head = block.substring(0, nl);
            String action = head.contains("<Initial predicate>") ? "Init"
                    : head.replaceAll("^\\d+: <([A-Za-z0-9_]+).*$", "$1");
            states.add(Map.entry(action, DotGraph.vars(block.substring(nl + 1).strip())));
            i = end;
        }
        return states;
    }

    /** Asks TLC for a counterexample to {@code invariant} of the model in {@code cfgFile} and replays it. */
    public static Found confirm(Path cfgFile, SpecConfig cfg, String invariant, Function<SpecConfig, Sut> sut)
            throws IOException, InterruptedException {
        Path dir = Tlc.workDir("cex-" + invariant);
        String name = "Cex.cfg";
        Files.writeString(dir.resolve(name), derivedCfg(Files.readString(cfgFile), invariant));
        String module = cfgFile.getFileName().toString().replaceAll("_.*", "").replace(".cfg", "");
        Tlc.Result r = Tlc.run(dir, module.isEmpty() ? "MCDmaFence" : module, name, List.of(), 600);
        List<Map.Entry<String, Map<String, String>>> states = trace(r.out());
        if (states.isEmpty()) {
            return new Found(false, "TLC found no counterexample (exit " + r.exit() + ", see " + dir + ")",
                    r.seconds());
        }
        Map<String, String> init = TlcState.visible(TlcState.canonical(states.get(0).getValue()));
        List<Replay.PathStep> path = new ArrayList<>();
        for (int k = 1; k < states.size(); k++) {
            Map<String, String> vars = states.get(k).getValue();
            path.add(new Replay.PathStep(states.get(k).getKey(), vars, TlcState.visible(TlcState.canonical(vars))));
        }
        SpecState[] end = new SpecState[1];
        String res = Replay.replaySteps(cfg, sut, init, path, s -> end[0] = s.abs());
        StringBuilder t = new StringBuilder("TLC's counterexample (" + path.size() + " steps, found in "
                + String.format("%.1f", r.seconds()) + " s) replayed on the implementation:\n");
        for (int k = 0; k < path.size(); k++) {
            Map<String, Object> step = Replay.stepOf(path.get(k).target());
            t.append(String.format("  %3d  %-20s %s: %s: %s%n", k + 1, path.get(k).action(), step.get("cpu"),
                    step.get("fn"), step.get("act")));
        }
        if (res != null) {
            return new Found(false, t + "  not reproduced: " + res, r.seconds());
        }
        boolean violated = !Invariants.ALL.get(invariant).test(end[0]);
        t.append(violated ? "  the implementation's state after the last step violates " + invariant + ":\n"
                + Abs.of(end[0]).toTla("      ") : "  ... but the implementation's state does not violate it");
        return new Found(violated, t.toString(), r.seconds());
    }
}
