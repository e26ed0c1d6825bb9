package org.fencecheck.lockdep;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.fencecheck.sim.Cpu;

/**
 * The lifetime counterpart of {@link Lockdep}: reports every entry of the core into a driver's ops that the
 * kernel would turn into a use-after-free or a NULL dereference, whether or not the run then visibly misbehaves
 * (the Java object of an unloaded module still answers; the kernel's freed module text would not). Reports are
 * de-duplicated per kind, module, op, site and fence, and kept in the order found.
 *
 * <p>The hooks are called by the fence core on the calling CPU's thread, at the moment of the dereference.
 */
public final class ModuleValidator {

    /*
     * Reports go to a copy-on-write list (rare, read whole by tests at any time) and the de-duplication keys to a
     * concurrent set; together they need no monitor. Two CPUs reporting the same key at once both pass the
     * set's add() only once, so the list holds each key once.
     */

    private final List<ModuleReport> reports = new CopyOnWriteArrayList<>();
    private final Set<String> seen = ConcurrentHashMap.newKeySet();

    /**
     * Hook: the core dereferenced ops of {@code module}, which is already unloaded.
     *
     * @param module the module's name
     * @param op     the op called or the table entry read
     * @param site   the core function
     * @param fence  the fence's seqno
     * @param signaled whether the fence was already signaled
     */
    public void opsIntoUnloadedModule(String module, String op, String site, long fence, boolean signaled) {
        add(ModuleReport.Kind.OPS_INTO_UNLOADED_MODULE, module, op, site, fence, signaled);
    }

    /**
     * Hook: a CPU takes a lock whose memory belongs to {@code module}, which is already unloaded (a fence whose
     * {@code fence->lock} is the driver's, used after the driver is gone: spec {@code TouchLock}).
     *
     * @param module the module's name
     * @param lock   the lock's name, e.g. {@code "fence->lock"}
     * @param site   the kernel function taking it
     * @param fence  the fence's seqno
     */
    public void lockInUnloadedModule(String module, String lock, String site, long fence) {
        add(ModuleReport.Kind.LOCK_IN_UNLOADED_MODULE, module, lock, site, fence, false);
    }

    /**
     * Hook: the core is about to call {@code op} through a NULL {@code fence->ops}.
     *
     * @param op    the op
     * @param site  the core function
     * @param fence the fence's seqno
     * @param signaled whether the fence was already signaled
     */
    public void nullOpsCall(String op, String site, long fence, boolean signaled) {
        add(ModuleReport.Kind.NULL_OPS_CALL, "(null)", op, site, fence, signaled);
    }

    /** Returns every report so far, in the order found. */
    public List<ModuleReport> reports() {
        return List.copyOf(reports);
    }

    /**
     * Returns the reports of one kind.
     *
     * @param kind the kind
     * @return those reports, in the order found
     */
    public List<ModuleReport> reports(ModuleReport.Kind kind) {
        return reports.stream().filter(r -> r.kind() == kind).toList();
    }

    /** Forgets every report. */
    public void clear() {
        reports.clear();
        seen.clear();
    }

    private void add(ModuleReport.Kind kind, String module, String op, String site, long fence, boolean signaled) {
        if (seen.add(kind + "|" + module + "|" + op + "|" + site + "|" + fence + "|" + signaled)) {
            Cpu cpu = Cpu.current();
            reports.add(new ModuleReport(kind, module, op, site, cpu.id(), cpu.context(), fence, signaled));
        }
    }
}
