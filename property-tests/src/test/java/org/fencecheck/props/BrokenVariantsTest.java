package org.fencecheck.props;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;

import java.util.List;
import org.fencecheck.driver.DriverLocking;
import org.fencecheck.fence.LockingPolicy;
import org.fencecheck.props.model.SpecConfig;
import org.fencecheck.props.sched.Runner;
import org.fencecheck.props.sut.MutantSut;
import org.fencecheck.props.sut.MutantSut.Mutation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Priority 4: each deliberately broken variant (test code, {@link MutantSut}) fails the property it breaks,
 * with a shrunk, minimal run and the seed that reproduces it; the real implementation holds the same property
 * on the same configuration with the same generated runs; and the copy with no mutation is indistinguishable
 * from the real implementation. Where spec/DmaFence.tla has the same mutation, the Java twin runs in lockstep
 * with the mutant (so the variant is the spec's variant, not just some bug).
 */
class BrokenVariantsTest {

    /** A variant, the configuration it is shown on, and the property it must fail. */
    record Case(Mutation mutation, SpecConfig cfg, String property) {
    }

    static Case caseOf(Mutation m) {
        return switch (m) {
            case SIGNAL_NO_SPLICE -> new Case(m, SpecConfig.of(LockingPolicy.LEGACY, DriverLocking.NONE, true),
                    "CallbackAtMostOnce");
            case ENABLE_SPLIT_TAS -> new Case(m, SpecConfig.of(LockingPolicy.REWORKED, DriverLocking.IRQSAVE, false),
                    "EnableSignalingAtMostOnce");
            case SETERR_UNLOCKED -> new Case(m, SpecConfig.of(LockingPolicy.LEGACY, DriverLocking.NONE, false),
                    "ErrorOnlyBeforeSignal");
            case CB_BEFORE_SIGNALED -> new Case(m, SpecConfig.of(LockingPolicy.LEGACY, DriverLocking.NONE, false),
                    "CallbackOnlyAfterSignaled");
            case SIGNAL_PLAIN_LOCK -> new Case(m, SpecConfig.of(LockingPolicy.REWORKED, DriverLocking.IRQSAVE, true),
                    "NoSelfDeadlock");
            case NONE -> throw new IllegalArgumentException();
        };
    }

    static Runner.Options mutantOptions(Mutation m) {
        return Runner.Options.defaults().withSut(c -> new MutantSut(c, m)).withLockstep(m.inSpec());
    }

    static final int EXAMPLES = 1500;

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Mutation.class, names = "NONE", mode = EnumSource.Mode.EXCLUDE)
    void brokenVariantFailsItsProperty(Mutation m) {
        Case k = caseOf(m);
        SpecConfig cfg = k.cfg().withMutation(m.specName());
        long seed = PropertyCheck.seed();
        int n = PropertyCheck.examples(EXAMPLES);
        Coverage cov = new Coverage();
        PropertyCheck.Verdict v = PropertyCheck.check(cfg, k.property(), n, seed, mutantOptions(m),
                "mutant:" + m, cov);
        System.out.println("broken variant " + m.specName() + " (" + m.description() + "):\n" + v.report());
        System.out.println(cov.report("broken variant " + m.specName()));
        assertTrue(v.violated(), k.property() + " must fail for " + m + "\n" + v.report());
        assertEquals(Runner.Outcome.VIOLATION, v.trace().outcome(), v.report());
        assertTrue(v.trace().violated().contains(k.property()), v.report());
        // minimal: the minimizer could not drop any call or choice
        assertTrue(v.minimal().calls() <= 3 && v.minimal().choices().size() <= 40, v.report());

        // reproducible: the same seed gives the same verdict and the same minimal run
        PropertyCheck.Verdict again = PropertyCheck.check(cfg, k.property(), n, seed, mutantOptions(m),
                "mutant-again:" + m, null);
        assertEquals(v.minimal().toString(), again.minimal().toString());
        assertEquals(v.trace().trace(), again.trace().trace());

        // the real implementation holds it on the same configuration and runs
        PropertyCheck.Verdict real = PropertyCheck.check(k.cfg(), k.property(), PropertyCheck.examples(600), seed,
                Runner.Options.defaults(), "impl", null);
        assertFalse(real.violated(), real.report());
    }

    /** The copy without mutation behaves exactly as the real implementation, run by run. */
    @Test
    void theUnmutatedCopyIsTheImplementation() {
        List<SpecConfig> cfgs = SchedulerTest.allConfigs(true);
        qt().withFixedSeed(PropertyCheck.seed()).withExamples(PropertyCheck.examples(200))
                .forAll(org.quicktheories.generators.Generate.pick(cfgs).flatMap(Gens::scenarios))
                .checkAssert(sc -> {
                    Runner.Result impl = Runner.run(sc, Runner.Options.defaults().withStopAtViolation(false));
                    Runner.Result copy = Runner.run(sc, mutantOptions(Mutation.NONE).withStopAtViolation(false));
                    assertEquals(impl.trace(), copy.trace());
                });
    }
}
