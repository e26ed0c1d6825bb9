package org.fencecheck.mutation;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.fencecheck.gate.GateOptions;
import org.fencecheck.gate.GateResult;
import org.fencecheck.gate.GateRun;
import org.fencecheck.proofs.GateException;
import org.fencecheck.proofs.ProgressSink;
import org.fencecheck.proofs.model.ModelResult;
import org.fencecheck.proofs.model.PropertyVerdict;
import org.fencecheck.proofs.model.RunStatus;
import org.fencecheck.tlc.Verdict;

/**
 * The spec mutation harness (issue 22): each mutant of a module replaces it in a copy of the spec folder, the
 * gate checks the chosen models of the manifest on the copy, and the mutant is killed only when a property the
 * manifest expects to hold is violated. A changed state count is reported for a survivor, never counted as a
 * kill. Survivors are listed for a property to be added or an argument of equivalence in spec/mutants-equivalent.tsv.
 *
 * <p>Usage: {@code SpecMutation [--spec DIR] [--module FILE.tla] (--list | --rescore | --models a,b [--survivors] [--limit N] [--timeout S]) [--out FILE]}.
 */
public final class SpecMutation {

    /** Operators of DmaFence.tla that write state for an action (conjuncts calling them are not guards). */
    public static final Set<String> FRAME_HELPERS = Set.of("SetF", "Step", "DStep", "Put", "Get", "Goto",
            "StartCall", "DfQueue");

    /** DmaFence.tla's lock actions and the pcs at which each takes or drops a lock. */
    public static final Map<String, String> LOCK_ACTIONS = Map.of("SpinLock", "AcquirePcs", "SpinUnlock",
            "ReleasePcs");

    private SpecMutation() {
    }

