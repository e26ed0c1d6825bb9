package org.fencecheck.fence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.fencecheck.sim.Machine;
import org.fencecheck.sim.Script;
import org.fencecheck.sim.Step;
import org.fencecheck.sim.StepListener;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The atomic steps each API call announces, as "SpecAction fn: act": the trace validator matches them against
 * the spec's actions (DmaFence.tla), so a call that skips or misnames a step is one the spec cannot follow.
 * Complements FenceSemanticsTest's add_callback and signal traces with the other calls, per design.
 */
class CallStepsTest {

    /** Runs {@code call} on cpu0 against {@code f} and returns the steps it announced. */
    private static List<String> steps(Machine m, Runnable call) {
        Script s = new Script();
        m.setStepListener(s);
        try {
            m.cpu(0).run(call);
        } finally {
            m.setStepListener(StepListener.NONE);
        }
        List<String> out = new ArrayList<>();
        for (Step st : s.trace()) {
            String a = st.action().specAction();
            out.add((a == null ? "-" : a) + " " + st.fn() + ": " + st.act());
        }
        return out;
    }

    private static DmaFence fence(Machine m, DmaFenceOps ops, LockingPolicy policy) {
        return m.cpu(0).call(() -> DmaFence.init(ops, m.newSpinLock("fence", "fence->lock"),
                FenceContext.alloc(policy), 1));
    }

    private static final String LOCK = "SpinLock %s: spin_lock_irqsave(fence->lock)";
    private static final String UNLOCK = "SpinUnlock %s: spin_unlock_irqrestore(fence->lock)";

    @ParameterizedTest
    @EnumSource(LockingPolicy.class)
    void removeCallbackSteps(LockingPolicy policy) {
        Machine m = new Machine();
        DmaFence f = fence(m, new ApiContractTest.PlainOps(), policy);
        FenceCallback cb = FenceCallback.named("cb1", x -> { });
        m.cpu(0).run(() -> f.addCallback(cb));
        String fn = "dma_fence_remove_callback";
        assertEquals(List.of("Call " + fn + ": call [cb1]", LOCK.formatted(fn),
                "RemoveCallbackDel " + fn + ": list_del_init() [cb1]", UNLOCK.formatted(fn),
                "RemoveCallbackReturn " + fn + ": return true [cb1]"),
                steps(m, () -> f.removeCallback(cb)));
        assertEquals(List.of("Call " + fn + ": call [cb1]", LOCK.formatted(fn),
                "RemoveCallbackDel " + fn + ": not linked [cb1]", UNLOCK.formatted(fn),
                "RemoveCallbackReturn " + fn + ": return false [cb1]"),
                steps(m, () -> f.removeCallback(cb)));
    }

    /** is_signaled names the op it calls: none, ->signaled, or the 2026 series' ->check_signaled. */
    @ParameterizedTest
    @EnumSource(LockingPolicy.class)
    void isSignaledSteps(LockingPolicy policy) {
        Machine m = new Machine();
        String fn = "dma_fence_is_signaled";
        DmaFence plain = fence(m, new ApiContractTest.PlainOps(), policy);
        assertEquals(List.of("Call " + fn + ": call", "IsSignaled " + fn + ": test_bit(SIGNALED)"),
                steps(m, plain::isSignaled));
        DmaFence hw = fence(m, new ApiContractTest.SignaledOps(), policy);
        String op = policy.checkSignals() ? "ops->check_signaled()" : "ops->signaled()";
        assertEquals(List.of("Call " + fn + ": call", "IsSignaled " + fn + ": test_bit(SIGNALED); " + op),
                steps(m, hw::isSignaled));
    }

