package org.fencecheck.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.fencecheck.fence.DmaFence;
import org.fencecheck.fence.LockingPolicy;
import org.fencecheck.fence.Mutation;
import org.fencecheck.fence.OpsLifetime;
import org.fencecheck.sim.Action;
import org.fencecheck.sim.CpuContext;
import org.fencecheck.sim.CpuExecutor;
import org.fencecheck.sim.Machine;
import org.fencecheck.sim.Step;
import org.fencecheck.sim.StepListener;
import org.junit.jupiter.api.Test;

/**
 * The driver module of spec DmaFenceLifetime.tla seen from its own side: its hardware seqno, its count of fences
 * not yet retired, the steps its retire and its hardware take, and what it tells about itself.
 */
class DriverModuleTest {

    private static DriverModule module(Machine m, LockPlace place) {
        return new DriverModule(m, "drv", LockingPolicy.REWORKED, OpsLifetime.RCU_DETACH, DriverModule.Ops.PLAIN,
                Mutation.NONE, place);
    }

    /**
     * The hardware passing seqno n passes fence n and not fence n + 1: {@code ->signaled} is
     * {@code hw_seqno >= fence->seqno}.
     */
    @Test
    void theHardwarePassingASeqnoSignalsThatFenceAndNoLater() {
        Machine m = new Machine();
        DriverModule mod = module(m, LockPlace.INLINE);
        m.cpu(0).run(() -> {
            DmaFence f1 = mod.emit();
            DmaFence f2 = mod.emit();
            assertFalse(f1.isSignaled());
            mod.hwComplete();
            assertTrue(f1.isSignaled(), "hw seqno 1 passed fence 1");
            assertFalse(f2.isSignaled(), "hw seqno 1 has not passed fence 2");
            mod.hwComplete();
            assertTrue(f2.isSignaled());
            mod.unload();
        });
    }

    /**
     * The module's count of fences it still has to retire: one per emit, down by each retire, zero after
     * module_exit() drained them.
     */
    @Test
    void outstandingCountsTheFencesNotYetRetired() {
        Machine m = new Machine();
        DriverModule mod = module(m, LockPlace.INLINE);
        m.cpu(0).run(() -> {
            assertEquals(0, mod.outstanding());
            DmaFence f1 = mod.emit();
            mod.emit();
            assertEquals(2, mod.outstanding());
            assertTrue(mod.retire(f1));
            assertEquals(1, mod.outstanding());
            assertFalse(mod.retire(f1), "a fence is retired once");
            assertEquals(1, mod.outstanding());
            mod.unload();
            assertEquals(0, mod.outstanding());
        });
    }

    /**
     * The driver's retire is one step (dma_fence_signal then dma_fence_put of its reference) on the fence's
     * seqno; the hardware's completion is a step of no CPU naming the seqno it passed.
     */
    @Test
    void retireAndHardwareCompletionAreSteps() {
        Machine m = new Machine();
        DriverModule mod = module(m, LockPlace.INLINE);
        List<Step> steps = new ArrayList<>();
        m.cpu(0).run(() -> {
            DmaFence f = mod.emit();
            m.setStepListener(steps::add);
            try {
                mod.hwComplete();
                mod.retire(f);
            } finally {
                m.setStepListener(StepListener.NONE);
            }
            mod.unload();
        });
        assertEquals(new Step(Action.HW_COMPLETE, Step.HARDWARE, CpuContext.PROC, "hardware", "seqno passes", 1),
                steps.get(0));
        assertTrue(steps.contains(new Step(Action.DRIVER_RETIRE, 0, CpuContext.PROC, "drv_retire",
                "dma_fence_signal; dma_fence_put", 1)), steps.toString());
    }

