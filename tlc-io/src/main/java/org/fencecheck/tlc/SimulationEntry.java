package org.fencecheck.tlc;

/**
 * One model of the manifest's {@code simulations} section (issue 21): a bound beyond exhaustive reach, run only
 * by the gate's {@code --simulate} (TLC's random simulation with a seed, a depth and a time budget), never by the
 * default or {@code --large} gate. Its cfg checks only invariants that hold for the model it scales up, so any
 * violation it reports is a finding.
 *
 * @param name        unique name among models and simulations
 * @param module      the TLA+ module TLC simulates
 * @param config      the cfg file, relative to the spec folder
 * @param scales      the name of the manifest model whose configuration this one scales up
 * @param bound       the bound, in the manifest's words (e.g. "3 CPUs, 3 fences, 3 cbs, 3 calls"), or null
 * @param description free text, or null
 */
public record SimulationEntry(String name, String module, String config, String scales, String bound,
                              String description) {
}
