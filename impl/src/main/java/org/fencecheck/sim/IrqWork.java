package org.fencecheck.sim;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Mirrors {@code struct irq_work} with {@code init_irq_work()} and {@code irq_work_queue()}: a function run on the
 * queueing CPU in hard-IRQ context, as soon as that CPU could take an interrupt (its self-IPI). Containers use it
 * to leave the member fence's lock before signalling themselves.
 *
 * <p>Built on {@link Cpu#raiseIrq(Irq)}: the work is one interrupt line of the CPU that queued it, so it runs
 * nested with IRQs off, at the CPU's next step with IRQs on in process context, or right after the interrupt
 * handler that queued it returns.
 */
public final class IrqWork {

    /*
     * The PENDING claim is the kernel's IRQ_WORK_PENDING bit: queueing a work that is already queued (on any CPU)
     * does nothing and returns false, so the function runs once per successful queue. The claim is dropped just
     * before the function runs, as irq_work_single() does, so the function (or a callback it triggers) may queue
     * the same work again and be sure it runs again.
     */

    private final Irq irq;
    private final AtomicBoolean pending = new AtomicBoolean();

    /**
     * Mirrors {@code init_irq_work()}.
     *
     * @param name the work function's kernel name, e.g. {@code "irq_dma_fence_array_work"} (steps show it)
     * @param func the work function
     */
    public IrqWork(String name, Runnable func) {
        Objects.requireNonNull(func, "func");
        this.irq = new Irq(name, () -> {
            pending.set(false);
            func.run();
        });
    }

    /**
     * Mirrors {@code irq_work_queue()}: claims the work and raises it on the calling CPU.
     *
     * @return false if the work was already pending (it will run once for both queuers)
     */
    public boolean queue() {
        if (!pending.compareAndSet(false, true)) {
            return false;
        }
        Cpu.current().raiseIrq(irq);
        return true;
    }

    /** Returns whether the work is queued and has not started running ({@code irq_work_is_pending()}). */
    public boolean isPending() {
        return pending.get();
    }

    /** Returns the work function's name. */
    public String name() {
        return irq.name();
    }
}
