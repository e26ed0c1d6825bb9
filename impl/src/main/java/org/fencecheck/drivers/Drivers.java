package org.fencecheck.drivers;

import org.fencecheck.fence.LockingPolicy;
import org.fencecheck.fence.Mutation;
import org.fencecheck.sim.Machine;

/** Creates the driver a profile names. */
public final class Drivers {

    private Drivers() {
    }

    /**
     * The driver of {@code profile} with its fences.
     *
     * @param profile   the profile (spec {@code Profile})
     * @param machine   the machine
     * @param design    the core's design
     * @param mutation  a driver mutation or NONE
     * @param numFences the fences of the timeline
     * @return the driver
     * @throws IllegalArgumentException if the profile has no op under the design, or the mutation is not a
     *                                  driver's
     */
    public static AtlasDriver create(Profile profile, Machine machine, LockingPolicy design, Mutation mutation,
                                     int numFences) {
        return switch (profile.base()) {
            case NOUVEAU -> new NouveauFence(machine, design, profile, mutation, numFences);
            case XE_HW -> new XeHwFence(machine, design, profile, mutation, numFences);
            case AMDKFD -> new AmdkfdFence(machine, design, profile, mutation, numFences);
            case XE_PREEMPT -> new XePreemptFence(machine, design, profile, mutation, numFences);
            case AMDGPU_FENCE -> new AmdgpuFence(machine, design, profile, mutation, numFences);
            case AMDGPU_EVF -> new AmdgpuEvictionFence(machine, design, profile, mutation, numFences);
            case HOST1X -> new Host1xFence(machine, design, profile, mutation, numFences);
            case VMWGFX -> new VmwFence(machine, design, profile, mutation, numFences);
            // B10's correction keeps the op as mainline's 2025 fix wrote it, which VmwFence ports.
            case VMWGFX2024 -> profile.fixed() ? new VmwFence(machine, design, profile, mutation, numFences)
                    : new Vmw2024Fence(machine, design, profile, mutation, numFences);
            case RADEON -> new RadeonFence(machine, design, profile, mutation, numFences);
            case I915 -> new I915Request(machine, design, profile, mutation, numFences);
            default -> throw new IllegalArgumentException("Profile " + profile.specName() + " is a corrected"
                    + " profile; base() names its driver");
        };
    }
}