    /** The module reports the machine it was loaded on, its fences' context and where their lock lives. */
    @Test
    void theModuleKnowsItsMachineContextAndLockPlace() {
        Machine m = new Machine();
        DriverModule shared = module(m, LockPlace.MODULE);
        DriverModule inline = module(m, LockPlace.INLINE);
        assertSame(m, shared.machine());
        assertEquals(LockPlace.MODULE, shared.lockPlace());
        assertEquals(LockPlace.INLINE, inline.lockPlace());
        assertEquals(LockingPolicy.REWORKED, shared.context().policy());
        assertEquals(OpsLifetime.RCU_DETACH, shared.context().lifetime());
        m.cpu(0).run(() -> {
            DmaFence f = shared.emit();
            assertEquals(shared.context().id(), f.context().id(), "a module's fences are one timeline");
            shared.unload();
            inline.unload();
        });
    }

    /**
     * module_exit() then free_module() as steps: the request, synchronize_rcu() while the module is in GRACE,
     * then the free; the broken no_grace_period frees with no grace period.
     */
    @Test
    void unloadWaitsForAGracePeriodInGraceBeforeTheFree() {
        for (Mutation mutation : new Mutation[] {Mutation.NONE, Mutation.NO_GRACE_PERIOD}) {
            Machine m = new Machine();
            DriverModule mod = new DriverModule(m, "drv", LockingPolicy.REWORKED, OpsLifetime.RCU_DETACH,
                    DriverModule.Ops.PLAIN, mutation, LockPlace.INLINE);
            List<String> steps = new ArrayList<>();
            m.setStepListener(s -> {
                if (s.action() == Action.MODULE_EXIT || s.action() == Action.GRACE_PERIOD) {
                    steps.add(mod.state() + " " + s.fn() + ": " + s.act());
                }
            });
            m.cpu(0).run(mod::unload);
            assertEquals(DriverModule.State.UNLOADED, mod.state());
            List<String> expected = mutation == Mutation.NONE
                    ? List.of("LOADED module_exit: unload requested",
                            "GRACE module_exit: synchronize_rcu(): waits for no reader",
                            "GRACE module_exit: synchronize_rcu(): grace period over",
                            "GRACE free_module: grace period over: module freed")
                    : List.of("LOADED module_exit: unload requested",
                            "EXITING free_module: module freed, no grace period");
            assertEquals(expected, steps, mutation.toString());
        }
    }

    /**
     * A retire the driver started on another CPU before module_exit(): the exit path's own retire of that fence
     * does nothing (the driver's claim won), and the exit path waits, polling, until the driver's retire has
     * finished before it frees the module.
     */
    @Test
    void unloadWaitsForARetireInProgressOnAnotherCpu() throws Exception {
        Machine m = new Machine();
        DriverModule mod = module(m, LockPlace.INLINE);
        DmaFence f = m.cpu(0).call(() -> mod.emit().get());
        CountDownLatch retiring = new CountDownLatch(1);
        CountDownLatch exitWaits = new CountDownLatch(1);
        List<String> exitSteps = new CopyOnWriteArrayList<>();
        m.setStepListener(s -> {
            if (s.action() == Action.DRIVER_RETIRE && s.cpu() == 1) {
                retiring.countDown();
                await(exitWaits);
            }
            if (s.action() == Action.MODULE_EXIT && s.cpu() == 0) {
                exitSteps.add(s.act());
                if (s.act().equals("wait for the driver's retires")) {
                    exitWaits.countDown();
                }
            }
        });
        try (CpuExecutor driver = new CpuExecutor(m.cpu(1)); CpuExecutor exit = new CpuExecutor(m.cpu(0))) {
            Future<Boolean> retire = driver.submit(() -> mod.retire(f));
            assertTrue(retiring.await(10, TimeUnit.SECONDS));
            exit.run(mod::unload).get(30, TimeUnit.SECONDS);
            assertTrue(retire.get(10, TimeUnit.SECONDS), "the driver's retire won the claim");
        }
        assertEquals("unload requested", exitSteps.get(0));
        assertEquals("wait for the driver's retires", exitSteps.get(1));
        assertEquals("grace period over: module freed", exitSteps.get(exitSteps.size() - 1));
        assertEquals(DriverModule.State.UNLOADED, mod.state());
        assertEquals(0, mod.outstanding());
        assertTrue(f.testSignaledFlag());
        m.cpu(0).run(f::put);
    }

    private static void await(CountDownLatch l) {
        try {
            if (!l.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("latch timed out");
            }
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
