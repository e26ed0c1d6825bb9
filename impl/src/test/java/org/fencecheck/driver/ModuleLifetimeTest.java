package org.fencecheck.driver;

import org.fencecheck.sim.Rcu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.fencecheck.fence.DmaFence;
import org.fencecheck.fence.Errno;
import org.fencecheck.fence.LockingPolicy;
import org.fencecheck.fence.Mutation;
import org.fencecheck.fence.OpsLifetime;
import org.fencecheck.lockdep.ModuleReport;
import org.fencecheck.sim.Action;
import org.fencecheck.sim.CpuExecutor;
import org.fencecheck.sim.Machine;
import org.fencecheck.sim.OopsException;
import org.fencecheck.sim.Step;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Fences that outlive their driver module (spec DmaFenceLifetime.tla): what a signaled fence of an unloaded
 * module answers under each {@link OpsLifetime}, which tables are detached, and the races each broken variant
 * loses, staged deterministically by running the racing call at a chosen step of the victim's.
 */
class ModuleLifetimeTest {

    /** An RCU_DETACH module without ->release/->wait whose fences run {@code mutation}. */
    private static DriverModule module(Machine m, Mutation mutation) {
        return new DriverModule(m, "lifetime-drv", LockingPolicy.LEGACY, OpsLifetime.RCU_DETACH,
                DriverModule.Ops.PLAIN, mutation);
    }

    private static DriverModule module(Machine m, OpsLifetime lifetime, DriverModule.Ops ops) {
        return new DriverModule(m, "lifetime-drv", LockingPolicy.LEGACY, lifetime, ops);
    }

    @ParameterizedTest
    @EnumSource(LockingPolicy.class)
    void signaledFenceOfUnloadedModuleAnswersWithoutTouchingIt(LockingPolicy policy) {
        Machine m = new Machine();
        DriverModule mod = new DriverModule(m, "lifetime-drv", policy, OpsLifetime.RCU_DETACH,
                DriverModule.Ops.PLAIN);
        m.cpu(0).run(() -> {
            DmaFence f = mod.emit().get();
            assertEquals("lifetime-drv", f.driverName());
            assertEquals("lifetime-drv-timeline", f.timelineName());
            mod.unload();
            assertEquals(DriverModule.State.UNLOADED, mod.state());
            assertNull(f.ops(), "signaling detached the ops of a driver without ->release/->wait");
            assertTrue(f.isSignaled());
            assertEquals(DmaFence.DETACHED_DRIVER, f.driverName());
            assertEquals(DmaFence.SIGNALED_TIMELINE, f.timelineName());
            assertEquals(1, f.getStatus());
            f.enableSwSignaling();
            assertEquals(-Errno.ENOENT, f.addCallback(x -> { }));
            assertEquals(1, f.waitTimeout(false, 0));
            f.put();
            assertEquals(0, f.refcount());
        });
        assertEquals(List.of(), m.moduleValidator().reports());
    }

    @Test
    void pinnedReportsTheNameQueryAndTheFinalPut() {
        Machine m = new Machine();
        DriverModule mod = module(m, OpsLifetime.PINNED, DriverModule.Ops.PLAIN);
        m.cpu(0).run(() -> {
            DmaFence f = mod.emit().get();
            mod.unload();
            assertNotNull(f.ops(), "legacy ops are never detached");
            assertTrue(f.isSignaled(), "the SIGNALED test alone answers");
            assertEquals(1, f.getStatus());
            assertEquals(List.of(), m.moduleValidator().reports());
            assertEquals("lifetime-drv", f.driverName(), "the freed module's name, read from freed memory");
            f.put();
        });
        List<ModuleReport> r = m.moduleValidator().reports(ModuleReport.Kind.OPS_INTO_UNLOADED_MODULE);
        assertEquals(List.of("get_driver_name@dma_fence_driver_name", "release@dma_fence_release"),
                r.stream().map(x -> x.op() + "@" + x.site()).toList(), r.toString());
        assertEquals("lifetime-drv", r.get(0).module());
    }

    @ParameterizedTest
    @EnumSource(value = DriverModule.Ops.class, names = {"RELEASE", "WAIT"})
    void aDriverWithReleaseOrWaitIsNotDetached(DriverModule.Ops ops) {
        Machine m = new Machine();
        DriverModule mod = module(m, OpsLifetime.RCU_DETACH, ops);
        m.cpu(0).run(() -> {
            DmaFence f = mod.emit().get();
            DmaFence kept = mod.emit().get();
            mod.retire(f);
            assertNotNull(f.ops(), ops + " must stay callable after signal");
            assertEquals(DmaFence.DETACHED_DRIVER, f.driverName(), "the name queries still answer after signal");
            f.put();
            assertEquals(ops == DriverModule.Ops.RELEASE ? 1 : 0, mod.driverReleases());
            assertEquals(List.of(), m.moduleValidator().reports(), "the module was loaded");
            mod.unload();
            assertEquals(DmaFence.SIGNALED_TIMELINE, kept.timelineName());
            kept.put();
        });
        List<ModuleReport> r = m.moduleValidator().reports();
        assertEquals(List.of("release@dma_fence_release"), r.stream().map(x -> x.op() + "@" + x.site()).toList(),
                "the last put reads ops->release of the freed module: " + r);
    }