    /**
     * Checks every mutant.
     *
     * @param spec     the spec folder (copied, never written)
     * @param module   the module to mutate, e.g. {@code DmaFence.tla}
     * @param actions  the definitions to mutate
     * @param models   the manifest's models that judge each mutant
     * @param limit    at most this many mutants (0: all), taken evenly over the module
     * @param timeoutSeconds TLC's limit per model run on a mutant (a mutant that multiplies the state space ends
     *                 as INVALID, timed out, instead of holding the campaign for the manifest's limit)
     * @param work     a scratch folder
     * @param only     which of the module's mutants to consider (all: {@code m -> true})
     * @param progress told each verdict as soon as it is known (a campaign takes minutes per ten mutants)
     * @return one verdict per mutant checked
     */
    public static List<MutantVerdict> run(Path spec, String module, Set<String> actions, List<String> models,
                                          int limit, int timeoutSeconds, Path work,
                                          java.util.function.Predicate<SpecMutant> only,
                                          Consumer<MutantVerdict> progress) {
        List<String> lines = read(spec.resolve(module));
        List<SpecMutant> all = mutator(lines, actions).mutants(lines);
        Map<SpecMutant, String> equivalent = Equivalents.read(spec.resolve(Equivalents.FILE), module, all);
        List<SpecMutant> chosen = spread(all.stream().filter(only).toList(), limit);
        Path copy = copySpec(spec, work.resolve("spec"));
        capTimeout(copy.resolve("manifest.json"), timeoutSeconds);
        List<MutantVerdict> out = new ArrayList<>();
        try {
            for (SpecMutant m : chosen) {
                MutantVerdict v;
                if (equivalent.containsKey(m)) {
                    v = new MutantVerdict(m, MutantVerdict.Outcome.EQUIVALENT, List.of(), equivalent.get(m), 0);
                } else {
                    Files.writeString(copy.resolve(module), m.apply(lines), StandardCharsets.UTF_8);
                    v = judge(m, copy, models, work.resolve("report"));
                }
                out.add(v);
                progress.accept(v);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            try {
                Files.writeString(copy.resolve(module), String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
            } catch (IOException e) {
                // the copy is scratch
            }
        }
        return out;
    }

    /**
     * The mutator of a module: its actions, the frame helpers, and its instrumentation: the members of
     * {@code histVars}, the trace label {@code step} and the bound counter {@code calls} (MaxCalls bounds it; it
     * counts the model's calls, not anything the kernel keeps).
     */
    static SpecMutator mutator(List<String> lines, Set<String> actions) {
        Set<String> inst = new LinkedHashSet<>(List.of("step", "calls"));
        StringBuilder hist = new StringBuilder();
        boolean in = false;
        for (String l : lines) {
            if (l.startsWith("histVars ==")) {
                in = true;
            } else if (in && !l.startsWith(" ")) {
                break;
            }
            if (in) {
                hist.append(l);
            }
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("[a-z][A-Za-z0-9]*").matcher(
                hist.toString().replace("histVars", ""));
        while (m.find()) {
            inst.add(m.group());
        }
        return new SpecMutator(actions, FRAME_HELPERS, inst, LOCK_ACTIONS);
    }

    /** The command line: prints one line per mutant and the score; exit 0, or 2 on bad input. */
    public static void main(String[] args) {
        System.exit(execute(args, System.out, System.err));
    }

    /** The command without exiting; returns the exit code. */
    public static int execute(String[] args, PrintStream out, PrintStream err) {
        Path spec = Path.of("spec");
        String module = "DmaFence.tla";
        List<String> models = List.of();
        int limit = 0;
        int timeout = 120;
        boolean list = false;
        boolean rescore = false;
        boolean survivors = false;
        boolean renumber = false;
        boolean onlyNew = false;
        Path from = null;
        Path report = Path.of("spec", "mutants-score.tsv");
        try {
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                String v = i + 1 < args.length ? args[i + 1] : null;
                switch (a) {
                    case "--spec" -> spec = Path.of(need(a, v));
                    case "--module" -> module = need(a, v);
                    case "--models" -> models = List.of(need(a, v).split(","));
                    case "--limit" -> limit = Integer.parseInt(need(a, v));
                    case "--timeout" -> timeout = Integer.parseInt(need(a, v));
                    case "--out" -> report = Path.of(need(a, v));
                    case "--from" -> from = Path.of(need(a, v));
                    case "--list" -> {
                        list = true;
                        i--;
                    }
                    case "--rescore" -> {
                        rescore = true;
                        i--;
                    }
                    case "--survivors" -> {
                        survivors = true;
                        i--;
                    }
                    case "--renumber" -> {
                        renumber = true;
                        i--;
                    }
                    case "--only-new" -> {
                        onlyNew = true;
                        i--;
                    }
                    default -> throw new GateException(2, "command line", "unknown option '" + a + "' (" + USAGE
                            + ")");
                }
                i++;
            }
            if (list) {
                List<String> text = read(spec.resolve(module));
                for (SpecMutant m : mutator(text, actionsOf(text)).mutants(text)) {
                    out.println(m.id() + "\t" + m.replacement().strip());
                }
                return 0;
            }
            if (rescore) {
                return rescore(spec, module, report, out);
            }
            if (renumber) {
                return renumber(spec, module, from, report, out);
            }
            if (survivors && onlyNew) {
                throw new GateException(2, "command line", "--survivors and --only-new judge different mutants: give"
                        + " one (" + USAGE + ")");
            }
            if (models.isEmpty()) {
                throw new GateException(2, "command line", "--models is required (" + USAGE + ")");
            }
            List<String> lines = read(spec.resolve(module));
            Set<String> actions = actionsOf(lines);
            if (actions.isEmpty()) {
                throw new GateException(2, spec.resolve(module).toString(), "no Next/CpuStep(c) disjunction names"
                        + " an action");
            }
            int generated = mutator(lines, actions).mutants(lines).size();
            out.println(module + ": " + actions.size() + " actions, " + generated + " mutants"
                    + (limit > 0 && limit < generated ? ", checking " + limit + " spread over them" : "")
                    + "; models " + String.join(",", models));
            Path work = Files.createTempDirectory("fencecheck-mutants");
            Set<String> again = survivors ? survivorsOf(report) : null;
            Set<String> judged = onlyNew ? idsOf(report) : null;
            List<MutantVerdict> vs = run(spec, module, actions, models, limit, timeout, work,
                    m -> (again == null || again.contains(m.id())) && (judged == null || !judged.contains(m.id())),
                    v -> {
                out.printf("%-44s %-10s %s%n", v.mutant().id(), v.outcome(), what(v));
                out.flush();
            });
            StringBuilder tsv = new StringBuilder("# " + module + ", campaign of " + java.time.LocalDate.now(
                    java.time.ZoneOffset.UTC) + ", models " + String.join(",", models) + "\n" + HEADER);
            vs.forEach(v -> tsv.append(row(v)));
            out.println(score(vs));
            Files.createDirectories(report.toAbsolutePath().getParent());
            String text = again != null ? merge(report, vs, models)
                    : judged != null ? mergeNew(report, vs, models, mutator(lines, actions).mutants(lines))
                    : tsv.toString();
            Files.writeString(report, text, StandardCharsets.UTF_8);
            out.println("report: " + report);
            return 0;
        } catch (GateException e) {
            err.println("fencecheck-mutants: " + e.getMessage());
            return e.exitCode();
        } catch (NumberFormatException e) {
            err.println("fencecheck-mutants: command line: --limit and --timeout need a number (" + e.getMessage()
                    + ")");
            return 2;
        } catch (org.fencecheck.tlc.BadInputException e) {
            err.println("fencecheck-mutants: " + e.getMessage());
            return 2;
        } catch (IOException e) {
            err.println("fencecheck-mutants: " + e.getMessage());
            return 2;
        } catch (UncheckedIOException e) {
            err.println("fencecheck-mutants: " + e.getCause().getMessage());
            return 2;
        }
    }

    /** A verdict's row of the campaign file: id, outcome, killers or detail, seconds, replacement. */
    private static String row(MutantVerdict v) {
        return String.join("\t", v.mutant().id(), v.outcome().name(), what(v),
                String.format(java.util.Locale.ROOT, "%.1f", v.seconds()), v.mutant().replacement().strip()) + "\n";
    }

    private static String what(MutantVerdict v) {
        return v.outcome() == MutantVerdict.Outcome.KILLED ? String.join(" ", v.killers()) : v.detail();
    }

    /** The ids of the SURVIVED rows of a campaign file. */
    static Set<String> survivorsOf(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new GateException(2, file.toString(), "no campaign file whose survivors to judge again");
        }
        Set<String> out = new LinkedHashSet<>();
        for (String r : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            String[] c = r.split("\t", -1);
            if (c.length >= 2 && c[1].equals("SURVIVED")) {
                out.add(c[0]);
            }
        }
        return out;
    }

    /**
     * The campaign file with the rows of the re-judged survivors replaced: a survivor killed by the second
     * pass's models is KILLED (the file's {@code #} line names both passes' models).
     */
    static String merge(Path file, List<MutantVerdict> vs, List<String> models) throws IOException {
        Map<String, MutantVerdict> by = new java.util.HashMap<>();
        vs.forEach(v -> by.put(v.mutant().id(), v));
        StringBuilder out = new StringBuilder();
        for (String r : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            String id = r.split("\t", -1)[0];
            MutantVerdict v = by.get(id);
            if (r.startsWith("#")) {
                out.append(r).append("; survivors judged again by ").append(String.join(",", models)).append('\n');
            } else if (v == null) {
                out.append(r).append('\n');
            } else {
                out.append(row(v));
            }
        }
        return out.toString();
    }

    /** The ids of every mutant row of a campaign file (whatever its outcome). */
    static Set<String> idsOf(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new GateException(2, file.toString(), "no campaign file to add the new mutants to");
        }
        Set<String> out = new LinkedHashSet<>();
        for (String r : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (!r.startsWith("#") && !r.startsWith("mutant\t") && !r.isBlank()) {
                out.add(r.split("\t", -1)[0]);
            }
        }
        return out;
    }

