package org.fencecheck.tlc;


/**
 * What one TLC invocation found.
 *
 * @param kind            how the run ended
 * @param violated        the name TLC gave for an invariant or action property violation, else null
 * @param message         TLC's error line for a violation (e.g. "Invariant X is violated."), else null
 * @param trace           the counterexample of a violation, else null
 * @param distinctStates  distinct states TLC reported last, null if none
 * @param depth           "depth of the complete state graph search", null if TLC did not print it
 * @param exitCode        TLC's exit code, null when killed
 * @param seconds         wall seconds including JVM start
 * @param tlcVersion      TLC's version line, null if not seen
 * @param error           for {@link Kind#TLC_ERROR} / {@link Kind#TIMEOUT}: one line saying what went wrong
 * @param errorFile       for a parse error: the module file name ({@code M.tla}) it points at, else null
 */
public record RunOutcome(Kind kind, String violated, String message, Trace trace, Long distinctStates,
                         Integer depth, Integer exitCode, double seconds, String tlcVersion, String error,
                         String errorFile) {

    /** How a TLC run ended. */
    public enum Kind {
        NO_ERROR, INVARIANT, ACTION_PROPERTY, TEMPORAL, DEADLOCK, TLC_ERROR, TIMEOUT;

        /** The violation kind, or null for the non-violation kinds. */
        public ViolationKind violationKind() {
            return switch (this) {
                case INVARIANT -> ViolationKind.INVARIANT;
                case ACTION_PROPERTY -> ViolationKind.ACTION_PROPERTY;
                case TEMPORAL -> ViolationKind.TEMPORAL;
                case DEADLOCK -> ViolationKind.DEADLOCK;
                default -> null;
            };
        }
    }

    /** An outcome without TLC output: a timeout before the run started, or a failure to start it. */
    public static RunOutcome failure(Kind kind, String error, double seconds) {
        return new RunOutcome(kind, null, null, null, null, null, null, seconds, null, error, null);
    }

    /** True for a violation of a property or a deadlock. */
    public boolean isViolation() {
        return kind.violationKind() != null;
    }
}
