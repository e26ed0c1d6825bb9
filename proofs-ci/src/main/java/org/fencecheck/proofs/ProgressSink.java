package org.fencecheck.proofs;

import org.fencecheck.proofs.model.ModelResult;
import org.fencecheck.tlc.ModelEntry;
import org.fencecheck.tlc.ProgressTick;

/**
 * Receives the gate's progress; every method defaults to doing nothing. With {@code tlc.jobs} above one, several
 * models run at once and the methods are called from several threads: implementations must be thread-safe, and
 * each call names the model it is about.
 */
public interface ProgressSink {

    /** Model {@code index} (1-based) of {@code total} starts. */
    default void modelStarted(int index, int total, ModelEntry model) {
    }

    /** TLC run {@code run} (1-based) of {@code model} starts, checking {@code checking} properties. */
    default void runStarted(ModelEntry model, int run, int checking) {
    }

    /** TLC reported progress during the current run of {@code model}. */
    default void tick(ModelEntry model, ProgressTick tick) {
    }

    /** The model is done. */
    default void modelFinished(ModelResult result) {
    }
}