    /**
     * The campaign file with the rows of mutants it did not hold yet added: every row in the order the module
     * generates its mutants (the {@code #} line names the models that judged the new ones).
     */
    static String mergeNew(Path file, List<MutantVerdict> vs, List<String> models, List<SpecMutant> all)
            throws IOException {
        Map<String, Integer> order = new java.util.HashMap<>();
        for (int i = 0; i < all.size(); i++) {
            order.put(all.get(i).id(), i);
        }
        StringBuilder head = new StringBuilder();
        Map<String, String> rows = new java.util.LinkedHashMap<>();
        for (String r : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (r.startsWith("#")) {
                head.append(r).append("; new mutants judged by ").append(String.join(",", models)).append('\n');
            } else if (r.startsWith("mutant\t")) {
                head.append(r).append('\n');
            } else if (!r.isBlank()) {
                rows.put(r.split("\t", -1)[0], r + "\n");
            }
        }
        vs.forEach(v -> rows.put(v.mutant().id(), row(v)));
        StringBuilder out = new StringBuilder(head);
        rows.entrySet().stream()
                .sorted(java.util.Comparator.comparingInt(e -> order.getOrDefault(e.getKey(), Integer.MAX_VALUE)))
                .forEach(e -> out.append(e.getValue()));
        return out.toString();
    }

