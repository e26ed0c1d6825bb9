package org.fencecheck.lockdep;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import org.fencecheck.sim.Cpu;
import org.fencecheck.sim.CpuContext;
import org.fencecheck.sim.HeldLock;
import org.fencecheck.sim.SpinLock;

/**
 * A lockdep-like validator. Like the kernel's lockdep it works per lock class and reports a hazard as soon as its
 * pieces have been seen, whether or not the deadlock happened in the run: {@link ReportKind#LOCK_ORDER_CYCLE},
 * {@link ReportKind#INCONSISTENT_IRQ_USE}, and the fence-specific {@link ReportKind#DRIVER_OP_UNDER_FENCE_LOCK}.
 * Reports are de-duplicated. The validator can be switched off (benchmarks).
 *
 * <p>The {@code lockAcquire}, {@code irqsEnabledWhileHolding} and {@code driverOpEntered} hooks are called by the
 * simulated primitives and the fence on the CPU's own thread.
 */
public final class Lockdep {

    /*
     * Overview. State is the lock-order graph (class -> class, with the first evidence of each edge), and per
     * class the first use in hard-IRQ context and the first use with IRQs enabled. All of it is guarded by this
     * object's monitor; hooks read the calling CPU's CPU-local state (held locks, context, IRQ flag) before
     * taking the monitor, which is safe because only that CPU's thread calls them.
     *
     * Lock order, as lockdep does it: an edge H -> N is recorded when N is taken while H is held in the same
     * context (a lock held by the interrupted process context does not order against a lock the interrupt handler
     * takes: lockdep compares irq_context). A new edge closing a path N -> ... -> H is a cycle.
     *
     * IRQ usage: "used in hard-IRQ" is an acquisition in hard-IRQ context; "used with IRQs on" is an acquisition
     * with IRQs enabled, or IRQs getting enabled while the class is held (what spin_unlock_irq() does to an outer
     * lock). Both on one class is the inconsistency.
     *
     * `enabled` is volatile so a test can switch the validator off while CPUs run; reports go to a copy-on-write
     * list so tests can read them at any time without the monitor.
     */

    private volatile boolean enabled = true;

    // Guarded by this.
    private final Map<String, Map<String, Edge>> graph = new HashMap<>();
    private final Map<String, LockUsage> hardirqUse = new HashMap<>();
    private final Map<String, LockUsage> irqOnUse = new HashMap<>();
    private final Set<String> reported = new HashSet<>();

    private final List<LockdepReport> reports = new CopyOnWriteArrayList<>();

    /** The first evidence of an order edge: the held lock's acquisition and the nested one's. */
    private record Edge(LockUsage held, LockUsage next) {
    }

    /** Returns whether the validator is on. */
    public boolean isEnabled() {
        return enabled;
    }

    /**
     * Switches the validator on or off; off, every hook returns at once.
     *
     * @param on whether to validate
     */
    public void setEnabled(boolean on) {
        enabled = on;
    }

    /** Returns all reports so far, in the order found. */
    public List<LockdepReport> reports() {
        return List.copyOf(reports);
    }

    /**
     * Returns the reports of one kind.
     *
     * @param kind the kind
     * @return those reports, in the order found
     */
    public List<LockdepReport> reports(ReportKind kind) {
        List<LockdepReport> out = new ArrayList<>();
        for (LockdepReport r : reports) {
            if (r.kind() == kind) {
                out.add(r);
            }
        }
        return out;
    }

    /** Forgets everything: graph, usages and reports. */
    public synchronized void clear() {
        graph.clear();
        hardirqUse.clear();
        irqOnUse.clear();
        reported.clear();
        reports.clear();
    }

