package org.fencecheck.fence;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * One deliberately broken variant of the fence core (or {@link #NONE}), by the name the spec gives it: the
 * {@code Mutation} constant of spec/DmaFence.tla or spec/DmaFenceLifetime.tla. Chosen per fence context, like the
 * {@link LockingPolicy} ({@link FenceContext#mutation()}); impl's code checks {@code context.mutation() == X} at
 * the one step each variant breaks, so every layer (TLC, Lincheck, the property tests) runs the same broken code
 * under the same name.
 *
 * <p>Each constant's comment names the C function it breaks, how, and the property TLC refutes with it (the
 * manifest's broken model, {@code spec/MCDmaFence_broken_<name>.cfg} or
 * {@code spec/MCDmaFenceLifetime_broken_<name>.cfg}). Names that exist on one side only are listed, with the
 * reason, in spec/mutations-unmatched.tsv (checked by {@code MutationNamesTest}).
 */
public enum Mutation {

    /** The real code. */
    NONE("none", ""),

    // ---- spec/DmaFence.tla ----------------------------------------------------------------------------------

    /**
     * {@code dma_fence_signal_timestamp_locked()}: no {@code list_replace()} of {@code cb_list} onto a local list;
     * the callbacks are run off {@code fence->cb_list}, which keeps them, so a later signal runs them again.
     * Refutes {@code CallbackAtMostOnce}. Decision: the old Lincheck twin's RUN_SHARED_LIST (callbacks run off the
     * shared list, lock dropped, list emptied afterwards) is this bug: its essential mistake is the missing
     * splice, and its observable effect in the signal ‖ remove scenario (remove answers true for a callback that
     * already ran) is this variant's; running the list with the lock dropped is remove_unlocked's race seen from
     * the other side.
     */
    SIGNAL_NO_SPLICE("signal_no_splice", "DmaFence"),
    /**
     * {@code dma_fence_signal_timestamp_locked()}: the callbacks run before SIGNALED and TIMESTAMP are set.
     * Refutes {@code CallbackOnlyAfterSignaled}.
     */
    CB_BEFORE_SIGNALED("cb_before_signaled", "DmaFence"),
    /**
     * {@code dma_fence_init()} called again on a live fence: the flags are cleared. Refutes
     * {@code SignaledNeverClears}.
     */
    REINIT("reinit", "DmaFence"),
    /**
     * {@code __dma_fence_enable_signaling()}: {@code test_bit(ENABLE_SIGNAL)} then a separate {@code set_bit()}
     * instead of {@code test_and_set_bit()}; two lock-free enablers (REWORKED) both call the driver. Refutes
     * {@code EnableSignalingAtMostOnce}. Decision: the old Lincheck twin's ENABLE_UNGUARDED is exactly this bug.
     */
    ENABLE_SPLIT_TAS("enable_split_tas", "DmaFence"),
    /**
     * {@code __dma_fence_enable_signaling()}: SIGNALED is not tested after setting ENABLE_SIGNAL, so the driver is
     * called on a signaled fence. Refutes {@code NoEnableSignalingOnSignaled}.
     */
    ENABLE_NO_SIGNALED_CHECK("enable_no_signaled_check", "DmaFence"),
    /**
     * The driver's error path calls {@code dma_fence_set_error()} with no fence lock and no SIGNALED check, then
     * {@code dma_fence_signal()}. Refutes {@code ErrorOnlyBeforeSignal}.
     */
    SETERR_UNLOCKED("seterr_unlocked", "DmaFence"),
    /**
     * {@code dma_fence_set_error()} is given a positive errno (5 instead of -EIO). Refutes {@code TypeOK} (the
     * error must be 0 or negative).
     */
    POSITIVE_ERROR("positive_error", "DmaFence"),
    /**
     * {@code dma_fence_signal_timestamp_locked()}: the timestamp is written (and TIMESTAMP set) on every signal,
     * also by a signaller that lost the test-and-set. Refutes {@code TimestampOnlyAtSignal}.
     */
    TS_ON_EVERY_SIGNAL("ts_on_every_signal", "DmaFence"),
    /**
     * REWORKED {@code dma_fence_add_callback()}: under the lock it appends when enabling returned true instead of
     * re-testing SIGNALED, so a callback is linked on a fence signaled in between and never runs. Refutes
     * {@code CbListEmptyAfterSignal}.
     */
    REWORKED_NO_RECHECK("reworked_no_recheck", "DmaFence"),
    /**
     * {@code dma_fence_default_wait()}: the task state is set after the lock is dropped, so a wake in between is
     * overwritten and the waiter sleeps for ever. Refutes {@code WaitersReturn}.
     */
    LOST_WAKEUP("lost_wakeup", "DmaFence"),
    /**
     * The driver's {@code ->enable_signaling} does not arm its completion interrupt. Refutes
     * {@code CallbacksEventuallyRun}.
     */
    NO_ARM("no_arm", "DmaFence"),

    // ---- added with issue 17: the Java-only variants, now in spec/DmaFence.tla too ---------------------------

    /**
     * {@code dma_fence_signal()} takes {@code fence->lock} with plain {@code spin_lock()} (right in the interrupt
     * handler, wrong in process context: {@code dma_fence_is_signaled()}, a false {@code ->enable_signaling}
     * under REWORKED, the unlocked error path), so the completion interrupt can arrive on the CPU holding the lock
     * and spin on it. Refutes {@code NoSelfDeadlock}. From the property tests' MutantSut.
     */
    SIGNAL_PLAIN_LOCK("signal_plain_lock", "DmaFence"),
    /**
     * {@code dma_fence_signal()}: fence->lock is taken with {@code spin_lock_irqsave()} and dropped with a plain
     * {@code spin_unlock()} instead of {@code spin_unlock_irqrestore()}, so a process-context signaller (as
     * {@code dma_fence_is_signaled()} with {@code ->signaled}) returns to its caller with IRQs disabled. Refutes
     * {@code IrqStateRestored}; impl: {@code DmaFence.signal}, reported by lockdep as
     * {@code IRQ_STATE_NOT_RESTORED} (the entry code's "left IRQs disabled" check).
     */
    SIGNAL_UNLOCK_PLAIN("signal_unlock_plain", "DmaFence"),
    /**
     * The driver's {@code ->enable_signaling} fails to arm (an OpSetsError driver, amdkfd when scheduling the
     * eviction fails) and signals the fence without {@code dma_fence_set_error()}: a fence the hardware never
     * passed is signalled with status 1, success. Refutes {@code SignaledOnlyWhenPassedOrFailed}; impl:
     * {@code DriverTimeline.arm}.
     */
    ARM_FAIL_NO_ERROR("arm_fail_no_error", "DmaFence"),
    /**
     * {@code dma_fence_default_wait()}: the wait's {@code MAX_SCHEDULE_TIMEOUT} reaches {@code schedule_timeout()}
     * truncated to an int (-1), so a wait without a time limit returns at once, as a timeout, with the fence not
     * signalled: {@code dma_fence_wait()} reports success for work that did not complete. Refutes
     * {@code WaitReturnMatchesFence}; impl: {@code DmaFence.defaultWait}.
     */
    WAIT_TIMEOUT_TRUNCATED("wait_timeout_truncated", "DmaFence"),
    /**
     * {@code dma_fence_default_wait()}: a wait that times out returns without the {@code list_del()} of its
     * waiter callback, which lives on the waiting task's stack ({@code struct default_wait_cb}): the fence's
     * {@code cb_list} keeps a node of a stack frame that is gone, and the signaller later runs it. Refutes
     * {@code WaiterUnlinkedOnReturn}; impl: {@code DmaFence.defaultWait}.
     */
    WAIT_KEEPS_WAITER("wait_keeps_waiter", "DmaFence"),
    /**
     * {@code dma_fence_timestamp()}'s caller reads {@code fence->timestamp} as soon as it sees SIGNALED, without
     * waiting for TIMESTAMP: the signaller sets SIGNALED before it writes the timestamp, so the reader can get
     * the field as {@code dma_fence_init()} left it. drm_sched's {@code drm_sched_get_cleanup_job()} did this
     * until commit 0da611a87021 ("dma-buf: add dma_fence_timestamp helper"). Refutes
     * {@code TimestampReadAfterWrite}; impl: {@code DmaFence.timestamp}.
     */
    TS_READ_UNWAITED("ts_read_unwaited", "DmaFence"),
    /**
     * LEGACY {@code __dma_fence_enable_signaling()}: the driver's false answer ("already passed") is returned
     * without {@code dma_fence_signal_locked()}, so {@code dma_fence_add_callback()} answers {@code -ENOENT},
     * "already signaled", for a fence that is not, and its caller goes on as if it were. Refutes
     * {@code AddEnoentMeansSignaled}; impl: {@code DmaFence.enableSignaling}.
     */
    ENABLE_FALSE_NO_SIGNAL("enable_false_no_signal", "DmaFence"),
    /**
     * {@code dma_fence_is_signaled()}: the true answer of {@code ->signaled()} is returned without the
     * {@code dma_fence_signal()} that must follow it, so the caller is told "signaled" of a fence whose SIGNALED bit
     * is clear and whose callbacks still wait on its list. Refutes {@code IsSignaledTrueMeansSignaled}; impl:
     * {@code DmaFence.isSignaled}.
     */
    ISSIG_NO_SIGNAL("issig_no_signal", "DmaFence"),
    /**
     * {@code dma_fence_get_status()} answers 1 for every signaled fence, as a caller that reports
     * {@code dma_fence_is_signaled()} as the status does: an error the driver set before signalling is lost.
     * Refutes {@code GetStatusMatchesFence}; impl: {@code DmaFence.statusLocked}.
     */
    STATUS_IGNORES_ERROR("status_ignores_error", "DmaFence"),
    /**
     * {@code dma_fence_release()} of an unsignaled fence with callbacks still pending only WARNs and frees it, as
     * 4.x did: no {@code -EDEADLK} signal, so the callbacks and waiters on its list never run. Refutes
     * {@code NoCallbackLostAtRelease}; impl: {@code DmaFence.release}.
     */
    RELEASE_NO_SIGNAL("release_no_signal", "DmaFence"),
    /**
     * The driver drops its reference to a fence it has not signalled and leaves the fence on its list, so its
     * interrupt handler later signals a fence whose last reference may be gone (a use-after-free in the signal
     * path). Refutes {@code NoAccessAfterFree}; impl: {@code DriverTimeline.retire}.
     */
    RETIRE_UNSIGNALED("retire_unsignaled", "DmaFence"),
    /**
     * {@code dma_fence_default_wait()}: a signal to the waiting task ends an uninterruptible wait with
     * {@code -ERESTARTSYS} as well (a wait that tests {@code signal_pending()} whatever {@code intr} says), so
     * {@code dma_fence_wait(f, false)} returns an error its callers do not expect. Refutes
     * {@code WaitReturnMatchesFence}; impl: {@code DmaFence.defaultWait}.
     */
    WAIT_IGNORES_INTR("wait_ignores_intr", "DmaFence"),
    /**
     * {@code dma_fence_release()}: the fence's memory is never given back (a {@code ->release} that forgets
     * {@code dma_fence_free()}; kmemleak's report). Refutes {@code FreedExactlyWhenUnreferenced}; impl:
     * {@code DmaFence.release}.
     */
    RELEASE_LEAKS("release_leaks", "DmaFence"),
    /**
     * {@code dma_fence_release()}'s {@code -EDEADLK} path goes on to {@code ->release} without
     * {@code spin_unlock_irqrestore(fence->lock)}: the put returns holding the lock. Refutes
     * {@code LocksReleasedBetweenCalls}; impl: {@code DmaFence.release}.
     */
    RELEASE_KEEPS_LOCK("release_keeps_lock", "DmaFence"),
    /**
     * A driver's {@code ->wait} (radeon_fence_default_wait()'s loop) tests SIGNALED before
     * {@code set_current_state()}: a signal between the two wakes a task that then sets its state and sleeps through
     * it. Refutes {@code WaitersReturn}; impl: {@code DriverTimeline.waitOp}.
     */
    WAIT_OP_LOST_WAKEUP("wait_op_lost_wakeup", "DmaFence"),
    /**
     * {@code dma_fence_wait_timeout()} with a zero timeout tests the fence without
     * {@code dma_fence_enable_sw_signaling()} (the shortcut "dma-buf/fence: don't wait when specified timeout is
     * zero", merged for 4.0 and reverted by 698c0f7ff216): a driver without {@code ->signaled} that arms its
     * interrupt in {@code ->enable_signaling} never signals a fence that is only polled. Refutes
     * {@code WaitersReturn}; impl: {@code DmaFence.waitTimeout}.
     */
    POLL_SKIPS_ENABLE("poll_skips_enable", "DmaFence"),
    /**
     * {@code dma_fence_signal()}: the SIGNALED test is taken lock-free before {@code spin_lock_irqsave()} and the
     * bit is then set with a plain write under the lock, without re-testing: two signallers both "win", both
     * return 0 and both write the timestamp. Refutes {@code TimestampOnlyAtSignal}. From the Lincheck twin
     * (variant 1, SIGNAL_SPLIT_TAS). Decision: the twin's variant 5 (ISSIGNALED_NO_TAS: {@code is_signaled()}
     * tests SIGNALED lock-free, then marks the fence signaled under the lock with a plain write) is this bug
     * confined to one caller; {@code dma_fence_is_signaled()} signals through {@code dma_fence_signal()}, so the
     * split placed there covers it (its scenario, is_signaled ‖ signal_timestamp, fails the same way).
     */
    SIGNAL_SPLIT_TAS("signal_split_tas", "DmaFence"),
    /**
     * {@code dma_fence_remove_callback()} without {@code spin_lock_irqsave(fence->lock)}: its read of
     * {@code cb_list} and its {@code list_del_init()} write race with the signaller's splice, which the write then
     * undoes (a lost update): callbacks already spliced off and run are linked again on a signaled fence. Refutes
     * {@code CbListEmptyAfterSignal}. From the Lincheck twin (variant 3, REMOVE_UNLOCKED); the "list operation made
     * unlocked" lockstep kind.
     */
    REMOVE_UNLOCKED("remove_unlocked", "DmaFence"),
    /**
     * REWORKED {@code dma_fence_add_callback()}: the SIGNALED re-check and {@code list_add_tail()} are done without
     * {@code fence->lock}, so a signal between them splices the list first and the callback is linked on a
     * signaled fence, never to run. Refutes {@code CbListEmptyAfterSignal}. The "step outside the lock the spec
     * requires" lockstep kind. Under LEGACY, where the same lock also covers enabling, impl ignores it.
     */
    ADD_INSERT_UNLOCKED("add_insert_unlocked", "DmaFence"),
    /**
     * LEGACY {@code dma_fence_add_callback()}: the result of {@code __dma_fence_enable_signaling()} (false on a
     * fence signaled since the lock-free fast path) is ignored and the callback is always appended, so it is
     * linked on a signaled fence and never runs. Refutes {@code CbListEmptyAfterSignal}. The "guard dropped"
     * lockstep kind; not reworked_no_recheck, which is REWORKED's re-check replaced by the enable result, nor
     * enable_no_signaled_check, which calls the driver on a signaled fence.
     */
    ADD_NO_SIGNALED_RECHECK("add_no_signaled_recheck", "DmaFence"),

    // ---- added with issue 18: the driver shapes and callers of the posted series -----------------------------

    /**
     * The driver's interrupt handler signals a passed fence but never takes back the entry its
     * {@code ->enable_signaling} left (no {@code list_del()}, no {@code dma_fence_put()}): in the "dropped"
     * handler's bookkeeping step (spec {@code IrqBook}) and in the "held" handler's per-fence step
     * ({@code IrqNextFence}). Refutes {@code OpSideEffectsBalance}; impl: {@code DriverTimeline}'s handler,
     * caught by {@code DriverTimeline.sideEffectLeaks()}.
     */
    HANDLER_KEEPS_ENTRY("handler_keeps_entry", "DmaFence"),
    /**
     * {@code dma_fence_add_callback()} takes {@code fence->lock} with {@code spin_lock_irq()} and releases it with
     * {@code spin_unlock_irq()}, which enables IRQs whatever the caller had: called from an irq_work (Caller
     * "irq_work") it turns IRQs on inside the atomic context. Refutes {@code AtomicCallerKeepsIrqsOff}; impl:
     * {@code DmaFence.addCallback}, reported by lockdep as {@code IRQS_ENABLED_IN_ATOMIC_CALLER}.
     */
    ADD_LOCK_IRQ("add_lock_irq", "DmaFence"),

    // ---- spec/DmaFenceLifetime.tla --------------------------------------------------------------------------

    /**
     * Every {@code fence->ops} use: the pointer is loaded before {@code rcu_read_lock()}, so a grace period that
     * starts in between does not wait for the reader. Refutes {@code NoCodeAfterUnload}.
     */
    OPS_OUTSIDE_RCU("ops_outside_rcu", "DmaFenceLifetime"),
    /**
     * The module's exit path frees the module without {@code synchronize_rcu()}. Refutes
     * {@code NoCodeAfterUnload}. Selected on the {@code DriverModule}'s context.
     */
    NO_GRACE_PERIOD("no_grace_period", "DmaFenceLifetime"),
    /**
     * {@code dma_fence_is_signaled()} / {@code __dma_fence_enable_signaling()}: {@code ->signaled} and
     * {@code ->enable_signaling} are called without the {@code ops &&} test, through a detached NULL pointer.
     * Refutes {@code NoNullOpsCall}.
     */
    NO_NULL_CHECK("no_null_check", "DmaFenceLifetime"),
    /**
     * {@code dma_fence_signal_timestamp_locked()}: the winner does not detach {@code fence->ops}, so a reader
     * after the grace period still reaches the freed module. Refutes {@code OpsDetachedOnSignal} and
     * {@code NoCodeAfterUnload}.
     */
    NO_DETACH("no_detach", "DmaFenceLifetime"),
    /**
     * {@code dma_fence_is_signaled()}: the early return on NULL ops forgets {@code rcu_read_unlock()}, so the
     * read-side section never ends and a grace period never ends. Refutes {@code UnloadCompletes}.
     */
    RCU_UNLOCK_LEAK("rcu_unlock_leak", "DmaFenceLifetime"),
    /**
     * {@code dma_fence_driver_name()}: {@code rcu_read_unlock()} twice, so the nesting count goes negative and an
     * enclosing section ends early. Refutes {@code TypeOK} (and {@code NoCodeAfterUnload}).
     */
    RCU_DOUBLE_UNLOCK("rcu_double_unlock", "DmaFenceLifetime"),
    /**
     * A caller of the fence API that forgot {@code dma_fence_get()}: it calls on a fence it holds no reference
     * to, which may be released meanwhile. A caller's mistake, not a step of the core: impl has no weave for it
     * (spec/mutations-unmatched.tsv). Refutes {@code NoUseAfterRelease} in TLC.
     */
    CALL_WITHOUT_REFERENCE("call_without_reference", "DmaFenceLifetime"),
    /**
     * {@code dma_fence_driver_name()} / {@code dma_fence_timeline_name()}: SIGNALED is tested before
     * {@code rcu_dereference()} of the ops instead of after, so a detach between the two leaves the query calling
     * through NULL. Refutes {@code NoNullOpsCall}.
     */
    NAME_TEST_BEFORE_READ("name_test_before_read", "DmaFenceLifetime"),

    // Broken driver profiles (spec DmaFence.tla DriverMutations, applied in DmaFenceDrivers.tla; impl
    // org.fencecheck.drivers). Each names the driver step it breaks and the driver property that refutes it.

    /**
     * xe: the corrected op links its entry on {@code irq->pending} before taking {@code irq->lock}
     * (XeOpEnter/XeOpLink). Refutes {@code NoLostListEntry}.
     */
    XE_ADD_OUTSIDE_LOCK("xe_add_outside_lock", "DmaFenceDrivers"),
    /**
     * xe: {@code list_add_tail()} without the {@code dma_fence_get()} the entry owns (XeOpEnter). Refutes
     * {@code DriverRefsBalance}.
     */
    XE_ADD_WITHOUT_GET("xe_add_without_get", "DmaFenceDrivers"),
    /**
     * xe: {@code hw_fence_irq_run_cb()} unlinks a signalled entry without {@code dma_fence_put()} (XeIrqDel).
     * Refutes {@code NoEntryLeftForSignaled}.
     */
    XE_IRQ_LEAKS_REFERENCE("xe_irq_leaks_reference", "DmaFenceDrivers"),
    /**
     * xe: the op does not run {@code xe_hw_fence_irq_run()} for a fence the hardware already passed
     * (XeOpCheck). Refutes {@code NoLostCompletion}.
     */
    XE_CHECK_IGNORES_PASSED("xe_check_ignores_passed", "DmaFenceDrivers"),
    /**
     * nouveau: {@code nouveau_fence_is_signaled()} without its {@code fence->channel == NULL} test (NvOpCheck).
     * Refutes {@code NoDoubleListDel}.
     */
    NOUVEAU_NO_CHANNEL_TEST("nouveau_no_channel_test", "DmaFenceDrivers"),
    /**
     * nouveau: {@code nouveau_fence_signal()} does not uncount a USER_BITS fence from {@code notify_ref}
     * (NvWorkDel). Refutes {@code NotifyRefMatchesUserBits}.
     */
    NOUVEAU_SIGNAL_SKIPS_NOTIFY_REF("nouveau_signal_skips_notify_ref", "DmaFenceDrivers"),
    /**
     * A corrected op ({@code _fixed} profiles) without its SIGNALED re-test under the lock it took (OpFlagTest).
     * Refutes {@code NothingAddedAfterSignal} (xe) and {@code NoUseAfterFree} (amdkfd).
     */
    FIXED_NO_FLAG_TEST("fixed_no_flag_test", "DmaFenceDrivers"),
    /**
     * vmwgfx: {@code __vmw_fences_update()} unlinks and signals a fence without {@code vmw_seqno_waiter_remove()}
     * (VmWalk). Refutes {@code SeqnoWaitersMatchFlags}.
     */
    VMW_NO_WAITER_REMOVE("vmw_no_waiter_remove", "DmaFenceDrivers"),
    /**
     * radeon: {@code radeon_fence_check_signaled()} signals without {@code radeon_irq_kms_sw_irq_put()}
     * (RdWakePut). Refutes {@code SwIrqRefsMatchWaitEntries}.
     */
    RADEON_WAKE_KEEPS_IRQ("radeon_wake_keeps_irq", "DmaFenceDrivers"),
    /**
     * i915: {@code irq_signal_request()} wins SIGNALED but does not {@code llist_add()} the request to
     * {@code b->signaled_requests} (I9Ins). Refutes {@code CbListEmptyOnceNotified}.
     */
    I915_SIGNAL_WITHOUT_LLIST("i915_signal_without_llist", "DmaFenceDrivers");

    private final String specName;
    private final String specModule;

    Mutation(String specName, String specModule) {
        this.specName = specName;
        this.specModule = specModule;
    }

    /** Returns the spec's {@code Mutation} string, e.g. {@code "signal_no_splice"}; {@code "none"} for NONE. */
    public String specName() {
        return specName;
    }

    /**
     * Returns the spec module whose {@code Mutation} constant has this name: {@code "DmaFence"},
     * {@code "DmaFenceLifetime"} or {@code "DmaFenceDrivers"} (whose names spec/DmaFence.tla lists as
     * {@code DriverMutations}); {@code ""} for NONE, which all have.
     */
    public String specModule() {
        return specModule;
    }

    /**
     * Returns the mutation with the spec's name.
     *
     * @param name a spec {@code Mutation} string, e.g. {@code "signal_no_splice"} or {@code "none"}
     * @return the constant
     * @throws IllegalArgumentException naming the unknown name and the known ones
     */
    public static Mutation ofSpecName(String name) {
        for (Mutation m : values()) {
            if (m.specName.equals(name)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown mutation '" + name + "' (known: "
                + Arrays.stream(values()).map(Mutation::specName).collect(Collectors.joining(", ")) + ")");
    }
}
