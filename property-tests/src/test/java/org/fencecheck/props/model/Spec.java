package org.fencecheck.props.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The actions of spec/DmaFence.tla, transliterated into Java one by one (same names, same guards, same updates,
 * mutation branches included), so that the Java tests use the TLA+ model itself as their model rather than the
 * implementation run single-threaded. Every action takes a state and returns its successor, or {@code null} when
 * the action is disabled; states are never modified in place.
 *
 * <p>Keep in step with the TLA+ text: {@code SpecTwinTest} compares this twin with TLC on the reachable state
 * graph of a small configuration.
 */
public final class Spec {

    public static final Set<String> ACQUIRE_PCS = Set.of("sig_lock", "add_lock", "rm_lock", "esw_lock", "st_lock",
            "err_lock", "w_lock", "w_relock", "drv_lock", "irq_lock");
    public static final Set<String> RELEASE_PCS = Set.of("sig_unlock", "add_unlock", "rm_unlock", "esw_unlock",
            "st_unlock", "err_unlock", "w_sleep", "w_unlock", "drv_unlock");
    public static final Set<String> BODY_PCS = Set.of("idle", "sl_tas", "sl_ts", "sl_run", "en_tas", "en_set",
            "drv_call", "drv_arm", "add_fast", "add_insert", "rm_del", "iss_test", "st_read", "err_set", "w_fast",
            "w_add", "w_setstate", "w_sched", "w_check", "irq_next", "irq_unlock");

    /** The names of the actions a CPU step can be (CpuStep's disjuncts), plus Call, IrqEnter and HwComplete. */
    public static final List<String> ACTIONS = List.of("SpinLock", "SpinUnlock", "SignalTestAndSet",
            "SignalLateBit", "SignalRunCallback", "EnableTestAndSet", "EnableSetBit", "DriverEnter", "DriverArm",
            "AddCallbackFastPath", "AddCallbackInsert", "RemoveCallbackDel", "IsSignaled", "GetStatusRead",
            "SetError", "WaitFastPath", "WaitAddWaiter", "WaitSetState", "WaitSchedule", "WaitCheck",
            "IrqNextFence", "IrqUnlockExit", "Call", "IrqEnter", "HwComplete");

    /** -EIO. */
    public static final int EIO = -5;

    private final SpecConfig cfg;

    public Spec(SpecConfig cfg) {
        this.cfg = cfg;
    }

    public SpecConfig cfg() {
        return cfg;
    }

    /** One successor: the action's name, the CPU (-1 for the hardware) and the state. */
    public record Succ(String action, int cpu, SpecState state) {
    }

    // ---------------------------------------------------------------------------------------------------------
    // Helpers
    // ---------------------------------------------------------------------------------------------------------

    private boolean mut(String m) {
        return cfg.mutation().equals(m);
    }

    /** {@code SetF(c, fm)} on a copy. */
    private static void setF(SpecState t, int c, Frame fm) {
        t.fr[c][t.ctx[c]] = fm;
    }

    private static void step(SpecState t, int c, int k, String fn, String act, int f) {
        t.step = new SpecState.StepRec(SpecConfig.cpuName(c), Abs.ctxName(k), fn, act, f);
    }

    /** The spec's {@code FnOf(pc)}. */
    public static String fnOf(String pc) {
        switch (pc) {
            case "sig_lock", "sig_unlock": return "dma_fence_signal";
            case "sl_tas", "sl_ts", "sl_run": return "dma_fence_signal_timestamp_locked";
            case "en_tas", "en_set": return "__dma_fence_enable_signaling";
            case "drv_call", "drv_lock", "drv_arm", "drv_unlock": return "drv->enable_signaling";
            case "add_fast", "add_lock", "add_insert", "add_unlock": return "dma_fence_add_callback";
            case "rm_lock", "rm_del", "rm_unlock": return "dma_fence_remove_callback";
            case "esw_lock", "esw_unlock": return "dma_fence_enable_sw_signaling";
            case "iss_test": return "dma_fence_is_signaled";
            case "st_lock", "st_read", "st_unlock": return "dma_fence_get_status";
            case "err_lock", "err_set", "err_unlock": return "drv_error_path";
            case "w_fast", "w_lock", "w_add", "w_sleep", "w_setstate", "w_sched", "w_relock", "w_check",
                 "w_unlock": return "dma_fence_default_wait";
            case "irq_lock", "irq_next", "irq_unlock": return "drv_irq_handler";
            default: return "idle";
        }
    }

