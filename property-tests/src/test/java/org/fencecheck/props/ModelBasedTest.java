package org.fencecheck.props;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Stream;
import org.fencecheck.driver.DriverLocking;
import org.fencecheck.fence.LockingPolicy;
import org.fencecheck.props.model.SpecConfig;
import org.fencecheck.props.sched.Op;
import org.fencecheck.props.sut.ImplSut;
import org.fencecheck.props.sut.MutantSut;
import org.fencecheck.props.sut.Sut;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.core.stateful.Command;
import org.quicktheories.core.stateful.Sequential;
import org.quicktheories.generators.Generate;

/**
 * Priority 2: stateful model-based tests with QuickTheories' {@link Sequential#modelCheck}: command lists of
 * kernel calls (on either CPU), process-context signal, last put, interrupt delivery (the handler's
 * dma_fence_signal() in hard-IRQ context), hardware completion, wait timeout and "run on", over both locking
 * policies and every driver behaviour. After every command the implementation's abstract state and return value
 * must equal the Java twin of the spec's; a failing list shrinks and prints like a trace.
 */
class ModelBasedTest {

    static final int COMMANDS = 30;

    static SpecConfig seqConfig(LockingPolicy p, DriverLocking d, boolean sig) {
        SpecConfig c = SpecConfig.of(p, d, sig);
        // MaxCalls only bounds TLC; here a command list is the bound
        return c.withBounds(2, 2, c.cbs(), SpecConfig.ALL_OPS, 10_000, true);
    }

    static Gen<Command<SeqModel.S, SeqModel.M>> commands(SpecConfig cfg, Map<String, Integer> counts) {
        Gen<Integer> cpu = integers().between(0, cfg.cpus() - 1);
        Gen<Integer> fence = integers().between(1, cfg.numFences());
        Gen<String> cb = Generate.pick(cfg.cbs());
        Gen<String> kernelOp = Generate.pick(List.of("issig", "status", "enable", "add", "remove", "seterr", "wait",
                "signal", "put"));
        Gen<Command<SeqModel.S, SeqModel.M>> call = cpu.zip(kernelOp, fence, cb, (c, op, f, name) ->
                new SeqModel.CallCmd(c, new Op(op, f, op.equals("add") || op.equals("remove") ? name : "none")));
        Gen<Command<SeqModel.S, SeqModel.M>> hw = Generate.constant(new SeqModel.HwCmd());
        Gen<Command<SeqModel.S, SeqModel.M>> irq = cpu.map(SeqModel.IrqCmd::new);
        Gen<Command<SeqModel.S, SeqModel.M>> timeout = cpu.map(SeqModel.TimeoutCmd::new);
        Gen<Command<SeqModel.S, SeqModel.M>> resume = cpu.map(SeqModel.ResumeCmd::new);
        Gen<Command<SeqModel.S, SeqModel.M>> any = Generate.frequency(List.of(Pair.of(10, call), Pair.of(3, hw),
                Pair.of(3, irq), Pair.of(1, timeout), Pair.of(2, resume)));
        return any.map(c -> {
            synchronized (counts) {
                counts.merge(c instanceof SeqModel.CallCmd cc ? cc.op().op() : c.getClass().getSimpleName(), 1,
                        Integer::sum);
            }
            return c;
        });
    }

