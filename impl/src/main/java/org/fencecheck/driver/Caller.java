package org.fencecheck.driver;

import java.util.Objects;
import org.fencecheck.sim.Action;
import org.fencecheck.sim.Cpu;
import org.fencecheck.sim.Irq;
import org.fencecheck.sim.Machine;
import org.fencecheck.sim.SpinLock;
import org.fencecheck.sim.Step;

/**
 * The context a kernel call is made from (spec constant {@code Caller}); {@link DriverTimeline#callFrom} enters
 * it around the call and leaves it afterwards (spec {@code Call} and {@code CallerExit}).
 */
public enum Caller {
    /** Process context, IRQs on, nothing held. */
    PROCESS,
    /**
     * An irq_work: IRQs off, as {@code dma_fence_chain_irq_work()} re-arming a chain with
     * {@code dma_fence_chain_enable_signaling()} (RFC 7/7, 10/10).
     */
    IRQ_WORK,
    /**
     * Inside the callback of another fence of the timeline: {@code dma_fence_signal_timestamp_locked()} of that
     * fence holds the timeline's {@code fence->lock} with IRQs off.
     */
    CALLBACK;

    /** Returns the spec's spelling, e.g. {@code "irq_work"}. */
    public String specName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Whether the call runs in an atomic context (IRQs off) that must stay atomic. */
    public boolean atomic() {
        return this != PROCESS;
    }

    /**
     * Reads the spec's spelling.
     *
     * @param name a {@code Caller} string
     * @return the caller
     * @throws IllegalArgumentException naming the unknown value
     */
    public static Caller ofSpecName(String name) {
        for (Caller c : values()) {
            if (c.specName().equals(name)) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown Caller '" + name + "' (known: process, irq_work, callback)");
    }

    /** The function an irq_work's call runs in. */
    static final String FN_IRQ_WORK = "irq_work_run";

    /**
     * The irq_work that makes a kernel call nested in whatever its CPU is doing (spec {@code IrqWorkCall} ...
     * {@code IrqWorkReturn}): raised on a CPU ({@link Cpu#raiseIrq}), it runs at that CPU's next step boundary with
     * IRQs on, in hard-IRQ context with IRQs off, as the self-IPI of {@code irq_work_queue()} does, so the call
     * meets whatever the interrupted code holds. The call's first step is announced as an {@code IrqWorkCall}
     * (see {@link Machine#step}).
     *
     * @param machine the machine the call runs on
     * @param call    the kernel call; it must start with a Call step
     * @return the interrupt to raise
     */
    public static Irq irqWork(Machine machine, Runnable call) {
        Objects.requireNonNull(call, "call");
        return new Irq(FN_IRQ_WORK, () -> {
            call.run();
            machine.step(Action.IRQ_WORK_RETURN, FN_IRQ_WORK, "irq_work returns", Step.NO_FENCE);
        });
    }

    /** The function whose callback a {@link #CALLBACK} call runs in. */
    static final String FN_CALLBACK_CALLER = "dma_fence_signal_timestamp_locked";

    /**
     * Runs a kernel call from this context on the calling CPU, which must be in process context with IRQs on and
     * hold nothing (spec {@code Call}'s guard), then leaves the context (spec {@code CallerExit}). The context is
     * entered as part of the call's first step (the {@code Call} step: the spec enters it in the same step):
     * IRQ_WORK disables IRQs; CALLBACK also holds the timeline's {@code fence->lock}, as the signaller of another
     * fence of the timeline does around its callbacks (spinning first if another CPU holds it). An exception (a
     * lockup) leaves the context as it is, like any oops.
     *
     * @param fenceLock the timeline's fence lock (held around a CALLBACK call)
     * @param call      the kernel call; it must start with a Call step
     * @throws IllegalStateException if the call announced no Call step
     */
    public void run(SpinLock fenceLock, Runnable call) {
        Objects.requireNonNull(call, "call");
        if (this == PROCESS) {
            call.run();
            return;
        }
        Cpu cpu = Cpu.current();
        boolean[] flags = new boolean[1];
        cpu.enterOnNextCall(() -> {
            flags[0] = this == CALLBACK ? fenceLock.spinLockIrqsaveFolded(FN_CALLBACK_CALLER, Step.NO_FENCE)
                    : cpu.localIrqSave();
            cpu.enterAtomicCaller(specName());
        });
        call.run();
        if (cpu.callEntryPending()) {
            throw new IllegalStateException("callFrom(" + specName() + "): the call announced no Call step");
        }
        cpu.exitAtomicCaller();
        if (this == CALLBACK) {
            fenceLock.machine().step(Action.CALLER_EXIT, FN_CALLBACK_CALLER,
                    "callback returns; spin_unlock_irqrestore(fence->lock)", Step.NO_FENCE);
            fenceLock.spinUnlockIrqrestoreFolded(flags[0], FN_CALLBACK_CALLER, Step.NO_FENCE);
        } else {
            fenceLock.machine().step(Action.CALLER_EXIT, FN_IRQ_WORK, "irq_work returns", Step.NO_FENCE);
            cpu.localIrqRestore(flags[0], FN_IRQ_WORK);
        }
    }
}