    /** The spec's {@code LockAt(pc)}. */
    public static int lockAt(String pc) {
        return switch (pc) {
            case "drv_lock", "drv_unlock", "irq_lock", "irq_unlock" -> SpecState.DRIVER;
            default -> SpecState.FENCE;
        };
    }

    /** The spec's {@code HowAt(pc)}. */
    String howAt(String pc) {
        return switch (pc) {
            case "drv_lock", "drv_unlock" -> cfg.driverLock();
            case "irq_lock", "irq_unlock" -> "plain";
            default -> "irqsave";
        };
    }

    static String lockText(String how, int l, boolean acquire) {
        String name = l == SpecState.FENCE ? "fence->lock" : "drv->lock";
        return switch (how) {
            case "irqsave" -> acquire ? "spin_lock_irqsave(" + name + ")" : "spin_unlock_irqrestore(" + name + ")";
            case "irq" -> acquire ? "spin_lock_irq(" + name + ")" : "spin_unlock_irq(" + name + ")";
            default -> acquire ? "spin_lock(" + name + ")" : "spin_unlock(" + name + ")";
        };
    }

    /** The spec's {@code EnableReturn(fm)}. */
    Frame enableReturn(Frame fm) {
        if (fm.en()) {
            return fm.goTo(fm.eret());
        }
        if (cfg.legacy()) {
            return fm.withPc("sl_tas").withLret(fm.eret());
        }
        return fm.withPc("sig_lock").withSret(fm.eret());
    }

    /** The spec's {@code AfterLock(fm)}. */
    Frame afterLock(Frame fm) {
        switch (fm.pc()) {
            case "sig_lock": return fm.withPc("sl_tas").withLret("sig_unlock");
            case "add_lock": return cfg.legacy() ? fm.withPc("en_tas").withEret("add_insert") : fm.withPc("add_insert");
            case "rm_lock": return fm.withPc("rm_del");
            case "esw_lock": return fm.withPc("en_tas").withEret("esw_unlock");
            case "st_lock": return fm.withPc("st_read");
            case "err_lock": return fm.withPc("err_set");
            case "w_lock": return fm.withPc("w_add");
            case "w_relock": return fm.withPc("w_check");
            case "drv_lock": return fm.withPc("drv_arm");
            case "irq_lock": return fm.withPc("irq_next");
            default: throw new IllegalStateException("AfterLock " + fm.pc());
        }
    }

