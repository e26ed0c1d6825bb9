package org.fencecheck.proofs.model;

import com.google.gson.annotations.SerializedName;

/** How the checking of one model ended. */
public enum RunStatus {
    /** Refutation reached a run without error: every property has a verdict. */
    @SerializedName("complete") COMPLETE,
    /** A TLC run exceeded the time limit and was killed. */
    @SerializedName("timeout") TIMEOUT,
    /** TLC failed: parse or semantic error, bad cfg, crash, unexpected output. */
    @SerializedName("tlc_error") TLC_ERROR
}
