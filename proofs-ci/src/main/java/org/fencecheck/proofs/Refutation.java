package org.fencecheck.proofs;

import org.fencecheck.proofs.model.RunStatus;
import org.fencecheck.proofs.model.TlcRun;
import org.fencecheck.tlc.RunOutcome;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The result of refuting one model's properties one by one.
 *
 * @param status       complete, timeout or TLC error
 * @param error        one line for a timeout or TLC error, else null
 * @param errorFile    the file the error points at (a module for parse errors), null for the model's cfg
 * @param refuted      the violated properties, in the order TLC found them
 * @param complete     the final run without error (null unless status is complete)
 * @param runs         every TLC run
 * @param totalSeconds wall seconds of all runs
 * @param tlcVersion   TLC's version line, null if never seen
 */
public record Refutation(RunStatus status, String error, String errorFile, Map<String, Refuted> refuted,
                         RunOutcome complete, List<TlcRun> runs, double totalSeconds, String tlcVersion) {
    public Refutation {
        refuted = Collections.unmodifiableMap(new LinkedHashMap<>(refuted));
        runs = List.copyOf(runs);
    }
}