    /** is_signaled_locked: the same test under the caller's lock, without a Call step of its own. */
    @ParameterizedTest
    @EnumSource(LockingPolicy.class)
    void isSignaledLockedSteps(LockingPolicy policy) {
        Machine m = new Machine();
        String fn = "dma_fence_is_signaled_locked";
        for (boolean op : new boolean[] {false, true}) {
            DmaFence f = fence(m, op ? new ApiContractTest.SignaledOps() : new ApiContractTest.PlainOps(), policy);
            List<String> got = steps(m, () -> {
                boolean flags = f.lock().spinLockIrqsaveFolded("caller", f.seqno());
                f.isSignaledLocked();
                f.lock().spinUnlockIrqrestoreFolded(flags, "caller", f.seqno());
            });
            assertEquals(List.of("IsSignaled " + fn + ": test_bit(SIGNALED)" + (op ? "; ops->signaled()" : "")), got);
        }
    }

    /**
     * The name queries under an RCU lifetime: rcu_read_lock, load the ops, call through them, rcu_read_unlock
     * (DmaFenceLifetime's steps, which DmaFence.tla does not name); SIGNALED is tested after the load, in the
     * same section.
     */
    @ParameterizedTest
    @EnumSource(value = LockingPolicy.class, names = {"LEGACY", "REWORKED"})
    void nameQueryStepsUnderRcu(LockingPolicy policy) {
        Machine m = new Machine();
        DmaFence f = m.cpu(0).call(() -> DmaFence.init(new ApiContractTest.PlainOps(),
                m.newSpinLock("fence", "fence->lock"), FenceContext.alloc(policy, OpsLifetime.RCU_DETACH), 1));
        String fn = "dma_fence_driver_name";
        List<String> got = steps(m, f::driverName);
        assertEquals(List.of("- " + fn + ": rcu_read_lock()", "- " + fn + ": ops = rcu_dereference(fence->ops)",
                "- " + fn + ": ops->get_driver_name", "- " + fn + ": rcu_read_unlock()"), got);
    }

    /**
     * get_status reads under the lock: through is_signaled_locked, or (2026 series) the flag only; it returns the
     * status after the unlock, a step of its own.
     */
    @ParameterizedTest
    @EnumSource(LockingPolicy.class)
    void getStatusSteps(LockingPolicy policy) {
        Machine m = new Machine();
        String fn = "dma_fence_get_status";
        DmaFence hw = fence(m, new ApiContractTest.SignaledOps(), policy);
        DmaFence plain = fence(m, new ApiContractTest.PlainOps(), policy);
        String flagOnly = "GetStatusRead " + fn + ": dma_fence_get_status_locked(): test SIGNALED";
        assertEquals(List.of("Call " + fn + ": call", LOCK.formatted(fn), policy.statusTestsFlagOnly() ? flagOnly
                        : "GetStatusRead " + fn + ": dma_fence_is_signaled_locked(): ops->signaled()",
                UNLOCK.formatted(fn), "GetStatusReturn " + fn + ": return 0"), steps(m, hw::getStatus));
        assertEquals(List.of("Call " + fn + ": call", LOCK.formatted(fn), policy.statusTestsFlagOnly() ? flagOnly
                        : "GetStatusRead " + fn + ": dma_fence_is_signaled_locked()", UNLOCK.formatted(fn),
                "GetStatusReturn " + fn + ": return 0"), steps(m, plain::getStatus));
    }

    @ParameterizedTest
    @EnumSource(LockingPolicy.class)
    void setErrorIsOneStep(LockingPolicy policy) {
        Machine m = new Machine();
        DmaFence f = fence(m, new ApiContractTest.PlainOps(), policy);
        assertEquals(List.of("SetError dma_fence_set_error: fence->error = -EIO"),
                steps(m, () -> f.setError(-Errno.EIO)));
    }

