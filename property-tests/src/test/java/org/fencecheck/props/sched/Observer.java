package org.fencecheck.props.sched;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.fencecheck.props.model.Frame;
import org.fencecheck.props.model.Spec;
import org.fencecheck.props.model.SpecConfig;
import org.fencecheck.props.model.SpecState;
import org.fencecheck.props.sut.CallbackLog;
import org.fencecheck.props.sut.ImplSut;
import org.fencecheck.props.sut.Sut;
import org.fencecheck.sim.Action;
import org.fencecheck.sim.CpuContext;
import org.fencecheck.sim.SpinLock;
import org.fencecheck.sim.Step;

/**
 * Maps the implementation, between two moves of a {@link Session}, to the spec's abstract state (a
 * {@link SpecState}), and labels each move with the spec action it is.
 *
 * <p>Read directly from the implementation: flags, {@code cb_list} (waiters by their task's CPU), error,
 * hardware seqno and armed interrupt, lock owners, each CPU's IRQ flag and context. Counted from what the
 * implementation did (the spec's history variables): callback runs (the callbacks log themselves), entries into
 * {@code ->enable_signaling} (its DRIVER_ENTER step) and whether the fence was signaled or the CPU held the fence
 * lock with IRQs off at that moment, {@code ->signaled} entered with IRQs off in get_status, error writes on a
 * signaled fence, timestamp writes (the value changing), waiter wake-ups (the waiter's own flag).
 *
 * <p>Three places where the implementation's steps are finer than the spec's, all mapped to stutters: an
 * acquisition that finds the lock held (the CPU parks at LOCK_CONTENDED; while it spins its IRQ state counts as
 * before the irqsave, as in the spec, where the whole spin_lock_irqsave is one step taken once the lock is free);
 * the return from {@code ->enable_signaling} (ENABLE_AFTER, folded into the driver's last step in the spec); and
 * the return from the interrupt (IRQ_EXIT, folded into IrqNextFence / IrqUnlockExit: a CPU whose handler has only
 * IRQ_EXIT left counts as back in process context with IRQs on).
 *
 * <p>The frames' program counters are derived from the step each context has announced (only {@code pc} and
 * {@code f}; the spec's other frame fields are the implementation's locals). They feed the invariants that
 * speak of pcs (EnableSignalingSerializedWithSignal, NoSelfDeadlock, NoCrossCpuDeadlock) and TypeOK.
 */
public final class Observer {

    /**
     * One move and what it did.
     *
     * @param index  0-based move number
     * @param move   the move
     * @param labels the spec actions it is, in order (empty: a stutter of the abstract state); two when the
     *               handler's IRQ_NEXT_FENCE decision falls into the move (see the class comment)
     * @param cpu    the CPU (-1: hardware)
     * @param call   for a Call, the op; else null
     * @param steps  the implementation's steps in this move (the granted one first)
     * @param state  the abstract state after it
     */
    public record Tick(int index, Move move, List<String> labels, int cpu, Op call, List<Step> steps,
                       SpecState state) {

        /** The first spec action, or null for a stutter. */
        public String label() {
            return labels.isEmpty() ? null : labels.get(0);
        }

        /**
         * The move as spec steps, each with the abstract state after it: one per label. When the handler's
         * decision (IrqNextFence) ends the move and it was the decision to return from the interrupt, the state
         * between the two steps is the final one with the CPU still in hard-IRQ context, IRQs off.
         */
        public List<Map.Entry<String, SpecState>> specSteps() {
            List<Map.Entry<String, SpecState>> out = new ArrayList<>();
            if (labels.size() == 2 && labels.get(1).equals("IrqNextFence")) {
                SpecState mid = state;
                if (state.ctx[cpu] == SpecState.PROC) {
                    mid = state.copy();
                    mid.ctx[cpu] = SpecState.IRQ;
                    mid.irqOn[cpu] = false;
                }
                out.add(Map.entry(labels.get(0), mid));
                out.add(Map.entry(labels.get(1), state));
            } else {
                for (String l : labels) {
                    out.add(Map.entry(l, state));
                }
            }
            return out;
        }

        /** A TLA+-trace-like line: {@code c1: dma_fence_add_callback: spin_lock_irqsave(fence->lock) (fence 1)}. */
        public String describe() {
            String who = move.toString();
            String lab = labels.isEmpty() ? "stutter" : String.join(" + ", labels);
            if (steps.isEmpty()) {
                return who + ": " + lab;
            }
            Step s = steps.get(0);
            StringBuilder b = new StringBuilder(who).append(": ");
            if (s.context() == CpuContext.IRQ && move.kind() != Move.Kind.IRQ) {
                b.append("irq> ");
            }
            b.append(s.fn()).append(": ").append(s.act());
            if (s.fence() != Step.NO_FENCE) {
                b.append(" (fence ").append(s.fence()).append(')');
            }
            b.append("  [").append(lab).append(']');
            return b.toString();
        }
    }

