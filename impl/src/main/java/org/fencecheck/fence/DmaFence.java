package org.fencecheck.fence;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.fencecheck.sim.Action;
import org.fencecheck.sim.Cpu;
import org.fencecheck.sim.Machine;
import org.fencecheck.sim.Sched;
import org.fencecheck.sim.SpinLock;
import org.fencecheck.sim.Step;

/**
 * Mirrors {@code struct dma_fence} and the functions of drivers/dma-buf/dma-fence.c (6.x mainline, with the
 * 4.x-6.14 convention that the signal functions return {@code -EINVAL} when the fence was already signaled).
 *
 * <p>A fence is created by {@link #init}, with the driver's {@link DmaFenceOps}, a {@link SpinLock} usually
 * shared by all fences of the timeline, and a {@link FenceContext} carrying the context id and the
 * {@link LockingPolicy}. Every method runs as the calling thread's simulated {@link Cpu} and marks each atomic
 * step of the C code on the lock's {@link Machine} (see {@link org.fencecheck.sim.Action} for the step names).
 *
 * <p>How the core reaches {@code fence->ops} is the context's {@link OpsLifetime}: a plain pointer
 * ({@link OpsLifetime#PINNED}, the default), or an RCU-protected one that signaling detaches
 * ({@link OpsLifetime#RCU_DETACH}); see {@link OpsPointer}. Every dereference checks that the table's module
 * ({@link DmaFenceOps#owner()}) is still loaded and reports to the machine's module validator if not.
 *
 * <p>An exception escaping a driver op or a callback is an oops: locks held at that point stay held, as they
 * would in the kernel.
 */
public final class DmaFence {

    /*
     * Overview: the protocol.
     *
     * State. `flags` holds SIGNALED, TIMESTAMP and ENABLE_SIGNAL; each goes false -> true only, by an atomic
     * getAndBitwiseOr (test_and_set_bit: a full fence, as in C). `cbList` is fence->cb_list; it is written only
     * with the fence lock held and is an immutable list published through a volatile field, so the few readers
     * outside the lock (the release check, state snapshots) see a whole list. `timestamp` is plain: it is written
     * once, under the lock, before TIMESTAMP is set (a volatile RMW), and read only after TIMESTAMP was observed
     * set (a volatile read), which orders the two. `error` is volatile: the kernel writes it without the lock and
     * relies on the driver ordering set_error before signal; volatile keeps even an illegal late write visible
     * and race-free in Java.
     *
     * Invariants. SIGNALED never clears. Only the CPU that wins test_and_set(SIGNALED), holding the lock, splices
     * the list off, writes the timestamp and runs the callbacks, so each callback registered at signal time runs
     * exactly once, in list order, and none registered later runs; after SIGNALED the list stays empty because
     * every insertion is decided under the lock after re-testing SIGNALED. TIMESTAMP implies SIGNALED.
     * ->enable_signaling is entered at most once (the first CPU to set ENABLE_SIGNAL), and never by a CPU that
     * saw SIGNALED after setting ENABLE_SIGNAL.
     *
     * The two designs differ only in __dma_fence_enable_signaling(). LEGACY runs it under the fence lock with
     * IRQs off: then "ENABLE_SIGNAL set, driver told" and "signaled" are serialized, and a false return from the
     * driver signals with signal_locked. REWORKED runs it lock-free in the caller's IRQ state and signals a
     * false return with dma_fence_signal(); add_callback then takes the lock and re-checks SIGNALED, which is
     * what keeps a callback from being appended to an already signaled fence (and so lost).
     *
     * Races guarded against. (1) add_callback vs signal: the lock-free SIGNALED test is only a fast path; the
     * decision to append is taken under the lock, where signal's test-and-set and splice also happen. (2) The
     * header's ENABLE_SIGNAL race: testing SIGNALED after setting ENABLE_SIGNAL means a signaler either ran
     * before (we see SIGNALED and return false) or will run after the driver was told. (3) Lost wake-ups of a
     * waiter: it adds its wake callback and re-tests SIGNALED under the lock before sleeping, and the wake runs
     * under the same lock; the park permit keeps a wake between unlock and park. (4) The reader of the timestamp
     * who sees SIGNALED before TIMESTAMP waits for TIMESTAMP (dma_fence_timestamp()).
     *
     * Lifetime (spec DmaFenceLifetime.tla). `opsPtr` is fence->ops; every use of it is one OpsPointer
     * begin/reachable/end bracket (an RCU read-side section under RCU_DETACH), and the call it guards runs inside
     * the bracket, except ->wait, which upstream calls after leaving the section (a driver with ->wait keeps its
     * ops, so it must not be unloaded while its fences live; the spec's reworked_wait model shows the cost). The
     * winner of SIGNALED detaches the ops when `detachOnSignal`, i.e. the lifetime detaches and the driver has
     * neither ->release nor ->wait; the decision is fixed at init because the table is immutable, which is what
     * the C code's read of ops->release/->wait at signal time amounts to. Invariant: once SIGNALED is set and
     * detachOnSignal holds, no CPU that enters a section afterwards reaches the driver, so a module whose fences
     * are all signaled can be freed after one grace period. The name queries test SIGNALED after loading the
     * pointer: a fence signaled in between answers the fixed string without calling the driver.
     */

    private static final AtomicLong CONTEXT_COUNTER = new AtomicLong(1);

    private static final VarHandle FLAGS;
    private static final VarHandle ERROR;

