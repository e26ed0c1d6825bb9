package org.fencecheck.tlc;

import com.google.gson.annotations.SerializedName;

/** What TLC reported when it refuted a property. */
public enum ViolationKind {
    /** TLC message 2110: "Invariant X is violated." */
    @SerializedName("invariant") INVARIANT,
    /** TLC message 2111: "Action property X is violated." */
    @SerializedName("action_property") ACTION_PROPERTY,
    /** TLC message 2116: "Temporal properties were violated." (liveness; the trace loops or stutters) */
    @SerializedName("temporal") TEMPORAL,
    /** TLC message 2114: "Deadlock reached." */
    @SerializedName("deadlock") DEADLOCK
}
