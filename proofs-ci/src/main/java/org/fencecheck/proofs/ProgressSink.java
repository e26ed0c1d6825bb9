package org.fencecheck.proofs;

import org.fencecheck.proofs.model.ModelResult;

/** Receives the gate's progress; every method defaults to doing nothing. */
public interface ProgressSink {

    /** Model {@code index} (1-based) of {@code total} starts. */
    default void modelStarted(int index, int total, ModelEntry model) {
    }

    /** TLC run {@code run} (1-based) of the current model starts, checking {@code checking} properties. */
    default void runStarted(int run, int checking) {
    }

    /** TLC reported progress during the current run. */
    default void tick(ProgressTick tick) {
    }

    /** The current model is done. */
    default void modelFinished(ModelResult result) {
    }
}
