package org.fencecheck.props.sched;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.fencecheck.sim.CpuContext;
import org.fencecheck.sim.SpinLock;
import org.fencecheck.sim.Step;

/**
 * Reads the implementation, between two moves of a {@link Session}, as the spec's observable state ({@link Abs}),
 * and names each move by the spec actions impl announced for it ({@code Action.specAction()}).
 *
 * <p>Read from impl: flags, {@code cb_list} (waiters by their task's CPU), error, hardware seqno, armed
 * interrupt, lock owners, each CPU's IRQ flag and context. Counted from what impl did (the spec's history
 * variables, observed, not computed by a model): callback runs (the callbacks log themselves), entries into
 * {@code ->enable_signaling} (its DRIVER_ENTER step) with the fence's SIGNALED bit and the caller's fence lock
 * and IRQ state at that moment, {@code ->signaled} reached from get_status with IRQs off, error writes on a
 * signaled fence, timestamp writes (the value changing), waiter wake-ups (the waiter's own flag). No program
 * counter is derived here: TLC reconstructs the frames when it checks a recorded run.
 */
public final class Observer {

    /**
     * One move and what it did.
     *
     * @param index  0-based move number
     * @param move   the move
     * @param labels the spec actions it is, in order (empty: a stutter); two when the interrupt handler's
     *               decision falls into the move ({@link SpecActions#HANDLER_DECIDES_BEFORE_ANNOUNCING})
     * @param call   for a Call, the op; else null
     * @param step   the granted step (null for a hardware, interrupt or timeout move)
     * @param state  the observable state after it
     */
    public record Tick(int index, Move move, List<String> labels, Op call, Step step, Abs state) {

        /** A trace line: {@code c1: dma_fence_add_callback: spin_lock_irqsave(fence->lock) (fence 1) [SpinLock]}. */
        public String describe() {
            String lab = labels.isEmpty() ? "stutter" : String.join(" + ", labels);
            if (step == null) {
                return move + ": " + lab;
            }
            return move + ": " + (step.context() == CpuContext.IRQ ? "irq> " : "") + step.fn() + ": " + step.act()
                    + (step.fence() == Step.NO_FENCE ? "" : " (fence " + step.fence() + ")") + "  [" + lab + "]";
        }
    }

    private final Session session;
    private final ImplSut sut;
    private final SpecConfig cfg;
    private final int n;

    // the history variables and the callbacks' life, as observed
    private final Map<String, Integer> cbFence = new LinkedHashMap<>();
    private final Map<String, String> cbState = new LinkedHashMap<>();
    private final Map<String, Integer> runs = new LinkedHashMap<>();
    private final int[] tsWrites;
    private final long[] lastTs;
    private int calls;
    private final boolean[] woken;
    /** Per CPU the atomic caller context of its current call, or "none" (spec `outer`). */
    private final String[] outer;
    private final boolean[] lastWaiterWoken;
    private final int[] enableCalls;
    private final TreeSet<Integer> enableOnSignaled = new TreeSet<>();
    private final TreeSet<String> drvUnderLock = new TreeSet<>();
    private final TreeSet<Integer> errAfterSignal = new TreeSet<>();
    private final TreeSet<Integer> everSignaled = new TreeSet<>();
    private int logSeen;

    private Abs cur;
    private int moves;
    // per move
    private Step granted;
    private Op grantedOp;
    private final List<String> labels = new ArrayList<>();
    private int finishedBefore;

    Observer(Session session, ImplSut sut) {
        this.session = session;
        this.sut = sut;
        this.cfg = sut.cfg;
        this.n = cfg.numFences();
        for (String cb : cfg.cbs()) {
            cbFence.put(cb, 0);
            cbState.put(cb, "unused");
            runs.put(cb, 0);
        }
        this.tsWrites = new int[n + 1];
        this.lastTs = new long[n + 1];
        this.woken = new boolean[cfg.cpus()];
        this.outer = new String[cfg.cpus()];
        java.util.Arrays.fill(outer, "none");
        this.lastWaiterWoken = new boolean[cfg.cpus()];
        this.enableCalls = new int[n + 1];
        this.cur = build();
    }

    /** The observable state now. */
    public Abs current() {
        return cur;
    }

    void settled() {
        cur = build(); // a woken sleeper or a started call changes nothing observable, but re-read anyway
    }

    /**
     * The environment's side of the spec's {@code Call} guard: which calls are legal inputs now (the bound, a
     * callback added once, removed only from its fence once added, the error path only on the oldest pending job).
     */
    boolean callAllowed(Op op) {
        if (op == null || calls >= cfg.maxCalls() || !cfg.ops().contains(op.op())) {
            return false;
        }
        return switch (op.op()) {
            case "add" -> cbFence.get(op.cb()) == 0;
            case "remove" -> cbFence.get(op.cb()) == op.f() && List.of("added", "ran").contains(cbState.get(op.cb()));
            case "seterr" -> java.util.stream.IntStream.range(1, op.f()).allMatch(sut::signaled);
            case "reinit" -> cfg.mutation().equals("reinit");
            default -> op.cb().equals("none");
        };
    }

