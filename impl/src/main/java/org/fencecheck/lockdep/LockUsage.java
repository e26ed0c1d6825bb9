package org.fencecheck.lockdep;

import org.fencecheck.sim.CpuContext;

/**
 * One observed use of a lock class, as a report shows it: where, on which CPU, in which context, with IRQs on or
 * off, and what happened there.
 *
 * @param lockClass   the lock class
 * @param site        the kernel function
 * @param cpu         the CPU id
 * @param context     the context
 * @param irqsEnabled whether IRQs were enabled at that point
 * @param what        what the use was, e.g. "acquired in hard-IRQ context"
 */
public record LockUsage(String lockClass, String site, int cpu, CpuContext context, boolean irqsEnabled,
                        String what) {

    @Override
    public String toString() {
        return lockClass + " " + what + " at " + site + " (cpu" + cpu + "/" + context + ", irqs "
                + (irqsEnabled ? "on" : "off") + ")";
    }
}
