package org.fencecheck.gate;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import org.fencecheck.proofs.GateException;
import org.fencecheck.proofs.Refuted;
import org.fencecheck.proofs.TraceFiles;
import org.fencecheck.report.SpecData;
import org.fencecheck.report.TraceFileText;
import org.fencecheck.tlc.Manifest;
import org.fencecheck.tlc.ManifestChecks;
import org.fencecheck.tlc.ManifestReader;
import org.fencecheck.tlc.ModelEntry;
import org.fencecheck.tlc.ModelLabels;
import org.fencecheck.tlc.RunOutcome;
import org.fencecheck.tlc.SimulationEntry;
import org.fencecheck.tlc.TlcInvocation;
import org.fencecheck.tlc.TlcJar;
import org.fencecheck.tlc.TlcLauncher;
import org.fencecheck.tlc.TlcSettings;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The simulation campaign (issue 21, {@code --simulate SECONDS [--seed N] [--depth D] [--only a,b]}): TLC's random
 * simulation ({@code -simulate -depth D -seed S}, one worker, stopped after the budget by
 * {@code -Dtlc2.TLC.stopAfter}) of each model of the manifest's {@code simulations} section, one at a time.
 *
 * <p>TLC 2.18 prints neither the number of traces nor the depth it reached in simulation mode; the simulation
 * modules count them with two probe invariants that print {@code <<"sim_depth", n>>} at each new maximum level and
 * {@code <<"sim_traces", n>>} every so many traces (see spec/MCDmaFenceSim.tla). Without them the campaign reports
 * states only. TLC stops a simulation at its first violation: a run reports at most one violated invariant, with
 * its trace written like the gate's (the text and JSON layouts of {@link TraceFiles}) under
 * {@code <report>/simulation/traces/}. With one worker, the same seed and depth give the same traces, so the same
 * first violation: each run states its replay command.
 */
public final class SimulationCampaign {

    /** The JSON result, relative to the report folder. */
    public static final String JSON = "simulation.json";
    /** The folder of the simulation's trace files (its own {@code traces/} inside), relative to the report folder. */
    public static final String FOLDER = "simulation";

    private static final Pattern TRACES = Pattern.compile("^<<\"sim_traces\", (\\d+)>>$");
    private static final Pattern DEPTH = Pattern.compile("^<<\"sim_depth\", (\\d+)>>$");
    /** Tool mode's progress line (2209) and the plain one at the end of a simulation. */
    private static final Pattern STATES = Pattern.compile("(?:: ([\\d,]+) states generated|^Progress: ([\\d,]+) "
            + "states checked)");

    private final GateOptions options;
    private final GateOptions.Simulation sim;
    private final PrintStream err;

    public SimulationCampaign(GateOptions options, PrintStream err) {
        this.options = options;
        this.sim = options.simulation();
        this.err = err;
    }

    /**
     * One simulation's result.
     *
     * @param name            the simulation
     * @param scales          the model it scales up
     * @param bound           its bound
     * @param config          its cfg
     * @param seed            TLC's seed
     * @param depth           TLC's -depth
     * @param budgetSeconds   the time budget
     * @param seconds         wall seconds of the TLC process, start-up included
     * @param states          states TLC generated (its last count), null if it printed none
     * @param behaviours      traces started, as the probe last printed it (a multiple of its step), null without
     *                        the probe
     * @param maxDepth        the deepest level reached, null without the probe
     * @param behavioursPerMinute behaviours over the run's seconds
     * @param statesPerSecond states over the run's seconds
     * @param status          {@code ok}, {@code violated} or {@code error}
     * @param violated        the violated invariant (or {@code Deadlock}, or TLC's message when it names none)
     * @param message         TLC's error line of the violation, or the error
     * @param traceLength     states of the violation's trace
     * @param traceFiles      the trace files, relative to the report folder
     * @param replay          the command line that replays the run from the spec folder
     */
    public record Result(String name, String scales, String bound, String config, long seed, int depth,
                         int budgetSeconds, double seconds, Long states, Long behaviours, Integer maxDepth,
                         Double behavioursPerMinute, Double statesPerSecond, String status, String violated,
                         String message, Integer traceLength, List<String> traceFiles, String replay) {
    }

    /** The JSON document. */
    record Document(long seed, int depth, int budgetSeconds, String tlcVersion, List<Result> simulations) {
    }

