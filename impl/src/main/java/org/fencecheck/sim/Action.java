package org.fencecheck.sim;

/**
 * The kinds of atomic step the simulated kernel code announces to a {@link StepListener}. Each kind names the
 * action of spec/DmaFence.tla it mirrors ({@link #specAction()}), or {@code null} for steps the spec does not
 * model (reference counting, the timestamp reader, contended spinning, and the lifetime steps, whose names in
 * spec/DmaFenceLifetime.tla each constant's comment gives).
 */
public enum Action {
    /** A kernel API call starts (spec {@code Call}). */
    CALL("Call"),
    /**
     * A kernel API call starts in an irq_work that interrupted the CPU (spec {@code IrqWorkCall}): announced by
     * {@link Machine#step} in place of {@link #CALL} for a call made in hard-IRQ context.
     */
    IRQ_WORK_CALL("IrqWorkCall"),
    /** The irq_work's call is done and {@code irq_work_run()} returns (spec {@code IrqWorkReturn}). */
    IRQ_WORK_RETURN("IrqWorkReturn"),
    /** {@code spin_lock*()}: the acquisition attempt (spec {@code SpinLock}). */
    LOCK_ACQUIRE("SpinLock"),
    /** The lock was found held: the CPU starts spinning. Not a spec step (there the action is disabled). */
    LOCK_CONTENDED(null),
    /** A spinning CPU got the lock it spun on (the completion of a contended {@code SpinLock}). */
    LOCK_ACQUIRED(null),
    /** {@code spin_unlock*()} (spec {@code SpinUnlock}). */
    LOCK_RELEASE("SpinUnlock"),
    /**
     * {@code test_and_set_bit(SIGNALED)}, and for the winner the splice of {@code cb_list} and the timestamp
     * write with {@code set_bit(TIMESTAMP)}, as one step (spec {@code SignalTestAndSet}; a lock-free reader may
     * still see SIGNALED before TIMESTAMP, which {@code dma_fence_timestamp()} waits out).
     */
    SIGNAL_TEST_AND_SET("SignalTestAndSet"),
    /**
     * The winner's {@code fence->timestamp} write and {@code set_bit(TIMESTAMP)}, announced only with
     * {@code Machine.timestampStep()} (spec {@code SignalStamp}).
     */
    SIGNAL_STAMP("SignalStamp"),
    /** Broken variant cb_before_signaled: SIGNALED and TIMESTAMP set after the callbacks (spec {@code SignalLateBit}). */
    SIGNAL_LATE_BIT("SignalLateBit"),
    /** Broken variant signal_split_tas: {@code dma_fence_signal()}'s lock-free SIGNALED test (spec {@code SignalLockFreeTest}). */
    SIGNAL_LOCK_FREE_TEST("SignalLockFreeTest"),
    /** Broken variant signal_split_tas: SIGNALED set under the lock with no test (spec {@code SignalPlainSet}). */
    SIGNAL_PLAIN_SET("SignalPlainSet"),
    /** One {@code cb->func()} of the spliced list (spec {@code SignalRunCallback}). */
    SIGNAL_RUN_CALLBACK("SignalRunCallback"),
    /** {@code test_and_set_bit(ENABLE_SIGNAL); test_bit(SIGNALED)} (spec {@code EnableTestAndSet}). */
    ENABLE_TEST_AND_SET("EnableTestAndSet"),
    /** Broken variant enable_split_tas: the separate {@code set_bit(ENABLE_SIGNAL)} (spec {@code EnableSetBit}). */
    ENABLE_SET_BIT("EnableSetBit"),
    /** The call of {@code ops->enable_signaling()} (spec {@code DriverEnter}). */
    DRIVER_ENTER("DriverEnter"),
    /** The driver arms its interrupt and re-reads the hardware seqno (spec {@code DriverArm}). */
    DRIVER_ARM("DriverArm"),
    /**
     * Back from {@code ops->enable_signaling()}: not a spec step. The spec folds the return into the driver's last
     * step (DriverArm, or its unlock), whose EnableReturn decides "return true" or "signal"; impl announces it
     * separately only to name the decision in traces.
     */
    ENABLE_AFTER(null),
    /** The lock-free {@code test_bit(SIGNALED)} of {@code dma_fence_add_callback()} (spec {@code AddCallbackFastPath}). */
    ADD_FAST_PATH("AddCallbackFastPath"),
    /** {@code list_add_tail()} or {@code -ENOENT} under the lock (spec {@code AddCallbackInsert}). */
    ADD_INSERT("AddCallbackInsert"),
    /** Broken variant add_insert_unlocked: the unlocked {@code list_add_tail()} (spec {@code AddCallbackLink}). */
    ADD_LINK("AddCallbackLink"),
    /** {@code list_del_init()} under the lock (spec {@code RemoveCallbackDel}). */
    REMOVE_DEL("RemoveCallbackDel"),
    /** Broken variant remove_unlocked: the write-back of the list read unlocked (spec {@code RemoveCallbackWrite}). */
    REMOVE_WRITE("RemoveCallbackWrite"),
    /** {@code dma_fence_remove_callback()} returns its answer to the caller (spec {@code RemoveCallbackReturn}). */
    REMOVE_RETURN("RemoveCallbackReturn"),
    /** {@code dma_fence_is_signaled()}: the flag test and {@code ops->signaled()} (spec {@code IsSignaled}). */
    IS_SIGNALED("IsSignaled"),
    /**
     * {@code dma_fence_is_signaled()} returns true after the {@code dma_fence_signal()} that its op's answer led to
     * (spec {@code IsSignaledReturn}).
     */
    IS_SIGNALED_RETURN("IsSignaledReturn"),
    /** {@code dma_fence_is_signaled_locked()} inside {@code dma_fence_get_status()} (spec {@code GetStatusRead}). */
    GET_STATUS_READ("GetStatusRead"),
    /** {@code dma_fence_get_status()} returns the status it computed under the lock (spec {@code GetStatusReturn}). */
    GET_STATUS_RETURN("GetStatusReturn"),
    /** A write of {@code fence->error} (spec {@code SetError}). */
    SET_ERROR("SetError"),
    /** The lock-free {@code test_bit(SIGNALED)} of the default wait (spec {@code WaitFastPath}). */
    WAIT_FAST_PATH("WaitFastPath"),
    /** The waiter's callback is added at the head under the lock (spec {@code WaitAddWaiter}). */
    WAIT_ADD_WAITER("WaitAddWaiter"),
    /** Broken variant lost_wakeup: {@code set_current_state()} after the unlock (spec {@code WaitSetState}). */
    WAIT_SET_STATE("WaitSetState"),
    /** {@code schedule_timeout()} returned (spec {@code WaitSchedule}). */
    WAIT_SCHEDULE("WaitSchedule"),
    /** The waiter re-checks under the lock (spec {@code WaitCheck}). */
    WAIT_CHECK("WaitCheck"),
    /**
     * A driver's {@code ->wait} sets its task state (spec {@code DriverWaitSetState}); its
     * {@code dma_fence_add_callback()} and {@code dma_fence_remove_callback()} announce those functions' own steps.
     */
    DRIVER_WAIT_SET_STATE("DriverWaitSetState"),
    /** A driver's {@code ->wait} tests SIGNALED lock-free (spec {@code DriverWaitTest}). */
    DRIVER_WAIT_TEST("DriverWaitTest"),
    /** A driver's {@code ->wait}: {@code schedule_timeout()} returned (spec {@code DriverWaitSchedule}). */
    DRIVER_WAIT_SCHEDULE("DriverWaitSchedule"),
    /** A driver's {@code ->wait} returns its answer (spec {@code DriverWaitReturn}). */
    DRIVER_WAIT_RETURN("DriverWaitReturn"),
    /** The hardware passes the next seqno (spec {@code HwComplete}). */
    HW_COMPLETE("HwComplete"),
    /** An interrupt is taken (spec {@code IrqEnter}). */
    IRQ_ENTER("IrqEnter"),
    /** The handler picks the next passed fence to signal (spec {@code IrqNextFence}). */
    IRQ_NEXT_FENCE("IrqNextFence"),
    /**
     * Handler {@code dropped}: under its lock the handler takes back the entries of every passed fence (spec
     * {@code IrqBook}); the unlock that follows is a plain {@code SpinUnlock} (pc {@code irq_drop}).
     */
    IRQ_BOOK("IrqBook"),
    /**
     * Return from interrupt (spec {@code IrqUnlockExit}, the unlock of the driver lock and the return as one step;
     * a handler without a driver lock returns in its last {@code IrqNextFence} step).
     */
    IRQ_EXIT("IrqUnlockExit"),
    /**
     * The atomic context around a finished call ends: the other fence's callback returns and its signaller drops
     * {@code fence->lock}, or the irq_work returns; IRQs are on again (spec {@code CallerExit}).
     */
    CALLER_EXIT("CallerExit"),
    /** {@code dma_fence_timestamp()} polls TIMESTAMP (not a spec step). */
    TIMESTAMP_READ(null),
    /** {@code dma_fence_put()}'s {@code kref_put()} of the consumer's reference (spec {@code PutDec}). */
    PUT_DEC("PutDec"),
    /** The driver drops its reference to a fence it is done with (spec {@code RetireDec}). */
    RETIRE_DEC("RetireDec"),
    /** {@code dma_fence_release()}'s test for callbacks pending on an unsignaled fence (spec {@code ReleaseTest}). */
    RELEASE_TEST("ReleaseTest"),
    /** {@code fence->error = -EDEADLK} under the lock before the release's signal (spec {@code ReleaseError}). */
    RELEASE_ERROR("ReleaseError"),
    /** {@code ops->release()} or {@code dma_fence_free()} gives the memory back (spec {@code ReleaseFree}). */
    RELEASE_FREE("ReleaseFree"),
    /** {@code rcu_read_lock()} (part of DmaFenceLifetime's {@code ReadOps}, or its {@code LateRcuLock}). */
    RCU_READ_LOCK(null),
    /** {@code rcu_read_unlock()} (DmaFenceLifetime's {@code RcuReadUnlock}). */
    RCU_READ_UNLOCK(null),
    /** A load of {@code fence->ops}: {@code rcu_dereference()} or the legacy plain load (DmaFenceLifetime's {@code ReadOps}). */
    OPS_READ(null),
    /** The name queries' SIGNALED test in a step of its own (DmaFenceLifetime's {@code NameTest}; broken order only). */
    NAME_TEST(null),
    /** A dereference of the loaded ops: an op called or the table read (DmaFenceLifetime's {@code OpsCall}). */
    OPS_CALL(null),
    /** {@code synchronize_rcu()}: its start, each poll and its end (DmaFenceLifetime's {@code ModuleDrained}, {@code GraceEnd}). */
    GRACE_PERIOD(null),
    /** A driver module's exit path changes the module's state (DmaFenceLifetime's {@code ModuleExit} ... {@code GraceEnd}). */
    MODULE_EXIT(null),
    /** The driver retires a fence: signals it and drops its reference (DmaFenceLifetime's {@code DriverRetire}). */
    DRIVER_RETIRE(null),
    /**
     * A step of a real driver's code (org.fencecheck.drivers; spec/DmaFenceDrivers.tla's profile actions, which
     * the step's text names, e.g. {@code "XeOpAdd: dma_fence_get(); list_add_tail(&irq->pending)"}).
     */
    DRIVER_PROFILE(null);

    private final String specAction;

    Action(String specAction) {
        this.specAction = specAction;
    }

    /** Returns the name of the spec/DmaFence.tla action this step mirrors, or {@code null} if none. */
    public String specAction() {
        return specAction;
    }
}
