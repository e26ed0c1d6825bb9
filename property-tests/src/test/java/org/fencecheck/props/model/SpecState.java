package org.fencecheck.props.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * One state of spec/DmaFence.tla: every VARIABLE, with the spec's names. Fences are indexed 1..NumFences (index
 * 0 unused), CPUs 0..|CPUs|-1 (the spec's c1, c2, ...), locks {@link #FENCE} and {@link #DRIVER}, contexts 0
 * (proc) and 1 (irq).
 *
 * <p>The same class holds the Java twin's states and the implementation's states mapped to the spec's
 * abstraction (where only the {@code pc} and {@code f} of each frame are derived; see
 * {@link org.fencecheck.props.sched.Observer}). {@link Abs#of(SpecState)} is the part that is compared.
 */
public final class SpecState {

    public static final int FENCE = 0;
    public static final int DRIVER = 1;
    public static final int PROC = 0;
    public static final int IRQ = 1;

    public static final int SIGNALED = 1;
    public static final int TIMESTAMP = 2;
    public static final int ENABLE_SIGNAL = 4;

    public final SpecConfig cfg;
    public int[] flags;
    public List<List<String>> cbList;
    public Map<String, Integer> cbFence;
    public Map<String, String> cbState;
    public Map<String, Integer> runs;
    public int[] error;
    public int[] tsWrites;
    public int hwSeqno;
    public boolean irqArmed;
    public boolean irqLine;
    /** owner[l]: the CPU index, -1 when free. */
    public int[] ownerCpu;
    /** owner[l].ctx: PROC or IRQ, -1 when free. */
    public int[] ownerCtx;
    public boolean[] irqOn;
    /** ctx[c]: PROC or IRQ. */
    public int[] ctx;
    public Frame[][] fr;
    public int calls;
    public boolean[] woken;
    public int[] enableCalls;
    public TreeSet<Integer> enableOnSignaled;
    public TreeSet<String> drvUnderLock;
    public TreeSet<Integer> errAfterSignal;
    public TreeSet<Integer> everSignaled;
    /** The spec's {@code step}: [cpu, ctx, fn, act, fence]. */
    public StepRec step;

    /** The spec's step record. cpu is "none", "hw" or a CPU name. */
    public record StepRec(String cpu, String ctx, String fn, String act, int fence) {
        @Override
        public String toString() {
            return cpu + "/" + ctx + " " + fn + ": " + act + (fence == 0 ? "" : " (fence " + fence + ")");
        }
    }

    private SpecState(SpecConfig cfg) {
        this.cfg = cfg;
    }

    /** The spec's {@code Init}. */
    public static SpecState init(SpecConfig cfg) {
        SpecState s = new SpecState(cfg);
        int n = cfg.numFences();
        s.flags = new int[n + 1];
        s.cbList = new ArrayList<>();
        for (int f = 0; f <= n; f++) {
            s.cbList.add(List.of());
        }
        s.cbFence = new LinkedHashMap<>();
        s.cbState = new LinkedHashMap<>();
        s.runs = new LinkedHashMap<>();
        for (String cb : cfg.cbs()) {
            s.cbFence.put(cb, 0);
            s.cbState.put(cb, "unused");
            s.runs.put(cb, 0);
        }
        s.error = new int[n + 1];
        s.tsWrites = new int[n + 1];
        s.ownerCpu = new int[] {-1, -1};
        s.ownerCtx = new int[] {-1, -1};
        int c = cfg.cpus();
        s.irqOn = new boolean[c];
        Arrays.fill(s.irqOn, true);
        s.ctx = new int[c];
        s.fr = new Frame[c][2];
        for (Frame[] row : s.fr) {
            Arrays.fill(row, Frame.IDLE);
        }
        s.woken = new boolean[c];
        s.enableCalls = new int[n + 1];
        s.enableOnSignaled = new TreeSet<>();
        s.drvUnderLock = new TreeSet<>();
        s.errAfterSignal = new TreeSet<>();
        s.everSignaled = new TreeSet<>();
        s.step = new StepRec("none", "none", "init", "dma_fence_init()", 0);
        return s;
    }

    /** A deep copy (frames and lists are immutable values). */
    public SpecState copy() {
        SpecState s = new SpecState(cfg);
        s.flags = flags.clone();
        s.cbList = new ArrayList<>(cbList);
        s.cbFence = new LinkedHashMap<>(cbFence);
        s.cbState = new LinkedHashMap<>(cbState);
        s.runs = new LinkedHashMap<>(runs);
        s.error = error.clone();
        s.tsWrites = tsWrites.clone();
        s.hwSeqno = hwSeqno;
        s.irqArmed = irqArmed;
        s.irqLine = irqLine;
        s.ownerCpu = ownerCpu.clone();
        s.ownerCtx = ownerCtx.clone();
        s.irqOn = irqOn.clone();
        s.ctx = ctx.clone();
        s.fr = new Frame[fr.length][];
        for (int i = 0; i < fr.length; i++) {
            s.fr[i] = fr[i].clone();
        }
        s.calls = calls;
        s.woken = woken.clone();
        s.enableCalls = enableCalls.clone();
        s.enableOnSignaled = new TreeSet<>(enableOnSignaled);
        s.drvUnderLock = new TreeSet<>(drvUnderLock);
        s.errAfterSignal = new TreeSet<>(errAfterSignal);
        s.everSignaled = new TreeSet<>(everSignaled);
        s.step = step;
        return s;
    }

    /** {@code Signaled(f)}. */
    public boolean signaled(int f) {
        return f >= 1 && f < flags.length && (flags[f] & SIGNALED) != 0;
    }

    /** {@code F(c)}: the running context's frame. */
    public Frame running(int c) {
        return fr[c][ctx[c]];
    }

    /** {@code Holds(c, l)}. */
    public boolean holds(int c, int lock) {
        return ownerCpu[lock] == c;
    }

    /** The spec's {@code SpinningOn(c)}: the lock index, or -1. */
    public int spinningOn(int c) {
        Frame fm = running(c);
        if (Spec.ACQUIRE_PCS.contains(fm.pc())) {
            int l = Spec.lockAt(fm.pc());
            if (ownerCpu[l] >= 0) {
                return l;
            }
        }
        return -1;
    }

    /** The TLA+ spelling of a flag word. */
    public static String flagsTla(int w) {
        List<String> out = new ArrayList<>();
        if ((w & SIGNALED) != 0) {
            out.add("\"SIGNALED\"");
        }
        if ((w & ENABLE_SIGNAL) != 0) {
            out.add("\"ENABLE_SIGNAL\"");
        }
        if ((w & TIMESTAMP) != 0) {
            out.add("\"TIMESTAMP\"");
        }
        return "{" + String.join(", ", out) + "}";
    }

    @Override
    public String toString() {
        return Abs.of(this).toString() + " pcs=" + pcs();
    }

    /** The pcs of every frame, e.g. {@code [c1: add_fast/idle, c2: idle/idle]}. */
    public String pcs() {
        StringBuilder b = new StringBuilder("[");
        for (int c = 0; c < fr.length; c++) {
            if (c > 0) {
                b.append(", ");
            }
            b.append(SpecConfig.cpuName(c)).append(": ").append(fr[c][PROC].pc()).append('/').append(fr[c][IRQ].pc());
        }
        return b.append(']').toString();
    }
}