    private final Session session;
    private final Sut sut;
    private final Spec spec;
    private final SpecConfig cfg;

    private SpecState cur;
    private int logSeen;
    private final boolean[] lastWaiterWoken;
    private final boolean[] tsSeen;
    private final long[] lastTs;
    private int moves;

    // per move
    private Step granted;
    private String label;
    private Op call;
    private Op grantedOp;
    private List<List<String>> preLists;
    private int[] opsFinishedBefore;
    private final List<Step> moveSteps = new ArrayList<>();
    private final List<CallbackLog.Run> signaledAtRunViolations = new ArrayList<>();

    Observer(Session session, Sut sut, Spec spec) {
        this.session = session;
        this.sut = sut;
        this.spec = spec;
        this.cfg = spec.cfg();
        this.cur = SpecState.init(cfg);
        this.lastWaiterWoken = new boolean[cfg.cpus()];
        this.tsSeen = new boolean[cfg.numFences() + 1];
        this.lastTs = new long[cfg.numFences() + 1];
        this.cur = build(cur);
    }

    /** The abstract state now. */
    public SpecState current() {
        return cur;
    }

    /** Callback runs that happened while their fence did not have SIGNALED (direct observations). */
    public List<CallbackLog.Run> runsBeforeSignaled() {
        return List.copyOf(signaledAtRunViolations);
    }

    void settled() {
        // settle() makes no abstract change; refresh the derived parts (e.g. a woken sleeper's pc).
        cur = build(cur);
    }

    private boolean signaledNow(int f) {
        return (ImplSut.specFlags(sut.flags(f)) & SpecState.SIGNALED) != 0;
    }

    void beforeMove(Move m) {
        SpecState s = cur.copy();
        granted = null;
        grantedOp = null;
        call = null;
        label = null;
        moveSteps.clear();
        preLists = new ArrayList<>();
        preLists.add(List.of());
        for (int f = 1; f <= cfg.numFences(); f++) {
            preLists.add(sut.cbIds(f, session::cpuOfThread));
        }
        opsFinishedBefore = new int[cfg.cpus()];
        for (int c = 0; c < cfg.cpus(); c++) {
            opsFinishedBefore[c] = session.cpus[c].opsFinished;
        }
        switch (m.kind()) {
            case HW -> label = "HwComplete";
            case IRQ -> {
                label = "IrqEnter";
                Session.CpuT c = session.cpus[m.cpu()];
                c.procPending = c.pending();
            }
            case TIMEOUT -> label = "WaitSchedule";
            case STEP -> {
                Session.CpuT c = session.cpus[m.cpu()];
                Step st = c.pending();
                granted = st;
                grantedOp = c.current;
                int f = st.fence() == Step.NO_FENCE ? 0 : (int) st.fence();
                label = labelOf(c, st);
                switch (st.action()) {
                    case CALL -> {
                        call = c.current;
                        s.calls++;
                        if (call.op().equals("add")) {
                            s.cbFence.put(call.cb(), call.f());
                        }
                    }
                    case LOCK_ACQUIRE -> {
                        c.irqOnBeforeAcquire = c.cpu.irqsEnabled();
                        c.acquireWasPlain = st.act().startsWith("spin_lock(");
                    }
                    case DRIVER_ENTER -> {
                        s.enableCalls[f]++;
                        if (signaledNow(f)) {
                            s.enableOnSignaled.add(f);
                        }
                        if (sut.fenceLock().ownerCpu() == c.id && !c.cpu.irqsEnabled()) {
                            s.drvUnderLock.add("enable_signaling");
                        }
                    }
                    case GET_STATUS_READ -> {
                        if (cfg.signaledOp() && !signaledNow(f) && !c.cpu.irqsEnabled()) {
                            s.drvUnderLock.add("signaled");
                        }
                    }
                    case SET_ERROR -> {
                        if (st.act().startsWith("fence->error") && signaledNow(f)) {
                            s.errAfterSignal.add(f);
                        }
                    }
                    default -> {
                    }
                }
            }
        }
        cur = s;
    }