    /**
     * Hook: {@code cpu} is about to take {@code lock} at {@code site} (lockdep's {@code lock_acquire()}, before
     * the spin, so a hazard is reported even when the acquisition then deadlocks).
     *
     * @param cpu  the acquiring CPU (the caller's own)
     * @param lock the lock
     * @param site the kernel function
     */
    public void lockAcquire(Cpu cpu, SpinLock lock, String site) {
        if (!enabled) {
            return;
        }
        List<HeldLock> held = cpu.heldLocks();
        CpuContext ctx = cpu.context();
        boolean irqs = cpu.irqsEnabled();
        int depth = cpu.irqDepth();
        String cls = lock.lockClass();
        synchronized (this) {
            if (ctx == CpuContext.IRQ) {
                hardirqUse.putIfAbsent(cls, new LockUsage(cls, site, cpu.id(), ctx, irqs,
                        "acquired in hard-IRQ context"));
            } else if (irqs) {
                irqOnUse.putIfAbsent(cls, new LockUsage(cls, site, cpu.id(), ctx, true,
                        "acquired with IRQs enabled"));
            }
            checkIrqUse(cls);
            LockUsage next = new LockUsage(cls, site, cpu.id(), ctx, irqs, "acquired");
            for (HeldLock h : held) {
                if (h.depth() == depth && h.lock().lockClass().equals(cls) && reported.add("recursive:" + cls)) {
                    reports.add(new LockdepReport(ReportKind.RECURSIVE_LOCK, List.of(cls), List.of(
                            new LockUsage(cls, h.site(), cpu.id(), h.context(), h.irqsEnabled(), "held"), next),
                            "possible recursive locking detected"));
                }
                if (h.depth() == depth && !h.lock().lockClass().equals(cls)) {
                    addEdge(new LockUsage(h.lock().lockClass(), h.site(), cpu.id(), h.context(), h.irqsEnabled(),
                            "held"), next);
                }
            }
        }
    }

    /**
     * Hook: {@code cpu} just enabled IRQs at {@code site} while holding locks.
     *
     * @param cpu  the CPU (the caller's own)
     * @param site the kernel function that enabled IRQs
     */
    public void irqsEnabledWhileHolding(Cpu cpu, String site) {
        if (!enabled) {
            return;
        }
        List<HeldLock> held = cpu.heldLocks();
        synchronized (this) {
            for (HeldLock h : held) {
                String cls = h.lock().lockClass();
                irqOnUse.putIfAbsent(cls, new LockUsage(cls, site, cpu.id(), cpu.context(), true,
                        "held (taken at " + h.site() + ") while IRQs get enabled"));
                checkIrqUse(cls);
            }
        }
    }

    /**
     * Hook: {@code cpu} just enabled IRQs in process context while its current call runs from the atomic
     * context {@code caller} (see {@link Cpu#enterAtomicCaller(String)}), or in hard-IRQ context.
     *
     * @param cpu    the CPU (the caller's own)
     * @param caller the atomic context, {@code "irq_work"} or {@code "callback"}, or {@code "hardirq"}
     * @param site   the kernel function that enabled IRQs
     */
    public void irqsEnabledInAtomicCaller(Cpu cpu, String caller, String site) {
        if (!enabled) {
            return;
        }
        synchronized (this) {
            if (reported.add("atomic:" + caller + ":" + site)) {
                List<String> classes = new ArrayList<>();
                for (HeldLock h : cpu.heldLocks()) {
                    classes.add(h.lock().lockClass());
                }
                reports.add(new LockdepReport(ReportKind.IRQS_ENABLED_IN_ATOMIC_CALLER, classes, List.of(
                        new LockUsage(classes.isEmpty() ? "-" : classes.get(0), site, cpu.id(), cpu.context(), true,
                                "IRQs enabled inside a call from " + caller)), caller));
            }
        }
    }

    /**
     * Hook: {@code cpu} returns from its kernel calls to process context, outside any atomic caller, with IRQs
     * off. Reported once per site and detail.
     *
     * @param cpu    the CPU
     * @param site   the boundary, e.g. {@code "syscall exit"}
     * @param detail what was wrong, e.g. {@code "returned to process context with IRQs disabled"}
     */
    public void irqStateNotRestored(Cpu cpu, String site, String detail) {
        if (!enabled) {
            return;
        }
        synchronized (this) {
            if (reported.add("irqstate:" + site + ":" + detail)) {
                reports.add(new LockdepReport(ReportKind.IRQ_STATE_NOT_RESTORED, List.of(), List.of(
                        new LockUsage("-", site, cpu.id(), cpu.context(), cpu.irqsEnabled(), detail)), detail));
            }
        }
    }

