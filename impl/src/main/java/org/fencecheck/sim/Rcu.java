package org.fencecheck.sim;

import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A simulated RCU of one {@link Machine}: {@code rcu_read_lock()} / {@code rcu_read_unlock()} on the calling
 * thread's simulated {@link Cpu}, nestable, and {@code synchronize_rcu()}.
 *
 * <p>Semantics, as the kernel's: a grace period started by {@link #synchronizeRcu} waits until every read-side
 * section that was <em>open when it started</em> has ended. A section that starts after that point is not waited
 * for, even though it may run (and end) while the grace period is still in progress; what protects such a late
 * reader is that it observes everything the updater published before calling synchronize_rcu (for fences: the
 * detached {@code fence->ops}). Nested sections count as the outermost one.
 *
 * <p>Each read-side entry and exit and each poll of a waiting grace period is a {@link Machine#step} so that
 * schedulers can interleave them. A CPU that calls {@link #synchronizeRcu} inside its own read-side section would
 * wait for itself forever; it throws instead.
 */
public final class Rcu {

    /*
     * Overview. Per reading CPU one Reader record: `nesting` is CPU-local (only the reading CPU's thread touches
     * it, like the kernel's preempt count) and `section` is the word a grace period reads from another CPU. It is
     * even outside any section and odd inside one, and is bumped by exactly the outermost lock and unlock, so
     * "the section I saw has ended" is "the word changed" - one volatile read, no ABA because it only grows.
     *
     * Ordering (the Dekker pair every RCU implementation must solve). Reader: write `section` (odd), then load
     * the protected pointer. Updater: store to the pointer (e.g. detach fence->ops), then read every `section`.
     * Either the updater sees the reader inside (and waits for it), or the reader sees the store. The kernel gets
     * the store->load ordering on both sides from its grace-period machinery (context switches, IPIs); here it
     * is an explicit VarHandle.fullFence() after the reader's entry and before the updater's scan, so the
     * protected pointer itself can be read with a plain acquire load (rcu_dereference) and written with a
     * release store (rcu_assign_pointer / RCU_INIT_POINTER).
     *
     * Readers are registered on first use in a concurrent map keyed by CPU; a grace period scans the map. A
     * reader registered after the scan started is by construction a section that started after the grace period
     * and is rightly not waited for.
     */

    /** The kernel function names of the read side and the update side. */
    public static final String FN_READ_LOCK = "rcu_read_lock";
    public static final String FN_READ_UNLOCK = "rcu_read_unlock";
    public static final String FN_SYNCHRONIZE = "synchronize_rcu";

    private final Machine machine;
    private final Map<Cpu, Reader> readers = new ConcurrentHashMap<>();

    /** One CPU's read-side state (see the overview). */
    private static final class Reader {
        /** CPU-local: touched only by the reading CPU's thread. */
        int nesting;
        /** Even outside a section, odd inside; written only by the reading CPU, read by grace periods. */
        volatile long section;
    }

    /** A section a grace period waits for: the reader and the value of its word when the grace period began. */
    private record Pending(Cpu cpu, Reader reader, long section) {
        boolean ended() {
            return reader.section != section;
        }
    }

    /** The warning an unbalanced {@code rcu_read_unlock()} raises (lockdep's wording). */
    public static final String BAD_UNLOCK_BALANCE = "WARNING: bad unlock balance detected! rcu_read_unlock()";

    Rcu(Machine machine) {
        this.machine = machine;
    }

    /**
     * Mirrors {@code rcu_read_lock()}: enters (or nests into) a read-side section on the calling CPU.
     *
     * @param fn    the kernel function entering, for the step
     * @param fence the fence concerned, or {@link Step#NO_FENCE}
     */
    public void readLock(String fn, long fence) {
        machine.step(Action.RCU_READ_LOCK, fn, FN_READ_LOCK + "()", fence);
        Reader r = reader(Cpu.current());
        if (r.nesting++ == 0) {
            r.section = r.section + 1;
            // The reader's half of the Dekker pair: its entry is visible before it loads any protected pointer.
            VarHandle.fullFence();
        }
    }

    /**
     * Mirrors {@code rcu_read_unlock()}: leaves the innermost section; leaving the outermost one ends the
     * section for every grace period waiting on it.
     *
     * @param fn    the kernel function leaving, for the step
     * @param fence the fence concerned, or {@link Step#NO_FENCE}
     * An unbalanced unlock (the CPU is in no section) is what the kernel's lockdep reports as a bad unlock
     * balance: a warning, after which the nesting count is negative, so the CPU's next rcu_read_lock() does not
     * open a section any grace period can see (spec DmaFenceLifetime, mutation rcu_double_unlock: TypeOK).
     */
    public void readUnlock(String fn, long fence) {
        machine.step(Action.RCU_READ_UNLOCK, fn, FN_READ_UNLOCK + "()", fence);
        Cpu cpu = Cpu.current();
        Reader r = reader(cpu);
        if (r.nesting <= 0) {
            machine.warn(fn, BAD_UNLOCK_BALANCE + " on " + cpu);
        }
        if (--r.nesting == 0) {
            // Volatile store: everything the section read is ordered before a grace period sees it end.
            r.section = r.section + 1;
        }
    }

    /** Mirrors {@code rcu_read_lock_held()}: whether the calling CPU is inside a read-side section. */
    public boolean readLockHeld() {
        Reader r = readers.get(Cpu.current());
        return r != null && r.nesting > 0;
    }

    /**
     * Returns the CPUs inside a read-side section right now (a racy snapshot, for tests and reports).
     *
     * @return the ids of the reading CPUs
     */
    public List<Integer> readersNow() {
        List<Integer> out = new ArrayList<>();
        for (Map.Entry<Cpu, Reader> e : readers.entrySet()) {
            if ((e.getValue().section & 1) != 0) {
                out.add(e.getKey().id());
            }
        }
        return out;
    }

    /**
     * Mirrors {@code synchronize_rcu()}: waits until every read-side section open at the call has ended. Each
     * poll is a step (a scheduler decides when the readers run); without a scheduler the wait spins politely.
     * Sections that begin after the call are not waited for.
     *
     * @param fn the kernel function calling, for the steps
     * @throws IllegalStateException if the calling CPU is itself in a read-side section (it would wait forever)
     */
    public void synchronizeRcu(String fn) {
        Cpu self = Cpu.current();
        Reader mine = readers.get(self);
        if (mine != null && mine.nesting > 0) {
            throw new IllegalStateException("BUG: synchronize_rcu() in an RCU read-side critical section on " + self
                    + " in " + fn);
        }
        // The updater's half of the Dekker pair: its earlier stores are visible before it reads the readers.
        VarHandle.fullFence();
        List<Pending> pending = new ArrayList<>();
        for (Map.Entry<Cpu, Reader> e : readers.entrySet()) {
            long s = e.getValue().section;
            if ((s & 1) != 0) {
                pending.add(new Pending(e.getKey(), e.getValue(), s));
            }
        }
        machine.step(Action.GRACE_PERIOD, fn, FN_SYNCHRONIZE + "(): waits for " + describe(pending), Step.NO_FENCE);
        long deadline = System.nanoTime() + machine.spinWatchdogNanos();
        for (;;) {
            pending.removeIf(Pending::ended);
            if (pending.isEmpty()) {
                break;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("rcu: grace period stalled in " + fn + " waiting for "
                        + describe(pending));
            }
            machine.step(Action.GRACE_PERIOD, fn, FN_SYNCHRONIZE + "(): still waits for " + describe(pending),
                    Step.NO_FENCE);
            Thread.onSpinWait();
            Thread.yield();
        }
        machine.step(Action.GRACE_PERIOD, fn, FN_SYNCHRONIZE + "(): grace period over", Step.NO_FENCE);
        // Whatever the ended sections did happens-before the updater's next step (they ended with a volatile store
        // this thread read); the fence keeps the updater's later frees after that read.
        VarHandle.fullFence();
    }

    private Reader reader(Cpu cpu) {
        Reader r = readers.get(cpu);
        if (r == null) {
            r = readers.computeIfAbsent(cpu, c -> new Reader());
        }
        return r;
    }

    private static String describe(List<Pending> pending) {
        if (pending.isEmpty()) {
            return "no reader";
        }
        StringBuilder b = new StringBuilder();
        for (Pending p : pending) {
            b.append(b.length() == 0 ? "" : ", ").append(p.cpu());
        }
        return b.toString();
    }
}
