package org.fencecheck.tlc;


import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One model of the manifest.
 *
 * @param name           unique name, used in file names and on the command line
 * @param module         the TLA+ module TLC checks
 * @param config         the cfg file, relative to the spec folder
 * @param group          {@code default}, {@code large} or {@code broken} (see {@link #refutationOnly()})
 * @param labels         free-form labels for the report
 * @param distinctStates the recorded distinct-state count of the complete run, null when not recorded (always
 *                       null for a broken model)
 * @param timeoutSeconds this model's own budget, null for the manifest's
 * @param expect         expected verdict per property, in manifest order
 */
public record ModelEntry(String name, String module, String config, String group, ModelLabels labels,
                         Long distinctStates, Integer timeoutSeconds, Map<String, Verdict> expect) {
    public ModelEntry {
        expect = Collections.unmodifiableMap(new LinkedHashMap<>(expect));
    }

    /**
     * Whether this is a broken model, checked only until TLC has refuted each property it lists. A broken model
     * exists to show that its mistake violates the properties it names, with a trace; it lists only those (the
     * manifest reader enforces it), so once each has its counterexample there is nothing left to check, and the
     * complete state-space run a correct model ends with would only count states. That run cost about a third
     * of the gate's TLC time (docs/performance.md, "Fifth session: the gate back under budget"), so a broken
     * model has no complete run and no state count.
     */
    public boolean refutationOnly() {
        return "broken".equals(group);
    }
}
