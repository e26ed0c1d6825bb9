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
 * @param group          {@code default}, {@code large} or {@code broken}
 * @param labels         free-form labels for the report
 * @param distinctStates the recorded distinct-state count of the complete run, null when not recorded
 * @param timeoutSeconds this model's own budget, null for the manifest's
 * @param expect         expected verdict per property, in manifest order
 */
public record ModelEntry(String name, String module, String config, String group, ModelLabels labels,
                         Long distinctStates, Integer timeoutSeconds, Map<String, Verdict> expect) {
    public ModelEntry {
        expect = Collections.unmodifiableMap(new LinkedHashMap<>(expect));
    }
}