    /** The spec action a granted step is (null: a stutter). */
    private String labelOf(Session.CpuT c, Step st) {
        switch (st.action()) {
            case CALL: return "Call";
            case LOCK_ACQUIRE: {
                SpinLock l = session.lockOf(st);
                return l != null && l.isLocked() ? null : "SpinLock";
            }
            case LOCK_CONTENDED: return "SpinLock";
            case LOCK_ACQUIRED: return null;
            case LOCK_RELEASE: return st.fn().equals("drv_irq_handler") ? "IrqUnlockExit" : "SpinUnlock";
            case SIGNAL_TEST_AND_SET: return st.act().startsWith("set_bit(SIGNALED)") ? "SignalLateBit"
                    : "SignalTestAndSet";
            case SIGNAL_RUN_CALLBACK: return "SignalRunCallback";
            case ENABLE_TEST_AND_SET: return st.act().startsWith("set_bit(ENABLE_SIGNAL)") ? "EnableSetBit"
                    : "EnableTestAndSet";
            case DRIVER_ENTER: return "DriverEnter";
            case DRIVER_ARM: return "DriverArm";
            case ENABLE_AFTER: return null;
            case ADD_FAST_PATH: return "AddCallbackFastPath";
            case ADD_INSERT: return "AddCallbackInsert";
            case REMOVE_DEL: return "RemoveCallbackDel";
            case IS_SIGNALED: return "IsSignaled";
            case GET_STATUS_READ: return "GetStatusRead";
            case SET_ERROR: return "SetError";
            case WAIT_FAST_PATH: return "WaitFastPath";
            case WAIT_ADD_WAITER: return "WaitAddWaiter";
            case WAIT_SCHEDULE: return "WaitSchedule";
            case WAIT_CHECK: return "WaitCheck";
            case IRQ_NEXT_FENCE: return null; // the decision was the end of the previous move
            case IRQ_EXIT: return null;
            default: return null;
        }
    }

