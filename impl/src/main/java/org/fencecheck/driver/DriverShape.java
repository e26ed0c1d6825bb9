package org.fencecheck.driver;

import java.util.Objects;
import org.fencecheck.fence.LockingPolicy;

/**
 * The simulated driver's behaviour, the spec's driver constants in one value (spec/DmaFence.tla, header
 * comment): how it locks, how its handler signals, how its op signals, its side effects and its completion test.
 * {@link #check(LockingPolicy)} applies the spec's ASSUMEs that tie a shape to a design.
 *
 * @param locking        {@code DriverLock}
 * @param handler        {@code Handler}
 * @param opSignal       {@code OpSignal}
 * @param opSideEffect   {@code OpSideEffect}: the op leaves an entry (reference, list entry) the signal path and
 *                       the error path undo
 * @param opSetsError    {@code OpSetsError}: the op may fail to arm and then sets {@code -EIO} and signals
 * @param signaledOp     {@code SignaledOp}: the driver has {@code ->signaled} / {@code ->check_signaled}
 * @param checkUnderLock {@code CheckUnderLock}: the driver calls its completion test under the fence lock
 */
public record DriverShape(DriverLocking locking, IrqHandler handler, OpSignal opSignal, boolean opSideEffect,
                          boolean opSetsError, boolean signaledOp, boolean checkUnderLock) {

    /** Checks for nulls. */
    public DriverShape {
        Objects.requireNonNull(locking, "locking");
        Objects.requireNonNull(handler, "handler");
        Objects.requireNonNull(opSignal, "opSignal");
    }

    /**
     * The shape of the first matrix (issue 17): the handler holds its lock, no side effect, no error, no check
     * under the lock, and the op signals the design's default way: return false in the bool designs,
     * {@code dma_fence_signal_locked()} when the lock is the fence lock, else {@code dma_fence_signal()}.
     *
     * @param policy     the design
     * @param locking    {@code DriverLock}
     * @param signaledOp {@code SignaledOp}
     * @return the shape
     */
    public static DriverShape of(LockingPolicy policy, DriverLocking locking, boolean signaledOp) {
        OpSignal s = !policy.voidEnableSignaling() ? OpSignal.RETURN_FALSE
                : locking == DriverLocking.FENCE ? OpSignal.LOCKED : OpSignal.SIGNAL;
        return new DriverShape(locking, IrqHandler.HELD, s, false, false, signaledOp, false);
    }

    /**
     * Applies the spec's ASSUMEs for this shape under {@code policy}.
     *
     * @param policy the design
     * @return this shape
     * @throws IllegalArgumentException naming the ASSUME the pair breaks
     */
    public DriverShape check(LockingPolicy policy) {
        if ((opSignal == OpSignal.RETURN_FALSE) == policy.voidEnableSignaling()) {
            throw new IllegalArgumentException("OpSignal " + opSignal.specName() + " under Design "
                    + policy.specName() + ": return_false exactly when the op is bool (legacy, reworked)");
        }
        if (opSignal == OpSignal.LOCKED && locking != DriverLocking.FENCE) {
            throw new IllegalArgumentException("OpSignal locked needs DriverLock fence (dma_fence_signal_locked()"
                    + " needs the fence lock), not " + locking.specName());
        }
        if (checkUnderLock && !(locking == DriverLocking.FENCE && handler == IrqHandler.HELD && signaledOp)) {
            throw new IllegalArgumentException("CheckUnderLock needs DriverLock fence, Handler held and SignaledOp");
        }
        return this;
    }

    /** Returns a copy with another handler. */
    public DriverShape withHandler(IrqHandler h) {
        return new DriverShape(locking, h, opSignal, opSideEffect, opSetsError, signaledOp, checkUnderLock);
    }

    /** Returns a copy with another way for the op to signal. */
    public DriverShape withOpSignal(OpSignal s) {
        return new DriverShape(locking, handler, s, opSideEffect, opSetsError, signaledOp, checkUnderLock);
    }

    /** Returns a copy whose op leaves (or does not leave) an entry. */
    public DriverShape withOpSideEffect(boolean e) {
        return new DriverShape(locking, handler, opSignal, e, opSetsError, signaledOp, checkUnderLock);
    }

    /** Returns a copy whose op may (or may not) fail and set an error. */
    public DriverShape withOpSetsError(boolean e) {
        return new DriverShape(locking, handler, opSignal, opSideEffect, e, signaledOp, checkUnderLock);
    }

    /** Returns a copy that does (or does not) test completion under the fence lock. */
    public DriverShape withCheckUnderLock(boolean c) {
        return new DriverShape(locking, handler, opSignal, opSideEffect, opSetsError, signaledOp, c);
    }

    /** A short label, e.g. {@code fence/dropped/locked/entry/err/sig/check}. */
    public String label() {
        return locking.specName() + "/" + handler.specName() + "/" + opSignal.specName()
                + (opSideEffect ? "/entry" : "") + (opSetsError ? "/err" : "") + (signaledOp ? "/sig" : "")
                + (checkUnderLock ? "/check" : "");
    }
}
