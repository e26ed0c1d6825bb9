package org.fencecheck.proofs.model;

import com.google.gson.annotations.SerializedName;

/** How a property is checked. */
public enum PropertyKind {
    /** An {@code INVARIANT} of the cfg. */
    @SerializedName("invariant") INVARIANT,
    /** A {@code PROPERTY} of the cfg: an action property {@code [][A]_v} or a temporal (liveness) formula. */
    @SerializedName("property") PROPERTY,
    /** The pseudo-property {@code Deadlock}: TLC's deadlock check (absent when the cfg says CHECK_DEADLOCK FALSE). */
    @SerializedName("deadlock") DEADLOCK
}