    Tick afterMove(Move m) {
        SpecState s = cur;
        // callback runs
        List<CallbackLog.Run> ran = sut.log().since(logSeen);
        logSeen += ran.size();
        for (CallbackLog.Run r : ran) {
            s.runs.merge(r.cb(), 1, Integer::sum);
            s.cbState.put(r.cb(), "ran");
            if (!r.signaledAtRun()) {
                signaledAtRunViolations.add(r);
            }
        }
        // callback states from list membership
        if (granted != null) {
            Session.CpuT c = session.cpus[m.cpu()];
            int f = granted.fence() == Step.NO_FENCE ? 0 : (int) granted.fence();
            switch (granted.action()) {
                case ADD_FAST_PATH -> {
                    if (c.opsFinished > opsFinishedBefore[c.id] && grantedOp != null
                            && "-2".equals(c.lastResult)) {
                        s.cbState.put(grantedOp.cb(), "rejected");
                    }
                }
                case ADD_INSERT -> {
                    String cb = tag(granted.act());
                    if (cb != null && f > 0) {
                        s.cbState.put(cb, sut.cbIds(f, session::cpuOfThread).contains(cb) ? "added" : "rejected");
                    }
                }
                case REMOVE_DEL -> {
                    String cb = tag(granted.act());
                    if (cb != null && f > 0 && preLists.get(f).contains(cb)
                            && !sut.cbIds(f, session::cpuOfThread).contains(cb)) {
                        s.cbState.put(cb, "removed");
                    }
                }
                case WAIT_ADD_WAITER -> {
                    if (granted.act().startsWith("list_add")) {
                        s.woken[c.id] = false;
                    }
                    c.lastWaitStep = granted;
                }
                case WAIT_CHECK -> {
                    if (granted.act().startsWith("set_current_state")) {
                        s.woken[c.id] = false;
                    }
                    c.lastWaitStep = granted;
                }
                case WAIT_FAST_PATH, WAIT_SCHEDULE -> c.lastWaitStep = granted;
                default -> {
                }
            }
        }
        if (m.kind() == Move.Kind.TIMEOUT) {
            session.cpus[m.cpu()].lastWaitStep = new Step(Action.WAIT_SCHEDULE, m.cpu(), CpuContext.PROC,
                    "dma_fence_default_wait", "schedule_timeout(): timed out", Step.NO_FENCE);
        }
        // waiter wake-ups
        for (int c = 0; c < cfg.cpus(); c++) {
            boolean w = sut.waiterWoken(c, session::cpuOfThread);
            if (w && !lastWaiterWoken[c]) {
                s.woken[c] = true;
            }
            lastWaiterWoken[c] = w;
        }
        // timestamp writes
        for (int f = 1; f <= cfg.numFences(); f++) {
            if ((ImplSut.specFlags(sut.flags(f)) & SpecState.TIMESTAMP) != 0) {
                long ts = sut.timestamp(f);
                if (!tsSeen[f] || ts != lastTs[f]) {
                    s.tsWrites[f]++;
                }
                tsSeen[f] = true;
                lastTs[f] = ts;
            }
        }
        SpecState built = build(s);
        List<String> labels = new ArrayList<>();
        if (label != null) {
            labels.add(label);
        }
        if (m.cpu() >= 0) {
            Session.CpuT c = session.cpus[m.cpu()];
            if (c.view == Session.View.AT_STEP && c.cpu.context() == CpuContext.IRQ
                    && c.pending.action() == Action.IRQ_NEXT_FENCE) {
                labels.add("IrqNextFence");
            }
        }
        if (label != null) {
            built.step = new SpecState.StepRec(m.cpu() < 0 ? "hw" : SpecConfig.cpuName(m.cpu()),
                    m.kind() == Move.Kind.HW ? "hw" : "-", label, granted == null ? "" : granted.act(),
                    granted == null || granted.fence() == Step.NO_FENCE ? 0 : (int) granted.fence());
        }
        cur = built;
        List<Step> steps = new ArrayList<>();
        if (granted != null) {
            steps.add(granted);
        }
        if (m.kind() == Move.Kind.HW) {
            List<Step> hw = session.hwSteps();
            if (!hw.isEmpty()) {
                steps.add(hw.get(hw.size() - 1));
            }
        }
        return new Tick(moves++, m, List.copyOf(labels), m.cpu(), call, steps, built);
    }

    /** The {@code [name]} suffix of an act. */
    private static String tag(String act) {
        int i = act.lastIndexOf('[');
        int j = act.lastIndexOf(']');
        return i >= 0 && j > i ? act.substring(i + 1, j) : null;
    }

    /** Builds the abstract state: reads the implementation, keeps the history variables of {@code s}. */
    private SpecState build(SpecState s) {
        SpecState t = s.copy();
        int n = cfg.numFences();
        for (int f = 1; f <= n; f++) {
            t.flags[f] = ImplSut.specFlags(sut.flags(f));
            t.cbList.set(f, List.copyOf(sut.cbIds(f, session::cpuOfThread)));
            t.error[f] = sut.error(f);
            if ((t.flags[f] & SpecState.SIGNALED) != 0) {
                t.everSignaled.add(f);
            }
        }
        t.hwSeqno = (int) sut.hwSeqno();
        t.irqArmed = sut.irqArmed();
        t.irqLine = session.irqLine();
        owner(t, SpecState.FENCE, sut.fenceLock());
        owner(t, SpecState.DRIVER, sut.driverLock());
        for (Session.CpuT c : session.cpus) {
            frames(t, c);
        }
        return t;
    }

