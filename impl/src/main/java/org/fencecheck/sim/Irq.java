package org.fencecheck.sim;

import java.util.Objects;

/**
 * A simulated hardware interrupt line: a name (the handler's function name, for steps and reports) and the
 * handler, which runs nested on the CPU that takes the interrupt, in hard-IRQ context with IRQs off.
 *
 * @param name    the handler's kernel-style name, e.g. {@code "drv_irq_handler"}
 * @param handler the top half
 */
public record Irq(String name, Runnable handler) {

    /** Checks the components. */
    public Irq {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(handler, "handler");
    }
}