    /** The same final put is clean when the driver without ->release/->wait had its ops detached. */
    @Test
    void theFinalPutOfADetachedFenceFreesItWithoutTheModule() {
        Machine m = new Machine();
        DriverModule mod = module(m, OpsLifetime.RCU_DETACH, DriverModule.Ops.PLAIN);
        m.cpu(0).run(() -> {
            DmaFence f = mod.emit().get();
            mod.unload();
            f.put();
        });
        assertEquals(List.of(), m.moduleValidator().reports());
    }

    // ---- races, staged at a step of the victim ----------------------------------------------------------------

    /** Runs {@code action} once, on the stepping thread, just before the first step matching {@code when}. */
    private static void atStep(Machine m, Predicate<Step> when, Runnable action) {
        ThreadLocal<Boolean> inside = ThreadLocal.withInitial(() -> false);
        boolean[] done = {false};
        m.setStepListener(st -> {
            if (inside.get() || done[0] || !when.test(st)) {
                return;
            }
            done[0] = true;
            inside.set(true);
            try {
                action.run();
            } finally {
                inside.set(false);
            }
        });
    }

    private static Predicate<Step> step(int cpu, Action a, String fn) {
        return st -> st.cpu() == cpu && st.action() == a && st.fn().equals(fn);
    }

    /**
     * Broken (a): dma_fence_is_signaled() loads fence->ops, then the module is retired and unloaded (its grace
     * period sees no reader), then the CPU enters its section and calls ->signaled of the freed module. The
     * correct order loads NULL at that point.
     */
    @ParameterizedTest
    @EnumSource(value = Mutation.class, names = {"NONE", "OPS_OUTSIDE_RCU"})
    void opsOutsideRcu(Mutation mutation) {
        Machine m = new Machine();
        DriverModule mod = module(m, mutation);
        DmaFence f = m.cpu(0).call(() -> mod.emit().get());
        atStep(m, step(0, Action.RCU_READ_LOCK, "dma_fence_is_signaled"), mod::unload);
        boolean signaled = m.cpu(0).call(f::isSignaled);
        assertFalse(signaled, "the SIGNALED test ran before the unload");
        List<ModuleReport> r = m.moduleValidator().reports();
        if (mutation != Mutation.NONE) {
            assertEquals(1, r.size(), r.toString());
            assertEquals(ModuleReport.Kind.OPS_INTO_UNLOADED_MODULE, r.get(0).kind());
            assertEquals("signaled", r.get(0).op());
        } else {
            assertEquals(List.of(), r);
        }
    }

    /**
     * Broken (b): a CPU inside its section holds the ops (not yet detached) when the module unloads; without a
     * grace period the module is freed under it. With synchronize_rcu() the unload waits for the section.
     */
    @ParameterizedTest
    @EnumSource(value = Mutation.class, names = {"NONE", "NO_GRACE_PERIOD"})
    void noGracePeriod(Mutation mutation) throws Exception {
        Machine m = new Machine();
        DriverModule mod = new DriverModule(m, "lifetime-drv", LockingPolicy.LEGACY, OpsLifetime.RCU_DETACH,
                DriverModule.Ops.PLAIN, mutation);
        DmaFence f = m.cpu(0).call(() -> mod.emit().get());
        try (CpuExecutor exiter = new CpuExecutor(m.cpu(1))) {
            Future<?>[] exit = new Future<?>[1];
            atStep(m, step(0, Action.OPS_CALL, "dma_fence_is_signaled"), () -> {
                exit[0] = exiter.run(mod::unload);
                // Give the exit path time to finish if nothing holds it back.
                try {
                    exit[0].get(300, TimeUnit.MILLISECONDS);
                } catch (Exception waiting) {
                    // the grace period waits for this CPU's section: expected with synchronize_rcu()
                }
            });
            m.cpu(0).call(f::isSignaled);
            exit[0].get(5, TimeUnit.SECONDS);
        }
        List<ModuleReport> r = m.moduleValidator().reports();
        if (mutation == Mutation.NO_GRACE_PERIOD) {
            assertEquals(List.of("signaled"), r.stream().map(ModuleReport::op).toList(), r.toString());
        } else {
            assertEquals(List.of(), r);
        }
        assertEquals(DriverModule.State.UNLOADED, mod.state());
    }