    /** The spec's {@code AfterUnlock(fm)}. */
    Frame afterUnlock(Frame fm) {
        switch (fm.pc()) {
            case "sig_unlock": return fm.goTo(fm.sret());
            case "esw_unlock": return fm.op().equals("wait") ? fm.goTo("w_fast") : Frame.IDLE;
            case "w_sleep": return fm.goTo(mut("lost_wakeup") ? "w_setstate" : "w_sched");
            case "drv_unlock": return enableReturn(fm);
            default: return Frame.IDLE;
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Spinlocks
    // ---------------------------------------------------------------------------------------------------------

    public SpecState spinLock(SpecState s, int c) {
        int k = s.ctx[c];
        Frame fm = s.running(c);
        if (!ACQUIRE_PCS.contains(fm.pc())) {
            return null;
        }
        int l = lockAt(fm.pc());
        String how = howAt(fm.pc());
        if (s.ownerCpu[l] >= 0) {
            return null;
        }
        SpecState t = s.copy();
        t.ownerCpu[l] = c;
        t.ownerCtx[l] = k;
        if (how.equals("irqsave") || how.equals("irq")) {
            t.irqOn[c] = false;
        }
        setF(t, c, afterLock(fm.withSv(l, s.irqOn[c])));
        step(t, c, k, fnOf(fm.pc()), lockText(how, l, true), fm.f());
        return t;
    }

    public SpecState spinUnlock(SpecState s, int c) {
        int k = s.ctx[c];
        Frame fm = s.running(c);
        if (!RELEASE_PCS.contains(fm.pc())) {
            return null;
        }
        int l = lockAt(fm.pc());
        String how = howAt(fm.pc());
        SpecState t = s.copy();
        t.ownerCpu[l] = -1;
        t.ownerCtx[l] = -1;
        if (how.equals("irqsave")) {
            t.irqOn[c] = fm.sv(l);
        } else if (how.equals("irq")) {
            t.irqOn[c] = true;
        }
        setF(t, c, afterUnlock(fm.withSv(l, false)));
        step(t, c, k, fnOf(fm.pc()), lockText(how, l, false), fm.f());
        return t;
    }

    // ---------------------------------------------------------------------------------------------------------
    // dma_fence_signal_timestamp_locked()
    // ---------------------------------------------------------------------------------------------------------

    public SpecState signalTestAndSet(SpecState s, int c) {
        Frame fm = s.running(c);
        if (!fm.pc().equals("sl_tas")) {
            return null;
        }
        int f = fm.f();
        boolean was = s.signaled(f);
        boolean noSplice = mut("signal_no_splice");
        boolean lateBit = mut("cb_before_signaled");
        List<String> spliced = was && !noSplice ? List.of() : s.cbList.get(f);
        boolean tsAgain = was && mut("ts_on_every_signal");
        String next = !spliced.isEmpty() ? "sl_run" : lateBit && !was ? "sl_ts" : fm.lret();
        SpecState t = s.copy();
        if (!(lateBit || was)) {
            t.flags[f] |= SpecState.SIGNALED | SpecState.TIMESTAMP;
        }
        if (!lateBit) {
            t.everSignaled.add(f);
        }
        if ((!was && !lateBit) || tsAgain) {
            t.tsWrites[f]++;
        }
        if (!noSplice) {
            t.cbList.set(f, List.of());
        }
        setF(t, c, fm.withLocal(spliced).goTo(next));
        step(t, c, s.ctx[c], "dma_fence_signal_timestamp_locked", was
                ? "test_and_set_bit(SIGNALED): already set"
                : "test_and_set_bit(SIGNALED); list_replace(cb_list); set TIMESTAMP", f);
        return t;
    }

    public SpecState signalLateBit(SpecState s, int c) {
        Frame fm = s.running(c);
        if (!fm.pc().equals("sl_ts")) {
            return null;
        }
        int f = fm.f();
        SpecState t = s.copy();
        t.flags[f] |= SpecState.SIGNALED | SpecState.TIMESTAMP;
        t.everSignaled.add(f);
        t.tsWrites[f]++;
        setF(t, c, fm.goTo(fm.lret()));
        step(t, c, s.ctx[c], "dma_fence_signal_timestamp_locked", "set_bit(SIGNALED); set TIMESTAMP (late)", f);
        return t;
    }

    public SpecState signalRunCallback(SpecState s, int c) {
        Frame fm = s.running(c);
        if (!fm.pc().equals("sl_run")) {
            return null;
        }
        int f = fm.f();
        String id = fm.local().get(0);
        List<String> rest = fm.local().subList(1, fm.local().size());
        boolean lateBit = mut("cb_before_signaled");
        SpecState t = s.copy();
        boolean isCb = cfg.cbs().contains(id);
        if (isCb) {
            t.runs.merge(id, 1, Integer::sum);
            t.cbState.put(id, "ran");
        } else {
            t.woken[cpuIndex(id)] = true;
        }
        setF(t, c, fm.withLocal(rest).goTo(!rest.isEmpty() ? "sl_run" : lateBit ? "sl_ts" : fm.lret()));
        step(t, c, s.ctx[c], "dma_fence_signal_timestamp_locked", "cb->func() [" + (isCb ? id : "waiter") + "]", f);
        return t;
    }

    // ---------------------------------------------------------------------------------------------------------
    // __dma_fence_enable_signaling() and ->enable_signaling
    // ---------------------------------------------------------------------------------------------------------

    Frame enableDecide(Frame fm, boolean was, boolean sig) {
        if (sig && !mut("enable_no_signaled_check")) {
            return fm.withEn(false).goTo(fm.eret());
        }
        if (!was) {
            return fm.withPc("drv_call");
        }
        return fm.withEn(true).goTo(fm.eret());
    }

    public SpecState enableTestAndSet(SpecState s, int c) {
        Frame fm = s.running(c);
        if (!fm.pc().equals("en_tas")) {
            return null;
        }
        int f = fm.f();
        boolean was = (s.flags[f] & SpecState.ENABLE_SIGNAL) != 0;
        SpecState t = s.copy();
        if (mut("enable_split_tas")) {
            setF(t, c, fm.withPc("en_set").withEn(was));
            step(t, c, s.ctx[c], "__dma_fence_enable_signaling", "test_bit(ENABLE_SIGNAL)", f);
        } else {
            t.flags[f] |= SpecState.ENABLE_SIGNAL;
            setF(t, c, enableDecide(fm, was, s.signaled(f)));
            step(t, c, s.ctx[c], "__dma_fence_enable_signaling",
                    "test_and_set_bit(ENABLE_SIGNAL); test_bit(SIGNALED)", f);
        }
        return t;
    }

    public SpecState enableSetBit(SpecState s, int c) {
        Frame fm = s.running(c);
        if (!fm.pc().equals("en_set")) {
            return null;
        }
        int f = fm.f();
        SpecState t = s.copy();
        t.flags[f] |= SpecState.ENABLE_SIGNAL;
        setF(t, c, enableDecide(fm, fm.en(), s.signaled(f)));
        step(t, c, s.ctx[c], "__dma_fence_enable_signaling", "set_bit(ENABLE_SIGNAL); test_bit(SIGNALED)", f);
        return t;
    }

    public SpecState driverEnter(SpecState s, int c) {
        Frame fm = s.running(c);
        if (!fm.pc().equals("drv_call")) {
            return null;
        }
        int f = fm.f();
        SpecState t = s.copy();
        t.enableCalls[f]++;
        if (s.signaled(f)) {
            t.enableOnSignaled.add(f);
        }
        if (s.holds(c, SpecState.FENCE) && !s.irqOn[c]) {
            t.drvUnderLock.add("enable_signaling");
        }
        setF(t, c, fm.withPc(cfg.noDriverLock() ? "drv_arm" : "drv_lock"));
        step(t, c, s.ctx[c], "__dma_fence_enable_signaling", "ops->enable_signaling()", f);
        return t;
    }

    public SpecState driverArm(SpecState s, int c) {
        Frame fm = s.running(c);
        if (!fm.pc().equals("drv_arm")) {
            return null;
        }
        int f = fm.f();
        SpecState t = s.copy();
        t.irqArmed = s.irqArmed || !mut("no_arm");
        boolean en = s.hwSeqno < f;
        setF(t, c, cfg.noDriverLock() ? enableReturn(fm.withEn(en)) : fm.withEn(en).withPc("drv_unlock"));
        step(t, c, s.ctx[c], "drv->enable_signaling", "arm irq; read hw seqno", f);
        return t;
    }

    // ---------------------------------------------------------------------------------------------------------
    // The callers
    // ---------------------------------------------------------------------------------------------------------

    Frame enableSwStart(Frame fm, String then) {
        return cfg.legacy() ? fm.withPc("esw_lock") : fm.withPc("en_tas").withEret(then);
    }

    /** Whether {@code Call(c)} may choose (op, f, cb) in state s (the guard, without the CPU part). */
    public boolean callAllowed(SpecState s, String op, int f, String cb) {
        if (!cfg.ops().contains(op) || f < 1 || f > cfg.numFences()) {
            return false;
        }
        if (!cb.equals("none") && !cfg.cbs().contains(cb)) {
            return false;
        }
        boolean isAdd = op.equals("add");
        if (isAdd != (!cb.equals("none") && s.cbFence.get(cb) == 0)) {
            return false;
        }
        if (op.equals("remove")) {
            if (cb.equals("none")) {
                return false;
            }
            String st = s.cbState.get(cb);
            if (!(st.equals("added") || st.equals("ran")) || s.cbFence.get(cb) != f) {
                return false;
            }
        }
        if (!op.equals("add") && !op.equals("remove") && !cb.equals("none")) {
            return false;
        }
        if (op.equals("reinit") && !mut("reinit")) {
            return false;
        }
        if (op.equals("seterr")) {
            for (int g = 1; g < f; g++) {
                if (!s.signaled(g)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Whether CPU c may start a call at all (idle process context, calls left). */
    public boolean canCall(SpecState s, int c) {
        return s.ctx[c] == SpecState.PROC && s.fr[c][SpecState.PROC].pc().equals("idle") && s.calls < cfg.maxCalls();
    }

    public SpecState call(SpecState s, int c, String op, int f, String cb) {
        if (!canCall(s, c) || !callAllowed(s, op, f, cb)) {
            return null;
        }
        Frame fm = Frame.IDLE.withOp(op).withF(f).withCb(cb);
        Frame nf = switch (op) {
            case "add" -> fm.withPc("add_fast");
            case "remove" -> fm.withPc("rm_lock");
            case "enable" -> enableSwStart(fm, "idle");
            case "wait" -> enableSwStart(fm, "w_fast");
            case "issig" -> fm.withPc("iss_test");
            case "status" -> fm.withPc("st_lock");
            case "seterr" -> fm.withPc(mut("seterr_unlocked") ? "err_set" : "err_lock");
            default -> Frame.IDLE;
        };
        SpecState t = s.copy();
        t.fr[c][SpecState.PROC] = nf;
        if (op.equals("add")) {
            t.cbFence.put(cb, f);
        }
        if (op.equals("reinit")) {
            t.flags[f] = 0;
        }
        t.calls++;
        step(t, c, SpecState.PROC, callFn(op), cb.equals("none") ? "call" : "call [" + cb + "]", f);
        return t;
    }

    /** The kernel function a Call of op names. */
    public static String callFn(String op) {
        return switch (op) {
            case "add" -> "dma_fence_add_callback";
            case "remove" -> "dma_fence_remove_callback";
            case "enable" -> "dma_fence_enable_sw_signaling";
            case "wait" -> "dma_fence_wait_timeout";
            case "issig" -> "dma_fence_is_signaled";
            case "status" -> "dma_fence_get_status";
            case "seterr" -> "drv_error_path";
            default -> "dma_fence_init";
        };
    }

    public SpecState addCallbackFastPath(SpecState s, int c) {
        Frame fm = s.running(c);
        if (!fm.pc().equals("add_fast")) {
            return null;
        }
        int f = fm.f();
        SpecState t = s.copy();
        if (s.signaled(f)) {
            t.cbState.put(fm.cb(), "rejected");
            setF(t, c, Frame.IDLE);
        } else {
            setF(t, c, cfg.legacy() ? fm.withPc("add_lock") : fm.withPc("en_tas").withEret("add_lock"));
        }
        step(t, c, s.ctx[c], "dma_fence_add_callback", "test_bit(SIGNALED)", f);
        return t;
    }

    public SpecState addCallbackInsert(SpecState s, int c) {
        Frame fm = s.running(c);
        if (!fm.pc().equals("add_insert")) {
            return null;
        }
        int f = fm.f();
        boolean ok = cfg.legacy() || mut("reworked_no_recheck") ? fm.en() : !s.signaled(f);
        SpecState t = s.copy();
        if (ok) {
            List<String> l = new ArrayList<>(s.cbList.get(f));
            l.add(fm.cb());
            t.cbList.set(f, List.copyOf(l));
        }
        t.cbState.put(fm.cb(), ok ? "added" : "rejected");
        setF(t, c, fm.withPc("add_unlock"));
        step(t, c, s.ctx[c], "dma_fence_add_callback",
                ok ? "list_add_tail(cb_list) [" + fm.cb() + "]" : "-ENOENT [" + fm.cb() + "]", f);
        return t;
    }

    public SpecState removeCallbackDel(SpecState s, int c) {
        Frame fm = s.running(c);
        if (!fm.pc().equals("rm_del")) {
            return null;
        }
        int f = fm.f();
        boolean linked = s.cbList.get(f).contains(fm.cb());
        SpecState t = s.copy();
        if (linked) {
            List<String> l = new ArrayList<>(s.cbList.get(f));
            l.removeIf(x -> x.equals(fm.cb()));
            t.cbList.set(f, List.copyOf(l));
            t.cbState.put(fm.cb(), "removed");
        }
        setF(t, c, fm.withPc("rm_unlock"));
        step(t, c, s.ctx[c], "dma_fence_remove_callback",
                linked ? "list_del_init() [" + fm.cb() + "]" : "not linked [" + fm.cb() + "]", f);
        return t;
    }

    public SpecState isSignaled(SpecState s, int c) {
        Frame fm = s.running(c);
        if (!fm.pc().equals("iss_test")) {
            return null;
        }
        int f = fm.f();
        boolean hw = cfg.signaledOp() && !s.signaled(f) && s.hwSeqno >= f;
        SpecState t = s.copy();
        setF(t, c, hw ? fm.withPc("sig_lock").withSret("idle") : Frame.IDLE);
        step(t, c, s.ctx[c], "dma_fence_is_signaled",
                cfg.signaledOp() ? "test_bit(SIGNALED); ops->signaled()" : "test_bit(SIGNALED)", f);
        return t;
    }

    public SpecState getStatusRead(SpecState s, int c) {
        Frame fm = s.running(c);
        if (!fm.pc().equals("st_read")) {
            return null;
        }
        int f = fm.f();
        boolean asks = cfg.signaledOp() && !s.signaled(f);
        boolean hw = asks && s.hwSeqno >= f;
        SpecState t = s.copy();
        if (asks && !s.irqOn[c]) {
            t.drvUnderLock.add("signaled");
        }
        setF(t, c, hw ? fm.withPc("sl_tas").withLret("st_unlock") : fm.withPc("st_unlock"));
        step(t, c, s.ctx[c], "dma_fence_get_status",
                asks ? "dma_fence_is_signaled_locked(): ops->signaled()" : "dma_fence_is_signaled_locked()", f);
        return t;
    }

    public SpecState setError(SpecState s, int c) {
        Frame fm = s.running(c);
        if (!fm.pc().equals("err_set")) {
            return null;
        }
        int f = fm.f();
        boolean unlocked = mut("seterr_unlocked");
        boolean skip = s.signaled(f) && !unlocked;
        SpecState t = s.copy();
        if (!skip) {
            t.error[f] = mut("positive_error") ? 5 : EIO;
        }
        if (!skip && s.signaled(f)) {
            t.errAfterSignal.add(f);
        }
        setF(t, c, skip ? fm.withPc("err_unlock")
                : unlocked ? fm.withPc("sig_lock").withSret("idle")
                : fm.withPc("sl_tas").withLret("err_unlock"));
        step(t, c, s.ctx[c], "dma_fence_set_error", skip ? "already signaled: leave error" : "fence->error = -EIO", f);
        return t;
    }

    // ---------------------------------------------------------------------------------------------------------
    // dma_fence_default_wait()
    // ---------------------------------------------------------------------------------------------------------

    public SpecState waitFastPath(SpecState s, int c) {
        Frame fm = s.running(c);
        if (!fm.pc().equals("w_fast")) {
            return null;
        }
        SpecState t = s.copy();
        setF(t, c, s.signaled(fm.f()) ? Frame.IDLE : fm.withPc("w_lock"));
        step(t, c, s.ctx[c], "dma_fence_default_wait", "test_bit(SIGNALED)", fm.f());
        return t;
    }

    public SpecState waitAddWaiter(SpecState s, int c) {
        Frame fm = s.running(c);
        if (!fm.pc().equals("w_add")) {
            return null;
        }
        int f = fm.f();
        SpecState t = s.copy();
        if (s.signaled(f)) {
            setF(t, c, fm.withPc("w_unlock"));
        } else {
            List<String> l = new ArrayList<>();
            l.add(SpecConfig.cpuName(c));
            l.addAll(s.cbList.get(f));
            t.cbList.set(f, List.copyOf(l));
            if (!mut("lost_wakeup")) {
                t.woken[c] = false;
            }
            setF(t, c, fm.withPc("w_sleep"));
        }
        step(t, c, s.ctx[c], "dma_fence_default_wait",
                s.signaled(f) ? "test_bit(SIGNALED)" : "list_add(waiter cb); set_current_state()", f);
        return t;
    }

    public SpecState waitSetState(SpecState s, int c) {
        Frame fm = s.running(c);
        if (!fm.pc().equals("w_setstate")) {
            return null;
        }
        SpecState t = s.copy();
        t.woken[c] = false;
        setF(t, c, fm.withPc("w_sched"));
        step(t, c, s.ctx[c], "dma_fence_default_wait", "set_current_state()", fm.f());
        return t;
    }

    public SpecState waitSchedule(SpecState s, int c) {
        Frame fm = s.running(c);
        if (!fm.pc().equals("w_sched") || !(s.woken[c] || cfg.waitTimeouts())) {
            return null;
        }
        SpecState t = s.copy();
        setF(t, c, fm.withPc("w_relock").withEn(!s.woken[c]));
        step(t, c, s.ctx[c], "dma_fence_default_wait",
                s.woken[c] ? "schedule_timeout(): woken" : "schedule_timeout(): timed out", fm.f());
        return t;
    }

    public SpecState waitCheck(SpecState s, int c) {
        Frame fm = s.running(c);
        if (!fm.pc().equals("w_check")) {
            return null;
        }
        int f = fm.f();
        boolean leave = s.signaled(f) || fm.en();
        SpecState t = s.copy();
        if (leave) {
            List<String> l = new ArrayList<>(s.cbList.get(f));
            String me = SpecConfig.cpuName(c);
            l.removeIf(x -> x.equals(me));
            t.cbList.set(f, List.copyOf(l));
        } else {
            t.woken[c] = false;
        }
        setF(t, c, fm.withPc(leave ? "w_unlock" : "w_sleep").withEn(false));
        step(t, c, s.ctx[c], "dma_fence_default_wait", leave ? "list_del(waiter cb)" : "set_current_state()", f);
        return t;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Hardware and interrupt handler
    // ---------------------------------------------------------------------------------------------------------

    public SpecState hwComplete(SpecState s) {
        if (s.hwSeqno >= cfg.numFences()) {
            return null;
        }
        SpecState t = s.copy();
        t.hwSeqno = s.hwSeqno + 1;
        t.irqLine = s.irqLine || s.irqArmed;
        t.step = new SpecState.StepRec("hw", "hw", "hardware", "seqno passes", s.hwSeqno + 1);
        return t;
    }

    public SpecState irqEnter(SpecState s, int c) {
        if (!s.irqLine || !s.irqOn[c] || s.ctx[c] != SpecState.PROC) {
            return null;
        }
        SpecState t = s.copy();
        t.irqLine = false;
        t.ctx[c] = SpecState.IRQ;
        t.irqOn[c] = false;
        t.fr[c][SpecState.IRQ] = Frame.IDLE.withOp("irq").withCur(1)
                .withPc(cfg.noDriverLock() ? "irq_next" : "irq_lock");
        step(t, c, SpecState.IRQ, "drv_irq_handler", "<Interrupt>", 0);
        return t;
    }

    public SpecState irqNextFence(SpecState s, int c) {
        Frame fm = s.running(c);
        if (!fm.pc().equals("irq_next")) {
            return null;
        }
        int min = 0;
        for (int g = Math.max(fm.cur(), 1); g <= s.hwSeqno; g++) {
            if (!s.signaled(g)) {
                min = g;
                break;
            }
        }
        boolean leave = min == 0 && cfg.noDriverLock();
        SpecState t = s.copy();
        if (min != 0) {
            t.fr[c][SpecState.IRQ] = fm.withPc("sig_lock").withF(min).withCur(min + 1).withSret("irq_next");
        } else if (leave) {
            t.fr[c][SpecState.IRQ] = Frame.IDLE;
            t.ctx[c] = SpecState.PROC;
            t.irqOn[c] = true;
        } else {
            t.fr[c][SpecState.IRQ] = fm.withPc("irq_unlock");
        }
        step(t, c, SpecState.IRQ, "drv_irq_handler", min != 0 ? "dma_fence_signal()"
                : leave ? "no passed fence left; return from interrupt" : "no passed fence left", min);
        return t;
    }

    public SpecState irqUnlockExit(SpecState s, int c) {
        if (s.ctx[c] != SpecState.IRQ || !s.fr[c][SpecState.IRQ].pc().equals("irq_unlock")) {
            return null;
        }
        SpecState t = s.copy();
        t.ownerCpu[SpecState.DRIVER] = -1;
        t.ownerCtx[SpecState.DRIVER] = -1;
        t.ctx[c] = SpecState.PROC;
        t.irqOn[c] = true;
        t.fr[c][SpecState.IRQ] = Frame.IDLE;
        step(t, c, SpecState.IRQ, "drv_irq_handler", "spin_unlock(drv->lock); return from interrupt", 0);
        return t;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Next
    // ---------------------------------------------------------------------------------------------------------

    /**
     * {@code CpuStep(c)}: every disjunct is guarded by a distinct pc of the running frame, so at most one is
     * enabled and the step is deterministic.
     *
     * @return the successor with the action's name, or null if CPU c cannot step
     */
    public Succ cpuStep(SpecState s, int c) {
        String pc = s.running(c).pc();
        String name;
        SpecState t;
        if (ACQUIRE_PCS.contains(pc)) {
            name = "SpinLock";
            t = spinLock(s, c);
        } else if (RELEASE_PCS.contains(pc)) {
            name = "SpinUnlock";
            t = spinUnlock(s, c);
        } else {
            switch (pc) {
                case "sl_tas": name = "SignalTestAndSet"; t = signalTestAndSet(s, c); break;
                case "sl_ts": name = "SignalLateBit"; t = signalLateBit(s, c); break;
                case "sl_run": name = "SignalRunCallback"; t = signalRunCallback(s, c); break;
                case "en_tas": name = "EnableTestAndSet"; t = enableTestAndSet(s, c); break;
                case "en_set": name = "EnableSetBit"; t = enableSetBit(s, c); break;
                case "drv_call": name = "DriverEnter"; t = driverEnter(s, c); break;
                case "drv_arm": name = "DriverArm"; t = driverArm(s, c); break;
                case "add_fast": name = "AddCallbackFastPath"; t = addCallbackFastPath(s, c); break;
                case "add_insert": name = "AddCallbackInsert"; t = addCallbackInsert(s, c); break;
                case "rm_del": name = "RemoveCallbackDel"; t = removeCallbackDel(s, c); break;
                case "iss_test": name = "IsSignaled"; t = isSignaled(s, c); break;
                case "st_read": name = "GetStatusRead"; t = getStatusRead(s, c); break;
                case "err_set": name = "SetError"; t = setError(s, c); break;
                case "w_fast": name = "WaitFastPath"; t = waitFastPath(s, c); break;
                case "w_add": name = "WaitAddWaiter"; t = waitAddWaiter(s, c); break;
                case "w_setstate": name = "WaitSetState"; t = waitSetState(s, c); break;
                case "w_sched": name = "WaitSchedule"; t = waitSchedule(s, c); break;
                case "w_check": name = "WaitCheck"; t = waitCheck(s, c); break;
                case "irq_next": name = "IrqNextFence"; t = irqNextFence(s, c); break;
                case "irq_unlock": name = "IrqUnlockExit"; t = irqUnlockExit(s, c); break;
                default: return null;
            }
        }
        return t == null ? null : new Succ(name, c, t);
    }

    /** Applies the named action of CPU c (or the hardware, c = -1); null if disabled. */
    public SpecState apply(SpecState s, String action, int c) {
        switch (action) {
            case "HwComplete": return hwComplete(s);
            case "IrqEnter": return irqEnter(s, c);
            default:
                Succ x = cpuStep(s, c);
                return x != null && x.action().equals(action) ? x.state() : null;
        }
    }

    /** Every successor of {@code Next} except {@code Finished} (the spec's stuttering end). */
    public List<Succ> next(SpecState s) {
        List<Succ> out = new ArrayList<>();
        for (int c = 0; c < cfg.cpus(); c++) {
            if (canCall(s, c)) {
                for (String op : cfg.ops()) {
                    for (int f = 1; f <= cfg.numFences(); f++) {
                        for (String cb : cbChoices()) {
                            SpecState t = call(s, c, op, f, cb);
                            if (t != null) {
                                out.add(new Succ("Call", c, t));
                            }
                        }
                    }
                }
            }
            Succ x = cpuStep(s, c);
            if (x != null) {
                out.add(x);
            }
            SpecState t = irqEnter(s, c);
            if (t != null) {
                out.add(new Succ("IrqEnter", c, t));
            }
        }
        SpecState t = hwComplete(s);
        if (t != null) {
            out.add(new Succ("HwComplete", -1, t));
        }
        return out;
    }

    /** Cbs plus "none". */
    public List<String> cbChoices() {
        List<String> l = new ArrayList<>(cfg.cbs());
        l.add("none");
        return l;
    }

    /** The spec's {@code Finished} guard: every CPU idle in process context. */
    public static boolean allIdle(SpecState s) {
        for (int c = 0; c < s.ctx.length; c++) {
            if (s.ctx[c] != SpecState.PROC || !s.fr[c][SpecState.PROC].pc().equals("idle")) {
                return false;
            }
        }
        return true;
    }

    /** The CPU index of a CPU name {@code c1, c2, ...}. */
    public static int cpuIndex(String name) {
        return Integer.parseInt(name.substring(1)) - 1;
    }
}
