package org.fencecheck.proofs.model;

import org.fencecheck.tlc.ModelLabels;

import java.util.List;

/**
 * The outcome of one model of the manifest.
 *
 * @param name                   the manifest's model name
 * @param module                 the TLA+ module TLC checked
 * @param config                 the model's cfg file name
 * @param group                  {@code default}, {@code large} or {@code broken}
 * @param labels                 the manifest's labels
 * @param status                 how the checking ended
 * @param error                  one line saying what went wrong when status is not complete, else null
 * @param properties             one verdict per property of the cfg plus {@code Deadlock} when checked, cfg order
 * @param distinctStates         distinct states of the complete run, null if it did not complete
 * @param expectedDistinctStates the manifest's count, null when not recorded
 * @param distinctStatesMatch    both counts known and equal
 * @param depth                  depth of the complete state graph search, null if unknown
 * @param seconds                wall seconds of the complete run, null if it did not complete
 * @param totalSeconds           wall seconds of all runs of the model
 * @param runs                   every TLC invocation, in order
 * @param passed                 status complete, every property matches, and the state count matches
 */
public record ModelResult(String name, String module, String config, String group, ModelLabels labels,
                          RunStatus status, String error, List<PropertyVerdict> properties, Long distinctStates,
                          Long expectedDistinctStates, boolean distinctStatesMatch, Integer depth, Double seconds,
                          double totalSeconds, List<TlcRun> runs, boolean passed) {
    public ModelResult {
        properties = List.copyOf(properties);
        runs = List.copyOf(runs);
    }
}