    /**
     * Broken (c): the fence is signaled (and detached) between is_signaled's SIGNALED test and its read of the
     * ops; without the NULL test ->signaled is called through NULL: reported, and the call oopses.
     */
    @ParameterizedTest
    @EnumSource(value = Mutation.class, names = {"NONE", "NO_NULL_CHECK"})
    void noNullCheck(Mutation mutation) {
        Machine m = new Machine();
        DriverModule mod = module(m, mutation);
        DmaFence f = m.cpu(0).call(() -> mod.emit().get());
        atStep(m, step(0, Action.RCU_READ_LOCK, "dma_fence_is_signaled"), () -> mod.retire(f));
        if (mutation != Mutation.NONE) {
            assertThrows(OopsException.class, () -> m.cpu(0).call(f::isSignaled));
            List<ModuleReport> r = m.moduleValidator().reports();
            assertEquals(1, r.size(), r.toString());
            assertEquals(ModuleReport.Kind.NULL_OPS_CALL, r.get(0).kind());
            assertEquals(List.of(), m.rcu().readersNow(), "the oops unwound the read-side section");
        } else {
            assertFalse(m.cpu(0).call(f::isSignaled));
            assertEquals(List.of(), m.moduleValidator().reports());
        }
    }

    /**
     * Broken name_test_before_read (spec NameTest before ReadOps): dma_fence_driver_name() tests SIGNALED first;
     * the fence is signaled and detached before the ops are read, and the query calls through NULL. The correct
     * order reads NULL only after the detach, so its test that follows sees SIGNALED and answers alone.
     */
    @ParameterizedTest
    @EnumSource(value = Mutation.class, names = {"NONE", "NAME_TEST_BEFORE_READ"})
    void nameTestBeforeRead(Mutation mutation) {
        Machine m = new Machine();
        DriverModule mod = new DriverModule(m, "lifetime-drv", LockingPolicy.REWORKED, OpsLifetime.RCU_DETACH,
                DriverModule.Ops.PLAIN, mutation);
        DmaFence f = m.cpu(0).call(() -> mod.emit().get());
        atStep(m, step(0, Action.RCU_READ_LOCK, "dma_fence_driver_name"), () -> mod.retire(f));
        if (mutation != Mutation.NONE) {
            assertThrows(OopsException.class, () -> m.cpu(0).call(f::driverName));
            List<ModuleReport> r = m.moduleValidator().reports();
            assertEquals(List.of(ModuleReport.Kind.NULL_OPS_CALL), r.stream().map(ModuleReport::kind).toList(),
                    r.toString());
            assertEquals("get_driver_name", r.get(0).op());
        } else {
            assertEquals(DmaFence.DETACHED_DRIVER, m.cpu(0).call(f::driverName));
            assertEquals(List.of(), m.moduleValidator().reports());
        }
    }

    /**
     * LockPlace (spec TouchLock): dma_fence_get_status() on a signaled fence after unload takes fence->lock; a
     * lock in the module's data is then freed memory (NoCodeAfterUnload), the fence's own lock is not.
     */
    @ParameterizedTest
    @EnumSource(LockPlace.class)
    void lockInModuleDataIsUsedAfterUnload(LockPlace place) {
        Machine m = new Machine();
        DriverModule mod = new DriverModule(m, "lifetime-drv", LockingPolicy.REWORKED, OpsLifetime.RCU_DETACH,
                DriverModule.Ops.PLAIN, Mutation.NONE, place);
        m.cpu(0).run(() -> {
            DmaFence f = mod.emit().get();
            mod.unload();
            assertEquals(1, f.getStatus());
        });
        List<ModuleReport> r = m.moduleValidator().reports();
        if (place == LockPlace.MODULE) {
            assertEquals(List.of("LOCK_IN_UNLOADED_MODULE fence->lock@dma_fence_get_status"),
                    r.stream().map(x -> x.kind() + " " + x.op() + "@" + x.site()).toList(), r.toString());
            assertTrue(r.get(0).toString().contains("taken in the data of unloaded module lifetime-drv"),
                    r.get(0).toString());
        } else {
            assertEquals(List.of(), r);
        }
    }

