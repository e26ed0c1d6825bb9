package org.fencecheck.props;

import static org.quicktheories.QuickTheory.qt;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.fencecheck.props.model.Invariants;
import org.fencecheck.props.model.SpecConfig;
import org.fencecheck.props.sched.Op;
import org.fencecheck.props.sched.Runner;
import org.quicktheories.core.Gen;

/**
 * One property of the implementation, checked with QuickTheories over generated runs: "property P never
 * fails in any state of any run" (P an invariant of DmaFenceProps.tla, {@code Deadlock}, a liveness property
 * checked at the end of a drained run, or {@code Conformance}: the Java twin of the spec allows every move).
 * Every run is also checked for conformance; a run the twin rejects falsifies every property, so a mismatch
 * never hides behind a verdict.
 *
 * <p>When QuickTheories falsifies the property, its smallest example is shrunk further by a deterministic greedy
 * minimizer (drop calls, drop and lower choices), because QuickTheories' shrinking of the underlying random
 * draws stops in local minima; both are reported with the seed. The same seed gives the same verdict and the
 * same minimal run.
 */
public final class PropertyCheck {

    /** The property that the Java twin accepts every move. */
    public static final String CONFORMANCE = "Conformance";

    /** The spec's deadlock check (TLC's default "Deadlock reached"). */
    public static final String DEADLOCK = "Deadlock";

    /** The liveness properties of DmaFenceProps.tla that have a Java twin (checked at the end of a run). */
    public static final java.util.List<String> LIVENESS = java.util.List.of("CallbacksEventuallyRun",
            "WaitersReturn");

    private static final int CACHE_LIMIT = 200_000;

    /** Whether property p has a Java twin here. */
    public static boolean known(String p) {
        return Invariants.ALL.containsKey(p) || LIVENESS.contains(p) || p.equals(DEADLOCK) || p.equals(CONFORMANCE);
    }

