package org.fencecheck.tlc;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/*
 * Message codes this class reads (TLC 2.18, -tool):
 *   2262 version      2193 no error          2199 final state counts     2194 depth
 *   2110 invariant    2112 action property   2114 deadlock               2116 temporal
 *   2217 trace state  2218 stuttering        2122 back to state
 *   3002 parse failed (details are SANY's untagged lines)
 *   2104 assumption false (exit 10: a CONSTANT of the cfg is outside an ASSUME; quoted by FalseAssumption)
 *   1000 unexpected exception (details in its body and in messages nested in it)
 * Any other message of severity 1 is an error unless it merely announces a trace (2121, 2264) or locates an
 * evaluation error (2103, which is kept as detail).
 */

/** Collects the messages of one TLC run and turns them into a {@link RunOutcome}. */
public final class OutcomeCollector implements Consumer<ToolMessage> {

    private static final Pattern INVARIANT = Pattern.compile("Invariant (\\S+) is violated");
    private static final Pattern ACTION = Pattern.compile("Action property (\\S+) is violated");
    private static final Pattern COUNTS = Pattern.compile("([\\d,]+) distinct states? found");
    private static final Pattern DEPTH = Pattern.compile("depth of the complete state graph search is (\\d+)");
    private static final Set<Integer> TRACE_ANNOUNCEMENTS = Set.of(2121, 2264, 2103);
    private static final Set<String> EXCEPTION_BOILERPLATE = Set.of(
            "TLC threw an unexpected exception.",
            "This was probably caused by an error in the spec or model.",
            "See the User Output or TLC Console for clues to what happened.");

    private final TraceReader trace = new TraceReader();
    private final java.nio.file.Path specDir;
    private final boolean distributed;
    private FalseAssumption assumption;
    private RunOutcome.Kind violation;
    private String violated;
    private String message;
    private boolean noError;
    private boolean parseFailed;
    private Long distinctStates;
    private Integer depth;
    private String version;
    private final List<ToolMessage> errors = new ArrayList<>();

    /** A collector that cannot quote a false ASSUME (it names TLC's position of it instead). */
    public OutcomeCollector() {
        this(null);
    }

    /** @param specDir the folder of the spec's modules, to quote a false ASSUME from (may be null) */
    public OutcomeCollector(java.nio.file.Path specDir) {
        this(specDir, false);
    }

    /**
     * @param specDir     the folder of the spec's modules (may be null)
     * @param distributed the output is TLCServer's: a violation is a trace without "No error has been found" and
     *                    exit 0; the server names no invariant, so the outcome is an invariant violation with no
     *                    name (the refuter then checks each invariant alone)
     */
    public OutcomeCollector(java.nio.file.Path specDir, boolean distributed) {
        this.specDir = specDir;
        this.distributed = distributed;
    }

    @Override
    public void accept(ToolMessage m) {
        switch (m.code()) {
            case 2262 -> version = m.firstLine();
            case 2193 -> noError = true;
            case 2199 -> distinctStates(m.body());
            case 2194 -> depth(m.body());
            case 2110 -> violation(RunOutcome.Kind.INVARIANT, m, INVARIANT);
            case 2112 -> violation(RunOutcome.Kind.ACTION_PROPERTY, m, ACTION);
            case 2114 -> violation(RunOutcome.Kind.DEADLOCK, m, null);
            case 2116 -> violation(RunOutcome.Kind.TEMPORAL, m, null);
            case 2217 -> trace.state(m);
            case 2218 -> trace.stuttering();
            case 2122 -> trace.backToState(m);
            case 3002 -> parseFailed = true;
            case 2104 -> {
                assumption = assumption != null ? assumption : FalseAssumption.parse(m.body());
                errors.add(m);
            }
            default -> {
                if (m.severity() == 1 && !TRACE_ANNOUNCEMENTS.contains(m.code())) {
                    errors.add(m);
                }
            }
        }
    }

    /** The TLC version line, once seen. */
    public String version() {
        return version;
    }

