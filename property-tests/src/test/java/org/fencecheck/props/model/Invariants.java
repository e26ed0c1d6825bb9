package org.fencecheck.props.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The invariants of spec/DmaFenceProps.tla in Java, one predicate per TLA+ invariant, with the same name, over a
 * {@link SpecState} (a state of the Java twin, or an implementation state mapped to the abstraction by
 * {@link org.fencecheck.props.sched.Observer}). {@code InvariantNamesTest} fails when a cfg of spec/ checks an
 * invariant that has no entry here.
 */
public final class Invariants {

    private Invariants() {
    }

    private static final Set<String> CB_STATES = Set.of("unused", "added", "rejected", "removed", "ran");

    /** name -> predicate, in the order of DmaFenceProps.tla. */
    public static final Map<String, Predicate<SpecState>> ALL = build();

    private static Map<String, Predicate<SpecState>> build() {
        Map<String, Predicate<SpecState>> m = new LinkedHashMap<>();
        m.put("TypeOK", Invariants::typeOK);
        m.put("CallbackAtMostOnce", s -> s.runs.values().stream().allMatch(r -> r <= 1));
        m.put("CallbackOnlyAfterSignaled", Invariants::callbackOnlyAfterSignaled);
        m.put("SignaledNeverClears", s -> s.everSignaled.stream().allMatch(s::signaled));
        m.put("CbListEmptyAfterSignal", Invariants::cbListEmptyAfterSignal);
        m.put("EnableSignalingAtMostOnce", s -> {
            for (int f = 1; f <= s.cfg.numFences(); f++) {
                if (s.enableCalls[f] > 1) {
                    return false;
                }
            }
            return true;
        });
        m.put("NoEnableSignalingOnSignaled", s -> s.enableOnSignaled.isEmpty());
        m.put("EnableSignalingSerializedWithSignal", Invariants::enableSerialized);
        m.put("NoSelfDeadlock", Invariants::noSelfDeadlock);
        m.put("NoCrossCpuDeadlock", Invariants::noCrossCpuDeadlock);
        m.put("NoDriverOpUnderFenceLock", s -> s.drvUnderLock.isEmpty());
        m.put("CallbacksInEmissionOrder", Invariants::emissionOrder);
        m.put("ErrorOnlyBeforeSignal", s -> s.errAfterSignal.isEmpty());
        m.put("TimestampOnlyAtSignal", Invariants::timestampOnlyAtSignal);
        return java.util.Collections.unmodifiableMap(m);
    }

