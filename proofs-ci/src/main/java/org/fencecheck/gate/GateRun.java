package org.fencecheck.gate;

import org.fencecheck.proofs.GateException;
import org.fencecheck.proofs.ManifestRecorder;
import org.fencecheck.proofs.ModelAssembler;
import org.fencecheck.proofs.ProgressSink;
import org.fencecheck.proofs.Refutation;
import org.fencecheck.proofs.Refuter;
import org.fencecheck.proofs.TraceFiles;
import org.fencecheck.proofs.model.ModelResult;
import org.fencecheck.proofs.model.PropertyVerdict;
import org.fencecheck.proofs.model.RunStatus;
import org.fencecheck.proofs.model.Summary;
import org.fencecheck.proofs.model.VerdictJson;
import org.fencecheck.proofs.model.VerdictReport;
import org.fencecheck.report.SpecData;
import org.fencecheck.report.TraceFileText;
import org.fencecheck.tlc.CfgFile;
import org.fencecheck.tlc.Manifest;
import org.fencecheck.tlc.ManifestChecks;
import org.fencecheck.tlc.ManifestReader;
import org.fencecheck.tlc.ModelEntry;
import org.fencecheck.tlc.TlcJar;
import org.fencecheck.tlc.TlcLauncher;
import org.fencecheck.tlc.TlcSettings;
import org.fencecheck.tlc.Verdict;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * One run of the gate: read and check the manifest, refute every selected model, write {@code verdicts.json} and
 * the traces, and decide the exit code.
 */
public final class GateRun {

    /** The report file's name. */
    public static final String VERDICTS = "verdicts.json";

    private final GateOptions options;
    private final ProgressSink progress;
    private final PrintStream err;

    /**
     * @param options  the command line
     * @param progress told about each model
     * @param err      where TLC errors and timeouts are reported, one line each, as they happen
     */
    public GateRun(GateOptions options, ProgressSink progress, PrintStream err) {
        this.options = options;
        this.progress = progress;
        this.err = err;
    }

    /**
     * Runs the gate: reads and checks the manifest, the spec's data files and every model's labels against its
     * cfg (before any TLC run), then checks the models. Manifest and usage problems throw {@link GateException},
     * bad data files {@link org.fencecheck.tlc.BadInputException}.
     */
    public GateResult run() {
        long start = System.nanoTime();
        Manifest manifest = ManifestReader.read(options.manifest());
        Map<String, CfgFile> cfgs = ManifestChecks.check(manifest, options.spec());
        ManifestChecks.checkSimulations(manifest, options.spec());
        SpecData spec = SpecData.read(options.spec());
        spec.check(manifest);
        LabelCheck.check(manifest, cfgs, spec.vocabulary(), options.spec());
        List<ModelEntry> selected = select(manifest);
        Path jar = TlcJar.locate();
        Path report = options.report();
        Path work = report.resolve("work");
        prepare(report);
        TlcSettings tlc = options.jobs() == null ? manifest.tlc() : manifest.tlc().withJobs(options.jobs());
        if (options.distributed() != null) {
            // the server binds a fixed RMI port: one distributed run at a time
            tlc = tlc.withJobs(1);
        }
        List<String> notReduced = new ArrayList<>();
        if (options.reduction() != null) {
            Map<String, CfgFile> reducedCfgs = new LinkedHashMap<>(cfgs);
            selected = reduce(selected, reducedCfgs, work.resolve("reduced"), notReduced);
            cfgs = reducedCfgs;
        }
        TraceFileText layout = new TraceFileText(spec.vocabulary());
        ModelAssembler assembler = new ModelAssembler(new TraceFiles(report, layout::render));
        Checker checker = new Checker(cfgs, tlc, jar, work, assembler, selected.size());
        List<Checked> checked = checkAll(selected, checker, tlc.jobs());

        List<ModelResult> results = new ArrayList<>();
        Map<String, Long> observed = new LinkedHashMap<>();
        String version = null;
        for (Checked c : checked) {
            results.add(c.result());
            if (c.observed() != null) {
                observed.put(c.result().name(), c.observed());
            }
            version = c.tlcVersion() != null ? c.tlcVersion() : version;
        }
        if (options.record()) {
            ManifestRecorder.record(manifest.file(), observed);
        }
        List<String> unlisted = options.only().isEmpty() ? ManifestChecks.unlistedConfigs(manifest, options.spec())
                : List.of();
        Summary summary = summary(manifest, results, unlisted, (System.nanoTime() - start) / 1e9);
        VerdictReport verdicts = new VerdictReport(Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(),
                options.manifest().toString(), EnvironmentProbe.describe(version, tlc), summary, results);
        try {
            VerdictJson.write(verdicts, report.resolve(VERDICTS));
        } catch (IOException e) {
            throw new GateException(3, report.resolve(VERDICTS).toString(), "cannot write: " + e.getMessage());
        }
        ReductionReport reduction = null;
        if (options.reduction() != null) {
            reduction = ReductionReport.of(options.reduction(), results, notReduced,
                    name -> manifest.model(name).map(ModelEntry::distinctStates).orElse(null));
            try {
                reduction.write(report);
            } catch (IOException e) {
                throw new GateException(3, report.resolve(ReductionReport.FILE).toString(),
                        "cannot write: " + e.getMessage());
            }
        }
        return new GateResult(verdicts, spec, exitCode(results, summary), reduction);
    }

