package org.fencecheck.sim;

/**
 * One edge of a waits-for graph among simulated CPUs: a CPU context spinning at {@code site} on a lock that
 * another (or the same) CPU context holds, taken there at {@code ownerSite}.
 *
 * @param cpu          the spinning CPU
 * @param context      the context that spins
 * @param lockName     the lock's name, e.g. {@code "fence->lock"}
 * @param lockClass    the lock's lockdep class, e.g. {@code "fence"}
 * @param site         the kernel function that spins
 * @param ownerCpu     the CPU holding the lock
 * @param ownerContext the context holding it
 * @param ownerSite    the kernel function that took it
 */
public record WaitEdge(int cpu, CpuContext context, String lockName, String lockClass, String site,
                       int ownerCpu, CpuContext ownerContext, String ownerSite) {

    @Override
    public String toString() {
        return "cpu" + cpu + "/" + context + " spins on " + lockName + " in " + site + ", held by cpu" + ownerCpu
                + "/" + ownerContext + " since " + ownerSite;
    }
}
