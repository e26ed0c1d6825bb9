package org.fencecheck.proofs;

/**
 * How the gate runs TLC, from the manifest's {@code tlc} object.
 *
 * @param workers        TLC worker threads ({@code -workers})
 * @param heap           the forked JVM's {@code -Xmx}, e.g. "2g"
 * @param timeoutSeconds wall-clock budget of one model, all of its TLC runs together
 */
public record TlcSettings(int workers, String heap, int timeoutSeconds) {
    /** The settings used when the manifest omits them. */
    public static final TlcSettings DEFAULTS = new TlcSettings(1, "2g", 300);
}