    /**
     * The selected models the reduction applies to, each with its reduced cfg (written into {@code dir}) in
     * {@code cfgs}; the others go to {@code notReduced} with the reason. None left is a usage error.
     */
    private List<ModelEntry> reduce(List<ModelEntry> selected, Map<String, CfgFile> cfgs, Path dir,
                                    List<String> notReduced) {
        List<ModelEntry> reduced = new ArrayList<>();
        for (ModelEntry m : selected) {
            java.util.Optional<String> why = CallbackSymmetry.ineligible(m, cfgs.get(m.name()));
            if (why.isPresent()) {
                notReduced.add(m.name() + ": " + why.get());
                continue;
            }
            CallbackSymmetry.Reduced r = CallbackSymmetry.reduce(m, cfgs.get(m.name()), dir);
            reduced.add(r.model());
            cfgs.put(m.name(), r.cfg());
        }
        if (reduced.isEmpty()) {
            throw new GateException(2, "command line", "--reduction " + options.reduction()
                    + ": no selected model allows it (" + String.join("; ", notReduced) + ")");
        }
        return reduced;
    }

    /** One model's result, the distinct states TLC counted in a complete run (else null), TLC's version. */
    private record Checked(ModelResult result, Long observed, String tlcVersion) {
    }

    /**
     * Checks every model, {@code jobs} at a time, and returns the results in the order of {@code models} whatever
     * order they finish in, so the table, the report and {@code --record} do not depend on scheduling. Each model
     * has its own TLC process, metadir and work subfolder; nothing mutable is shared between jobs except the
     * progress sink and {@code err}, which are thread-safe.
     */
    private static List<Checked> checkAll(List<ModelEntry> models, Checker checker, int jobs) {
        if (jobs <= 1 || models.size() <= 1) {
            List<Checked> out = new ArrayList<>();
            for (int i = 0; i < models.size(); i++) {
                out.add(checker.check(i, models.get(i)));
            }
            return out;
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(jobs, models.size()), r -> {
            Thread t = new Thread(r, "fencecheck-job");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<Checked>> futures = new ArrayList<>(java.util.Collections.nCopies(models.size(), null));
            for (int index : longestFirst(models, checker.cfgs)) {
                futures.set(index, pool.submit(() -> checker.check(index, models.get(index))));
            }
            List<Checked> out = new ArrayList<>();
            for (Future<Checked> f : futures) {
                out.add(join(f));
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * The order in which the jobs take the models: the costliest first, so that no long model starts last and
     * leaves the other job idle while it runs (longest-processing-time scheduling). The cost is estimated from
     * the manifest: the recorded state count, once more for each expected violation (one refuting run each), and
     * 25 times more for a model that checks a temporal PROPERTY (TLC's liveness check: waiters_legacy_none_1call,
     * 2,760 states, takes as long as a 60,000-state safety model). Broken models have no count and go last, in
     * manifest order; so do models whose count is not recorded.
     */
    static List<Integer> longestFirst(List<ModelEntry> models, Map<String, CfgFile> cfgs) {
        List<Integer> order = new ArrayList<>();
        double[] cost = new double[models.size()];
        for (int i = 0; i < models.size(); i++) {
            ModelEntry m = models.get(i);
            order.add(i);
            if (m.distinctStates() != null) {
                long violated = m.expect().values().stream().filter(v -> v == Verdict.VIOLATED).count();
                CfgFile cfg = cfgs.get(m.name());
                boolean temporal = cfg != null && !cfg.properties().isEmpty();
                cost[i] = m.distinctStates() * (1.0 + violated) * (temporal ? 25 : 1);
            }
        }
        order.sort(Comparator.comparingDouble((Integer i) -> -cost[i]));
        return order;
    }

    private static Checked join(Future<Checked> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GateException(3, "gate", "interrupted while waiting for TLC");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Checks one model: refute, report TLC errors on {@code err}, assemble the result. */
    private final class Checker {
        private final Map<String, CfgFile> cfgs;
        private final TlcSettings tlc;
        private final Path jar;
        private final Path work;
        private final ModelAssembler assembler;
        private final int total;

        Checker(Map<String, CfgFile> cfgs, TlcSettings tlc, Path jar, Path work, ModelAssembler assembler,
                int total) {
            this.cfgs = cfgs;
            this.tlc = tlc;
            this.jar = jar;
            this.work = work;
            this.assembler = assembler;
            this.total = total;
        }

        Checked check(int index, ModelEntry m) {
            progress.modelStarted(index + 1, total, m);
            Refuter refuter = new Refuter(new TlcLauncher(tick -> progress.tick(m, tick), line -> { },
                    options.distributed()), jar, options.spec(),
                    work, progress);
            int budget = m.timeoutSeconds() != null ? m.timeoutSeconds() : tlc.timeoutSeconds();
            Refutation r = refuter.refute(m, cfgs.get(m.name()), tlc, budget);
            Long observed = r.status() == RunStatus.COMPLETE && r.complete() != null
                    ? r.complete().distinctStates() : null;
            if (r.status() != RunStatus.COMPLETE) {
                synchronized (err) {
                    err.println(errorLine(m, r));
                    err.flush();
                }
            }
            // --record writes the observed count; --reduction compares verdicts only (its count is another
            // state space's, reported beside the manifest's)
            Long expected = (options.record() || options.reduction() != null) && observed != null
                    ? observed : m.distinctStates();
            ModelResult result = assembler.assemble(m, cfgs.get(m.name()), r, expected);
            progress.modelFinished(result);
            return new Checked(result, observed, r.tlcVersion());
        }
    }

    private List<ModelEntry> select(Manifest manifest) {
        if (!options.only().isEmpty()) {
            List<ModelEntry> chosen = new ArrayList<>();
            for (String name : options.only()) {
                ModelEntry m = manifest.model(name).orElseThrow(() -> new GateException(2,
                        manifest.file().toString(), "--only: no model named \"" + name + "\""));
                if (!chosen.contains(m)) {
                    chosen.add(m);
                }
            }
            chosen.sort(Comparator.comparingInt(manifest.models()::indexOf));
            return chosen;
        }
        return manifest.models().stream()
                .filter(m -> !m.group().equals("large") || options.large())
                .toList();
    }

    private String errorLine(ModelEntry m, Refutation r) {
        Path file = r.errorFile() != null ? options.spec().resolve(r.errorFile()) : options.spec().resolve(m.config());
        return "fencecheck: " + file + ": model " + m.name() + ": " + r.error();
    }

    private static Summary summary(Manifest manifest, List<ModelResult> results, List<String> unlisted,
                                   double seconds) {
        List<String> problems = new ArrayList<>();
        int properties = 0;
        int matched = 0;
        for (ModelResult m : results) {
            if (m.status() != RunStatus.COMPLETE) {
                problems.add(m.name() + ": " + m.error());
            }
            for (PropertyVerdict p : m.properties()) {
                properties++;
                if (p.match()) {
                    matched++;
                } else if (p.actual() != Verdict.UNKNOWN) {
                    problems.add(m.name() + ": " + p.name() + " expected " + p.expected().word() + ", got "
                            + p.actual().word());
                }
            }
            if (m.status() == RunStatus.COMPLETE && !m.distinctStatesMatch()) {
                problems.add(m.name() + ": " + String.format(Locale.ROOT, "%,d", m.distinctStates())
                        + " distinct states, manifest "
                        + (m.expectedDistinctStates() == null ? "has none recorded (run with --record)"
                        : String.format(Locale.ROOT, "says %,d", m.expectedDistinctStates())));
            }
        }
        for (String cfg : unlisted) {
            problems.add(cfg + ": cfg in the spec folder that no model of " + manifest.file().getFileName()
                    + " uses (add a model or list it in \"ignoreConfigs\")");
        }
        return new Summary(results.size(), properties, matched, problems.isEmpty(), problems, seconds);
    }

    private static int exitCode(List<ModelResult> results, Summary summary) {
        if (results.stream().anyMatch(m -> m.status() != RunStatus.COMPLETE)) {
            return 3;
        }
        return summary.passed() ? 0 : 1;
    }

    private static void prepare(Path report) {
        try {
            Files.createDirectories(report);
            for (String sub : List.of(TraceFiles.FOLDER, "work")) {
                Path dir = report.resolve(sub);
                if (Files.exists(dir)) {
                    try (Stream<Path> walk = Files.walk(dir)) {
                        for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                            Files.delete(p);
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
