package org.fencecheck.lincheck;

import org.fencecheck.fence.Errno;

/**
 * The sequential specification of a container (dma_fence_array, dma_fence_chain) over two member fences, written
 * from what the container promises (spec/DmaFenceContainers.tla and its properties) and not from impl: its state
 * is which members have signalled, whether signalling was enabled on the container, the container's SIGNALED bit,
 * and which user callbacks were claimed. Each method is one call run alone:
 * <ul>
 * <li>the container may signal only once its members allow it (both; one with {@code signal_on_any}; a chain:
 *     each link's contained fence) and, once signalling was enabled, signals as soon as they do (within the
 *     member's signal, whose irq_work runs before the call returns);</li>
 * <li>{@code dma_fence_is_signaled()} answers the bit, or else asks {@code ->signaled} ({@code ->check_signaled}
 *     under SERIES2026, 08/10), which answers from the members, and signals on true;</li>
 * <li>{@code dma_fence_add_callback()} returns -ENOENT iff the container is signalled at its linearization point,
 *     counting the signal its own enabling causes when the members already allow it; a callback added with 0
 *     runs exactly once (the invariants check that: results do not say which call ran a callback);</li>
 * <li>{@code dma_fence_wait_timeout(.., 0)} enables signalling and answers the bit (1 or 0);</li>
 * <li>{@code dma_fence_get_status()} is {@code dma_fence_is_signaled_locked()} then 1 (members carry no error)
 *     or 0, except under SERIES2026, where 02/10 made it a test of the bit alone.</li>
 * </ul>
 *
 * <p>Why the scenarios checked against it have one caller and one signaller per member, and the others are checked
 * for the invariants only ({@link ContainerLincheckTest#races}, their values hidden by {@link
 * ContainerOps#setupRace}). First, the container signals in its irq_work, after the member's lock is dropped: a
 * second {@code dma_fence_signal()} of the same member can return -EINVAL (the member is signalled) before the
 * first signaller's irq_work has signalled the container, so its CPU's next call sees the container unsignalled
 * with every member it needs signalled. Under SERIES2026, where {@code dma_fence_get_status()} is a test of the bit
 * alone (02/10), that call's 0 has no place in any atomic order (the model checker shows it for both arrays and the
 * chain); under the other designs the status asks {@code ->signaled}, which counts the member already. No callback
 * is lost and the container signals once. Second, enabling is not atomic, and the kernel does not make it so:
 * {@code __dma_fence_enable_signaling()} lets the first caller that sets ENABLE_SIGNAL run the op while a second
 * caller returns at once; under RFC2024 and SERIES2026 without any lock. A second add_callback can therefore link
 * its callback and return 0 while the first caller's {@code dma_fence_array_enable_signaling()} is still counting
 * members that signalled long before, which then signals the container and runs that callback. The callback runs,
 * so nothing is lost, but no atomic order of the two calls returns 0 to a caller on a container whose members
 * allowed it throughout. The same holds for {@code dma_fence_array_signaled()}: it reads {@code num_pending} before
 * ENABLE_SIGNAL (the race its comment accepts: "only says not yet, which a later call corrects"), so a poll that
 * overlaps the first enabling can answer false although every member signalled before the poll began. The model
 * checker finds both under RFC2024 on the all-members array, both members signalled before two add_callbacks, or
 * before an add_callback and a poll. Between one caller and the members' signals there is no such window: neither
 * strategy finds one against the spec below.
 */
public class ContainerSpec {

    private static final String ENOENT = Errno.name(-Errno.ENOENT);

    private ContainerConfig.Kind kind;
    private boolean statusFlagOnly;
    private boolean hidden;
    private final boolean[] member = new boolean[2];
    private final boolean[] claimed = new boolean[ContainerRig.MAX_CBS];
    private boolean enabled;
    private boolean signaled;

    /**
     * Init: the container, and the design it runs under (only dma_fence_get_status() tells the designs apart
     * here); no member signalled, signalling not enabled, the container unsignalled.
     */
    public String setup(int kind, int design) {
        this.kind = ContainerConfig.Kind.values()[kind];
        statusFlagOnly = ContainerConfig.DESIGNS[design].statusTestsFlagOnly();
        return ContainerConfig.name(this.kind) + "/" + ContainerConfig.DESIGNS[design].specName();
    }

    /** A race scenario: the values are not this specification's to predict ({@link ContainerOps#setupRace}). */
    public String setupRace(int kind, int design) {
        hidden = true;
        return setup(kind, design);
    }

    private String value(String v) {
        return hidden ? "-" : v;
    }

    private boolean allowed() {
        return kind.allows(member[0], member[1]);
    }

    /** Enabled, the members' callbacks (or the op's own count) signal the container as soon as they allow it. */
    private void settle() {
        if (enabled && allowed()) {
            signaled = true;
        }
    }

    /** dma_fence_signal() of member i: 0 the first time, -EINVAL after. */
    public String signal(int i) {
        if (member[i]) {
            return value(Errno.name(-Errno.EINVAL));
        }
        member[i] = true;
        settle();
        return value("0");
    }

    /** dma_fence_add_callback(): the fast path, enabling (which may signal), the insert if still unsignalled. */
    public String addCallback(int cb) {
        if (claimed[cb]) {
            return value("reused");
        }
        claimed[cb] = true;
        if (signaled) {
            return value(ENOENT);
        }
        enabled = true;
        settle();
        return value(signaled ? ENOENT : "0");
    }

    /** dma_fence_is_signaled(): the bit, else ->signaled() from the members, signalling on true. */
    public String isSignaled() {
        if (allowed()) {
            signaled = true;
        }
        return value(Boolean.toString(signaled));
    }

    /** dma_fence_wait_timeout(container, false, 0): dma_fence_enable_sw_signaling(), then the bit. */
    public String waitTimeout0() {
        enabled = true;
        settle();
        return value(signaled ? "1" : "0");
    }

    /** dma_fence_get_status(). */
    public String getStatus() {
        if (!statusFlagOnly && allowed()) {
            signaled = true;
        }
        return value(signaled ? "1" : "0");
    }
}
