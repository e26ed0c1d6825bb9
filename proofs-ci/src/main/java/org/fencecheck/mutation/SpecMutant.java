package org.fencecheck.mutation;

/**
 * One mechanical change of one line of a TLA+ module.
 *
 * @param id          a stable name: {@code <operator>:<action>:<line>}, e.g. {@code drop_guard:SpinLock:458}
 * @param operator    the kind of change
 * @param action      the operator definition (an action of the spec) the line belongs to; for a lock mutant
 *                    {@code SpinLock@add_lock}, the action and the pc of the one lock step it changes
 * @param line        the 1-based line number in the module
 * @param original    the line as written
 * @param replacement the line in the mutant
 */
public record SpecMutant(String id, Operator operator, String action, int line, String original,
                         String replacement) {

    /** The kinds of change (issue 22's list; the ones not generated yet are named in docs/mutation.md). */
    public enum Operator {
        /** A conjunct that reads no next-state variable becomes {@code TRUE}: a guard the C code tests is gone. */
        DROP_GUARD("drop_guard"),
        /** {@code v' = e} becomes {@code UNCHANGED v}: a flag write, list operation or counter update is skipped. */
        SKIP_WRITE("skip_write"),
        /** {@code TRUE} and {@code FALSE} swap in a record field update: a return value is flipped. */
        FLIP_RETURN("flip_return"),
        /**
         * One function's spin_lock*() no longer takes the lock: the acquire step at that pc still waits for the lock
         * to be free but leaves it free, so the critical section that follows runs unprotected.
         */
        DROP_LOCK("drop_lock"),
        /** One function's spin_unlock*() no longer releases the lock: the lock leaks at that pc. */
        DROP_UNLOCK("drop_unlock");

        private final String spelling;

        Operator(String spelling) {
            this.spelling = spelling;
        }

        /** The name used in mutant ids and reports. */
        public String spelling() {
            return spelling;
        }
    }

    /** The module text with this mutant applied (lines joined with \n). */
    public String apply(java.util.List<String> lines) {
        if (!lines.get(line - 1).equals(original)) {
            throw new IllegalStateException(id + ": line " + line + " is not '" + original + "'");
        }
        java.util.List<String> out = new java.util.ArrayList<>(lines);
        out.set(line - 1, replacement);
        return String.join("\n", out) + "\n";
    }
}