    /** run summaries: configuration + options + scenario -> properties that failed. */
    private static final Map<String, Set<String>> CACHE = new LinkedHashMap<>(1024, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Set<String>> e) {
            return size() > CACHE_LIMIT;
        }
    };

    private PropertyCheck() {
    }

    /** The seed: {@code -Dfencecheck.seed}, else the CI seed. */
    public static long seed() {
        return Long.getLong("fencecheck.seed", 20261125L);
    }

    /** {@code -Dfencecheck.examples} if set (a campaign), else the CI count given. */
    public static int examples(int ciDefault) {
        int e = Integer.getInteger("fencecheck.examples", 0);
        return e > 0 ? e : ciDefault;
    }

    /**
     * The verdict of one property on one configuration.
     *
     * @param property   the property
     * @param cfg        the configuration
     * @param violated   whether some run falsified it
     * @param qtSmallest QuickTheories' smallest falsifying run (null if none)
     * @param minimal    the minimized falsifying run (null if none)
     * @param trace      the minimal run's trace, up to the violation (null if none)
     * @param seed       the seed
     * @param examples   the examples asked for
     * @param tried      the runs QuickTheories made (examples + shrinking)
     */
    public record Verdict(String property, SpecConfig cfg, boolean violated, Runner.Scenario qtSmallest,
                          Runner.Scenario minimal, Runner.Result trace, long seed, int examples, int tried,
                          String guided) {

        public Verdict(String property, SpecConfig cfg, boolean violated, Runner.Scenario qtSmallest,
                       Runner.Scenario minimal, Runner.Result trace, long seed, int examples, int tried) {
            this(property, cfg, violated, qtSmallest, minimal, trace, seed, examples, tried, null);
        }

        /** How the violation was found: "random search" or "TLC's counterexample replayed". */
        public String how() {
            return !violated ? "-" : guided == null ? "random search" : "TLC's counterexample replayed";
        }

        public String word() {
            return violated ? "violated" : "holds";
        }

        /** A readable report: verdict, seed, shrunk run and its trace. */
        public String report() {
            StringBuilder b = new StringBuilder();
            b.append(property).append(" on ").append(cfg.label()).append(": ").append(word()).append(" (seed ")
                    .append(seed).append(", ").append(examples).append(" examples, ").append(tried)
                    .append(" runs)\n");
            if (violated && guided != null) {
                b.append("  random search found none; ").append(guided).append('\n');
            } else if (violated) {
                b.append("  QuickTheories' smallest: ").append(qtSmallest).append('\n');
                b.append("  minimized: ").append(minimal).append('\n');
                b.append(trace.trace());
            }
            return b.toString();
        }
    }

    /** Whether run r falsifies property p. */
    public static boolean fails(String p, Runner.Result r) {
        if (r.outcome() == Runner.Outcome.DIVERGED || r.outcome() == Runner.Outcome.FAILED) {
            return true;
        }
        if (p.equals(CONFORMANCE)) {
            return false;
        }
        return r.fails(p);
    }

    /** The properties a run falsifies (every invariant, Deadlock, Conformance). */
    static Set<String> failing(Runner.Result r) {
        Set<String> s = new java.util.TreeSet<>(r.everViolated());
        for (String p : LIVENESS) {
            if (r.fails(p)) {
                s.add(p);
            }
        }
        if (r.outcome() == Runner.Outcome.DEADLOCK) {
            s.add(DEADLOCK);
        }
        if (r.outcome() == Runner.Outcome.DIVERGED || r.outcome() == Runner.Outcome.FAILED) {
            s.add(CONFORMANCE);
            s.addAll(Invariants.ALL.keySet());
            s.add(DEADLOCK);
        }
        return s;
    }

    /** Runs a scenario (cached by configuration, options and scenario) and returns what it falsifies. */
    static Set<String> summary(Runner.Scenario sc, Runner.Options o, String optsKey, Coverage cov) {
        String key = optsKey + "|" + sc.cfg() + "|" + sc;
        synchronized (CACHE) {
            Set<String> hit = CACHE.get(key);
            if (hit != null) {
                return hit;
            }
        }
        Runner.Result r = Runner.run(sc, o);
        if (cov != null) {
            cov.add(r);
        }
        Set<String> f = failing(r);
        synchronized (CACHE) {
            CACHE.put(key, f);
        }
        return f;
    }

    /**
     * Checks property p on cfg over generated runs.
     *
     * @param cfg      the configuration (bounds included)
     * @param p        the property
     * @param examples how many runs QuickTheories generates
     * @param seed     the seed
     * @param o        run options (the SUT factory among them)
     * @param optsKey  a name for the options, for the run cache ("impl", "mutant:x", ...)
     * @param cov      where to count coverage (may be null)
     * @return the verdict
     */
    public static Verdict check(SpecConfig cfg, String p, int examples, long seed, Runner.Options o, String optsKey,
                                Coverage cov) {
        return check(cfg, p, Gens.scenarios(cfg), examples, seed, o, optsKey, cov);
    }

    /** Like {@link #check(SpecConfig, String, int, long, Runner.Options, String, Coverage)} with a generator. */
    public static Verdict check(SpecConfig cfg, String p, Gen<Runner.Scenario> gen, int examples, long seed,
                                Runner.Options o, String optsKey, Coverage cov) {
        Runner.Options runOpts = o.withStopAtViolation(false);
        Map<String, Runner.Scenario> falsifying = new LinkedHashMap<>();
        int[] tried = {0};
        boolean[] shrinking = {false};
        Predicate<Runner.Scenario> bad = sc -> summary(sc, runOpts, optsKey, shrinking[0] ? null : cov).contains(p);
        try {
            qt().withFixedSeed(seed).withExamples(examples).withShrinkCycles(200).forAll(gen).check(sc -> {
                tried[0]++;
                boolean b = bad.test(sc);
                if (b) {
                    falsifying.put(sc.toString(), sc);
                    shrinking[0] = true;
                }
                return !b;
            });
            return new Verdict(p, cfg, false, null, null, null, seed, examples, tried[0]);
        } catch (AssertionError e) {
            Runner.Scenario smallest = smallestOf(e.getMessage(), falsifying);
            Runner.Scenario min = minimize(smallest, bad);
            Runner.Result trace = Runner.run(min, p.equals(DEADLOCK) || p.equals(CONFORMANCE) ? runOpts
                    : o.withStopOn(Set.of(p)));
            return new Verdict(p, cfg, true, smallest, min, trace, seed, examples, tried[0]);
        }
    }

    /** The scenario QuickTheories reported as its smallest falsifying value. */
    private static Runner.Scenario smallestOf(String msg, Map<String, Runner.Scenario> falsifying) {
        String marker = "Smallest found falsifying value(s) :-";
        int i = msg == null ? -1 : msg.indexOf(marker);
        if (i >= 0) {
            String rest = msg.substring(i + marker.length()).strip();
            String line = rest.lines().findFirst().orElse("");
            Runner.Scenario sc = falsifying.get(line.strip());
            if (sc != null) {
                return sc;
            }
        }
        if (falsifying.isEmpty()) {
            throw new AssertionError("QuickTheories failed without a falsifying run of ours: " + msg);
        }
        Runner.Scenario last = null;
        for (Runner.Scenario sc : falsifying.values()) {
            last = sc;
        }
        return last;
    }

    /**
     * A deterministic greedy shrink: drop calls, shorten and drop choices, lower choice values, as long as the
     * run still falsifies.
     */
    public static Runner.Scenario minimize(Runner.Scenario sc, Predicate<Runner.Scenario> bad) {
        Runner.Scenario cur = sc;
        boolean progress = true;
        while (progress) {
            progress = false;
            // drop calls
            for (int c = 0; c < cur.programs().size(); c++) {
                for (int i = cur.programs().get(c).size() - 1; i >= 0; i--) {
                    List<List<Op>> p = new ArrayList<>();
                    for (List<Op> l : cur.programs()) {
                        p.add(new ArrayList<>(l));
                    }
                    p.get(c).remove(i);
                    Runner.Scenario cand = cur.withPrograms(p);
                    if (bad.test(cand)) {
                        cur = cand;
                        progress = true;
                    }
                }
            }
            // truncate choices
            for (int len = 0; len < cur.choices().size(); len = len == 0 ? 1 : len * 2) {
                Runner.Scenario cand = cur.withChoices(cur.choices().subList(0, len));
                if (bad.test(cand)) {
                    cur = cand;
                    progress = true;
                    break;
                }
            }
            // drop single choices
            for (int i = cur.choices().size() - 1; i >= 0; i--) {
                List<Integer> ch = new ArrayList<>(cur.choices());
                ch.remove(i);
                Runner.Scenario cand = cur.withChoices(ch);
                if (bad.test(cand)) {
                    cur = cand;
                    progress = true;
                }
            }
            // lower choice values
            for (int i = 0; i < cur.choices().size(); i++) {
                for (int v = 0; v < cur.choices().get(i); v++) {
                    List<Integer> ch = new ArrayList<>(cur.choices());
                    ch.set(i, v);
                    Runner.Scenario cand = cur.withChoices(ch);
                    if (bad.test(cand)) {
                        cur = cand;
                        progress = true;
                        break;
                    }
                }
            }
            // drop and advance interrupt deliveries
            for (int i = cur.irqAt().size() - 1; i >= 0; i--) {
                List<Integer> q = new ArrayList<>(cur.irqAt());
                q.remove(i);
                Runner.Scenario cand = cur.withIrqAt(q);
                if (bad.test(cand)) {
                    cur = cand;
                    progress = true;
                }
            }
            for (int i = 0; i < cur.irqAt().size(); i++) {
                for (int v = cur.irqAt().get(i) % 8; v < cur.irqAt().get(i); v += 8) {
                    List<Integer> q = new ArrayList<>(cur.irqAt());
                    q.set(i, v);
                    Runner.Scenario cand = cur.withIrqAt(q);
                    if (bad.test(cand)) {
                        cur = cand;
                        progress = true;
                        break;
                    }
                }
            }
            // drop and advance hardware completions (earlier = simpler)
            for (int i = cur.hwAt().size() - 1; i >= 0; i--) {
                List<Integer> h = new ArrayList<>(cur.hwAt());
                h.remove(i);
                Runner.Scenario cand = cur.withHwAt(h);
                if (bad.test(cand)) {
                    cur = cand;
                    progress = true;
                }
            }
            for (int i = 0; i < cur.hwAt().size(); i++) {
                int lo = i == 0 ? 0 : cur.hwAt().get(i - 1);
                for (int v = lo; v < cur.hwAt().get(i); v++) {
                    List<Integer> h = new ArrayList<>(cur.hwAt());
                    h.set(i, v);
                    Runner.Scenario cand = cur.withHwAt(h);
                    if (bad.test(cand)) {
                        cur = cand;
                        progress = true;
                        break;
                    }
                }
            }
        }
        return cur;
    }
}
