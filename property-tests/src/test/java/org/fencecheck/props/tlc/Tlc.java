package org.fencecheck.props.tlc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.fencecheck.props.VerdictMatrix;
import org.fencecheck.tlc.RunOutcome;
import org.fencecheck.tlc.TlcInvocation;
import org.fencecheck.tlc.TlcJar;
import org.fencecheck.tlc.TlcLauncher;
import org.fencecheck.tlc.Value;

/**
 * TLC for this module, through tlc-io's launcher: one worker, a work folder per run holding copies of the spec's
 * modules (nothing is written to spec/), every output line kept (for {@code PrintT} verdicts).
 */
public final class Tlc {

    /**
     * What a TLC run did.
     *
     * @param outcome tlc-io's reading of it (kind, violated name, trace)
     * @param lines   everything TLC printed
     */
    public record Result(RunOutcome outcome, List<String> lines) {
        public String out() {
            return String.join("\n", lines);
        }
    }

    private Tlc() {
    }

    /** A fresh work folder under target/fencecheck/tlc with copies of the spec's modules. */
    public static Path workDir(String name) throws IOException {
        Path base = Path.of(System.getProperty("fencecheck.report.dir", "target/fencecheck"), "tlc");
        Files.createDirectories(base);
        Path dir = Files.createTempDirectory(base.toAbsolutePath(), name + "-");
        try (var s = Files.list(VerdictMatrix.specDir())) {
            for (Path p : s.filter(x -> x.toString().endsWith(".tla")).toList()) {
                Files.copy(p, dir.resolve(p.getFileName()));
            }
        }
        return dir;
    }

    /** Runs TLC on {@code module} in {@code dir} with {@code cfg}; TLC options go before the module name. */
    public static Result run(Path dir, String module, Path cfg, List<String> tlcOptions) throws IOException {
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        // The gate's JVM settings (spec/manifest.json tlc), safety or temporal as the run is, and a deeper stack
        // for the trace modules' long sequences.
        List<String> jvm = new ArrayList<>(VerdictMatrix.manifest().tlc().jvmOptions(tlcOptions.contains("-lncheck")
                || Files.readString(cfg).contains("PROPERT")));
        jvm.add("-Xss16m");
        RunOutcome o = new TlcLauncher(t -> { }, lines::add).run(new TlcInvocation(TlcJar.locate(), dir, module, cfg,
                1, "2g", 900, jvm, tlcOptions));
        Files.write(dir.resolve("tlc.out"), lines);
        return new Result(o, List.copyOf(lines));
    }

    /**
     * One text per value, whatever order TLC printed fields and elements in: sets and records sorted, model
     * values as strings, a function over 1..n as a sequence (two values are equal exactly when their texts are).
     */
    public static String canonical(Value v) {
        if (v instanceof Value.ModelVal m) {
            return "\"" + m.name() + "\"";
        }
        if (v instanceof Value.SeqVal s) {
            return s.items().stream().map(Tlc::canonical).collect(Collectors.joining(", ", "<<", ">>"));
        }
        if (v instanceof Value.SetVal s) {
            return s.items().stream().map(Tlc::canonical).sorted().collect(Collectors.joining(", ", "{", "}"));
        }
        if (v instanceof Value.RecordVal r) {
            Map<String, String> m = new TreeMap<>();
            r.fields().forEach((k, x) -> m.put("\"" + k + "\"", canonical(x)));
            return m.toString();
        }
        if (v instanceof Value.FunctionVal f) {
            Map<String, String> m = new TreeMap<>();
            f.maplets().forEach(x -> m.put(canonical(x.key()), canonical(x.value())));
            return m.toString();
        }
        return v.toTla();
    }
}
