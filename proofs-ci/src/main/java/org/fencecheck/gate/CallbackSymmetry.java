package org.fencecheck.gate;

import org.fencecheck.tlc.CfgFile;
import org.fencecheck.tlc.CfgParser;
import org.fencecheck.tlc.ModelEntry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The reduction "callbacks" of {@code --reduction callbacks} (issue 21): a model of MCDmaFence checked with its
 * user callbacks as model values and TLC's symmetry over CPUs and callbacks together ({@code CPUCbSymmetry} of
 * spec/MCDmaFenceCbSym.tla) instead of over CPUs alone.
 *
 * <p>Why it is sound, and where (spec/README.md, "Callback symmetry"): DmaFence.tla never tells one user callback
 * from another. It picks them with {@code \E}, never with CHOOSE; it orders none of them (cb_list's order is the
 * order of the adds, a state variable, and is permuted with the callbacks); no constant or property names one.
 * Renaming the callbacks of a behaviour gives a behaviour, and every invariant has the same value in both, so
 * checking one state per class of renamings decides every invariant as the full state space does. TLC's liveness
 * checking is unsound under symmetry, so a cfg with a temporal PROPERTY is not reduced; nor is a cfg without
 * CPU symmetry (its CPUs are not interchangeable, and that cfg's author decided so), nor one with fewer than two
 * callbacks (nothing to permute). The reduced cfg differs from the model's in three places only: the callbacks'
 * values, the module and the SYMMETRY; its verdicts must be the manifest's, which the unreduced gate checks.
 */
final class CallbackSymmetry {

    /** The reduction's name on the command line. */
    static final String NAME = "callbacks";
    /** The wrapper module with the callbacks as model values and the product symmetry. */
    static final String MODULE = "MCDmaFenceCbSym";
    /** The most callbacks the wrapper has model values for. */
    static final int MAX_CBS = 4;

    private static final String SOURCE_MODULE = "MCDmaFence";
    private static final Pattern CBS = Pattern.compile("(?m)^(\\s*)Cbs\\s*=\\s*\\{([^}]*)}\\s*$");
    private static final Pattern SYMMETRY = Pattern.compile("(?m)^SYMMETRY\\s+CPUSymmetry\\s*$");
    private static final Pattern CB_NAME = Pattern.compile("\"cb(\\d+)\"");

    private CallbackSymmetry() {
    }

    /** A model and its reduced cfg. */
    record Reduced(ModelEntry model, CfgFile cfg) {
    }

    /** Why {@code model} is not reduced, or empty when it is eligible. */
    static Optional<String> ineligible(ModelEntry model, CfgFile cfg) {
        if (!SOURCE_MODULE.equals(model.module())) {
            return Optional.of("module " + model.module() + " (the reduction covers " + SOURCE_MODULE + ")");
        }
        if (!cfg.properties().isEmpty()) {
            return Optional.of("checks a temporal PROPERTY (TLC's liveness check is unsound under symmetry)");
        }
        if (!SYMMETRY.matcher(cfg.kept()).find()) {
            return Optional.of("has no SYMMETRY CPUSymmetry");
        }
        Matcher m = CBS.matcher(cfg.kept());
        if (!m.find()) {
            return Optional.of("assigns no Cbs set");
        }
        int n = count(m.group(2));
        if (n < 0) {
            return Optional.of("its callbacks are not \"cb1\" .. \"cb" + MAX_CBS + "\" in order");
        }
        if (n < 2) {
            return Optional.of("has one callback (nothing to permute)");
        }
        return Optional.empty();
    }

    /**
     * The reduced model: its cfg written to {@code dir}/NAME.cfg, the model's module replaced by {@link #MODULE},
     * its name, labels and expectations kept. {@code model} must be eligible.
     */
    static Reduced reduce(ModelEntry model, CfgFile cfg, Path dir) {
        Matcher m = CBS.matcher(cfg.kept());
        if (ineligible(model, cfg).isPresent() || !m.find()) {
            throw new IllegalArgumentException(model.name() + " is not reducible");
        }
        String indent = m.group(1);
        StringBuilder constants = new StringBuilder();
        for (int i = 1; i <= MAX_CBS; i++) {
            constants.append(indent).append("cb").append(i).append(" = cb").append(i).append('\n');
        }
        constants.append(indent).append("Cbs <- MCCbs").append(count(m.group(2)));
        String kept = m.replaceFirst(Matcher.quoteReplacement(constants.toString()));
        kept = SYMMETRY.matcher(kept).replaceFirst("SYMMETRY CPUCbSymmetry");
        CfgFile reducedSource = new CfgFile(cfg.path(), cfg.invariants(), cfg.properties(), cfg.checkDeadlock(),
                kept, cfg.constants(), cfg.substitutions());
        String text = "\\* " + model.name() + " with callback symmetry (gate --reduction " + NAME + ")\n"
                + reducedSource.derive(cfg.invariants(), cfg.properties(), cfg.checkDeadlock());
        try {
            Path file = Files.createDirectories(dir).resolve(model.name() + ".cfg");
            Files.writeString(file, text);
            ModelEntry reduced = new ModelEntry(model.name(), MODULE, file.toString(), model.group(),
                    model.labels(), model.distinctStates(), model.timeoutSeconds(), model.expect());
            return new Reduced(reduced, CfgParser.read(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** N for the set {"cb1", ..., "cbN"}, -1 for any other set of strings. */
    private static int count(String elements) {
        String[] parts = elements.split(",");
        int n = 0;
        for (String p : parts) {
            if (p.isBlank()) {
                continue;
            }
            Matcher m = CB_NAME.matcher(p.strip());
            if (!m.matches() || Integer.parseInt(m.group(1)) != n + 1 || n + 1 > MAX_CBS) {
                return -1;
            }
            n++;
        }
        return n;
    }
}
