package org.fencecheck.props;

import java.util.HashMap;
import java.util.Map;
import org.fencecheck.props.sched.Runner;
import org.fencecheck.props.sut.MutantSut;
import org.fencecheck.props.tlc.TlcCounterexample;

/**
 * The implementation's verdict per (model, property), computed once per JVM and shared by the per-invariant
 * tests and the matrix test: QuickTheories over {@link #EXAMPLES} generated runs at the model's own bounds
 * (CPUs, fences, callbacks, ops, MaxCalls, WaitTimeouts from its cfg), fixed seed.
 */
public final class ImplVerdicts {

    /** CI examples per (model, property); runs are cached per scenario, so the properties of one model share them. */
    public static final int EXAMPLES = 1000;

    private static final Map<String, PropertyCheck.Verdict> VERDICTS = new HashMap<>();
    private static final Map<String, Coverage> COVERAGE = new HashMap<>();

    private ImplVerdicts() {
    }

    /** The system under test for a model: the real implementation, or the test-code copy with its mutation. */
    public static Runner.Options options(VerdictMatrix.Model m) {
        String mut = m.spec().mutation();
        if (mut.equals("none")) {
            return Runner.Options.defaults();
        }
        for (MutantSut.Mutation x : MutantSut.Mutation.values()) {
            if (x.specName().equals(mut)) {
                return Runner.Options.defaults().withSut(c -> new MutantSut(c, x)).withLockstep(x.inSpec());
            }
        }
        return null;
    }

    /** Whether the tests have an implementation for the model (every mutation-free model; some mutations). */
    public static boolean supported(VerdictMatrix.Model m) {
        return options(m) != null;
    }

    /** Examples when the spec says violated and {@link #EXAMPLES} found nothing (same seed, a longer search). */
    public static final int ESCALATED = 2500;

    /**
     * The verdict: random search ({@link #EXAMPLES} runs); if the spec says the property is violated and none
     * was found, a longer random search ({@link #ESCALATED}); if still none and the property is an invariant,
     * TLC's counterexample replayed on the implementation ({@link TlcCounterexample}).
     */
    public static synchronized PropertyCheck.Verdict get(VerdictMatrix.Model m, String property) {
        String key = m.name() + "|" + m.cfg().file() + "|" + property;
        PropertyCheck.Verdict v = VERDICTS.get(key);
        if (v == null) {
            Coverage cov = COVERAGE.computeIfAbsent(m.name(), k -> new Coverage());
            String optsKey = "matrix:" + m.spec().mutation();
            v = PropertyCheck.check(m.spec(), property, PropertyCheck.examples(EXAMPLES), PropertyCheck.seed(),
                    options(m), optsKey, cov);
            boolean specViolated = "violated".equals(m.expect().get(property));
            if (!v.violated() && specViolated) {
                v = PropertyCheck.check(m.spec(), property, Math.max(ESCALATED, PropertyCheck.examples(EXAMPLES)),
                        PropertyCheck.seed(), options(m), optsKey, cov);
            }
            if (!v.violated() && specViolated && org.fencecheck.props.model.Invariants.ALL.containsKey(property)) {
                try {
                    TlcCounterexample.Found f = TlcCounterexample.confirm(m.cfg().file(), m.spec(), property,
                            options(m).sutFactory());
                    v = new PropertyCheck.Verdict(property, m.spec(), f.reproduced(), null, null, null, v.seed(),
                            v.examples(), v.tried(), f.text());
                } catch (Exception e) {
                    throw new IllegalStateException("TLC counterexample for " + m.name() + " " + property, e);
                }
            }
            VERDICTS.put(key, v);
        }
        return v;
    }

    public static synchronized Coverage coverage(VerdictMatrix.Model m) {
        return COVERAGE.computeIfAbsent(m.name(), k -> new Coverage());
    }
}