    /** enable_sw_signaling: under the lock in the legacy design, lock-free in the others. */
    @ParameterizedTest
    @EnumSource(LockingPolicy.class)
    void enableSwSignalingSteps(LockingPolicy policy) {
        Machine m = new Machine();
        DmaFence f = fence(m, new ApiContractTest.PlainOps(), policy);
        String fn = "dma_fence_enable_sw_signaling";
        List<String> expected = new ArrayList<>(List.of("Call " + fn + ": call",
                "EnableTestAndSet __dma_fence_enable_signaling: test_and_set_bit(ENABLE_SIGNAL); test_bit(SIGNALED)"));
        if (!policy.enablesUnlocked()) {
            expected.add(1, LOCK.formatted(fn));
            expected.add(UNLOCK.formatted(fn));
        }
        assertEquals(expected, steps(m, f::enableSwSignaling));
    }

    /**
     * A default wait that times out: fast path, add the waiter under the lock, sleep, then re-check under the
     * lock and take the waiter off. (An early wake-up may add middle rounds; the ends are fixed.) On a signaled
     * fence only the fast path runs; a poll adds no round.
     */
    @ParameterizedTest
    @EnumSource(LockingPolicy.class)
    void defaultWaitSteps(LockingPolicy policy) {
        Machine m = new Machine();
        DmaFence f = fence(m, new ApiContractTest.PlainOps(), policy);
        String fn = "dma_fence_default_wait";
        List<String> got = steps(m, () -> f.defaultWait(false, 2));
        assertTrue(got.size() >= 8, got.toString());
        assertEquals(List.of("WaitFastPath " + fn + ": test_bit(SIGNALED)", LOCK.formatted(fn),
                "WaitAddWaiter " + fn + ": list_add(waiter cb); set_current_state()", UNLOCK.formatted(fn)),
                got.subList(0, 4));
        assertEquals(List.of("WaitSchedule " + fn + ": schedule_timeout(): timed out", LOCK.formatted(fn),
                "WaitCheck " + fn + ": list_del(waiter cb)", UNLOCK.formatted(fn)), got.subList(got.size() - 4,
                got.size()));
        assertEquals(4, steps(m, () -> f.defaultWait(false, 0)).size(), "a poll: fast path, lock, test, unlock");
        m.cpu(0).run(f::signal);
        assertEquals(List.of("WaitFastPath " + fn + ": test_bit(SIGNALED)"), steps(m, () -> f.defaultWait(true, 5)));
    }

    /** wait_timeout announces its call, enables signaling, then waits. */
    @ParameterizedTest
    @EnumSource(LockingPolicy.class)
    void waitTimeoutEnablesThenWaits(LockingPolicy policy) {
        Machine m = new Machine();
        DmaFence f = fence(m, new ApiContractTest.PlainOps(), policy);
        m.cpu(0).run(f::signal);
        List<String> got = steps(m, () -> f.waitTimeout(false, 5));
        assertEquals("Call dma_fence_wait_timeout: call", got.get(0));
        assertTrue(got.contains(
                "EnableTestAndSet __dma_fence_enable_signaling: test_and_set_bit(ENABLE_SIGNAL); test_bit(SIGNALED)"),
                got.toString());
        assertEquals("WaitFastPath dma_fence_default_wait: test_bit(SIGNALED)", got.get(got.size() - 1));
    }

    /**
     * Every put is kref_put()'s step (spec PutDec); the last goes on to dma_fence_release(): the pending-callback
     * test, then (PlainOps has no ->release) dma_fence_free().
     */
    @ParameterizedTest
    @EnumSource(LockingPolicy.class)
    void lastPutReleases(LockingPolicy policy) {
        Machine m = new Machine();
        DmaFence f = fence(m, new ApiContractTest.PlainOps(), policy);
        m.cpu(0).run(f::get);
        assertEquals(List.of("PutDec dma_fence_put: kref_put()"), steps(m, f::put));
        assertEquals(List.of("PutDec dma_fence_put: kref_put()",
                "ReleaseTest dma_fence_release: list_empty(cb_list) || test_bit(SIGNALED)",
                "ReleaseFree dma_fence_release: dma_fence_free(): kfree_rcu()"), steps(m, f::put));
        assertTrue(f.freed());
    }
}
