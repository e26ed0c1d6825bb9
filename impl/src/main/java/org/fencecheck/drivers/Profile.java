package org.fencecheck.drivers;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.fencecheck.fence.LockingPolicy;

/**
 * A real driver of the atlas (spec constant {@code Profile}, the set {@code DriverProfiles} of
 * spec/DmaFence.tla): the driver whose {@code ->enable_signaling}, signal paths and fence-lock bookkeeping a
 * class of this package ports from the C code. {@code _fixed} profiles are the driver changed as
 * docs/drivers.md's obligation says.
 */
public enum Profile {
    NOUVEAU, NOUVEAU_FIXED, XE_HW, XE_HW_FIXED, AMDKFD, AMDKFD_FIXED, XE_PREEMPT, AMDGPU_FENCE, AMDGPU_EVF,
    HOST1X, VMWGFX, VMWGFX_FIXED, VMWGFX2024, VMWGFX2024_FIXED, RADEON, I915;

    /** Returns the spec's spelling, e.g. {@code "xe_hw_fixed"}. */
    public String specName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Returns the driver this profile follows, with or without its correction (spec {@code Base}). */
    public Profile base() {
        return fixed() ? valueOf(name().substring(0, name().length() - "_FIXED".length())) : this;
    }

    /** Whether this is a corrected profile (spec {@code Fixed}). */
    public boolean fixed() {
        return name().endsWith("_FIXED");
    }

    /**
     * Whether a model of the profile exists under {@code design}: RFC 5/7 changes vmwgfx's 2024 code, which is
     * {@link #VMWGFX2024} (the 2026 code has its own op), the amdgpu eviction fence came after the RFC, the
     * series patches the 2026 code, not the 2024 one, and {@link #VMWGFX2024_FIXED} corrects RFC 5/7 only
     * (spec ASSUMEs).
     *
     * @param design the core's design
     * @return whether a model of this profile exists under it
     */
    public boolean existsUnder(LockingPolicy design) {
        Profile b = base();
        if (this == VMWGFX2024_FIXED) {
            return design == LockingPolicy.RFC2024;
        }
        if (b == VMWGFX2024) {
            return design != LockingPolicy.SERIES2026;
        }
        return design != LockingPolicy.RFC2024 || (b != AMDGPU_EVF && b != VMWGFX);
    }

    /**
     * Whether the fences have a {@code ->enable_signaling} under {@code design}: RFC 6/7
     * {@code <20240911085903.1496-7-christian.koenig@amd.com>} deletes amdgpu's ring-fence op, and RFC 5/7
     * {@code <20240911085903.1496-6-christian.koenig@amd.com>} turns vmwgfx's 2024 op into {@code ->signaled}
     * (spec {@code NoEnableOp}); B10's correction keeps an op beside it.
     *
     * @param design the core's design
     * @return false when the ops' pointer is NULL
     */
    public boolean hasEnableOpUnder(LockingPolicy design) {
        return !(design == LockingPolicy.RFC2024 && (base() == AMDGPU_FENCE || this == VMWGFX2024));
    }

    /**
     * Whether a fence without {@code ->enable_signaling} under {@code design} has a {@code ->signaled}: vmwgfx's
     * 2024 fence under RFC 5/7 ({@code vmw_fence_signaled()}); amdgpu's ring fence has none.
     *
     * @param design the core's design
     * @return whether the ops have {@code ->signaled} in place of the op
     */
    public boolean hasSignaledOpInsteadUnder(LockingPolicy design) {
        return !hasEnableOpUnder(design) && base() == VMWGFX2024;
    }

    /**
     * Reads the spec's spelling.
     *
     * @param name a {@code Profile} string
     * @return the profile
     * @throws IllegalArgumentException naming the unknown profile and the known ones
     */
    public static Profile ofSpecName(String name) {
        for (Profile p : values()) {
            if (p.specName().equals(name)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown Profile '" + name + "' (known: "
                + Arrays.stream(values()).map(Profile::specName).collect(Collectors.joining(", ")) + ")");
    }
}
