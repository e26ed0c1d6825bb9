package org.fencecheck.lincheck;

import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Validate;

/**
 * The Lincheck test object over a container of two member fences ({@link ContainerRig}): a member's hardware
 * interrupt signals it ({@link #signal}); callers use the container ({@link #addCallback}, {@link #isSignaled},
 * {@link #waitTimeout0}, {@link #getStatus}). Every scenario is hand-written ({@link ContainerLincheckTest}) and
 * starts, in its initial part, with {@link #setup(int, int)} or {@link #setupRace(int, int)}, which build one of
 * the three containers under one of the three designs: the calls before it have no container to act on.
 *
 * <p>After {@link #setupRace(int, int)} every call returns {@code "-"} instead of its value, and so does
 * {@link ContainerSpec}: those scenarios race two callers, or two signallers of one member, whose values have no
 * atomic order by design (see {@link ContainerSpec}); what they must keep is the invariants, which the
 * {@code @Validate} function checks in every scenario. Hiding the values lets one Lincheck run check both kinds of
 * scenario (a run costs about a second before its first interleaving on a shared machine).
 */
public class ContainerOps {

    private static final String HIDDEN = "-";

    private final ContainerConfig config = ContainerConfig.current();
    private ContainerRig rig;
    private boolean hidden;

    /**
     * Builds the members and the container {@code Kind.values()[kind]} under design
     * {@code ContainerConfig.DESIGNS[design]}; returns their names, so that a report says which it checked.
     */
    @Operation
    public String setup(int kind, int design) {
        ContainerConfig.Kind k = ContainerConfig.Kind.values()[kind];
        rig = new ContainerRig(k, ContainerConfig.DESIGNS[design], config.mutation());
        return ContainerConfig.name(k) + "/" + ContainerConfig.DESIGNS[design].specName();
    }

    /** Like {@link #setup(int, int)}, every later call returning {@code "-"}. */
    @Operation
    public String setupRace(int kind, int design) {
        hidden = true;
        return setup(kind, design);
    }

    private String value(String v) {
        return hidden ? HIDDEN : v;
    }

    /** dma_fence_signal() of member i, as its hardware interrupt does. */
    @Operation
    public String signal(int i) {
        return value(rig.signal(i));
    }

    @Operation
    public String addCallback(int cb) {
        return value(rig.add(cb));
    }

    @Operation
    public String isSignaled() {
        return value(rig.isSignaled());
    }

    @Operation
    public String waitTimeout0() {
        return value(rig.waitTimeout0());
    }

    @Operation
    public String getStatus() {
        return value(rig.getStatus());
    }

    /** The container's properties, after the calls and after every member signalled ({@link ContainerRig}). */
    @Validate
    public void invariants() {
        rig.checkInvariants();
    }
}