    private static void owner(SpecState t, int l, SpinLock lock) {
        int cpu = lock.ownerCpu();
        CpuContext k = lock.ownerContext();
        t.ownerCpu[l] = k == null ? -1 : cpu;
        t.ownerCtx[l] = k == null ? -1 : k == CpuContext.IRQ ? SpecState.IRQ : SpecState.PROC;
    }

    /** ctx, irqOn and the frames' pc/f of CPU c. */
    private void frames(SpecState t, Session.CpuT c) {
        Frame proc = Frame.IDLE;
        Frame irq = Frame.IDLE;
        int ctx = SpecState.PROC;
        boolean on;
        switch (c.view) {
            case SLEEPING -> {
                // schedule_timeout()'s might_sleep() guarantees process context, IRQs on, no lock held
                on = true;
                proc = frame(c, "w_sched", c.lastWaitStep);
                c.procPending = null;
            }
            case IDLE, DONE -> on = c.cpu.irqsEnabled();
            case FAILED -> {
                on = c.cpu.irqsEnabled();
                ctx = c.cpu.context() == CpuContext.IRQ ? SpecState.IRQ : SpecState.PROC;
                Step st = c.pending;
                if (ctx == SpecState.IRQ) {
                    irq = frame(c, pcOf(c, st), st);
                    proc = c.procPending == null ? Frame.IDLE : frame(c, pcOf(c, c.procPending), c.procPending);
                } else {
                    proc = st == null ? Frame.IDLE : frame(c, pcOf(c, st), st);
                }
            }
            default -> {
                Step st = c.pending;
                on = c.cpu.irqsEnabled();
                if (c.cpu.context() == CpuContext.IRQ) {
                    proc = c.procPending == null ? Frame.IDLE : frame(c, pcOf(c, c.procPending), c.procPending);
                    if (st.action() == Action.IRQ_EXIT || st.action() == Action.IRQ_NEXT_FENCE
                            && !st.act().startsWith("dma_fence_signal") && cfg.noDriverLock()) {
                        on = true; // only the return from the interrupt is left: back in process context
                    } else {
                        ctx = SpecState.IRQ;
                        irq = frame(c, pcOf(c, st), st);
                    }
                } else {
                    c.procPending = null;
                    proc = frame(c, pcOf(c, st), st);
                    if (st.action() == Action.LOCK_CONTENDED && !st.act().isEmpty()
                            && !isPlain(c, st)) {
                        on = c.irqOnBeforeAcquire;
                    }
                }
            }
        }
        t.ctx[c.id] = ctx;
        t.irqOn[c.id] = on;
        t.fr[c.id][SpecState.PROC] = proc;
        t.fr[c.id][SpecState.IRQ] = irq;
    }

    /** Whether the acquisition CPU c spins in is a plain spin_lock() (IRQs untouched). */
    private boolean isPlain(Session.CpuT c, Step contended) {
        String fn = contended.fn();
        if (fn.equals("drv_irq_handler")) {
            return true;
        }
        if (fn.equals("drv->enable_signaling")) {
            return cfg.driverLock().equals("plain");
        }
        return c.acquireWasPlain;
    }

    private static Frame frame(Session.CpuT c, String pc, Step st) {
        int f = st == null || st.fence() == Step.NO_FENCE ? 0 : (int) st.fence();
        return pc.equals("idle") ? Frame.IDLE : Frame.IDLE.withPc(pc).withF(f).withOp(opOf(c));
    }

    private static String opOf(Session.CpuT c) {
        return c.current == null ? "idle" : c.current.op();
    }