    void beforeMove(Move m) {
        granted = null;
        grantedOp = null;
        labels.clear();
        switch (m.kind()) {
            case HW -> labels.add(org.fencecheck.sim.Action.HW_COMPLETE.specAction());
            case IRQ -> labels.add(org.fencecheck.sim.Action.IRQ_ENTER.specAction());
            case TIMEOUT -> labels.add(org.fencecheck.sim.Action.WAIT_SCHEDULE.specAction());
            case IRQ_WORK -> {
                // IrqWorkCall: the nested call starts (StartCall), outer is left as it is
                labels.add(org.fencecheck.sim.Action.IRQ_WORK_CALL.specAction());
                calls++;
                if (m.op().op().equals("add")) {
                    cbFence.put(m.op().cb(), m.op().f());
                }
            }
            case STEP -> {
                Session.CpuT c = session.cpus[m.cpu()];
                granted = c.pending();
                grantedOp = c.current;
                finishedBefore = c.opsFinished;
                if (SpecActions.label(granted) != null) {
                    labels.add(SpecActions.label(granted));
                }
                observeStep(c, granted);
            }
        }
    }

    /** The history a step writes, observed at the moment it is taken. */
    private void observeStep(Session.CpuT c, Step st) {
        int f = st.fence() == Step.NO_FENCE ? 0 : (int) st.fence();
        switch (st.action()) {
            case CALL -> {
                calls++;
                outer[c.id] = cfg.caller().equals("process") ? "none" : cfg.caller();
                if (c.current.op().equals("add")) {
                    cbFence.put(c.current.cb(), c.current.f());
                }
            }
            case DRIVER_ENTER -> {
                enableCalls[f]++;
                if (sut.signaled(f)) {
                    enableOnSignaled.add(f);
                }
                if (sut.tl.fenceLock().ownerCpu() == c.id && !c.cpu.irqsEnabled()) {
                    drvUnderLock.add("enable_signaling");
                }
            }
            case GET_STATUS_READ -> {
                // dma_fence_is_signaled_locked() calls ->signaled (when the driver has one) on an unsignaled fence
                // (series2026's dma_fence_get_status_locked() only tests SIGNALED: no driver op, 02/10)
                if (cfg.signaledOp() && !sut.signaled(f) && !c.cpu.irqsEnabled()
                        && !cfg.policy().statusTestsFlagOnly()) {
                    drvUnderLock.add("signaled");
                }
            }
            case CALLER_EXIT -> outer[c.id] = "none";
            case SET_ERROR -> {
                if (st.act().startsWith("fence->error") && sut.signaled(f)) {
                    errAfterSignal.add(f);
                }
            }
            // an OpSetsError driver whose arming failed writes fence->error in its DriverArm step (amdkfd)
            case DRIVER_ARM -> {
                if (st.act().startsWith("arm fails") && sut.signaled(f)) {
                    errAfterSignal.add(f);
                }
            }
            default -> {
            }
        }
    }

    /** A step the session took as part of the move (see {@link SpecActions#folded}). */
    void folded(Step st) {
        String a = SpecActions.folded(st);
        if (a != null && !a.isEmpty()) {
            labels.add(a);
        }
    }

    Tick afterMove(Move m) {
        for (CallbackLog.Run r : sut.log.since(logSeen)) {
            logSeen++;
            runs.merge(r.cb(), 1, Integer::sum);
            cbState.put(r.cb(), "ran");
        }
        if (granted != null) {
            callbackFate(session.cpus[m.cpu()]);
        }
        for (int c = 0; c < cfg.cpus(); c++) {
            boolean w = sut.waiterWoken(c);
            if (w && !lastWaiterWoken[c]) {
                woken[c] = true;
            }
            lastWaiterWoken[c] = w;
        }
        for (int f = 1; f <= n; f++) {
            if (sut.timestamped(f)) {
                long ts = sut.timestamp(f);
                if (tsWrites[f] == 0 || ts != lastTs[f]) {
                    tsWrites[f]++;
                }
                lastTs[f] = ts;
            }
        }
        cur = build();
        return new Tick(moves++, m, List.copyOf(labels), granted != null && granted.action()
                == org.fencecheck.sim.Action.CALL ? grantedOp : null, granted, cur);
    }