    /** Runs the campaign and prints its table; returns the exit code (0 no violation, 1 violation, 3 TLC error). */
    public int run(PrintStream out) {
        Manifest manifest = ManifestReader.read(options.manifest());
        ManifestChecks.checkSimulations(manifest, options.spec());
        List<SimulationEntry> selected = select(manifest);
        SpecData spec = SpecData.read(options.spec());
        Path jar = TlcJar.locate();
        Path report = options.report();
        Path folder = report.resolve(FOLDER);
        try {
            Files.createDirectories(report);
            deleteTree(folder);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        TraceFiles traces = new TraceFiles(folder, new TraceFileText(spec.vocabulary())::render);
        List<Result> results = new ArrayList<>();
        String version = null;
        for (int i = 0; i < selected.size(); i++) {
            SimulationEntry s = selected.get(i);
            err.println("fencecheck: [" + (i + 1) + "/" + selected.size() + "] simulating " + s.name() + " for "
                    + sim.seconds() + " s (seed " + sim.seed() + ", depth " + sim.depth() + ")");
            Probe probe = new Probe();
            TlcInvocation inv = invocation(manifest, s, jar);
            RunOutcome outcome = new TlcLauncher(t -> { }, probe::line).runStandalone(inv);
            version = version != null ? version : outcome.tlcVersion();
            results.add(result(manifest, s, outcome, probe, traces, inv));
        }
        out.print(table(results));
        for (Result r : results) {
            out.println("replay " + r.name() + ": (cd " + options.spec() + " && " + r.replay() + ")");
        }
        Path json = report.resolve(JSON);
        write(json, new Document(sim.seed(), sim.depth(), sim.seconds(), version, results));
        out.println("report: " + json);
        int code = 0;
        for (Result r : results) {
            if (r.status().equals("violated")) {
                err.println("fencecheck: simulation " + r.name() + " (seed " + r.seed() + ", depth " + r.depth()
                        + "): " + r.violated() + " violated after " + r.traceLength() + " states; trace "
                        + report.resolve(r.traceFiles().get(0)));
                code = Math.max(code, 1);
            } else if (r.status().equals("error")) {
                err.println("fencecheck: simulation " + r.name() + ": " + r.message());
                code = 3;
            }
        }
        return code;
    }

    private List<SimulationEntry> select(Manifest manifest) {
        if (manifest.simulations().isEmpty()) {
            throw new GateException(2, manifest.file().toString(), "--simulate: the manifest has no \"simulations\"");
        }
        if (options.only().isEmpty()) {
            return manifest.simulations();
        }
        List<SimulationEntry> selected = new ArrayList<>();
        for (String name : options.only()) {
            selected.add(manifest.simulation(name).orElseThrow(() -> new GateException(2,
                    manifest.file().toString(), "--only: no simulation named \"" + name + "\"")));
        }
        return selected;
    }

    private TlcInvocation invocation(Manifest manifest, SimulationEntry s, Path jar) {
        TlcSettings tlc = manifest.tlc();
        List<String> jvm = new ArrayList<>(tlc.jvmOptions(true));
        jvm.add("-Dtlc2.TLC.stopAfter=" + sim.seconds());
        // one worker: TLC's simulation is reproducible from the seed only with one
        return new TlcInvocation(jar, options.spec().toAbsolutePath(), s.module(),
                options.spec().toAbsolutePath().resolve(s.config()), 1, tlc.heap(), sim.seconds() + 120.0, jvm,
                tlcOptions());
    }

    private List<String> tlcOptions() {
        return List.of("-simulate", "-depth", Integer.toString(sim.depth()), "-seed", Long.toString(sim.seed()));
    }

    /** The command line that replays the run {@code inv} made, from the spec folder. */
    static String replay(TlcInvocation inv, SimulationEntry s) {
        List<String> cmd = new ArrayList<>(List.of("java", "-Xmx" + inv.heap()));
        cmd.addAll(inv.jvmOptions());
        cmd.addAll(List.of("-cp", inv.jar().toString(), "tlc2.TLC", "-workers", Integer.toString(inv.workers())));
        cmd.addAll(inv.tlcOptions());
        cmd.addAll(List.of("-config", s.config(), s.module()));
        return String.join(" ", cmd);
    }

    private Result result(Manifest manifest, SimulationEntry s, RunOutcome o, Probe p, TraceFiles traces,
                          TlcInvocation inv) {
        double secs = o.seconds();
        Double perMinute = p.traces == null || secs <= 0 ? null : p.traces * 60.0 / secs;
        Double perSecond = p.states == null || secs <= 0 ? null : p.states / secs;
        String replay = replay(inv, s);
        if (o.isViolation() && o.trace() != null) {
            String property = o.violated() != null ? o.violated()
                    : o.kind() == RunOutcome.Kind.DEADLOCK ? "Deadlock" : "Unnamed";
            String message = o.message() + " (TLC simulation, seed " + sim.seed() + ", depth " + sim.depth() + ")";
            List<String> files = traces.write(entry(manifest, s), property,
                    new Refuted(o.kind().violationKind(), message, o.trace()));
            List<String> inReport = files.stream().map(f -> FOLDER + "/" + f).toList();
            return new Result(s.name(), s.scales(), s.bound(), s.config(), sim.seed(), sim.depth(), sim.seconds(),
                    secs, p.states, p.traces, p.depth, perMinute, perSecond, "violated", property, o.message(),
                    o.trace().states().size(), inReport, replay);
        }
        boolean ok = o.kind() == RunOutcome.Kind.NO_ERROR
                || (o.kind() == RunOutcome.Kind.TLC_ERROR && Integer.valueOf(0).equals(o.exitCode()));
        return new Result(s.name(), s.scales(), s.bound(), s.config(), sim.seed(), sim.depth(), sim.seconds(), secs,
                p.states, p.traces, p.depth, perMinute, perSecond, ok ? "ok" : "error", null,
                ok ? null : o.error(), null, List.of(), replay);
    }

    /** A model entry for the trace heading: the scaled model's labels with the simulation's bound. */
    private static ModelEntry entry(Manifest manifest, SimulationEntry s) {
        ModelLabels l = manifest.model(s.scales()).map(ModelEntry::labels).orElse(null);
        ModelLabels labels = l == null ? ModelLabels.of(Map.of(), s.bound(), s.description())
                : new ModelLabels(l.design(), l.driver(), l.signaledOp(), s.bound(), l.mutation(), s.description(),
                l.handler(), l.opSignal(), l.sideEffect(), l.setsError(), l.checkUnderLock(), l.caller(),
                l.profile());
        return new ModelEntry(s.name(), s.module(), s.config(), FOLDER, labels, null, null, new LinkedHashMap<>());
    }

    /** The stdout table. */
    static String table(List<Result> results) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "%-28s %9s %12s %12s %10s %10s %6s  %s%n", "simulation", "seconds",
                "states", "behaviours", "behav/min", "states/s", "depth", "result"));
        for (Result r : results) {
            String result = switch (r.status()) {
                case "violated" -> "VIOLATED " + r.violated() + " (trace of " + r.traceLength() + " states)";
                case "error" -> "ERROR " + r.message();
                default -> "no violation";
            };
            b.append(String.format(Locale.ROOT, "%-28s %9.1f %12s %12s %10s %10s %6s  %s%n", r.name(), r.seconds(),
                    num(r.states()), num(r.behaviours()), num(r.behavioursPerMinute()), num(r.statesPerSecond()),
                    r.maxDepth() == null ? "-" : r.maxDepth().toString(), result));
        }
        return b.toString();
    }

    private static String num(Number n) {
        return n == null ? "-" : String.format(Locale.ROOT, "%,d", Math.round(n.doubleValue()));
    }

    private static void write(Path file, Document doc) {
        Gson gson = new GsonBuilder().setPrettyPrinting().serializeNulls().disableHtmlEscaping().create();
        try {
            Files.writeString(file, gson.toJson(doc) + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** Reads the probes' lines and TLC's state counts from the raw output. */
    static final class Probe {
        Long traces;
        Integer depth;
        Long states;

        void line(String raw) {
            String line = raw.strip();
            Matcher m = TRACES.matcher(line);
            if (m.matches()) {
                traces = Math.max(traces == null ? 0 : traces, Long.parseLong(m.group(1)));
                return;
            }
            m = DEPTH.matcher(line);
            if (m.matches()) {
                depth = Math.max(depth == null ? 0 : depth, Integer.parseInt(m.group(1)));
                return;
            }
            m = STATES.matcher(line);
            if (m.find()) {
                String n = m.group(1) != null ? m.group(1) : m.group(2);
                states = Long.parseLong(n.replace(",", ""));
            }
        }
    }
}