    /** The names of the invariants that fail in {@code s}, in spec order. */
    public static List<String> violated(SpecState s) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, Predicate<SpecState>> e : ALL.entrySet()) {
            if (!e.getValue().test(s)) {
                out.add(e.getKey());
            }
        }
        return out;
    }

    static boolean typeOK(SpecState s) {
        SpecConfig cfg = s.cfg;
        int n = cfg.numFences();
        for (int f = 1; f <= n; f++) {
            if ((s.flags[f] & ~7) != 0 || s.error[f] != 0 && s.error[f] != Spec.EIO || s.tsWrites[f] < 0
                    || s.enableCalls[f] < 0) {
                return false;
            }
            for (String id : s.cbList.get(f)) {
                if (!cfg.cbs().contains(id) && !isCpu(cfg, id)) {
                    return false;
                }
            }
        }
        for (String cb : cfg.cbs()) {
            Integer fe = s.cbFence.get(cb);
            if (fe == null || fe < 0 || fe > n || !CB_STATES.contains(s.cbState.get(cb)) || s.runs.get(cb) < 0) {
                return false;
            }
        }
        if (s.hwSeqno < 0 || s.hwSeqno > n || s.calls < 0 || s.calls > cfg.maxCalls()) {
            return false;
        }
        for (int l = 0; l < 2; l++) {
            if ((s.ownerCpu[l] < 0) != (s.ownerCtx[l] < 0) || s.ownerCpu[l] >= cfg.cpus()) {
                return false;
            }
        }
        for (int c = 0; c < cfg.cpus(); c++) {
            for (Frame fm : s.fr[c]) {
                String pc = fm.pc();
                if (!Spec.ACQUIRE_PCS.contains(pc) && !Spec.RELEASE_PCS.contains(pc) && !Spec.BODY_PCS.contains(pc)) {
                    return false;
                }
                if (fm.f() < 0 || fm.f() > n) {
                    return false;
                }
            }
        }
        for (int f : s.enableOnSignaled) {
            if (f < 1 || f > n) {
                return false;
            }
        }
        for (int f : s.errAfterSignal) {
            if (f < 1 || f > n) {
                return false;
            }
        }
        for (int f : s.everSignaled) {
            if (f < 1 || f > n) {
                return false;
            }
        }
        return Set.of("enable_signaling", "signaled").containsAll(s.drvUnderLock);
    }

    private static boolean isCpu(SpecConfig cfg, String id) {
        for (int c = 0; c < cfg.cpus(); c++) {
            if (SpecConfig.cpuName(c).equals(id)) {
                return true;
            }
        }
        return false;
    }

    static boolean callbackOnlyAfterSignaled(SpecState s) {
        for (String cb : s.cfg.cbs()) {
            if (s.runs.get(cb) > 0 && !s.signaled(s.cbFence.get(cb))) {
                return false;
            }
        }
        return true;
    }

    static boolean enableSerialized(SpecState s) {
        for (int c = 0; c < s.cfg.cpus(); c++) {
            for (Frame fm : s.fr[c]) {
                String pc = fm.pc();
                if ((pc.equals("drv_lock") || pc.equals("drv_arm") || pc.equals("drv_unlock")) && s.signaled(fm.f())) {
                    return false;
                }
            }
        }
        return true;
    }

    static boolean noSelfDeadlock(SpecState s) {
        for (int c = 0; c < s.cfg.cpus(); c++) {
            int l = s.spinningOn(c);
            if (l >= 0 && s.ownerCpu[l] == c) {
                return false;
            }
        }
        return true;
    }

    /** {@code WaitsFor(c)}: the CPU holding the lock c spins on, or c itself when c does not spin. */
    static int waitsFor(SpecState s, int c) {
        int l = s.spinningOn(c);
        return l < 0 ? c : s.ownerCpu[l];
    }

    /** {@code Hops(c, n)}: follow WaitsFor n times. */
    static int hops(SpecState s, int c, int n) {
        return n == 0 ? c : hops(s, waitsFor(s, c), n - 1);
    }

    /** {@code \A c, n \in 2..|CPUs| : Hops(c, n) = c => WaitsFor(c) = c}: no waits-for cycle through >= 2 CPUs. */
    static boolean noCrossCpuDeadlock(SpecState s) {
        for (int c = 0; c < s.cfg.cpus(); c++) {
            for (int n = 2; n <= s.cfg.cpus(); n++) {
                if (hops(s, c, n) == c && waitsFor(s, c) != c) {
                    return false;
                }
            }
        }
        return true;
    }

    /** A signaled fence's list holds no user callback. */
    static boolean cbListEmptyAfterSignal(SpecState s) {
        for (int f = 1; f <= s.cfg.numFences(); f++) {
            if (s.signaled(f)) {
                for (String id : s.cbList.get(f)) {
                    if (s.cfg.cbs().contains(id)) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    static boolean emissionOrder(SpecState s) {
        int n = s.cfg.numFences();
        for (int a = 1; a <= n; a++) {
            for (int b = a + 1; b <= n; b++) {
                boolean laterRan = false;
                boolean earlierPending = false;
                for (String cb : s.cfg.cbs()) {
                    if (s.cbFence.get(cb) == b && s.runs.get(cb) > 0) {
                        laterRan = true;
                    }
                    if (s.cbFence.get(cb) == a && s.cbState.get(cb).equals("added")) {
                        earlierPending = true;
                    }
                }
                if (laterRan && earlierPending) {
                    return false;
                }
            }
        }
        return true;
    }

    static boolean timestampOnlyAtSignal(SpecState s) {
        for (int f = 1; f <= s.cfg.numFences(); f++) {
            if ((s.flags[f] & SpecState.TIMESTAMP) != 0 && !s.signaled(f) || s.tsWrites[f] > 1) {
                return false;
            }
        }
        return true;
    }
}
