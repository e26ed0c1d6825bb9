package org.fencecheck.drivers;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.fencecheck.fence.DmaFence;

/**
 * What a driver holds on its fences and the mistakes it made with them: the spec's {@code refs} and
 * {@code drvErr} (spec/DmaFenceDrivers.tla, {@code Put}, {@code DelAndPut}, {@code Err}). The driver's code calls
 * {@link #get} and {@link #put} where the C code calls {@code dma_fence_get()} / {@code dma_fence_put()} for a
 * reference its list entry (or work item, or timeout) owns; the ledger does the real get and put on the fence and
 * counts them, so a put of a reference the driver never took is seen before it frees someone else's.
 *
 * <p>Errors are history, as in the spec: once made, a mistake stays reported.
 */
public final class Ledger {

    /** A mistake of the driver's bookkeeping (spec {@code drvErr.what}) and the property it refutes. */
    public enum Err {
        /** A second {@code list_del()} of an unlinked entry (LIST_POISON): NoDoubleListDel. */
        LIST_DEL("list_del", "NoDoubleListDel"),
        /** A {@code dma_fence_put()} of a reference the driver does not hold: DriverRefsBalance. */
        PUT("put", "DriverRefsBalance"),
        /** An entry, reference or counted waiter added for a signalled fence: NothingAddedAfterSignal. */
        ADD("add", "NothingAddedAfterSignal"),
        /** A driver object dereferenced after it was freed: NoUseAfterFree. */
        UAF("uaf", "NoUseAfterFree");

        private final String specName;
        private final String property;

        Err(String specName, String property) {
            this.specName = specName;
            this.property = property;
        }

        /** Returns the spec's {@code drvErr.what}. */
        public String specName() {
            return specName;
        }

        /** Returns the driver property this mistake refutes (spec/DmaFenceDriversProps.tla). */
        public String property() {
            return property;
        }
    }

    private final AtomicIntegerArray refs;
    private final Set<String> errors = ConcurrentHashMap.newKeySet();

    /**
     * A ledger for fences 1..numFences.
     *
     * @param numFences the number of fences
     */
    public Ledger(int numFences) {
        this.refs = new AtomicIntegerArray(numFences + 1);
    }

    /**
     * Counts a reference the driver holds from the start (nouveau's and amdgpu's fences are created listed,
     * with the list's reference).
     *
     * @param seqno the fence
     */
    void preset(long seqno) {
        refs.incrementAndGet((int) seqno);
    }

    /**
     * The driver's {@code dma_fence_get()} for a reference it keeps.
     *
     * @param f the fence
     */
    public void get(DmaFence f) {
        f.get();
        refs.incrementAndGet((int) f.seqno());
    }

    /**
     * The driver's {@code dma_fence_put()} of a reference it believes it holds; with none held, the put drops a
     * reference somebody else owns (spec {@code Put}: error "put", the count below zero). The count goes below
     * zero as the spec's does (NoEntryLeftForSignaled then sees it), but the real put is not done, so that the
     * simulated fence outlives the mistake and the run can go on to report it.
     *
     * @param f the fence
     */
    public void put(DmaFence f) {
        if (refs.getAndDecrement((int) f.seqno()) <= 0) {
            record(Err.PUT, f.seqno());
            return;
        }
        f.put();
    }

    /**
     * Records that the driver adds something for {@code f} (entry, reference, counted waiter): a mistake if
     * {@code f} is already signalled (spec {@code IF Signaled(f) THEN Err("add", f)}).
     *
     * @param f the fence
     */
    public void adding(DmaFence f) {
        if (f.testSignaledFlag()) {
            record(Err.ADD, f.seqno());
        }
    }

    /**
     * Records a mistake.
     *
     * @param e     the mistake
     * @param seqno the fence it concerns
     */
    public void record(Err e, long seqno) {
        errors.add(e.name() + ":" + seqno);
    }

    /** Returns the references the driver holds on fence {@code seqno}. */
    public int refs(long seqno) {
        return refs.get((int) seqno);
    }

    /**
     * Returns the properties the recorded mistakes refute, each with its first evidence, e.g.
     * {@code NoDoubleListDel -> "list_del of fence 1"}.
     */
    public Map<String, String> violations() {
        Map<String, String> out = new TreeMap<>();
        for (String e : errors.stream().sorted().toList()) {
            String[] p = e.split(":");
            Err err = Err.valueOf(p[0]);
            out.putIfAbsent(err.property(), err.specName() + " of fence " + p[1]);
            if (err == Err.PUT) {
                // spec Put: the count goes below zero, out of DriverTypeOK's Nat (refcount_t: underflow)
                out.putIfAbsent("DriverTypeOK", "driver references of fence " + p[1] + " below zero");
            }
        }
        return out;
    }
}