    /** The spec pc a context is at when it has announced {@code st}. */
    String pcOf(Session.CpuT c, Step st) {
        if (st == null) {
            return "idle";
        }
        switch (st.action()) {
            case CALL: return "idle";
            case LOCK_ACQUIRE:
            case LOCK_CONTENDED: return acquirePc(c, st.fn());
            case LOCK_ACQUIRED: return afterLockPc(acquirePc(c, st.fn()));
            case LOCK_RELEASE: return releasePc(c, st.fn());
            case SIGNAL_TEST_AND_SET: return st.act().startsWith("set_bit(SIGNALED)") ? "sl_ts" : "sl_tas";
            case SIGNAL_RUN_CALLBACK: return "sl_run";
            case ENABLE_TEST_AND_SET: return st.act().startsWith("set_bit(ENABLE_SIGNAL)") ? "en_set" : "en_tas";
            case DRIVER_ENTER: return "drv_call";
            case DRIVER_ARM: return "drv_arm";
            case ENABLE_AFTER: {
                if (!st.act().startsWith("return true")) {
                    return cfg.legacy() ? "sl_tas" : "sig_lock";
                }
                String op = opOf(c);
                if (op.equals("add")) {
                    return cfg.legacy() ? "add_insert" : "add_lock";
                }
                if (op.equals("wait")) {
                    return cfg.legacy() ? "esw_unlock" : "w_fast";
                }
                return cfg.legacy() ? "esw_unlock" : "idle";
            }
            case ADD_FAST_PATH: return "add_fast";
            case ADD_INSERT: return "add_insert";
            case REMOVE_DEL: return "rm_del";
            case IS_SIGNALED: return "iss_test";
            case GET_STATUS_READ: return "st_read";
            case SET_ERROR: return "err_set";
            case WAIT_FAST_PATH: return "w_fast";
            case WAIT_ADD_WAITER: return "w_add";
            case WAIT_SCHEDULE: return "w_sched";
            case WAIT_CHECK: return "w_check";
            case IRQ_NEXT_FENCE: return st.act().startsWith("dma_fence_signal") ? "sig_lock" : "irq_unlock";
            default: return "idle";
        }
    }

    private String acquirePc(Session.CpuT c, String fn) {
        switch (fn) {
            case "dma_fence_add_callback": return "add_lock";
            case "dma_fence_remove_callback": return "rm_lock";
            case "dma_fence_enable_sw_signaling": return "esw_lock";
            case "dma_fence_get_status": return "st_lock";
            case "drv_error_path": return "err_lock";
            case "dma_fence_default_wait":
                return c.lastWaitStep != null && c.lastWaitStep.action() == Action.WAIT_SCHEDULE ? "w_relock"
                        : "w_lock";
            case "drv->enable_signaling": return "drv_lock";
            case "drv_irq_handler": return "irq_lock";
            default: return "sig_lock";
        }
    }

    private String releasePc(Session.CpuT c, String fn) {
        switch (fn) {
            case "dma_fence_add_callback": return "add_unlock";
            case "dma_fence_remove_callback": return "rm_unlock";
            case "dma_fence_enable_sw_signaling": return "esw_unlock";
            case "dma_fence_get_status": return "st_unlock";
            case "drv_error_path": return "err_unlock";
            case "dma_fence_default_wait": {
                Step w = c.lastWaitStep;
                boolean sleep = w != null && (w.action() == Action.WAIT_ADD_WAITER && w.act().startsWith("list_add")
                        || w.action() == Action.WAIT_CHECK && w.act().startsWith("set_current_state"));
                return sleep ? "w_sleep" : "w_unlock";
            }
            case "drv->enable_signaling": return "drv_unlock";
            case "drv_irq_handler": return "irq_unlock";
            default: return "sig_unlock";
        }
    }

    private String afterLockPc(String pc) {
        switch (pc) {
            case "sig_lock": return "sl_tas";
            case "add_lock": return cfg.legacy() ? "en_tas" : "add_insert";
            case "rm_lock": return "rm_del";
            case "esw_lock": return "en_tas";
            case "st_lock": return "st_read";
            case "err_lock": return "err_set";
            case "w_lock": return "w_add";
            case "w_relock": return "w_check";
            case "drv_lock": return "drv_arm";
            case "irq_lock": return "irq_next";
            default: return pc;
        }
    }

    @Override
    public String toString() {
        return "observer " + Arrays.toString(lastWaiterWoken);
    }
}
