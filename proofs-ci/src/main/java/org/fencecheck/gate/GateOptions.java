package org.fencecheck.gate;

import org.fencecheck.proofs.GateException;
import org.fencecheck.tlc.TlcDistribution;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The gate's command line.
 *
 * @param spec     the spec folder (TLC's working directory), default {@code spec}
 * @param report   the report folder, default {@code report}
 * @param manifest the manifest, default {@code <spec>/manifest.json}
 * @param large    also run the {@code large} group
 * @param only     run just these models (any group); empty for the default selection
 * @param record   write the observed distinct-state counts into the manifest
 * @param jobs     models checked at once, overriding the manifest's {@code tlc.jobs}; null to keep it
 * @param readme   regenerate README.md's generated sections and docs/counterexamples/ instead of running TLC
 * @param distributed run safety checks on TLC's distributed engine with these workers; null: standalone TLC
 * @param simulation  run the simulation campaign (issue 21) instead of the gate; null: the gate
 * @param reduction   check the models under this reduction ({@link CallbackSymmetry#NAME}) and compare their
 *                    verdicts with the manifest's; null: as the manifest says
 */
public record GateOptions(Path spec, Path report, Path manifest, boolean large, List<String> only,
                          boolean record, Integer jobs, boolean readme, TlcDistribution distributed,
                          Simulation simulation, String reduction) {

    /** Default seed of {@code --simulate}. */
    public static final long DEFAULT_SEED = 1;
    /** Default depth of {@code --simulate}. */
    public static final int DEFAULT_DEPTH = 200;

    /**
     * The simulation campaign's settings.
     *
     * @param seconds the time budget of each simulation model
     * @param seed    TLC's {@code -seed}
     * @param depth   TLC's {@code -depth}: the longest trace, in states
     */
    public record Simulation(int seconds, long seed, int depth) {
    }

    /** Options without a simulation campaign or a reduction. */
    public GateOptions(Path spec, Path report, Path manifest, boolean large, List<String> only, boolean record,
                       Integer jobs, boolean readme, TlcDistribution distributed) {
        this(spec, report, manifest, large, only, record, jobs, readme, distributed, null, null);
    }

    /** The usage text. */
    public static final String USAGE = """
            usage: fencecheck [--spec DIR] [--report DIR] [--manifest FILE] [--large] [--only NAME,...] [--record]
                              [--jobs N] [--readme] [--distributed N | --worker-hosts FILE [--server-host NAME]]
                              [--simulate SECONDS [--seed N] [--depth D]] [--reduction callbacks]
              --spec DIR       folder with the TLA+ modules, cfgs and manifest.json (default spec)
              --report DIR     where verdicts.json and traces/ go (default report)
              --manifest FILE  the manifest (default <spec>/manifest.json)
              --large          also run the models of group "large"
              --only NAME,...  run only these models, whatever their group
              --record         write the observed distinct-state counts into the manifest
              --jobs N         check N models at once (default: the manifest's tlc.jobs)
              --readme         run no TLC: regenerate the verdict matrix and the claims in README.md and
                               docs/counterexamples/*.txt from the spec's data files (folder above --spec)
              --distributed N  TLC's distributed engine: a TLCServer and N local TLCWorker JVMs, one model at a
                               time (temporal PROPERTY runs stay standalone)
              --worker-hosts FILE  the same with one worker per host of FILE (one per line, # comments),
                               started by ssh; --server-host NAME: this machine's name as the workers reach it
              --simulate SECONDS  run no gate: TLC's random simulation of each model of the manifest's
                               "simulations" (or those of --only) for SECONDS each, one at a time; prints
                               behaviours, states, depth and any violation, writes <report>/simulation.json
              --seed N         the simulation's seed (default 1): the same seed and depth give the same traces
              --depth D        the simulation's longest trace, in states (default 200)
              --reduction callbacks  check each selected model of MCDmaFence that allows it with symmetry over
                               its callbacks too (spec/MCDmaFenceCbSym.tla): its verdicts must be the manifest's;
                               prints the distinct states with and without; writes verdicts.json, traces and
                               reduction.json into <report>/reduction
            exit: 0 gate passed (simulation: no violation), 1 verdict or state-count mismatch (simulation: a violation), 2 usage/manifest error, 3 TLC error or timeout""";

    public GateOptions {
        only = List.copyOf(only);
    }

    /** Parses {@code args}; problems throw {@link GateException} with exit code 2. */
    public static GateOptions parse(String... args) {
        Path spec = Path.of("spec");
        Path report = Path.of("report");
        Path manifest = null;
        boolean large = false;
        boolean record = false;
        boolean readme = false;
        Integer jobs = null;
        Integer workers = null;
        Path hosts = null;
        String serverHost = null;
        List<String> only = new ArrayList<>();
        Integer simulate = null;
        Long seed = null;
        Integer depth = null;
        String reduction = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--spec" -> spec = Path.of(value(args, ++i, a));
                case "--report" -> report = Path.of(value(args, ++i, a));
                case "--manifest" -> manifest = Path.of(value(args, ++i, a));
                case "--large" -> large = true;
                case "--record" -> record = true;
                case "--readme" -> readme = true;
                case "--jobs" -> jobs = positive(value(args, ++i, a), a);
                case "--distributed" -> workers = positive(value(args, ++i, a), a);
                case "--worker-hosts" -> hosts = Path.of(value(args, ++i, a));
                case "--server-host" -> serverHost = value(args, ++i, a);
                case "--simulate" -> simulate = positive(value(args, ++i, a), a);
                case "--seed" -> seed = seed(value(args, ++i, a));
                case "--depth" -> depth = positive(value(args, ++i, a), a);
                case "--reduction" -> reduction = reduction(value(args, ++i, a));
                case "--only" -> Arrays.stream(value(args, ++i, a).split(","))
                        .map(String::strip).filter(s -> !s.isEmpty()).forEach(only::add);
                default -> throw new GateException(2, "command line", "unknown argument '" + a + "' (try --help)");
            }
        }
        if (reduction != null) {
            refuse("--reduction checks verdicts, not the manifest's state counts", given("--record", record),
                    given("--readme", readme), given("--simulate", simulate != null));
            // its own folder: the reduced traces and verdicts never replace the gate's report
            report = report.resolve("reduction");
        }
        spec = spec.normalize();
        report = report.normalize();
        manifest = manifest == null ? spec.resolve("manifest.json") : manifest.normalize();
        if (workers != null && hosts != null) {
            throw new GateException(2, "command line", "--distributed and --worker-hosts exclude each other");
        }
        if (serverHost != null && hosts == null) {
            throw new GateException(2, "command line", "--server-host goes with --worker-hosts");
        }
        Simulation simulation = null;
        if (simulate != null) {
            refuse("--simulate runs no gate", given("--large", large), given("--record", record),
                    given("--readme", readme), given("--jobs", jobs != null),
                    given("--distributed", workers != null || hosts != null));
            if (depth != null && depth < 2) {
                throw new GateException(2, "command line", "--depth needs at least 2 states, not '" + depth + "'");
            }
            simulation = new Simulation(simulate, seed == null ? DEFAULT_SEED : seed,
                    depth == null ? DEFAULT_DEPTH : depth);
        } else if (seed != null || depth != null) {
            throw new GateException(2, "command line", (seed != null ? "--seed" : "--depth")
                    + " goes with --simulate");
        }
        TlcDistribution distributed = null;
        if (workers != null) {
            distributed = TlcDistribution.local(workers);
        } else if (hosts != null) {
            distributed = TlcDistribution.hosts(hosts, serverHost != null ? serverHost : localHostName());
        }
        return new GateOptions(spec, report, manifest, large, only, record, jobs, readme, distributed, simulation,
                reduction);
    }

    private static String localHostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            throw new GateException(2, "command line", "--worker-hosts: this machine has no name the workers "
                    + "could reach; give one with --server-host");
        }
    }

    private static int positive(String text, String option) {
        try {
            int n = Integer.parseInt(text);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new GateException(2, "command line", option + " needs a positive whole number, not '" + text + "'");
    }

    /** An option of the command line and whether it was given. */
    private record Given(String option, boolean set) {
    }

    private static Given given(String option, boolean set) {
        return new Given(option, set);
    }

    /** Usage error naming the first given option that does not go with the mode {@code why} describes. */
    private static void refuse(String why, Given... options) {
        for (Given g : options) {
            if (g.set()) {
                throw new GateException(2, "command line", why + ": " + g.option() + " does not go with it");
            }
        }
    }

    private static String reduction(String name) {
        if (!name.equals(CallbackSymmetry.NAME)) {
            throw new GateException(2, "command line", "--reduction: unknown reduction '" + name
                    + "' (known: " + CallbackSymmetry.NAME + ")");
        }
        return name;
    }

    private static long seed(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new GateException(2, "command line", "--seed needs a whole number, not '" + text + "'");
        }
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length || args[i].startsWith("--")) {
            throw new GateException(2, "command line", option + " needs a value");
        }
        return args[i];
    }
}
