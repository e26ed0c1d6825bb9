package org.fencecheck.tlc;

import com.google.gson.annotations.SerializedName;

/** The verdict of one property; for the pseudo-property {@code Deadlock}, violated means "deadlock reached". */
public enum Verdict {
    @SerializedName("holds") HOLDS,
    @SerializedName("violated") VIOLATED,
    /** No verdict: the model's TLC runs did not finish (timeout or TLC error). */
    @SerializedName("unknown") UNKNOWN;

    /** The lower-case word used in the manifest, the table and the JSON. */
    public String word() {
        return name().toLowerCase();
    }
}
