package org.fencecheck.gate;

import org.fencecheck.proofs.GateException;
import org.fencecheck.proofs.LineProgress;
import org.fencecheck.proofs.ProgressSink;
import org.fencecheck.proofs.TerminalProgress;
import org.fencecheck.proofs.VerdictTable;
import org.fencecheck.report.EvidenceReport;
import org.fencecheck.tlc.BadInputException;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * The TLC verdict gate's entry point: {@code fencecheck [--spec DIR] [--report DIR] [--large] [--only a,b]
 * [--record] [--jobs N]}, or the simulation campaign ({@code --simulate SECONDS}, {@link SimulationCampaign}). Prints the verdict table on stdout, progress and errors on stderr, and exits with 0 (passed),
 * 1 (mismatch), 2 (usage or manifest error) or 3 (TLC error or timeout).
 */
public final class Gate {

    private Gate() {
    }

    /** Runs the gate and exits the JVM with its exit code. */
    public static void main(String[] args) {
        int code = execute(args, System.out, System.err, System.console() != null);
        System.exit(code);
    }

    /**
     * Runs the gate without exiting.
     *
     * @param terminal draw a live progress line instead of one line per model
     * @return the exit code
     */
    public static int execute(String[] args, PrintStream out, PrintStream err, boolean terminal) {
        try {
            for (String a : args) {
                if (a.equals("--help") || a.equals("-h")) {
                    out.println(GateOptions.USAGE);
                    return 0;
                }
            }
            GateOptions options = GateOptions.parse(args);
            if (options.readme()) {
                Path root = options.spec().toAbsolutePath().normalize().getParent();
                ReadmeGenerator.of(root).write().forEach(p -> out.println("wrote " + root.relativize(p)));
                return 0;
            }
            if (options.simulation() != null) {
                int code = new SimulationCampaign(options, err).run(out);
                out.flush();
                return code;
            }
            ProgressSink progress = terminal ? new TerminalProgress(err) : new LineProgress(err);
            GateResult result = new GateRun(options, progress, err).run();
            org.fencecheck.report.Vocabulary v = result.spec().vocabulary();
            out.print(VerdictTable.format(result.report(), l -> v.isShapeModel(l)
                    ? l.design() + " " + v.shape(l) + ", caller " + v.caller(l) : ""));
            out.println("report: " + options.report().resolve(GateRun.VERDICTS));
            if (result.reduction() != null) {
                // a reduced run checks verdicts against the manifest; the evidence report describes the
                // manifest's own runs, so it is not written from this one
                out.print(result.reduction().format());
                out.println("report: " + options.report().resolve(ReductionReport.FILE));
                out.flush();
                return result.exitCode();
            }
            int code = writeEvidenceReport(result, options, out, err);
            out.flush();
            return Math.max(result.exitCode(), code);
        } catch (GateException e) {
            err.println(e.line());
            return e.exitCode();
        } catch (BadInputException e) {
            err.println(e.line());
            return 2;
        } catch (UncheckedIOException e) {
            err.println("fencecheck: " + e.getCause().getMessage() + ": I/O error");
            return 3;
        } catch (RuntimeException e) {
            err.println("fencecheck: internal error: " + e);
            return 3;
        }
    }

    /*
     * Hook of the evidence report (package org.fencecheck.report, issue 12): summary.txt, index.html and
     * junit.xml next to verdicts.json. The repository root, whose Surefire reports the report summarises, is the
     * spec folder's parent. A failure to write them is an I/O error (exit 3); the verdicts stay as they are.
     */
    private static int writeEvidenceReport(GateResult result, GateOptions options, PrintStream out,
                                           PrintStream err) {
        try {
            Path root = options.spec().toAbsolutePath().normalize().getParent();
            for (Path p : EvidenceReport.write(result.report(), result.spec(), options.report(), root)) {
                out.println("report: " + p);
            }
            return 0;
        } catch (IOException | RuntimeException e) {
            err.println("fencecheck: " + options.report() + ": cannot write the evidence report: " + e);
            return 3;
        }
    }
}