    static {
        try {
            FLAGS = MethodHandles.lookup().findVarHandle(DmaFence.class, "flags", int.class);
            ERROR = MethodHandles.lookup().findVarHandle(DmaFence.class, "error", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    static final String FN_SIGNAL = "dma_fence_signal";
    static final String FN_SIGNAL_TIMESTAMP = "dma_fence_signal_timestamp";
    static final String FN_SIGNAL_LOCKED = "dma_fence_signal_timestamp_locked";
    static final String FN_SIGNAL_NOTIFY = "__dma_fence_signal__notify";
    static final String FN_ENABLE = "__dma_fence_enable_signaling";
    static final String FN_ESW = "dma_fence_enable_sw_signaling";
    static final String FN_ADD = "dma_fence_add_callback";
    static final String FN_REMOVE = "dma_fence_remove_callback";
    static final String FN_IS_SIGNALED = "dma_fence_is_signaled";
    static final String FN_IS_SIGNALED_LOCKED = "dma_fence_is_signaled_locked";
    static final String FN_STATUS = "dma_fence_get_status";
    static final String FN_SET_ERROR = "dma_fence_set_error";
    static final String FN_WAIT_TIMEOUT = "dma_fence_wait_timeout";
    static final String FN_DEFAULT_WAIT = "dma_fence_default_wait";
    static final String FN_WAIT_ANY = "dma_fence_wait_any_timeout";
    static final String FN_RELEASE = "dma_fence_release";
    static final String FN_PUT = "dma_fence_put";
    static final String FN_TIMESTAMP = "dma_fence_timestamp";
    static final String FN_DRIVER_NAME = "dma_fence_driver_name";
    static final String FN_TIMELINE_NAME = "dma_fence_timeline_name";

    /** What {@link #driverName()} answers for a signaled (or detached) fence under an RCU lifetime. */
    public static final String DETACHED_DRIVER = "detached-driver";
    /** What {@link #timelineName()} answers for a signaled (or detached) fence under an RCU lifetime. */
    public static final String SIGNALED_TIMELINE = "signaled-timeline";

    private static final int SIGNALED = 1 << FenceFlags.SIGNALED_BIT;
    private static final int TIMESTAMP = 1 << FenceFlags.TIMESTAMP_BIT;
    private static final int ENABLE_SIGNAL = 1 << FenceFlags.ENABLE_SIGNAL_BIT;

    private final OpsPointer opsPtr;
    /** Which optional ops the driver's table has: fixed at init, meaningful only while the pointer is not NULL. */
    private final OpsPresence has;
    private final boolean detachOnSignal;
    /** Set once by the release; a later touch of the fence is a use-after-free (KASAN's report in the kernel). */
    private volatile boolean freed;
    /** ops->use_64bit_seqno as read at init (upstream keeps it as a flag bit so is_later needs no ops). */
    private final boolean seqno64;
    private final SpinLock lock;
    private final Machine machine;
    private final FenceContext context;
    private final long seqno;
    private final AtomicInteger refcount = new AtomicInteger(1);

    /** Accessed only through FLAGS (atomic bit operations) or as a volatile read. */
    @SuppressWarnings("unused")
    private volatile int flags;

    /** Written only under the lock; see the overview. */
    private volatile CallbackList cbList = CallbackList.EMPTY;

    /** Plain: ordered by the TIMESTAMP bit, see the overview. */
    private long timestamp;

    private volatile int error;

    private DmaFence(DmaFenceOps ops, SpinLock lock, FenceContext context, long seqno) {
        this.has = OpsPresence.of(ops);
        this.lock = lock;
        this.machine = lock.machine();
        // `this` escapes only into the pointer's field, read after construction when a report is made.
        this.opsPtr = new OpsPointer(this, ops, context.lifetime(), context.mutation(), machine, seqno);
        // Mutation no_detach (DmaFenceLifetime SignalFence): the winner of SIGNALED never detaches the ops.
        this.detachOnSignal = context.lifetime().detaches() && !has.release() && !has.waitOp()
                && context.mutation() != Mutation.NO_DETACH;
        this.seqno64 = ops.use64bitSeqno();
        this.context = context;
        this.seqno = seqno;
    }

    /**
     * Mirrors {@code dma_fence_init()}: a fence with one reference, no flags, no error and an empty callback list.
     * The fence must not be published before this returns; init takes no lock.
     *
     * @param ops     the driver's ops ({@code BUG_ON(!ops)})
     * @param lock    the spinlock protecting the fence, usually shared by the timeline ({@code BUG_ON(!lock)})
     * @param context the context id and the locking policy of its timeline
     * @param seqno   the sequence number within the context
     * @return the new fence
     */
    public static DmaFence init(DmaFenceOps ops, SpinLock lock, FenceContext context, long seqno) {
        Objects.requireNonNull(ops, "ops");
        Objects.requireNonNull(lock, "lock");
        Objects.requireNonNull(context, "context");
        return new DmaFence(ops, lock, context, seqno);
    }

    /**
     * Mirrors {@code dma_fence_context_alloc()}: reserves {@code num} consecutive fresh context ids (6.x: the
     * counter starts at 1, context 0 being the stub's).
     *
     * @param num how many ids ({@code WARN_ON(!num)})
     * @return the first id
     */
    public static long contextAlloc(int num) {
        if (num <= 0) {
            throw new IllegalArgumentException("dma_fence_context_alloc(" + num + ")");
        }
        return CONTEXT_COUNTER.getAndAdd(num);
    }

    /**
     * Returns {@code fence->ops} as it is now: the driver's table, or {@code null} once signaling detached it
     * under an RCU lifetime. A snapshot for tests and state dumps; the core never calls through it.
     */
    public DmaFenceOps ops() {
        return opsPtr.peek();
    }

    /** Returns how this fence's core reaches its ops. */
    public OpsLifetime lifetime() {
        return opsPtr.lifetime();
    }

    /** Returns {@code fence->lock}. */
    public SpinLock lock() {
        return lock;
    }

    /** Returns the machine of the fence's lock, which sees the fence's steps. */
    public Machine machine() {
        return machine;
    }

    /** Returns the context id and locking policy. */
    public FenceContext context() {
        return context;
    }

    /** Returns the broken variant this fence's core runs ({@link Mutation#NONE} for the real code). */
    public Mutation mutation() {
        return context.mutation();
    }

    /** Returns the locking policy of the fence's timeline. */
    public LockingPolicy policy() {
        return context.policy();
    }

    /** Returns {@code fence->seqno}. */
    public long seqno() {
        return seqno;
    }

    /** Same as {@link #driverName()}. */
    public String getDriverName() {
        return driverName();
    }

    /** Same as {@link #timelineName()}. */
    public String getTimelineName() {
        return timelineName();
    }

    /**
     * Mirrors {@code dma_fence_driver_name()}. PINNED: always {@code ops->get_driver_name()}. RCU lifetimes:
     * under {@code rcu_read_lock()}, {@value #DETACHED_DRIVER} once the fence is signaled or its ops detached,
     * else the driver's answer (the C caller holds the read lock for as long as it uses the string; a Java
     * string needs no such care).
     *
     * @return the driver's name or the fixed string
     */
    public String driverName() {
        return name(FN_DRIVER_NAME, "get_driver_name", DETACHED_DRIVER);
    }

    /**
     * Mirrors {@code dma_fence_timeline_name()}: like {@link #driverName()} with {@value #SIGNALED_TIMELINE}.
     *
     * @return the timeline's name or the fixed string
     */
    public String timelineName() {
        return name(FN_TIMELINE_NAME, "get_timeline_name", SIGNALED_TIMELINE);
    }

    private String name(String fn, String op, String fixed) {
        if (context.mutation() == Mutation.NAME_TEST_BEFORE_READ && opsPtr.lifetime().usesRcu()) {
            return nameTestFirst(fn, op, fixed);
        }
        DmaFenceOps o = opsPtr.begin(fn);
        try {
            // Upstream tests SIGNALED after rcu_dereference(): a fence detached in between still answers.
            if (opsPtr.lifetime().usesRcu() && (o == null || testBit(SIGNALED))) {
                return fixed;
            }
            opsPtr.touch(o, op, fn);
            return op.equals("get_driver_name") ? o.getDriverName(this) : o.getTimelineName(this);
        } finally {
            opsPtr.end(fn);
            if (context.mutation() == Mutation.RCU_DOUBLE_UNLOCK && fn.equals(FN_DRIVER_NAME)) {
                // Mutation rcu_double_unlock (DmaFenceLifetime RcuReadUnlock): a second rcu_read_unlock().
                opsPtr.end(fn);
            }
        }
    }

    /**
     * Mutation name_test_before_read (DmaFenceLifetime NameTest before ReadOps): the name query tests SIGNALED
     * first and loads {@code fence->ops} afterwards, then uses the pointer without a NULL test as upstream does.
     * A signal between the two detaches the ops, and the query calls through NULL.
     */
    private String nameTestFirst(String fn, String op, String fixed) {
        machine.step(Action.NAME_TEST, fn, "test SIGNALED before reading ops", seqno);
        boolean signaled = testBit(SIGNALED);
        DmaFenceOps o = opsPtr.begin(fn);
        try {
            if (signaled) {
                return fixed;
            }
            if (o == null) {
                throw opsPtr.callThroughNull(op, fn);
            }
            opsPtr.touch(o, op, fn);
            return op.equals("get_driver_name") ? o.getDriverName(this) : o.getTimelineName(this);
        } finally {
            opsPtr.end(fn);
        }
    }

    /**
     * Mutation reinit (spec Call with op "reinit"): {@code dma_fence_init()} called again on this live fence,
     * clearing its flags. Only a fence whose context runs {@link Mutation#REINIT} allows it, as only that spec
     * variant has the call.
     *
     * @throws IllegalStateException if the context's mutation is not REINIT
     */
    public void reinit() {
        if (context.mutation() != Mutation.REINIT) {
            throw new IllegalStateException("dma_fence_init() on a live fence needs Mutation.REINIT, not "
                    + context.mutation());
        }
        machine.step(Action.CALL, "dma_fence_init", "call", seqno);
        FLAGS.setVolatile(this, 0);
    }

    /** Returns {@code fence->flags} (a volatile read). */
    public int flags() {
        return (int) FLAGS.getVolatile(this);
    }

    /** Returns {@code fence->error} (0 or a negative errno). */
    public int error() {
        return error;
    }

    /** Returns the reference count. */
    public int refcount() {
        return refcount.get();
    }

    /** Returns the fence's abstract state, for tests and trace validation (see {@link FenceState}). */
    public FenceState state() {
        int f = flags();
        long ts = (f & TIMESTAMP) != 0 ? timestamp : 0;
        return new FenceState(context.id(), seqno, f, cbList.asList(), error, ts, refcount.get());
    }

    // ---------------------------------------------------------------------------------------------------------
    // Signalling
    // ---------------------------------------------------------------------------------------------------------

    /**
     * Mirrors {@code dma_fence_signal()}: takes the lock irqsave and signals with the current time.
     *
     * @return 0 on the first signal, {@code -EINVAL} if the fence was already signaled
     */
    public int signal() {
        return lockAndSignal(FN_SIGNAL, Long.MIN_VALUE);
    }

    /**
     * Mirrors {@code dma_fence_signal_timestamp()}: like {@link #signal()} with a given timestamp.
     *
     * @param ts the timestamp to record
     * @return 0 on the first signal, {@code -EINVAL} if the fence was already signaled
     */
    public int signalTimestamp(long ts) {
        return lockAndSignal(FN_SIGNAL_TIMESTAMP, ts);
    }

    /**
     * Mirrors {@code dma_fence_signal_locked()}: the caller holds the fence lock ({@code lockdep_assert_held}).
     *
     * @return 0 on the first signal, {@code -EINVAL} if the fence was already signaled
     * @throws IllegalStateException if the calling CPU does not hold the fence lock
     */
    public int signalLocked() {
        assertLockHeld("dma_fence_signal_locked");
        return signalTimestampLockedImpl(ktimeGet());
    }

    /**
     * Mirrors {@code dma_fence_signal_timestamp_locked()}: the caller holds the fence lock.
     *
     * @param ts the timestamp to record
     * @return 0 on the first signal, {@code -EINVAL} if the fence was already signaled
     * @throws IllegalStateException if the calling CPU does not hold the fence lock
     */
    public int signalTimestampLocked(long ts) {
        assertLockHeld(FN_SIGNAL_LOCKED);
        return signalTimestampLockedImpl(ts);
    }

    private int lockAndSignal(String fn, long ts) {
        Mutation m = context.mutation();
        if (m == Mutation.SIGNAL_SPLIT_TAS) {
            return splitTasSignal(fn, ts);
        }
        if (m == Mutation.SIGNAL_PLAIN_LOCK) {
            // Mutation signal_plain_lock (spec HowAt of sig_lock): dma_fence_signal() takes fence->lock with
            // spin_lock(), right only in the interrupt handler; in process context IRQs stay on under the lock.
            lock.spinLock(fn, seqno);
            int ret = signalTimestampLockedImpl(ts == Long.MIN_VALUE ? ktimeGet() : ts);
            lock.spinUnlock(fn, seqno);
            return ret;
        }
        boolean irqFlags = lock.spinLockIrqsave(fn, seqno);
        int ret = signalTimestampLockedImpl(ts == Long.MIN_VALUE ? ktimeGet() : ts);
        if (m == Mutation.SIGNAL_UNLOCK_PLAIN) {
            // Mutation signal_unlock_plain (spec HowAt of sig_unlock): spin_unlock() where spin_unlock_irqrestore()
            // belongs, so the flags saved by spin_lock_irqsave() are never restored.
            lock.spinUnlock(fn, seqno);
            return ret;
        }
        lock.spinUnlockIrqrestore(irqFlags, fn, seqno);
        return ret;
    }

    /**
     * Mutation signal_split_tas (spec SignalLockFreeTest + SignalPlainSet): dma_fence_signal() tests SIGNALED
     * lock-free, then under the lock sets it without testing again and does the winner's work, so two
     * signallers can both win (both return 0, the timestamp is written twice).
     */
    private int splitTasSignal(String fn, long ts) {
        machine.step(Action.SIGNAL_LOCK_FREE_TEST, fn, "test_bit(SIGNALED)", seqno);
        if (testBit(SIGNALED)) {
            return -Errno.EINVAL;
        }
        boolean irqFlags = lock.spinLockIrqsave(fn, seqno);
        machine.step(Action.SIGNAL_PLAIN_SET, FN_SIGNAL_LOCKED,
                "set_bit(SIGNALED) (no test); list_replace(cb_list); set TIMESTAMP", seqno);
        FLAGS.getAndBitwiseOr(this, SIGNALED);
        if (detachOnSignal) {
            opsPtr.detach();
        }
        CallbackList local = spliceCallbacks();
        writeTimestamp(ts == Long.MIN_VALUE ? ktimeGet() : ts);
        runCallbacks(local);
        lock.spinUnlockIrqrestore(irqFlags, fn, seqno);
        return 0;
    }

    /** The body of dma_fence_signal_timestamp_locked(); the lock is held. */
    private int signalTimestampLockedImpl(long ts) {
        // Exact, not a guess: SIGNALED is only ever set here, with this lock held (broken variants aside).
        boolean was = testBit(SIGNALED);
        boolean stampStep = machine.timestampStep() && context.mutation() != Mutation.CB_BEFORE_SIGNALED;
        String stamp = stampStep ? "" : "; set TIMESTAMP";
        machine.step(Action.SIGNAL_TEST_AND_SET, FN_SIGNAL_LOCKED, was ? "test_and_set_bit(SIGNALED): already set"
                : detachOnSignal ? "test_and_set_bit(SIGNALED); RCU_INIT_POINTER(fence->ops, NULL);"
                        + " list_replace(cb_list)" + stamp
                : "test_and_set_bit(SIGNALED); list_replace(cb_list)" + stamp, seqno);
        if (freed) {
            // NoAccessAfterFree: the kernel's KASAN reports the write; the twin records it and goes on.
            machine.warn(FN_SIGNAL_LOCKED, "BUG: KASAN: slab-use-after-free in dma_fence_signal_timestamp_locked");
        }
        Mutation m = context.mutation();
        if (m == Mutation.CB_BEFORE_SIGNALED && !was) {
            // Mutation cb_before_signaled (spec SignalTestAndSet + SignalLateBit): the callbacks run first,
            // SIGNALED and TIMESTAMP are set after them.
            runCallbacks(spliceCallbacks());
            machine.step(Action.SIGNAL_LATE_BIT, FN_SIGNAL_LOCKED, "set_bit(SIGNALED); set TIMESTAMP (late)", seqno);
            FLAGS.getAndBitwiseOr(this, SIGNALED);
            if (detachOnSignal) {
                opsPtr.detach();
            }
            writeTimestamp(ts);
            return 0;
        }
        if (testAndSetBit(SIGNALED)) {
            if (m == Mutation.TS_ON_EVERY_SIGNAL) {
                // Mutation ts_on_every_signal (spec SignalTestAndSet, tsAgain): the loser rewrites the timestamp.
                writeTimestamp(ts);
            } else if (m == Mutation.SIGNAL_NO_SPLICE) {
                // Mutation signal_no_splice (spec SignalTestAndSet): the list was never spliced off, so the
                // callbacks still linked run again.
                runCallbacks(cbList);
            }
            return -Errno.EINVAL;
        }
        if (detachOnSignal) {
            opsPtr.detach();
        }
        // Mutation signal_no_splice: no list_replace(); the callbacks are run off fence->cb_list, which keeps them.
        CallbackList local = m == Mutation.SIGNAL_NO_SPLICE ? cbList : spliceCallbacks();
        if (stampStep) {
            // Spec SignalStamp: a lock-free reader that saw SIGNALED may look before the write.
            machine.step(Action.SIGNAL_STAMP, FN_SIGNAL_LOCKED, "fence->timestamp = ktime_get(); set_bit(TIMESTAMP)",
                    seqno);
        }
        writeTimestamp(ts);
        runCallbacks(local);
        return 0;
    }

    /**
     * The first half of {@code __dma_fence_signal()} for a driver that signals in two halves (i915's
     * breadcrumbs: {@code irq_signal_request()}, {@code signal_irq_work()}): {@code test_and_set_bit(SIGNALED)}
     * with no lock held; the winner detaches the ops as {@link #signal()}'s winner does. The winner owns the
     * notification and must call {@link #signalNotifyLocked(long)} under the fence lock later.
     *
     * @return whether SIGNALED was already set (the caller lost)
     */
    public boolean testAndSetSignaledBit() {
        boolean was = testAndSetBit(SIGNALED);
        if (!was && detachOnSignal) {
            opsPtr.detach();
        }
        return was;
    }

    /**
     * The second half: {@code list_replace(&fence->cb_list, &cb_list)}, {@code __dma_fence_signal__timestamp()}
     * and {@code __dma_fence_signal__notify()} under the fence lock, by the CPU that won SIGNALED with
     * {@link #testAndSetSignaledBit()}. Until then the fence is signalled with its callbacks still listed.
     *
     * @param ts the timestamp the signaller took
     * @throws IllegalStateException if the calling CPU does not hold the fence lock
     */
    public void signalNotifyLocked(long ts) {
        assertLockHeld(FN_SIGNAL_NOTIFY);
        CallbackList local = spliceCallbacks();
        writeTimestamp(ts);
        runCallbacks(local);
    }

    /** cur->func(fence, cur) for each callback of the list, in order (spec SignalRunCallback). */
    private void runCallbacks(CallbackList local) {
        for (FenceCallback cb : local.asList()) {
            machine.step(Action.SIGNAL_RUN_CALLBACK, FN_SIGNAL_LOCKED, "cb->func()", cb.name(), seqno);
            cb.func(this);
        }
    }

    /** list_replace(&fence->cb_list, &cb_list): the winner of SIGNALED takes the whole list. */
    private CallbackList spliceCallbacks() {
        CallbackList local = cbList;
        cbList = CallbackList.EMPTY;
        return local;
    }

    /** The plain timestamp write is published by the TIMESTAMP bit's volatile RMW that follows it. */
    private void writeTimestamp(long ts) {
        timestamp = ts;
        FLAGS.getAndBitwiseOr(this, TIMESTAMP);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Enabling signalling
    // ---------------------------------------------------------------------------------------------------------

    /**
     * Mirrors {@code dma_fence_enable_sw_signaling()}: makes sure the driver was asked to signal this fence.
     * LEGACY: under the lock irqsave. REWORKED: lock-free, in the caller's IRQ state.
     */
    public void enableSwSignaling() {
        machine.step(Action.CALL, FN_ESW, "call", seqno);
        enableSwSignalingImpl();
    }

    private void enableSwSignalingImpl() {
        if (context.policy() == LockingPolicy.LEGACY) {
            boolean irqFlags = lock.spinLockIrqsave(FN_ESW, seqno);
            enableSignaling();
            lock.spinUnlockIrqrestore(irqFlags, FN_ESW, seqno);
        } else {
            enableSignaling();
        }
    }

    /**
     * __dma_fence_enable_signaling(): with the lock held under LEGACY, lock-free under REWORKED.
     *
     * @return whether signaling is enabled on a fence that is not signaled
     */
    private boolean enableSignaling() {
        boolean legacy = context.policy() == LockingPolicy.LEGACY;
        if (legacy) {
            assertLockHeld(FN_ENABLE);
        }
        Mutation m = context.mutation();
        boolean wasSet;
        if (m == Mutation.ENABLE_SPLIT_TAS) {
            // Mutation enable_split_tas (spec EnableTestAndSet + EnableSetBit): test_bit() then a separate
            // set_bit() instead of test_and_set_bit(): two lock-free enablers can both see the bit clear.
            machine.step(Action.ENABLE_TEST_AND_SET, FN_ENABLE, "test_bit(ENABLE_SIGNAL)", seqno);
            wasSet = testBit(ENABLE_SIGNAL);
            machine.step(Action.ENABLE_SET_BIT, FN_ENABLE, "set_bit(ENABLE_SIGNAL); test_bit(SIGNALED)", seqno);
            setBitByCas(ENABLE_SIGNAL);
        } else {
            machine.step(Action.ENABLE_TEST_AND_SET, FN_ENABLE,
                    "test_and_set_bit(ENABLE_SIGNAL); test_bit(SIGNALED)", seqno);
            wasSet = testAndSetBit(ENABLE_SIGNAL);
        }
        // Mutation enable_no_signaled_check (spec EnableDecide): no SIGNALED test; the driver is called anyway.
        if (testBit(SIGNALED) && m != Mutation.ENABLE_NO_SIGNALED_CHECK) {
            return false;
        }
        if (wasSet) {
            return true;
        }
        boolean enabled;
        DmaFenceOps o = opsPtr.begin(FN_ENABLE);
        try {
            if (!opsPtr.reachable(o, "enable_signaling", FN_ENABLE) || !has.enableSignaling()) {
                return true;
            }
            enabled = callEnableSignaling(o);
        } finally {
            opsPtr.end(FN_ENABLE);
        }
        if (context.policy().voidEnableSignaling()) {
            // RFC 7/7, 09/10 (spec EnableReturn / OpContinue): the op is void; a driver that found its fence
            // passed has signalled it itself (OpSignal "signal" or "locked"), so the core does nothing more.
            // The driver's answer is kept only as the spec's fm.en (what reworked_no_recheck would append on).
            machine.step(Action.ENABLE_AFTER, FN_ENABLE, "return (void op)", seqno);
            return enabled;
        }
        machine.step(Action.ENABLE_AFTER, FN_ENABLE, enabled ? "return true" : "driver returned false: signal",
                seqno);
        if (enabled) {
            return true;
        }
        if (m == Mutation.ENABLE_FALSE_NO_SIGNAL) {
            // Mutation enable_false_no_signal (spec EnableReturn): false returned, the fence left unsignaled.
            return false;
        }
        if (legacy) {
            signalTimestampLockedImpl(ktimeGet());
        } else {
            signal();
        }
        return false;
    }

    /** Enters the driver: the spec's DriverEnter, checked by lockdep rule (c). */
    private boolean callEnableSignaling(DmaFenceOps o) {
        machine.step(Action.DRIVER_ENTER, FN_ENABLE, "ops->enable_signaling()", seqno);
        machine.lockdep().driverOpEntered(Cpu.current(), "enable_signaling", lock, FN_ENABLE);
        return o.enableSignaling(this);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Callbacks
    // ---------------------------------------------------------------------------------------------------------

    /**
     * Mirrors {@code dma_fence_add_callback()}: registers {@code cb} to run when the fence signals, enabling
     * signaling first. On a fence already signaled it returns {@code -ENOENT} and the callback is never called;
     * the caller must then handle completion itself.
     *
     * @param cb the callback, not on any list
     * @return 0 if added, {@code -ENOENT} if the fence is already signaled, {@code -EINVAL} if {@code cb} is null
     */
    public int addCallback(FenceCallback cb) {
        if (cb == null) {
            machine.warn(FN_ADD, "WARN_ON(!func)");
            return -Errno.EINVAL;
        }
        machine.step(Action.CALL, FN_ADD, "call", cb.name(), seqno);
        machine.step(Action.ADD_FAST_PATH, FN_ADD, "test_bit(SIGNALED)", seqno);
        if (testBit(SIGNALED)) {
            return -Errno.ENOENT;
        }
        boolean legacy = context.policy() == LockingPolicy.LEGACY;
        Mutation m = context.mutation();
        boolean enabled = legacy || enableSignaling();
        if (!legacy && m == Mutation.ADD_INSERT_UNLOCKED) {
            return addUnlocked(cb);
        }
        // Mutation add_lock_irq (spec HowAt of add_lock/add_unlock): spin_lock_irq()/spin_unlock_irq(); the
        // unlock enables IRQs whatever the caller had.
        boolean lockIrq = m == Mutation.ADD_LOCK_IRQ;
        boolean irqFlags = false;
        if (lockIrq) {
            lock.spinLockIrq(FN_ADD, seqno);
        } else {
            irqFlags = lock.spinLockIrqsave(FN_ADD, seqno);
        }
        boolean ok;
        if (legacy) {
            // Mutation add_no_signaled_recheck (spec AddCallbackInsert): enabling's false answer (the fence was
            // signaled since the fast path) is ignored and the callback is appended anyway.
            ok = enableSignaling() || m == Mutation.ADD_NO_SIGNALED_RECHECK;
        } else {
            // Mutation reworked_no_recheck (spec AddCallbackInsert): enabling's answer instead of the re-check.
            ok = m == Mutation.REWORKED_NO_RECHECK ? enabled : !testBit(SIGNALED);
        }
        machine.step(Action.ADD_INSERT, FN_ADD, ok ? "list_add_tail(cb_list)" : "-ENOENT", cb.name(), seqno);
        if (ok) {
            linkTail(cb);
        }
        if (lockIrq) {
            lock.spinUnlockIrq(FN_ADD, seqno);
        } else {
            lock.spinUnlockIrqrestore(irqFlags, FN_ADD, seqno);
        }
        return ok ? 0 : -Errno.ENOENT;
    }

    /**
     * Mutation add_insert_unlocked (spec AddCallbackInsert + AddCallbackLink), REWORKED: the SIGNALED re-check and
     * list_add_tail() without fence->lock, so a signal between them splices the list first and the callback is
     * linked on a signaled fence.
     */
    private int addUnlocked(FenceCallback cb) {
        // Announce first, then read: the read belongs to this step, not to the one before it.
        machine.step(Action.ADD_INSERT, FN_ADD, "test_bit(SIGNALED) unlocked", cb.name(), seqno);
        if (testBit(SIGNALED)) {
            return -Errno.ENOENT;
        }
        machine.step(Action.ADD_LINK, FN_ADD, "list_add_tail(cb_list) unlocked", cb.name(), seqno);
        linkTail(cb);
        return 0;
    }

    /** list_add_tail(); the lock is held. */
    private void linkTail(FenceCallback cb) {
        CallbackList list = cbList;
        if (list.contains(cb)) {
            throw new IllegalStateException("list_add corruption: callback " + cb.name() + " already linked");
        }
        cbList = list.append(cb);
    }

    /** list_add(): at the head, as the default waiter does; the lock is held. */
    private void linkHead(FenceCallback cb) {
        cbList = cbList.prepend(cb);
    }

    /** list_del_init(), or nothing if {@code cb} is not linked; the lock is held. */
    private void unlink(FenceCallback cb) {
        cbList = cbList.remove(cb);
    }

    /**
     * Mirrors {@code dma_fence_remove_callback()}: unlinks {@code cb} if it is still pending. After a true
     * return the callback will never run; false means it already ran (or was never added).
     *
     * @param cb the callback
     * @return whether it was still linked
     */
    public boolean removeCallback(FenceCallback cb) {
        Objects.requireNonNull(cb, "cb");
        machine.step(Action.CALL, FN_REMOVE, "call", cb.name(), seqno);
        if (context.mutation() == Mutation.REMOVE_UNLOCKED) {
            // Mutation remove_unlocked (spec RemoveCallbackDel + RemoveCallbackWrite): no fence->lock; the list
            // is read, then written back without cb, undoing a splice that happened in between.
            // Announce first, then read: the read belongs to this step, not to the one before it.
            machine.step(Action.REMOVE_DEL, FN_REMOVE, "read cb_list unlocked", cb.name(), seqno);
            CallbackList read = cbList;
            boolean linked = read.contains(cb);
            if (linked) {
                machine.step(Action.REMOVE_WRITE, FN_REMOVE, "list_del_init() unlocked", cb.name(), seqno);
                cbList = read.remove(cb);
            }
            return removeReturn(cb, linked);
        }
        boolean irqFlags = lock.spinLockIrqsave(FN_REMOVE, seqno);
        boolean linked = cbList.contains(cb);
        machine.step(Action.REMOVE_DEL, FN_REMOVE, linked ? "list_del_init()" : "not linked", cb.name(), seqno);
        if (linked) {
            unlink(cb);
        }
        lock.spinUnlockIrqrestore(irqFlags, FN_REMOVE, seqno);
        return removeReturn(cb, linked);
    }

    /**
     * The return of {@code dma_fence_remove_callback()}: a step of its own (spec {@code RemoveCallbackReturn}),
     * because the caller may free {@code cb} from here on, and RemoveFalseMeansRan judges the answer against the
     * callback's state at this moment, not at the unlock before it.
     */
    private boolean removeReturn(FenceCallback cb, boolean linked) {
        machine.step(Action.REMOVE_RETURN, FN_REMOVE, "return " + linked, cb.name(), seqno);
        return linked;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Queries
    // ---------------------------------------------------------------------------------------------------------

    /** Mirrors {@code dma_fence_test_signaled_flag()}: the SIGNALED bit alone, no driver op, no side effect. */
    public boolean testSignaledFlag() {
        return testBit(SIGNALED);
    }

    /**
     * Mirrors {@code dma_fence_is_signaled()}: SIGNALED, or else asks {@code ops->signaled()} (no lock) and, if
     * it answers true, signals the fence with {@link #signal()} in the caller's context, running the callbacks
     * there. Not a pure query; it does not enable signaling.
     *
     * @return whether the fence is signaled
     */
    public boolean isSignaled() {
        machine.step(Action.CALL, FN_IS_SIGNALED, "call", seqno);
        // SERIES2026 (08/10, spec IsSignaled with CheckSignals): the void ->check_signaled() calls
        // dma_fence_signal() itself when the hardware passed; the steps are the same as the core signalling on a
        // true ->signaled(), so the twin keeps one code path and names the op the design's way.
        machine.step(Action.IS_SIGNALED, FN_IS_SIGNALED,
                !has.signaled() ? "test_bit(SIGNALED)"
                        : context.policy().checkSignals() ? "test_bit(SIGNALED); ops->check_signaled()"
                        : "test_bit(SIGNALED); ops->signaled()", seqno);
        if (testBit(SIGNALED)) {
            return true;
        }
        if (askSignaled(FN_IS_SIGNALED)) {
            // Mutation issig_no_signal (spec IsSignaled): the op's answer is returned, the fence left unsignaled.
            if (context.mutation() != Mutation.ISSIG_NO_SIGNAL) {
                signal();
            }
            machine.step(Action.IS_SIGNALED_RETURN, FN_IS_SIGNALED, "return true", seqno);
            return true;
        }
        return false;
    }

    /**
     * Mirrors {@code dma_fence_is_signaled_locked()}: like {@link #isSignaled()} with the lock held, signaling
     * with {@link #signalLocked()}.
     *
     * @return whether the fence is signaled
     * @throws IllegalStateException if the calling CPU does not hold the fence lock
     */
    public boolean isSignaledLocked() {
        assertLockHeld(FN_IS_SIGNALED_LOCKED);
        machine.step(Action.IS_SIGNALED, FN_IS_SIGNALED_LOCKED,
                has.signaled() ? "test_bit(SIGNALED); ops->signaled()" : "test_bit(SIGNALED)", seqno);
        return isSignaledLockedImpl(FN_IS_SIGNALED_LOCKED);
    }

    private boolean isSignaledLockedImpl(String fn) {
        if (testBit(SIGNALED)) {
            return true;
        }
        if (askSignaled(fn)) {
            signalTimestampLockedImpl(ktimeGet());
            return true;
        }
        return false;
    }

    /**
     * {@code ops && ops->signaled && ops->signaled(fence)} in one use of the ops pointer; the caller signals
     * after the section ended, as upstream does.
     */
    private boolean askSignaled(String fn) {
        DmaFenceOps o = opsPtr.begin(fn);
        try {
            return opsPtr.reachable(o, "signaled", fn) && has.signaled() && callSignaled(o, fn);
        } finally {
            // Mutation rcu_unlock_leak (DmaFenceLifetime RcuReadUnlock): dma_fence_is_signaled()'s return on
            // NULL ops forgets rcu_read_unlock(); the section never ends and no grace period can.
            if (!(context.mutation() == Mutation.RCU_UNLOCK_LEAK && o == null && fn.equals(FN_IS_SIGNALED))) {
                opsPtr.end(fn);
            }
        }
    }

    /** Enters ops->signaled(), checked by lockdep rule (c). */
    private boolean callSignaled(DmaFenceOps o, String fn) {
        machine.lockdep().driverOpEntered(Cpu.current(), "signaled", lock, fn);
        return o.signaled(this);
    }

    /**
     * Mirrors {@code dma_fence_get_status()}: under the lock irqsave, {@link #getStatusLocked()}. Through
     * {@code dma_fence_is_signaled_locked()} this calls {@code ops->signaled()} with the fence lock held and
     * IRQs off, under both policies.
     *
     * @return 0 if not signaled, 1 if signaled without error, or the negative error
     */
    public int getStatus() {
        machine.step(Action.CALL, FN_STATUS, "call", seqno);
        boolean irqFlags = lock.spinLockIrqsave(FN_STATUS, seqno);
        int status = statusLocked(FN_STATUS);
        lock.spinUnlockIrqrestore(irqFlags, FN_STATUS, seqno);
        machine.step(Action.GET_STATUS_RETURN, FN_STATUS,
                status == 0 ? "return 0" : status == 1 ? "return 1" : "return fence->error", seqno);
        return status;
    }

    /**
     * Mirrors {@code dma_fence_get_status_locked()}: the caller holds the lock.
     *
     * @return 0 if not signaled, 1 if signaled without error, or the negative error
     * @throws IllegalStateException if the calling CPU does not hold the fence lock
     */
    public int getStatusLocked() {
        assertLockHeld("dma_fence_get_status_locked");
        return statusLocked("dma_fence_get_status_locked");
    }

    private int statusLocked(String fn) {
        if (context.policy().statusTestsFlagOnly()) {
            // SERIES2026 (02/10 <20260624122917.2483-3-christian.koenig@amd.com>, spec GetStatusRead):
            // dma_fence_get_status_locked() only tests SIGNALED; no driver op runs under the lock.
            machine.step(Action.GET_STATUS_READ, fn, "dma_fence_get_status_locked(): test SIGNALED", seqno);
            if (!testBit(SIGNALED)) {
                return 0;
            }
            return signaledStatus();
        }
        boolean asks = has.signaled() && !testBit(SIGNALED);
        machine.step(Action.GET_STATUS_READ, fn,
                asks ? "dma_fence_is_signaled_locked(): ops->signaled()" : "dma_fence_is_signaled_locked()", seqno);
        if (!isSignaledLockedImpl(fn)) {
            return 0;
        }
        return signaledStatus();
    }

    /** A signaled fence's status: its error, or 1 for none (spec {@code StatusLocked}). */
    private int signaledStatus() {
        int err = error;
        // Mutation status_ignores_error (spec StatusLocked): 1 for every signaled fence, the error lost.
        return err != 0 && context.mutation() != Mutation.STATUS_IGNORES_ERROR ? err : 1;
    }

    /**
     * Mirrors {@code dma_fence_set_error()}: records an error to report at signal time. Like the kernel, a call on
     * an already signaled fence, or with an error outside {@code [-MAX_ERRNO, -1]}, WARNs (recorded on the
     * machine, or thrown under panic_on_warn) and still writes the error; the spec counts the write after signal
     * as a violation of {@code ErrorOnlyBeforeSignal}.
     *
     * @param err a negative errno
     */
    public void setError(int err) {
        machine.step(Action.SET_ERROR, FN_SET_ERROR, "fence->error = " + Errno.name(err), seqno);
        writeError(err);
    }

    /**
     * {@code dma_fence_set_error()} inside a step its caller already announced: a driver's op whose arming failed
     * writes the error in the spec's {@code DriverArm} step (OpSetsError), not in a {@code SetError} step of its own.
     *
     * @param err a negative errno
     */
    public void setErrorFolded(int err) {
        writeError(err);
    }

    private void writeError(int err) {
        if (testBit(SIGNALED)) {
            machine.warn(FN_SET_ERROR, "WARN_ON(test_bit(DMA_FENCE_FLAG_SIGNALED_BIT)): error " + err
                    + " set on signaled fence " + seqno);
        }
        if (err >= 0 || err < -Errno.MAX_ERRNO) {
            machine.warn(FN_SET_ERROR, "WARN_ON(error >= 0 || error < -MAX_ERRNO): " + err);
        }
        error = err;
    }

    /**
     * Mirrors {@code cmpxchg(&fence->error, expected, update)}, the raw exchange dma-fence-array.c uses for its
     * {@code PENDING_ERROR} sentinel (a positive error that stands for "no member failed yet" while the array is
     * unsignaled). No WARN, unlike {@link #setError}: the sentinel is outside the errno range by design, and the
     * container's own protocol settles the value before it signals.
     *
     * @param expected the value the error must have
     * @param update   the value to write
     * @return whether the exchange happened
     */
    public boolean compareAndSetError(int expected, int update) {
        return ERROR.compareAndSet(this, expected, update);
    }

    /**
     * Mirrors {@code dma_fence_timestamp()}: the signal timestamp. On a fence that is not signaled it WARNs and
     * returns the current time; a reader who sees SIGNALED before TIMESTAMP waits (spinning, one step per poll,
     * as the kernel's {@code cpu_relax()} loop) for the signaler's timestamp write.
     *
     * @return the timestamp
     */
    public long timestamp() {
        if (!testBit(SIGNALED)) {
            machine.warn(FN_TIMESTAMP, "WARN_ON(!test_bit(DMA_FENCE_FLAG_SIGNALED_BIT))");
            return ktimeGet();
        }
        if (context.mutation() == Mutation.TS_READ_UNWAITED) {
            // Mutation ts_read_unwaited (spec TimestampReadUnwaited): no wait for the signaller's write.
            machine.step(Action.TIMESTAMP_READ, FN_TIMESTAMP, "read fence->timestamp (no TIMESTAMP wait)", seqno);
            return timestamp;
        }
        while (!testBit(TIMESTAMP)) {
            machine.step(Action.TIMESTAMP_READ, FN_TIMESTAMP, "test_bit(TIMESTAMP)", seqno);
            Thread.onSpinWait();
        }
        return timestamp;
    }

    /**
     * Mirrors {@code dma_fence_is_later()}: whether {@code f1} is later than {@code f2} in their common context
     * (32-bit wrap-around compare unless the ops use 64-bit seqnos); WARNs and answers false across contexts.
     *
     * @param f1 a fence
     * @param f2 a fence of the same context
     * @return whether f1's seqno is later
     */
    public static boolean isLater(DmaFence f1, DmaFence f2) {
        if (f1.context.id() != f2.context.id()) {
            f1.machine.warn("dma_fence_is_later", "WARN_ON(f1->context != f2->context)");
            return false;
        }
        if (f1.use64bitSeqno()) {
            return f1.seqno > f2.seqno;
        }
        return (int) ((int) f1.seqno - (int) f2.seqno) > 0;
    }

    /** ops->use_64bit_seqno: PINNED reads the table (a dereference like any other), RCU lifetimes the init flag. */
    private boolean use64bitSeqno() {
        if (opsPtr.lifetime().usesRcu()) {
            return seqno64;
        }
        DmaFenceOps o = opsPtr.begin("dma_fence_is_later");
        opsPtr.touch(o, "use_64bit_seqno", "dma_fence_is_later");
        return o.use64bitSeqno();
    }

    // ---------------------------------------------------------------------------------------------------------
    // Waiting
    // ---------------------------------------------------------------------------------------------------------

    /**
     * Mirrors {@code dma_fence_wait_timeout()}: enables signaling, then waits with {@code ops->wait} if the driver
     * has one, else {@link #defaultWait}. Sleeps (parks); must be called in process context with IRQs on and no
     * spinlock held.
     *
     * @param intr    interruptible: a pending signal (the thread's interrupt status) ends the wait
     * @param timeout jiffies to wait at most, or {@link Sched#MAX_SCHEDULE_TIMEOUT}; 0 polls
     * @return the jiffies left (at least 1) if signaled, 0 on timeout, {@code -ERESTARTSYS} if interrupted,
     *         {@code -EINVAL} for a negative timeout
     */
    public long waitTimeout(boolean intr, long timeout) {
        if (timeout < 0) {
            machine.warn(FN_WAIT_TIMEOUT, "WARN_ON(timeout < 0)");
            return -Errno.EINVAL;
        }
        Sched.mightSleep(FN_WAIT_TIMEOUT);
        machine.step(Action.CALL, FN_WAIT_TIMEOUT, "call", seqno);
        // Mutation poll_skips_enable (spec StartCall and PollAgain of op poll): a zero timeout only tests the fence.
        if (!(timeout == 0 && context.mutation() == Mutation.POLL_SKIPS_ENABLE)) {
            enableSwSignalingImpl();
        }
        DmaFenceOps o = opsPtr.begin(FN_WAIT_TIMEOUT);
        boolean custom;
        try {
            custom = opsPtr.reachable(o, "wait", FN_WAIT_TIMEOUT) && has.waitOp();
        } finally {
            opsPtr.end(FN_WAIT_TIMEOUT);
        }
        if (!custom) {
            return defaultWait(intr, timeout);
        }
        // Upstream leaves the read-side section before ->wait, which may sleep: the driver's code now runs
        // unprotected, which is why a driver with ->wait keeps its ops and must outlive its fences.
        opsPtr.touch(o, "wait", FN_WAIT_TIMEOUT);
        return o.waitOp(this, intr, timeout);
    }

    /**
     * Mirrors {@code dma_fence_wait()}: waits without a time limit.
     *
     * @param intr interruptible
     * @return 0 once signaled, or {@code -ERESTARTSYS} if interrupted
     */
    public long await(boolean intr) {
        long ret = waitTimeout(intr, Sched.MAX_SCHEDULE_TIMEOUT);
        return ret < 0 ? ret : 0;
    }

    /**
     * Mirrors {@code dma_fence_default_wait()}: puts a wake callback at the head of the list and sleeps until
     * SIGNALED, the timeout, or (if {@code intr}) a signal. Does not enable signaling itself.
     *
     * @param intr    interruptible
     * @param timeout jiffies, or {@link Sched#MAX_SCHEDULE_TIMEOUT}; 0 polls
     * @return {@code timeout} (or 1 when {@code timeout} is 0) if already signaled, the jiffies left if signaled
     *         while waiting, 0 on timeout, or {@code -ERESTARTSYS}
     */
    public long defaultWait(boolean intr, long timeout) {
        long ret = timeout != 0 ? timeout : 1;
        machine.step(Action.WAIT_FAST_PATH, FN_DEFAULT_WAIT, "test_bit(SIGNALED)", seqno);
        if (testBit(SIGNALED)) {
            return ret;
        }
        boolean irqFlags = lock.spinLockIrqsave(FN_DEFAULT_WAIT, seqno);
        boolean signaled = testBit(SIGNALED);
        machine.step(Action.WAIT_ADD_WAITER, FN_DEFAULT_WAIT,
                signaled ? "test_bit(SIGNALED)" : "list_add(waiter cb); set_current_state()", seqno);
        DefaultWaiter waiter = null;
        if (signaled) {
            // ret stays: the fence signaled between the fast path and the lock.
        } else if (intr && Sched.signalPending()) {
            ret = -Errno.ERESTARTSYS;
        } else if (timeout == 0) {
            ret = 0;
        } else {
            waiter = new DefaultWaiter();
            linkHead(waiter);
            while (!testBit(SIGNALED) && ret > 0) {
                lock.spinUnlockIrqrestore(irqFlags, FN_DEFAULT_WAIT, seqno);
                if (context.mutation() == Mutation.LOST_WAKEUP) {
                    // Mutation lost_wakeup (spec WaitSetState): set_current_state() after the unlock overwrites a
                    // wake that came in between; the park permit it left is consumed.
                    machine.step(Action.WAIT_SET_STATE, FN_DEFAULT_WAIT, "set_current_state()", seqno);
                    waiter.rearm();
                    Sched.forgetWakeUp();
                }
                // Mutation wait_timeout_truncated (spec WaitSchedule): MAX_SCHEDULE_TIMEOUT passed on as an int,
                // -1, which schedule_timeout() returns 0 for at once.
                long sleep = context.mutation() == Mutation.WAIT_TIMEOUT_TRUNCATED
                        && ret == Sched.MAX_SCHEDULE_TIMEOUT ? (int) ret : ret;
                // Mutation wait_ignores_intr (spec WaitSchedule): a signal ends the sleep and the wait whatever intr
                // says.
                boolean signalEnds = intr || context.mutation() == Mutation.WAIT_IGNORES_INTR;
                ret = Sched.scheduleTimeout(sleep, signalEnds);
                machine.step(Action.WAIT_SCHEDULE, FN_DEFAULT_WAIT,
                        waiter.woken() ? "schedule_timeout(): woken" : "schedule_timeout(): timed out", seqno);
                irqFlags = lock.spinLockIrqsave(FN_DEFAULT_WAIT, seqno);
                if (ret > 0 && signalEnds && Sched.signalPending()) {
                    ret = -Errno.ERESTARTSYS;
                }
                boolean leave = testBit(SIGNALED) || ret <= 0;
                machine.step(Action.WAIT_CHECK, FN_DEFAULT_WAIT,
                        leave ? "list_del(waiter cb)" : "set_current_state()", seqno);
                waiter.rearm();
            }
            // Mutation wait_keeps_waiter (spec WaitCheck): a timed-out wait leaves its on-stack callback linked.
            if (!(context.mutation() == Mutation.WAIT_KEEPS_WAITER && ret == 0)) {
                unlink(waiter);
            }
        }
        lock.spinUnlockIrqrestore(irqFlags, FN_DEFAULT_WAIT, seqno);
        return ret;
    }

    /**
     * Mirrors {@code dma_fence_wait_any_timeout()}: sleeps until any of {@code fences} signals.
     *
     * @param fences  the fences ({@code WARN_ON(!fences || !count)})
     * @param intr    interruptible
     * @param timeout jiffies, or {@link Sched#MAX_SCHEDULE_TIMEOUT}; 0 polls with {@link #isSignaled()}
     * @param idx     if not null, {@code idx[0]} receives the index of a signaled fence
     * @return the jiffies left (1 for a successful poll), 0 on timeout, {@code -ERESTARTSYS}, or {@code -EINVAL}
     */
    public static long waitAnyTimeout(DmaFence[] fences, boolean intr, long timeout, int[] idx) {
        if (fences == null || fences.length == 0 || timeout < 0) {
            Cpu.current().machine().warn(FN_WAIT_ANY, "WARN_ON(!fences || !count || timeout < 0)");
            return -Errno.EINVAL;
        }
        if (timeout == 0) {
            for (int i = 0; i < fences.length; i++) {
                if (fences[i].isSignaled()) {
                    setIdx(idx, i);
                    return 1;
                }
            }
            return 0;
        }
        Sched.mightSleep(FN_WAIT_ANY);
        long ret = timeout;
        DefaultWaiter[] cbs = new DefaultWaiter[fences.length];
        int added = 0;
        boolean already = false;
        for (; added < fences.length; added++) {
            cbs[added] = new DefaultWaiter();
            if (fences[added].addCallback(cbs[added]) != 0) {
                setIdx(idx, added);
                already = true;
                break;
            }
        }
        if (!already) {
            while (ret > 0) {
                if (testSignaledAny(fences, idx)) {
                    break;
                }
                ret = Sched.scheduleTimeout(ret, intr);
                if (ret > 0 && intr && Sched.signalPending()) {
                    ret = -Errno.ERESTARTSYS;
                }
            }
        }
        while (added-- > 0) {
            fences[added].removeCallback(cbs[added]);
        }
        return ret;
    }

    /** dma_fence_test_signaled_any(): lock-free SIGNALED tests. */
    private static boolean testSignaledAny(DmaFence[] fences, int[] idx) {
        for (int i = 0; i < fences.length; i++) {
            if (fences[i].testBit(SIGNALED)) {
                setIdx(idx, i);
                return true;
            }
        }
        return false;
    }

    private static void setIdx(int[] idx, int i) {
        if (idx != null) {
            idx[0] = i;
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // References
    // ---------------------------------------------------------------------------------------------------------

    /**
     * Mirrors {@code dma_fence_get()}: takes a reference. Getting a fence whose count already reached zero WARNs
     * (refcount_t's "addition on 0; use-after-free").
     *
     * @return this fence
     */
    public DmaFence get() {
        if (refcount.getAndIncrement() == 0) {
            machine.warn("dma_fence_get", "refcount_t: addition on 0; use-after-free");
        }
        return this;
    }

    /**
     * Mirrors {@code dma_fence_get_rcu()} ({@code kref_get_unless_zero}): a reference unless the fence is dying.
     *
     * @return this fence, or {@code null} if its count is zero
     */
    public DmaFence getRcu() {
        for (;;) {
            int n = refcount.get();
            if (n == 0) {
                return null;
            }
            if (refcount.compareAndSet(n, n + 1)) {
                return this;
            }
        }
    }

    /**
     * Mirrors {@code dma_fence_put()}: drops a reference ({@code kref_put()}, spec {@code PutDec}); the last one runs
     * {@code dma_fence_release()} in the caller's context.
     */
    public void put() {
        machine.step(Action.PUT_DEC, FN_PUT, "kref_put()", seqno);
        putFolded();
    }

    /**
     * {@code dma_fence_put()} inside a step its caller already announced: the driver dropping its own reference
     * (spec {@code RetireDec}, {@code DriverTimeline.retire}).
     */
    public void putFolded() {
        int n = refcount.decrementAndGet();
        if (n == 0) {
            release();
        } else if (n < 0) {
            machine.warn(FN_PUT, "refcount_t: underflow; use-after-free");
        }
    }

    /**
     * dma_fence_release() (6.x): a fence released unsignaled with callbacks pending WARNs, gets error -EDEADLK
     * and is signaled under its lock so its waiters are not left dangling (spec {@code ReleaseTest},
     * {@code ReleaseError}); then ops->release, if any, and the memory goes back ({@code ReleaseFree}). Nobody
     * holds a reference any more, so the test reads a list no one else may change.
     */
    private void release() {
        boolean pending = !cbList.isEmpty() && !testBit(SIGNALED);
        machine.step(Action.RELEASE_TEST, FN_RELEASE,
                pending ? "WARN(): released with pending signals!" : "list_empty(cb_list) || test_bit(SIGNALED)",
                seqno);
        if (pending) {
            machine.warn(FN_RELEASE, "Fence " + getDriverName() + ":" + getTimelineName() + ":"
                    + Long.toHexString(context.id()) + ":" + Long.toHexString(seqno)
                    + " released with pending signals!");
            // Mutation release_no_signal (spec ReleaseTest): 4.x's WARN only; the pending callbacks never run.
            if (context.mutation() != Mutation.RELEASE_NO_SIGNAL) {
                boolean irqFlags = lock.spinLockIrqsave(FN_RELEASE, seqno);
                machine.step(Action.RELEASE_ERROR, FN_RELEASE, "fence->error = -EDEADLK", seqno);
                error = -Errno.EDEADLK;
                signalTimestampLockedImpl(ktimeGet());
                // Mutation release_keeps_lock (spec ReleaseError): on to ->release with fence->lock still held.
                if (context.mutation() != Mutation.RELEASE_KEEPS_LOCK) {
                    lock.spinUnlockIrqrestore(irqFlags, FN_RELEASE, seqno);
                }
            }
        }
        boolean driverRelease = false;
        DmaFenceOps o = opsPtr.begin(FN_RELEASE);
        try {
            // ops && ops->release ? ops->release(fence) : dma_fence_free(fence); the read of ops->release
            // itself is a read of the module's table.
            if (opsPtr.reachable(o, "release", FN_RELEASE) && has.release()) {
                o.release(this);
                driverRelease = true;
            }
        } finally {
            opsPtr.end(FN_RELEASE);
        }
        machine.step(Action.RELEASE_FREE, FN_RELEASE,
                driverRelease ? "ops->release(): kfree_rcu()" : "dma_fence_free(): kfree_rcu()", seqno);
        // Mutation release_leaks (spec ReleaseFree): the memory is never given back.
        if (context.mutation() != Mutation.RELEASE_LEAKS) {
            freed = true;
        }
    }

    /** Whether {@code dma_fence_release()} has given the fence's memory back (spec {@code fenceFreed}). */
    public boolean freed() {
        return freed;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Stub fences
    // ---------------------------------------------------------------------------------------------------------

    /**
     * Mirrors {@code dma_fence_get_stub()}: a reference to the one global, already signaled fence (context 0,
     * seqno 0), initialized on first use under the stub lock.
     *
     * @return the stub, with a new reference
     */
    public static DmaFence getStub() {
        return StubFence.get();
    }

    /**
     * Mirrors {@code dma_fence_allocate_private_stub()}: a new signaled fence with the given timestamp.
     *
     * @param ts the timestamp
     * @return the fence, with one reference
     */
    public static DmaFence allocatePrivateStub(long ts) {
        return StubFence.allocatePrivate(ts);
    }

    /** Stub initialization: ENABLE_SIGNAL set without asking a driver, then signal under the held stub lock. */
    void initStubLocked(long ts) {
        FLAGS.getAndBitwiseOr(this, ENABLE_SIGNAL);
        signalTimestampLockedImpl(ts);
    }

    /** Private-stub initialization: ENABLE_SIGNAL set without asking a driver, then a locked signal. */
    void initPrivateStub(long ts) {
        FLAGS.getAndBitwiseOr(this, ENABLE_SIGNAL);
        signalTimestamp(ts);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Atomic steps
    // ---------------------------------------------------------------------------------------------------------

    /** test_and_set_bit(): atomic OR, returns whether the bit was already set. */
    private boolean testAndSetBit(int mask) {
        return ((int) FLAGS.getAndBitwiseOr(this, mask) & mask) != 0;
    }

    /**
     * set_bit() as a compare-and-set loop over a read of the field: atomic like getAndBitwiseOr, but a read
     * Lincheck's model checker sees, so it can switch threads between a broken variant's test and its set.
     */
    private void setBitByCas(int mask) {
        for (;;) {
            int f = flags;
            if (FLAGS.compareAndSet(this, f, f | mask)) {
                return;
            }
        }
    }

    /** test_bit(): a volatile read, as the kernel's lock-free flag tests need acquire ordering here. */
    private boolean testBit(int mask) {
        return ((int) FLAGS.getVolatile(this) & mask) != 0;
    }

    private void assertLockHeld(String fn) {
        if (!lock.heldByCurrentCpu()) {
            throw new IllegalStateException("lockdep_assert_held(" + lock.name() + ") failed in " + fn + " on "
                    + Cpu.current());
        }
    }

    /** ktime_get(): a monotonic clock. */
    static long ktimeGet() {
        return System.nanoTime();
    }

    @Override
    public String toString() {
        return "dma_fence(" + context.id() + ":" + seqno + ", " + context.policy().specName()
                + (context.lifetime() == OpsLifetime.PINNED ? "" : ", " + context.lifetime()) + ", flags=0x"
                + Integer.toHexString(flags()) + ")";
    }
}
