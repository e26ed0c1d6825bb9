package org.fencecheck.sim;

/**
 * One kernel {@code WARN()} that the simulated code hit: the kernel prints a backtrace and carries on, and so does
 * the simulation, recording the warning in its {@link Machine} (unless {@link Machine#setPanicOnWarn(boolean)}).
 *
 * @param fn      the kernel function that warned
 * @param message what it warned about
 * @param cpu     the id of the CPU that warned
 * @param context the context it ran in
 */
public record Warning(String fn, String message, int cpu, CpuContext context) {

    @Override
    public String toString() {
        return "WARNING: cpu" + cpu + "/" + context + " " + fn + ": " + message;
    }
}
