package org.fencecheck.tlc;

import com.google.gson.annotations.SerializedName;

/** How a counterexample ends. */
public enum TraceEnd {
    /** The last state is the violation (invariant, action property, deadlock). */
    @SerializedName("finite") FINITE,
    /** Liveness: the behaviour stutters forever in the last state. */
    @SerializedName("stuttering") STUTTERING,
    /** Liveness: the last state leads back to state {@link Trace#loopTo()}, forming a cycle. */
    @SerializedName("back_to_state") BACK_TO_STATE
}