    /**
     * What TLC found for drivers whose ops are not detached: a CPU that enters its section after the grace period
     * started is not waited for, still loads the driver's ops, and calls into the module once it is freed.
     */
    @Test
    void aReaderStartingDuringTheGracePeriodReachesAnUndetachedModule() throws Exception {
        Machine m = new Machine();
        DriverModule mod = module(m, OpsLifetime.RCU_DETACH, DriverModule.Ops.RELEASE);
        DmaFence f = m.cpu(0).call(() -> mod.emit().get());
        CountDownLatch gpStarted = new CountDownLatch(1);
        ThreadLocal<Boolean> inside = ThreadLocal.withInitial(() -> false);
        try (CpuExecutor exiter = new CpuExecutor(m.cpu(1))) {
            Future<?>[] exit = new Future<?>[1];
            m.setStepListener(st -> {
                if (st.cpu() == 1 && st.action() == Action.GRACE_PERIOD && st.act().contains("waits for no reader")) {
                    gpStarted.countDown();
                }
                if (st.cpu() != 0 || inside.get()) {
                    return;
                }
                inside.set(true);
                try {
                    if (st.action() == Action.RCU_READ_LOCK && st.fn().equals("dma_fence_is_signaled")) {
                        exit[0] = exiter.run(mod::unload);
                        gpStarted.await(5, TimeUnit.SECONDS);
                    } else if (st.action() == Action.OPS_CALL && st.fn().equals("dma_fence_is_signaled")) {
                        exit[0].get(5, TimeUnit.SECONDS);
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                } finally {
                    inside.set(false);
                }
            });
            m.cpu(0).call(f::isSignaled);
        }
        List<ModuleReport> r = m.moduleValidator().reports();
        assertEquals(List.of("signaled"), r.stream().map(ModuleReport::op).toList(), r.toString());
    }

    @Test
    void unloadIsOnceAndRetireIsOncePerFence() {
        Machine m = new Machine();
        DriverModule mod = module(m, OpsLifetime.RCU_DETACH, DriverModule.Ops.PLAIN);
        m.cpu(0).run(() -> {
            DmaFence f = mod.emit();
            assertTrue(mod.retire(f));
            assertFalse(mod.retire(f));
            mod.unload();
            assertThrows(IllegalStateException.class, mod::unload);
            assertThrows(IllegalStateException.class, mod::emit);
        });
        assertEquals(0, mod.outstanding());
    }

    /** Mutation no_detach: the winner of SIGNALED leaves fence->ops set (OpsDetachedOnSignal). */
    @ParameterizedTest
    @EnumSource(value = Mutation.class, names = {"NONE", "NO_DETACH"})
    void noDetach(Mutation mutation) {
        Machine m = new Machine();
        DriverModule mod = module(m, mutation);
        DmaFence f = m.cpu(0).call(() -> mod.emit().get());
        m.cpu(0).run(() -> mod.retire(f));
        assertTrue(f.testSignaledFlag());
        assertEquals(mutation == Mutation.NONE, f.ops() == null, "fence->ops after signal: " + f.ops());
    }

    /**
     * Mutation rcu_unlock_leak: the fence is signaled (and detached) between is_signaled's SIGNALED test and its
     * read of the ops; the return on NULL ops leaves the read-side section open, so no grace period can end
     * (UnloadCompletes).
     */
    @ParameterizedTest
    @EnumSource(value = Mutation.class, names = {"NONE", "RCU_UNLOCK_LEAK"})
    void rcuUnlockLeak(Mutation mutation) {
        Machine m = new Machine();
        DriverModule mod = module(m, mutation);
        DmaFence f = m.cpu(0).call(() -> mod.emit().get());
        atStep(m, step(0, Action.RCU_READ_LOCK, "dma_fence_is_signaled"), () -> mod.retire(f));
        assertFalse(m.cpu(0).call(f::isSignaled));
        assertEquals(mutation == Mutation.NONE ? List.of() : List.of(0), m.rcu().readersNow());
    }

    /** Mutation rcu_double_unlock: dma_fence_driver_name() leaves its section twice (TypeOK: nesting >= 0). */
    @ParameterizedTest
    @EnumSource(value = Mutation.class, names = {"NONE", "RCU_DOUBLE_UNLOCK"})
    void rcuDoubleUnlock(Mutation mutation) {
        Machine m = new Machine();
        DriverModule mod = module(m, mutation);
        DmaFence f = m.cpu(0).call(() -> mod.emit().get());
        assertEquals("lifetime-drv", m.cpu(0).call(f::driverName));
        boolean warned = m.warnings().stream().anyMatch(w -> w.message().startsWith(Rcu.BAD_UNLOCK_BALANCE));
        assertEquals(mutation != Mutation.NONE, warned, m.warnings().toString());
        if (mutation != Mutation.NONE) {
            // The unbalanced unlock leaves the CPU's next read-side section invisible to grace periods.
            assertFalse(m.cpu(0).call(() -> {
                m.rcu().readLock("t", Step.NO_FENCE);
                return m.rcu().readLockHeld();
            }));
        }
    }
}