    /**
     * The outcome of the finished run.
     *
     * @param exitCode TLC's exit code, null when it was killed
     * @param seconds  wall seconds of the run
     * @param untagged output lines outside any message
     * @param timeout  when non-null, the run was killed after this many seconds
     */
    public RunOutcome outcome(Integer exitCode, double seconds, List<String> untagged, Integer timeout) {
        if (timeout != null) {
            return error(RunOutcome.Kind.TIMEOUT, exitCode, seconds, "timeout: TLC killed after " + timeout + " s",
                    null);
        }
        if (parseFailed || (exitCode != null && exitCode == 150)) {
            ParseErrorSummary p = ParseErrorSummary.of(untagged);
            return error(RunOutcome.Kind.TLC_ERROR, exitCode, seconds, p.text(),
                    p.module() == null ? null : p.module() + ".tla");
        }
        if (distributed && version == null) {
            // the server prints its version untagged ("TLC2 TLC Server Version 2.18 of 20 March 2023")
            version = untagged.stream().map(String::strip).filter(l -> l.startsWith("TLC2 ")).findFirst()
                    .orElse(null);
        }
        if (distributed && violation == null && !noError && trace.hasStates() && exitCode != null && exitCode == 0
                && errors.isEmpty()) {
            return new RunOutcome(RunOutcome.Kind.INVARIANT, null,
                    "A state violates a checked invariant (TLC's distributed server does not say which)",
                    trace.trace(), distinctStates, depth, exitCode, seconds, version, null, null);
        }
        boolean violationExit = exitCode != null && exitCode >= 11 && exitCode <= 13;
        if (violation != null && violationExit && errors.isEmpty()) {
            return new RunOutcome(violation, violated, message, trace.trace(), distinctStates, depth, exitCode,
                    seconds, version, null, null);
        }
        if (noError && exitCode != null && exitCode == 0 && errors.isEmpty()) {
            return new RunOutcome(RunOutcome.Kind.NO_ERROR, null, null, null, distinctStates, depth, exitCode,
                    seconds, version, null, null);
        }
        return error(RunOutcome.Kind.TLC_ERROR, exitCode, seconds, errorLine(exitCode, untagged), null);
    }

    private RunOutcome error(RunOutcome.Kind kind, Integer exitCode, double seconds, String text, String file) {
        return new RunOutcome(kind, null, null, trace.hasStates() ? trace.trace() : null, distinctStates, depth,
                exitCode, seconds, version, text, file);
    }

    private String errorLine(Integer exitCode, List<String> untagged) {
        String code = exitCode == null ? "" : " (exit " + exitCode + ")";
        if (assumption != null) {
            return "TLC error" + code + ": " + assumption.describe(specDir);
        }
        if (!errors.isEmpty()) {
            ToolMessage first = errors.stream().filter(e -> e.code() != 1000).findFirst().orElse(errors.get(0));
            return "TLC error" + code + ": " + oneLine(first);
        }
        String last = untagged.stream().map(String::strip).filter(l -> !l.isEmpty())
                .reduce((a, b) -> b).orElse("no output");
        return "TLC failed" + code + ": " + last;
    }

    private static String oneLine(ToolMessage m) {
        Stream<String> own = m.lines().stream().map(String::strip)
                .filter(l -> !l.isEmpty() && !EXCEPTION_BOILERPLATE.contains(l))
                .map(l -> l.startsWith(": ") ? l.substring(2) : l);
        Stream<String> inner = m.nested().stream()
                .filter(n -> n.code() != 2121 && n.code() != 2217)
                .flatMap(n -> n.lines().stream().map(String::strip).filter(l -> !l.isEmpty()));
        String joined = Stream.concat(own, inner).filter(l -> !l.equals(":")).collect(Collectors.joining(" "));
        return joined.length() > 300 ? joined.substring(0, 297) + "..." : joined;
    }

    private void violation(RunOutcome.Kind kind, ToolMessage m, Pattern name) {
        if (violation != null) {
            return;
        }
        violation = kind;
        message = m.firstLine();
        if (name != null) {
            Matcher x = name.matcher(m.body());
            violated = x.find() ? x.group(1) : null;
        }
    }

    private void distinctStates(String body) {
        Matcher m = COUNTS.matcher(body);
        if (m.find()) {
            distinctStates = Long.parseLong(m.group(1).replace(",", ""));
        }
    }

    private void depth(String body) {
        Matcher m = DEPTH.matcher(body);
        if (m.find()) {
            depth = Integer.parseInt(m.group(1));
        }
    }
}