    /** A mutant's identity apart from its line: operator, action (and lock pc), the line's text and its change. */
    static String identity(SpecMutant m) {
        return m.operator().spelling() + "\t" + m.action() + "\t" + m.original().strip() + "\t"
                + m.replacement().strip();
    }

    /**
     * Carries a campaign file over an edit of the module without running TLC. An edit that adds or removes lines
     * moves every mutant after it. The file was judged on {@code before}, the module's text before the edit: a row
     * keeps its verdict when the edited module still generates a mutant with the same operator, action, line text
     * and replacement (the k-th such row takes the k-th such mutant, in line order), and takes that mutant's new
     * id. A row whose line the edit changed matches nothing and is dropped, to be judged again with the mutants the
     * edit added ({@code --only-new}); both are listed.
     */
    static int renumber(Path spec, String module, Path before, Path file, PrintStream out) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new GateException(2, file.toString(), "no campaign file to renumber");
        }
        if (before == null || !Files.isRegularFile(before)) {
            throw new GateException(2, "command line", "--renumber needs --from OLD.tla, the module the campaign"
                    + " file was judged on (e.g. git show HEAD:spec/" + module + ")");
        }
        List<String> old = read(before);
        Map<String, SpecMutant> was = new java.util.HashMap<>();
        mutator(old, actionsOf(old)).mutants(old).forEach(m -> was.put(m.id(), m));
        List<String> lines = read(spec.resolve(module));
        List<SpecMutant> all = mutator(lines, actionsOf(lines)).mutants(lines);
        Map<String, java.util.Deque<SpecMutant>> free = new java.util.HashMap<>();
        all.forEach(m -> free.computeIfAbsent(identity(m), k -> new java.util.ArrayDeque<>()).add(m));
        List<String> rows = Files.readAllLines(file, StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder();
        Map<String, String> kept = new java.util.HashMap<>();
        List<String> dropped = new ArrayList<>();
        int moved = 0;
        for (int i = 0; i < rows.size(); i++) {
            String r = rows.get(i);
            if (r.startsWith("#") || r.startsWith("mutant\t")) {
                head.append(r);
                if (r.startsWith("#")) {
                    head.append("; renumbered to the lines of ").append(module).append(" of ").append(
                            java.time.LocalDate.now(java.time.ZoneOffset.UTC));
                }
                head.append('\n');
                continue;
            }
            if (r.isBlank()) {
                continue;
            }
            String[] c = r.split("\t", -1);
            SpecMutant m0 = was.get(c[0]);
            if (c.length != 5 || m0 == null || !m0.replacement().strip().equals(c[4])) {
                throw new GateException(2, file + ":" + (i + 1), c[0] + " is not a mutant of " + before
                        + " (the campaign file was judged on another text of " + module + ")");
            }
            java.util.Deque<SpecMutant> q = free.get(identity(m0));
            if (q == null || q.isEmpty()) {
                dropped.add(c[0]);
                continue;
            }
            SpecMutant m = q.poll();
            if (!m.id().equals(c[0])) {
                moved++;
            }
            c[0] = m.id();
            kept.put(m.id(), String.join("\t", c) + "\n");
        }
        StringBuilder tsv = new StringBuilder(head);
        List<String> fresh = new ArrayList<>();
        for (SpecMutant m : all) {
            String r = kept.get(m.id());
            if (r == null) {
                fresh.add(m.id());
            } else {
                tsv.append(r);
            }
        }
        Files.writeString(file, tsv.toString(), StandardCharsets.UTF_8);
        out.printf("%s renumbered: %d rows kept (%d moved), %d dropped (their line changed: %s), %d mutants not"
                + " judged yet (run --only-new: %s)%n", file, kept.size(), moved, dropped.size(),
                dropped.isEmpty() ? "none" : String.join(" ", dropped), fresh.size(),
                fresh.isEmpty() ? "none" : String.join(" ", fresh));
        return 0;
    }

    /** The header row of the campaign file. */
    static final String HEADER = "mutant\toutcome\tkilled by / detail\tseconds\treplacement\n";

    /**
     * Re-reads a campaign file against the current equivalence arguments without running TLC: a survivor argued
     * equivalent since becomes EQUIVALENT with its argument. A row whose mutant the module no longer generates, or
     * an EQUIVALENT row no longer argued, stops it: the campaign must be run again.
     */
    static int rescore(Path spec, String module, Path file, PrintStream out) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new GateException(2, file.toString(), "no campaign file to rescore");
        }
        List<String> lines = read(spec.resolve(module));
        List<SpecMutant> all = mutator(lines, actionsOf(lines)).mutants(lines);
        Map<String, SpecMutant> byId = new java.util.HashMap<>();
        all.forEach(m -> byId.put(m.id(), m));
        Map<SpecMutant, String> eq = Equivalents.read(spec.resolve(Equivalents.FILE), module, all);
        List<String> rows = Files.readAllLines(file, StandardCharsets.UTF_8);
        StringBuilder tsv = new StringBuilder();
        Map<String, Integer> by = new java.util.TreeMap<>();
        for (int i = 0; i < rows.size(); i++) {
            String r = rows.get(i);
            if (r.startsWith("#") || r.startsWith("mutant\t") || r.isBlank()) {
                tsv.append(r).append('\n');
                continue;
            }
            String[] c = r.split("\t", -1);
            SpecMutant m = byId.get(c[0]);
            if (c.length != 5 || m == null) {
                throw new GateException(2, file + ":" + (i + 1), "stale: " + c[0] + " is not a mutant of the current "
                        + module + " (run the campaign again)");
            }
            if (c[1].equals("SURVIVED") && eq.containsKey(m)) {
                c[1] = "EQUIVALENT";
                c[2] = eq.get(m);
            } else if (c[1].equals("EQUIVALENT") && !eq.containsKey(m)) {
                throw new GateException(2, file + ":" + (i + 1), c[0] + " is EQUIVALENT but no longer argued in "
                        + Equivalents.FILE + " (run the campaign again)");
            }
            by.merge(c[1], 1, Integer::sum);
            tsv.append(String.join("\t", c)).append('\n');
        }
        Files.writeString(file, tsv.toString(), StandardCharsets.UTF_8);
        int k = by.getOrDefault("KILLED", 0);
        int sv = by.getOrDefault("SURVIVED", 0);
        out.printf(java.util.Locale.ROOT, "%s rescored: %s; score %s of the non-equivalent%n", file, by,
                k + sv == 0 ? "n/a" : String.format(java.util.Locale.ROOT, "%.1f%%", 100.0 * k / (k + sv)));
        return 0;
    }

    /** The usage line. */
    public static final String USAGE = "usage: SpecMutation [--spec DIR] [--module FILE.tla] (--list | --rescore"
            + " | --renumber --from OLD.tla | --models a,b [--survivors | --only-new] [--limit N] [--timeout SECONDS])"
            + " [--out FILE.tsv]";

    private static String need(String option, String value) {
        if (value == null) {
            throw new GateException(2, "command line", option + " needs a value");
        }
        return value;
    }

    /** The totals line: mutants, killed, equivalent, survived, invalid and killed / (killed + survived). */
    public static String score(List<MutantVerdict> vs) {
        long k = count(vs, MutantVerdict.Outcome.KILLED);
        long s = count(vs, MutantVerdict.Outcome.SURVIVED);
        long e = count(vs, MutantVerdict.Outcome.EQUIVALENT);
        long i = count(vs, MutantVerdict.Outcome.INVALID);
        return String.format(java.util.Locale.ROOT, "%d mutants: %d killed, %d equivalent, %d survived, %d invalid;"
                + " score %s of the non-equivalent", vs.size(), k, e, s, i, k + s == 0 ? "n/a"
                : String.format(java.util.Locale.ROOT, "%.1f%%", 100.0 * k / (k + s)));
    }

    private static long count(List<MutantVerdict> vs, MutantVerdict.Outcome o) {
        return vs.stream().filter(v -> v.outcome() == o).count();
    }

    /**
     * Runs the gate's models on the mutated copy, one at a time in the order given (cheapest first pays), and
     * classifies the mutant: the first model with a property the manifest expects to hold and the mutant violates
     * kills it, and the rest are not run.
     */
    static MutantVerdict judge(SpecMutant m, Path spec, List<String> models, Path report) {
        long t0 = System.nanoTime();
        List<String> changed = new ArrayList<>();
        String error = null;
        boolean revived = false;
        for (String model : models) {
            GateOptions o = GateOptions.parse("--spec", spec.toString(), "--report", report.toString(), "--only",
                    model);
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            GateResult r;
            try {
                r = new GateRun(o, new ProgressSink() { }, new PrintStream(err, true, StandardCharsets.UTF_8)).run();
            } catch (GateException e) {
                return new MutantVerdict(m, MutantVerdict.Outcome.INVALID, List.of(), e.getMessage(), secs(t0));
            }
            List<String> killers = new ArrayList<>();
            for (ModelResult mr : r.report().models()) {
                if (mr.status() != RunStatus.COMPLETE) {
                    error = error != null ? error : mr.name() + ": " + mr.status()
                            + (mr.error() == null ? "" : " " + mr.error());
                    continue;
                }
                for (PropertyVerdict p : mr.properties()) {
                    if (p.expected() == Verdict.HOLDS && p.actual() == Verdict.VIOLATED) {
                        killers.add(mr.name() + ":" + p.name());
                    }
                    revived |= p.expected() == Verdict.VIOLATED && p.actual() == Verdict.HOLDS;
                }
                if (!mr.distinctStatesMatch()) {
                    changed.add(mr.name() + " " + mr.expectedDistinctStates() + " -> " + mr.distinctStates());
                }
            }
            if (!killers.isEmpty()) {
                return new MutantVerdict(m, MutantVerdict.Outcome.KILLED, killers, "", secs(t0));
            }
        }
        if (error != null) {
            return new MutantVerdict(m, MutantVerdict.Outcome.INVALID, List.of(), error.lines().findFirst()
                    .orElse(error), secs(t0));
        }
        return new MutantVerdict(m, revived ? MutantVerdict.Outcome.INVALID : MutantVerdict.Outcome.SURVIVED,
                List.of(), revived ? "a property the manifest finds violated holds"
                        : changed.isEmpty() ? "same state counts" : "states " + String.join(", ", changed),
                secs(t0));
    }

    /** At most {@code limit} mutants, evenly spaced over the list (0: all). */
    static List<SpecMutant> spread(List<SpecMutant> all, int limit) {
        if (limit <= 0 || limit >= all.size()) {
            return all;
        }
        List<SpecMutant> out = new ArrayList<>();
        for (int k = 0; k < limit; k++) {
            out.add(all.get((int) ((long) k * all.size() / limit)));
        }
        return out;
    }

    private static double secs(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    private static List<String> read(Path p) {
        try {
            return Files.readAllLines(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new GateException(2, p.toString(), "cannot read (" + e.getMessage() + ")");
        }
    }

    /** Lowers the manifest copy's {@code timeoutSeconds} to {@code seconds}. */
    private static void capTimeout(Path manifest, int seconds) {
        try {
            String m = Files.readString(manifest, StandardCharsets.UTF_8);
            Files.writeString(manifest, m.replaceFirst("\"timeoutSeconds\"\\s*:\\s*\\d+",
                    "\"timeoutSeconds\": " + seconds), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A copy of the whole spec folder (claims.json reads seed/, the scale models read scaling/). */
    private static Path copySpec(Path spec, Path to) {
        try (Stream<Path> files = Files.walk(spec)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Path t = to.resolve(spec.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(f, t, StandardCopyOption.REPLACE_EXISTING);
                }
            }
            return to;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The actions of a module: the operators its {@code Next} or {@code CpuStep(c)} (or the drivers' {@code DNext},
     * {@code DCpuStep(c)}) applies, e.g. {@code Lock} of {@code \\E p \\in Procs : Lock(p) \\/ Unlock(p)}.
     */
    public static Set<String> actionsOf(List<String> lines) {
        Set<String> out = new LinkedHashSet<>();
        java.util.regex.Pattern call = java.util.regex.Pattern.compile("([A-Z][A-Za-z0-9]*)\\(");
        boolean in = false;
        for (String l : lines) {
            if (l.matches("^(CpuStep\\(c\\)|Next|DNext|DCpuStep\\(c\\)) ==.*")) {
                in = true;
                l = l.substring(l.indexOf("==") + 2);
            } else if (in && (l.isBlank() || !l.startsWith(" "))) {
                in = false;
            }
            if (in) {
                java.util.regex.Matcher m = call.matcher(l);
                while (m.find()) {
                    out.add(m.group(1));
                }
            }
        }
        return out;
    }
}