    /** What became of a user callback (or a waiter's wake-up flag) in the granted step. */
    private void callbackFate(Session.CpuT c) {
        String cb = tag(granted.act());
        switch (granted.action()) {
            // what became of the callback, as impl's step names it
            case ADD_FAST_PATH, ADD_INSERT, ADD_LINK -> {
                if (granted.act().startsWith("list_add_tail")) {
                    cbState.put(cb, "added");
                } else if (granted.act().startsWith("-ENOENT")
                        || c.opsFinished > finishedBefore && "-2".equals(c.lastResult)
                        // from an atomic caller the call has returned but the CPU waits at its CallerExit: the
                        // fast path's read of SIGNALED (no other CPU ran in this move) is the rejection
                        || granted.action() == org.fencecheck.sim.Action.ADD_FAST_PATH
                                && !cfg.caller().equals("process") && !cfg.mutation().equals("reinit")
                                && sut.signaled((int) granted.fence())) {
                    cbState.put(grantedOp.cb(), "rejected");
                }
            }
            case REMOVE_DEL, REMOVE_WRITE -> {
                if (granted.act().startsWith("list_del_init()")) {
                    cbState.put(cb, "removed");
                }
            }
            case WAIT_ADD_WAITER -> {
                if (granted.act().startsWith("list_add")) {
                    woken[c.id] = false;
                }
            }
            case WAIT_CHECK, WAIT_SET_STATE -> {
                if (granted.act().startsWith("set_current_state")) {
                    woken[c.id] = false; // the task state is set again: a later wake-up is a new one
                }
            }
            default -> {
            }
        }
    }

    /** The {@code [name]} suffix of an act, or null. */
    private static String tag(String act) {
        int i = act.lastIndexOf('[');
        int j = act.lastIndexOf(']');
        return i >= 0 && j > i ? act.substring(i + 1, j) : null;
    }

    private Abs build() {
        Map<String, String> v = new LinkedHashMap<>();
        for (int f = 1; f <= n; f++) {
            if (sut.signaled(f)) {
                everSignaled.add(f);
            }
        }
        v.put("flags", Abs.tuple(n, sut::flagsTla));
        v.put("cbList", Abs.tuple(n, f -> "<<" + String.join(", ", sut.cbIds(f, session::cpuOfThread).stream()
                .map(Abs::str).toList()) + ">>"));
        v.put("cbFence", Abs.record(cbFence, Object::toString));
        v.put("cbState", Abs.record(cbState, Abs::str));
        v.put("runs", Abs.record(runs, Object::toString));
        v.put("error", Abs.tuple(n, f -> Integer.toString(sut.fence(f).error())));
        v.put("tsWrites", Abs.tuple(n, f -> Integer.toString(tsWrites[f])));
        v.put("hwSeqno", Long.toString(sut.tl.hwSeqno()));
        v.put("irqArmed", Abs.bool(sut.tl.irqArmed()));
        v.put("irqLine", Abs.bool(session.irqLine()));
        v.put("entries", Abs.tuple(n, f -> Integer.toString(sut.tl.entries(f))));
        v.put("owner", "[fence |-> " + owner(sut.tl.fenceLock()) + ", driver |-> " + owner(sut.tl.driverLock()) + "]");
        // asleep in schedule_timeout(): might_sleep() guarantees process context with IRQs on
        v.put("irqOn", Abs.cpuFn(cfg.cpus(), c -> Abs.bool(session.cpus[c].view == Session.View.SLEEPING
                || session.cpus[c].cpu.irqsEnabled())));
        v.put("ctx", Abs.cpuFn(cfg.cpus(), c -> Abs.str(session.cpus[c].view != Session.View.SLEEPING
                && session.cpus[c].cpu.context() == CpuContext.IRQ ? "irq" : "proc")));
        v.put("calls", Integer.toString(calls));
        v.put("woken", Abs.cpuFn(cfg.cpus(), c -> Abs.bool(woken[c])));
        v.put("outer", Abs.cpuFn(cfg.cpus(), c -> Abs.str(outer[c])));
        v.put("enableCalls", Abs.tuple(n, f -> Integer.toString(enableCalls[f])));
        v.put("enableOnSignaled", Abs.set(enableOnSignaled, Object::toString));
        v.put("drvUnderLock", Abs.set(drvUnderLock, Abs::str));
        v.put("errAfterSignal", Abs.set(errAfterSignal, Object::toString));
        v.put("everSignaled", Abs.set(everSignaled, Object::toString));
        // the schedulers drive no model with references (VerdictMatrix.NOT_DRIVEN): no holder is modelled, and a
        // fence impl released all the same would show here as freed
        v.put("fenceRefs", Abs.tuple(n, f -> "{}"));
        v.put("fenceFreed", Abs.set(java.util.stream.IntStream.rangeClosed(1, n).filter(f -> sut.fence(f).freed())
                .boxed().toList(), Object::toString));
        return new Abs(v);
    }

    private static String owner(SpinLock lock) {
        CpuContext k = lock.ownerContext();
        return k == null ? "[cpu |-> \"none\", ctx |-> \"none\"]" : "[cpu |-> " + Abs.str(SpecConfig.cpuName(
                lock.ownerCpu())) + ", ctx |-> " + Abs.str(k == CpuContext.IRQ ? "irq" : "proc") + "]";
    }
}