    /** Runs QuickTheories' model check of command lists against the twin, with a fresh session per list. */
    static void modelCheck(SpecConfig cfg, Function<SpecConfig, Sut> sutFactory, int examples, long seed,
                           Map<String, Integer> counts) {
        Map<String, List<Command<SeqModel.S, SeqModel.M>>> failing = new java.util.LinkedHashMap<>();
        try {
            qtModelCheck(cfg, sutFactory, examples, seed, counts, failing);
        } catch (AssertionError e) {
            // QuickTheories' shrinking of command lists stops early: minimize its smallest list further
            String msg = e.getMessage();
            String marker = "Smallest found falsifying value(s) :-";
            List<Command<SeqModel.S, SeqModel.M>> smallest = null;
            int i = msg == null ? -1 : msg.indexOf(marker);
            if (i >= 0) {
                smallest = failing.get(msg.substring(i + marker.length()).strip().lines().findFirst().orElse(""));
            }
            if (smallest == null && !failing.isEmpty()) {
                smallest = failing.values().iterator().next();
            }
            if (smallest == null) {
                throw e;
            }
            List<Command<SeqModel.S, SeqModel.M>> min = SeqModel.minimize(cfg, sutFactory, smallest);
            throw new AssertionError("the implementation disagrees with the spec model on " + cfg.label()
                    + " (seed " + seed + "); QuickTheories' smallest list has " + smallest.size()
                    + " commands, minimized to " + min.size() + ":\n" + SeqModel.explain(cfg, sutFactory, min)
                    + "\nQuickTheories said:\n" + msg.lines().limit(4).reduce("", (a, b) -> a + b + "\n")
                    + "Seed was " + seed, e);
        }
    }

    private static void qtModelCheck(SpecConfig cfg, Function<SpecConfig, Sut> sutFactory, int examples, long seed,
                                     Map<String, Integer> counts,
                                     Map<String, List<Command<SeqModel.S, SeqModel.M>>> failing) {
        qt().withFixedSeed(seed).withExamples(examples).withShrinkCycles(300)
                .forAll(lists().of(commands(cfg, counts)).ofSizeBetween(1, COMMANDS))
                .checkAssert(cmds -> {
                    failing.put(cmds.toString(), cmds);
                    List<SeqModel.S> opened = new ArrayList<>();
                    try {
                        Sequential.modelCheck(SeqModel.initial(cfg), cmds, m -> {
                            SeqModel.S s = new SeqModel.S(sutFactory.apply(cfg));
                            opened.add(s);
                            return s;
                        }, SeqModel.S::model);
                    } finally {
                        opened.forEach(SeqModel.S::close);
                    }
                    failing.remove(cmds.toString());
                });
    }

    @TestFactory
    Stream<DynamicTest> kernelCallsMatchTheSpecModel() {
        List<DynamicTest> tests = new ArrayList<>();
        for (LockingPolicy p : LockingPolicy.values()) {
            for (DriverLocking d : DriverLocking.values()) {
                for (boolean sig : new boolean[] {false, true}) {
                    SpecConfig cfg = seqConfig(p, d, sig);
                    tests.add(DynamicTest.dynamicTest(cfg.label(), () -> {
                        Map<String, Integer> counts = new TreeMap<>();
                        long t0 = System.nanoTime();
                        modelCheck(cfg, ImplSut::new, PropertyCheck.examples(40), PropertyCheck.seed(), counts);
                        System.out.printf("coverage ModelBasedTest %s: commands generated %s (%d ms)%n",
                                cfg.label(), counts, (System.nanoTime() - t0) / 1_000_000);
                    }));
                }
            }
        }
        return tests.stream();
    }

    /** The same check against a broken copy (error written after signal) fails, with a shrunk command list. */
    @Test
    void catchesABrokenImplementation() {
        SpecConfig cfg = seqConfig(LockingPolicy.LEGACY, DriverLocking.NONE, false);
        AssertionError e = assertThrows(AssertionError.class, () -> modelCheck(cfg,
                c -> new MutantSut(c, MutantSut.Mutation.SETERR_UNLOCKED), 200, PropertyCheck.seed(),
                new TreeMap<>()));
        System.out.println("ModelBasedTest.catchesABrokenImplementation (seterr_unlocked vs the spec):\n"
                + e.getMessage());
        assertTrue(e.getMessage().contains("Seed was " + PropertyCheck.seed()), e.getMessage());
        assertTrue(e.getMessage().contains("minimized to 2:"), e.getMessage());
        assertTrue(e.getMessage().contains("errAfterSignal: impl = {1}, spec = {}"), e.getMessage());
    }
}