    /**
     * Hook: {@code cpu} enters the driver op {@code op} of a fence whose lock is {@code fenceLock}. Reports if the
     * CPU holds any lock of that class with IRQs off.
     *
     * @param cpu       the CPU (the caller's own)
     * @param op        the op, {@code "enable_signaling"} or {@code "signaled"}
     * @param fenceLock the fence's lock
     * @param site      the kernel function calling the op
     */
    public void driverOpEntered(Cpu cpu, String op, SpinLock fenceLock, String site) {
        if (!enabled || cpu.irqsEnabled()) {
            return;
        }
        String cls = fenceLock.lockClass();
        HeldLock fenceHeld = null;
        for (HeldLock h : cpu.heldLocks()) {
            if (h.lock().lockClass().equals(cls)) {
                fenceHeld = h;
            }
        }
        if (fenceHeld == null) {
            return;
        }
        synchronized (this) {
            if (reported.add("op:" + op + ":" + cls)) {
                reports.add(new LockdepReport(ReportKind.DRIVER_OP_UNDER_FENCE_LOCK, List.of(cls), List.of(
                        new LockUsage(cls, fenceHeld.site(), cpu.id(), fenceHeld.context(), false, "held"),
                        new LockUsage(cls, site, cpu.id(), cpu.context(), false, "ops->" + op + "() entered")),
                        op));
            }
        }
    }

    private void checkIrqUse(String cls) {
        LockUsage inIrq = hardirqUse.get(cls);
        LockUsage on = irqOnUse.get(cls);
        if (inIrq != null && on != null && reported.add("irq:" + cls)) {
            reports.add(new LockdepReport(ReportKind.INCONSISTENT_IRQ_USE, List.of(cls), List.of(inIrq, on),
                    "inconsistent {IN-HARDIRQ-W} -> {HARDIRQ-ON-W} usage"));
        }
    }

    private void addEdge(LockUsage held, LockUsage next) {
        Map<String, Edge> out = graph.computeIfAbsent(held.lockClass(), k -> new LinkedHashMap<>());
        if (out.containsKey(next.lockClass())) {
            return;
        }
        out.put(next.lockClass(), new Edge(held, next));
        List<Edge> back = path(next.lockClass(), held.lockClass());
        if (back == null) {
            return;
        }
        List<String> classes = new ArrayList<>();
        List<LockUsage> usages = new ArrayList<>();
        classes.add(held.lockClass());
        usages.add(held);
        usages.add(next);
        for (Edge e : back) {
            classes.add(e.held().lockClass());
            usages.add(e.held());
            usages.add(e.next());
        }
        if (reported.add("cycle:" + new TreeSet<>(classes))) {
            reports.add(new LockdepReport(ReportKind.LOCK_ORDER_CYCLE, classes, usages,
                    "possible circular locking dependency"));
        }
    }

    /** A path of edges from {@code from} to {@code to} in the graph, or null (breadth-first). */
    private List<Edge> path(String from, String to) {
        Map<String, Edge> via = new HashMap<>();
        ArrayDeque<String> queue = new ArrayDeque<>();
        queue.add(from);
        Set<String> seen = new HashSet<>(Set.of(from));
        while (!queue.isEmpty()) {
            String c = queue.poll();
            if (c.equals(to)) {
                List<Edge> path = new ArrayList<>();
                for (String x = to; !x.equals(from); x = via.get(x).held().lockClass()) {
                    path.add(0, via.get(x));
                }
                return path;
            }
            for (Map.Entry<String, Edge> e : graph.getOrDefault(c, Map.of()).entrySet()) {
                if (seen.add(e.getKey())) {
                    via.put(e.getKey(), e.getValue());
                    queue.add(e.getKey());
                }
            }
        }
        return null;
    }
}
