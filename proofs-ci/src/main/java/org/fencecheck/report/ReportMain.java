package org.fencecheck.report;

import org.fencecheck.proofs.model.VerdictJson;
import org.fencecheck.proofs.model.VerdictReport;
import org.fencecheck.tlc.BadInputException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Re-renders the evidence report from an existing {@code verdicts.json} without running TLC:
 * {@code report [--report DIR] [--spec DIR] [--root DIR]}. The repository root (whose Surefire reports are
 * summarised) is {@code --root}, else the parent of {@code --spec}, else the parent of the report folder. Gate
 * options ({@code --large}, {@code --record}, {@code --only a,b}, {@code --manifest F}) are accepted and ignored, so
 * the exec plugin's command line of the gate works unchanged. Exit codes: 0 written, 2 usage, 3 I/O or unreadable
 * verdicts; 2 also for a bad {@code vocabulary.json} or {@code claims.json} of the spec folder ({@code --spec},
 * else {@code <root>/spec}).
 */
public final class ReportMain {

    static final String USAGE = "usage: report [--report DIR] [--spec DIR] [--root DIR]\n"
            + "  renders summary.txt, index.html and junit.xml from DIR/verdicts.json (default DIR: report)";

    private ReportMain() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String[] args) {
        Path report = Path.of("report");
        Path spec = null;
        Path root = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--report", "--spec", "--root", "--only", "--manifest" -> {
                    if (i + 1 >= args.length) {
                        System.err.println("fencecheck report: " + a + " needs a value");
                        System.err.println(USAGE);
                        return 2;
                    }
                    String v = args[++i];
                    if (a.equals("--report")) {
                        report = Path.of(v);
                    } else if (a.equals("--spec")) {
                        spec = Path.of(v);
                    } else if (a.equals("--root")) {
                        root = Path.of(v);
                    }
                }
                case "--large", "--record" -> {
                }
                case "-h", "--help" -> {
                    System.out.println(USAGE);
                    return 0;
                }
                default -> {
                    System.err.println("fencecheck report: unknown option " + a);
                    System.err.println(USAGE);
                    return 2;
                }
            }
        }
        if (root == null) {
            Path base = spec != null ? spec : report;
            root = base.toAbsolutePath().normalize().getParent();
        }
        Path verdicts = report.resolve("verdicts.json");
        if (!Files.isRegularFile(verdicts)) {
            System.err.println("fencecheck report: " + verdicts + ": no such file (run the gate first)");
            return 3;
        }
        SpecData data;
        try {
            data = SpecData.read(spec != null ? spec : root.resolve("spec"));
        } catch (BadInputException e) {
            System.err.println(e.line());
            return 2;
        }
        try {
            VerdictReport r = VerdictJson.read(verdicts);
            List<Path> written = EvidenceReport.write(r, data, report, root);
            written.forEach(p -> System.out.println("report: " + p));
            return 0;
        } catch (Exception e) {
            System.err.println("fencecheck report: " + verdicts + ": " + e.getMessage());
            return 3;
        }
    }
}
