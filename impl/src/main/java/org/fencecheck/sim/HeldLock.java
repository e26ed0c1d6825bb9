package org.fencecheck.sim;

/**
 * One spinlock a simulated CPU holds, as lockdep's {@code held_lock} records it.
 *
 * @param lock        the lock
 * @param context     the context that took it
 * @param depth       the interrupt nesting depth it was taken at (0 = process context)
 * @param site        the kernel function that took it
 * @param irqsEnabled whether IRQs were enabled just after the acquisition
 */
public record HeldLock(SpinLock lock, CpuContext context, int depth, String site, boolean irqsEnabled) {
}
