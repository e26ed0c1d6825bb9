package org.fencecheck.proofs.model;

import java.util.List;

/**
 * One TLC invocation during the refutation of a model.
 *
 * @param config         the cfg file handed to TLC (the model's own for run 1, a derived one afterwards)
 * @param checked        the properties this run checked (incl. {@code Deadlock} when deadlock checking was on)
 * @param refuted        the property this run refuted, or null for the complete run (or a failed one)
 * @param exitCode       TLC's exit code, or null when it was killed
 * @param distinctStates distinct states found (for a refuting run: up to the violation), null if unknown
 * @param seconds        wall-clock seconds including JVM start
 */
public record TlcRun(String config, List<String> checked, String refuted, Integer exitCode, Long distinctStates,
                     double seconds) {
    public TlcRun {
        checked = List.copyOf(checked);
    }
}
